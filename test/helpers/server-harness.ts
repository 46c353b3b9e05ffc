import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createSlackEndpoint, startSlackEndpoint } from '../../src/adapters/slack/slack-endpoint.js';
import { createLogger } from '../../src/adapters/system/logger.js';
import { createTeamsEndpoint } from '../../src/adapters/teams/teams-endpoint.js';
import { type AppContext, createAppContext } from '../../src/config/app-context.js';
import { createHttpServer } from '../../src/http/server.js';

export interface RunningServer {
  readonly url: string;
  readonly context: AppContext;
  readonly logs: string[];
  close(): Promise<void>;
}

/** The real HTTP server with the real adapters, on a free loopback port. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination: sink });
  const context = await createAppContext({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ticketbot-server-')),
    ...env,
  });
  const teams = createTeamsEndpoint(context.config, { ...context, logger });
  const { endpoint: slack, problem } = await startSlackEndpoint(
    createSlackEndpoint(context.config, { ...context, logger }),
    logger,
  );
  const server = createHttpServer({
    logger,
    teams,
    slack,
    ...(problem ? { slackProblem: problem } : {}),
    readiness: [{ name: 'store', check: () => context.store.ping() }],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    context,
    logs,
    close: async () => {
      await slack?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await context.store.close();
    },
  };
}
