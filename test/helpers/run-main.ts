import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Exactly what `npm start` runs ("node [flags] dist/src/main.js"), without npm in between,
 * so the tests see the same output a newcomer sees.
 */
export const START_ARGS: string[] = (
  JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .slice(1)
  .map((arg) => (arg.endsWith('.js') ? resolve(arg) : arg));

/** ticketbot's own settings are dropped from the inherited environment: each test sets its own. */
const OWN_SETTING =
  /^(PORT|LOG_LEVEL|DATA_DIR|MONGODB_URI|DEFAULT_SLA_POLICY|SLA_POLICIES_FILE|TICKETBOT_.*|Microsoft.*|TEAMS_.*|SLACK_.*|BOT_DOMAIN)$/;

function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !OWN_SETTING.test(name));
  return { ...Object.fromEntries(inherited), ...env };
}

/**
 * Starts the server as `npm start` does, in an empty working directory,
 * so no .env is read and ./data is the directory's own. `args` replaces node's arguments
 * (START_ARGS with a preload, say).
 */
export function spawnMain(
  env: Record<string, string>,
  args: readonly string[] = START_ARGS,
): ChildProcessWithoutNullStreams {
  const cwd = mkdtempSync(join(tmpdir(), 'ticketbot-main-'));
  return spawn(process.execPath, args, { cwd, env: cleanEnv(env), stdio: 'pipe' });
}

export interface MainExit {
  code: number | null;
  stdout: string;
  stderr: string;
  /** How long the process ran. */
  ms: number;
}

/** Runs the server expecting it to stop by itself; kills it after `limitMs` (code null). */
export function runMainToExit(env: Record<string, string>, limitMs = 15_000): Promise<MainExit> {
  const started = Date.now();
  const child = spawnMain(env);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
