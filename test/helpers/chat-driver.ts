import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { CLI } from './run-cli.js';

/**
 * Talks to `ticketbot chat` in pipe mode the way a person's script would: read the
 * bot's turn up to the ">" line, then write one answer line.
 */
export class ChatDriver {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';
  private waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;
  transcript = '';

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [CLI, 'chat', ...args], {
      env: { ...process.env, SLA_POLICIES_FILE: '', MONGODB_URI: '', TZ: 'Europe/Amsterdam', ...env },
    });
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => {
      this.buffer += d;
      this.transcript += d;
      for (const w of this.waiters.splice(0)) w();
    });
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.transcript += d;
    });
    this.exited = new Promise((resolve) => this.child.on('close', resolve));
    this.exited.then(() => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** The bot's next turn (without the ">" line); rejects if the process ends first. */
  async turn(timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const cut = this.buffer.indexOf('\n>\n');
      const atStart = this.buffer.startsWith('>\n') ? 0 : -1;
      if (cut >= 0 || atStart === 0) {
        const end = atStart === 0 ? 0 : cut;
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + (atStart === 0 ? 2 : 3));
        return text;
      }
      if (this.child.exitCode !== null) throw new Error(`chat ended: ${this.transcript}`);
      if (Date.now() > deadline) throw new Error(`no prompt within ${timeoutMs} ms: ${this.transcript}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Sends the last answer and returns everything printed until the process ends. */
  async finish(line?: string): Promise<{ output: string; code: number | null }> {
    if (line !== undefined) this.send(line);
    this.child.stdin.end();
    const code = await this.exited;
    const output = this.buffer;
    this.buffer = '';
    return { output, code };
  }
}
