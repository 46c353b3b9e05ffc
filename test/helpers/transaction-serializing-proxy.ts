import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { deserialize } from 'bson';

/**
 * A MongoDB wire-protocol proxy in front of jongodb that gives its clients the isolation a
 * real MongoDB replica set gives them. jongodb runs every command, but two concurrent
 * findOneAndUpdate calls with one filter can both win, and two concurrent transactions
 * that change one document both commit (it detects no write conflicts). MongoDB makes the
 * first atomic and aborts one of the second with a WriteConflict; in outcome that is one
 * writer at a time. So this proxy forwards one command at a time (across every
 * connection), and while a session's transaction is open it holds back other sessions'
 * transactions until that one commits or aborts. Commands outside transactions still run
 * between a transaction's commands, as on MongoDB. Handshakes and monitoring pass freely.
 */

const OP_MSG = 2013;
const HEADER = 16;
/** Commands that read or write no data: never held back (the driver's monitors stream these). */
const UNGATED = new Set([
  'hello',
  'ismaster',
  'ping',
  'buildinfo',
  'saslstart',
  'saslcontinue',
  'endsessions',
]);
/** A transaction whose session went quiet this long is taken as abandoned (a killed client). */
const ABANDONED_MS = 10_000;

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
}

interface Command {
  readonly link: Link;
  readonly frame: Buffer;
  readonly requestId: number;
  readonly session: string | undefined;
  readonly inTransaction: boolean;
  readonly endsTransaction: boolean;
}

/** What the proxy needs to know of a request: null when it may pass at once. */
function readCommand(link: Link, frame: Buffer): Command | null {
  if (frame.readInt32LE(12) !== OP_MSG || frame.length < HEADER + 5 || frame[HEADER + 4] !== 0) return null;
  const bodyLength = frame.readInt32LE(HEADER + 5);
  const body = deserialize(frame.subarray(HEADER + 5, HEADER + 5 + bodyLength)) as Record<string, unknown>;
  const name = Object.keys(body)[0]?.toLowerCase() ?? '';
  if (UNGATED.has(name)) return null;
  const lsid = body.lsid as { id?: { toString(encoding: 'hex'): string } } | undefined;
  return {
    link,
    frame,
    requestId: frame.readInt32LE(4),
    session: lsid?.id?.toString('hex'),
    inTransaction: body.autocommit === false,
    endsTransaction: name === 'committransaction' || name === 'aborttransaction',
  };
}

/** Splits a byte stream into wire-protocol messages (each starts with its int32 length). */
function framer(onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
      const length = pending.readInt32LE(0);
      onFrame(pending.subarray(0, length));
      pending = pending.subarray(length);
    }
  };
}

class OneWriterAtATime {
  private inFlight: Command | null = null;
  private transactionOf: string | null = null;
  private lastSeen = 0;
  private readonly waiting: Command[] = [];
  private readonly watchdog = setInterval(() => this.releaseAbandoned(), 1_000).unref();

  submit(command: Command): void {
    this.waiting.push(command);
    this.pump();
  }

  answered(link: Link, responseTo: number): void {
    const done = this.inFlight;
    if (!done || done.link !== link || done.requestId !== responseTo) return;
    this.inFlight = null;
    if (done.endsTransaction && this.transactionOf === done.session) this.transactionOf = null;
    this.pump();
  }

  closed(link: Link): void {
    for (let i = this.waiting.length - 1; i >= 0; i--)
      if (this.waiting[i]!.link === link) this.waiting.splice(i, 1);
    if (this.inFlight?.link === link) this.inFlight = null;
    this.pump();
  }

  stop(): void {
    clearInterval(this.watchdog);
  }

  private mayRun(command: Command): boolean {
    return !command.inTransaction || this.transactionOf === null || this.transactionOf === command.session;
  }

  private pump(): void {
    if (this.inFlight) return;
    const next = this.waiting.findIndex((command) => this.mayRun(command));
    if (next < 0) return;
    const [command] = this.waiting.splice(next, 1) as [Command];
    if (command.inTransaction) {
      this.transactionOf = command.session ?? null;
      this.lastSeen = Date.now();
    }
    this.inFlight = command;
    command.link.upstream.write(command.frame);
  }

  private releaseAbandoned(): void {
    if (this.transactionOf === null || Date.now() - this.lastSeen < ABANDONED_MS) return;
    if (this.inFlight?.session === this.transactionOf) return;
    this.transactionOf = null;
    this.pump();
  }
}

export interface SerializingProxy {
  /** The connection string for clients: the proxy's address, connected directly. */
  readonly uri: string;
  stop(): Promise<void>;
}

/** Starts the proxy on a free loopback port in front of the server at `uri`. */
export async function startSerializingProxy(uri: string): Promise<SerializingProxy> {
  const m = /^mongodb:\/\/([^/:?]+):(\d+)(\/[^?]*)?/.exec(uri);
  if (!m) throw new Error(`the proxy needs a single-host mongodb:// URI, not ${uri}`);
  const [, host, port, path] = m as unknown as [string, string, string, string | undefined];
  const scheduler = new OneWriterAtATime();
  const links = new Set<Link>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host, port: Number(port) });
    const link: Link = { client, upstream };
    links.add(link);
    client.on(
      'data',
      framer((frame) => {
        const command = readCommand(link, frame);
        if (command) scheduler.submit(command);
        else upstream.write(frame);
      }),
    );
    upstream.on(
      'data',
      framer((frame) => {
        client.write(frame);
        scheduler.answered(link, frame.readInt32LE(8));
      }),
    );
    const close = () => {
      if (!links.delete(link)) return;
      scheduler.closed(link);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    // directConnection: the server names its own address in `hello`, which would bypass the proxy.
    uri: `mongodb://127.0.0.1:${address.port}${path ?? '/'}?directConnection=true`,
    stop: async () => {
      scheduler.stop();
      for (const link of links) {
        link.client.destroy();
        link.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
