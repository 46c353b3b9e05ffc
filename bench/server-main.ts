import { durabilityOf } from './bench-util.js';
import type { ServerKind, ServerMessage } from './server-process.js';
import { startEcho as startSlackEcho, startTicketbot as startSlackTicketbot } from './slack-bench.js';
import { startEchoBot as startTeamsEcho, startTicketbot as startTeamsTicketbot } from './teams-bench.js';

// A server under test in a process of its own (bench/server-process.ts forks this file).

interface Running {
  readonly url: string;
  readonly store?: unknown;
  stop(): Promise<void>;
}

async function start(kind: ServerKind, apiUrl: string): Promise<Running> {
  switch (kind) {
    case 'slack-echo':
      return startSlackEcho(apiUrl);
    case 'slack-ticketbot': {
      const bot = await startSlackTicketbot(apiUrl);
      return { url: bot.url, store: bot.context.store, stop: bot.stop };
    }
    case 'teams-echo': {
      const echo = await startTeamsEcho();
      return { url: echo.url, stop: echo.close };
    }
    case 'teams-ticketbot': {
      const bot = await startTeamsTicketbot();
      return { url: bot.url, store: bot.store, stop: bot.close };
    }
  }
}

const send = (message: ServerMessage) => process.send?.(message);
const [kind, apiUrl] = process.argv.slice(2) as [ServerKind, string];
try {
  const running = await start(kind, apiUrl);
  process.on('message', async (message) => {
    if (message === 'durability') send({ durability: durabilityOf(running.store ?? {}) });
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ cpuMs: (user + system) / 1000 });
    }
    if (message === 'stop') {
      await running.stop();
      process.exit(0);
    }
  });
  // The bench that forked this process is gone: so is the server.
  process.on('disconnect', () => process.exit(0));
  send({ ready: running.url });
} catch (err) {
  send({ failed: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
