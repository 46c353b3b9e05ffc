import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { START_ARGS } from '../test/helpers/run-main.js';
import type { ClosedLoopResult, Durability } from './bench-util.js';

/** The servers a bench can run in a process of its own (bench/server-main.ts starts them). */
export type ServerKind = 'slack-echo' | 'slack-ticketbot' | 'teams-echo' | 'teams-ticketbot';

/** What the child says over IPC. */
export type ServerMessage =
  | { readonly ready: string }
  | { readonly durability: Durability }
  | { readonly cpuMs: number }
  | { readonly failed: string };

export interface ServerProcess {
  readonly url: string;
  /** The store's fsync and group-commit counters (zeros for an echo app). */
  durability(): Promise<Durability>;
  /** CPU time the server's process has used so far (all its threads), in milliseconds. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The node flags `npm start` gives the bot (package.json), so a bench measures the server
 * as deployed: the young generation's size decides how often the collector stops the loop.
 */
const START_FLAGS = START_ARGS.filter((arg) => arg.startsWith('--'));

function nextMessage(child: ChildProcess): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench server exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as ServerMessage);
    });
  });
}

/** A closed-loop run with the CPU time the server spent on it. */
export async function withServerCpu(
  server: ServerProcess,
  run: () => Promise<ClosedLoopResult>,
): Promise<ClosedLoopResult> {
  const before = await server.cpuMs();
  const result = await run();
  return { ...result, serverCpuMs: (await server.cpuMs()) - before };
}

/**
 * Starts a server under test in its own Node process, as it runs in production: the load
 * generator and the fake Slack API or Teams connector stay in this process, so their work
 * never queues behind the server's event loop (nor the server's behind theirs).
 */
export async function startServerProcess(kind: ServerKind, apiUrl: string): Promise<ServerProcess> {
  const child = fork(fileURLToPath(new URL('./server-main.js', import.meta.url)), [kind, apiUrl], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...START_FLAGS],
  });
  const first = await nextMessage(child);
  if (!('ready' in first)) {
    child.kill('SIGKILL');
    throw new Error(`bench server ${kind} did not start: ${'failed' in first ? first.failed : '?'}`);
  }
  const ask = (question: string) => {
    const answer = nextMessage(child);
    child.send(question);
    return answer;
  };
  return {
    url: first.ready,
    async durability() {
      const message = await ask('durability');
      if (!('durability' in message)) throw new Error(`bench server ${kind} sent no counters`);
      return message.durability;
    },
    async cpuMs() {
      const message = await ask('cpu');
      if (!('cpuMs' in message)) throw new Error(`bench server ${kind} sent no CPU time`);
      return message.cpuMs;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.send('stop');
      await exited;
    },
  };
}
