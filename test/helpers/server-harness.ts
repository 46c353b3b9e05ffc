import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/adapters/system/logger.js';
import type { Clock } from '../../src/ports/clock.js';
import { type AppContext, createAppContext } from '../../src/wiring/app-context.js';
import { type Bot, createBot, type ServerTuning } from '../../src/wiring/server.js';

export interface RunningServer {
  readonly url: string;
  readonly context: AppContext;
  readonly bot: Bot;
  readonly logs: string[];
  close(): Promise<void>;
}

export interface ServerOptions extends ServerTuning {
  readonly clock?: Clock;
  /** Start the timer and outbox workers (off by default: tests drive them). */
  readonly workers?: boolean;
}

/** The real HTTP server with the real adapters, on a free loopback port. */
export async function startServer(
  env: Record<string, string>,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination: sink });
  const context = await createAppContext(
    { DATA_DIR: mkdtempSync(join(tmpdir(), 'ticketbot-server-')), ...env },
    ...(options.clock ? [options.clock] : []),
  );
  const bot = await createBot(context, logger, options);
  const server = bot.http;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (options.workers) bot.startWorkers();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    context,
    bot,
    logs,
    close: async () => {
      await bot.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await context.store.close();
    },
  };
}
