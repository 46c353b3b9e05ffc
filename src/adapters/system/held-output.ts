import { Writable } from 'node:stream';

/**
 * A log destination that keeps what is written until release(), then passes everything
 * through. Start-up lines wait in it so that the first line of the log can say where the
 * server listens and what is on, before any warning met on the way.
 */
export class HeldOutput extends Writable {
  private held: Buffer[] | null = [];

  constructor(private readonly target: NodeJS.WritableStream) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.held) this.held.push(chunk);
    else this.target.write(chunk);
    done();
  }

  /** Writes what was held, in order; from now on writes go straight through. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const chunk of held) this.target.write(chunk);
  }
}
