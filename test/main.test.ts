import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMainToExit, spawnMain } from './helpers/run-main.js';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** Starts the server, reads its log until `until` matches a line, then stops it with SIGTERM. */
async function startAndStop(env: Record<string, string>, until: RegExp) {
  const child = spawnMain({ PORT: '0', ...env });
  // Read with a listener: leaving a for-await loop would close the pipe under the server.
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (until.test(stdout)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before logging ${until}`)));
  });
  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogLine);
  const summary = lines[0]!;
  const health = await fetch(`${summary.url}/healthz`, { method: 'HEAD' });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  const [code] = await exited;
  return { lines, summary, health: health.status, code, stderr };
}

describe('npm start: the start-up log', () => {
  it('begins with the URL, the data path and the channels, before any warning', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ticketbot-data-'));
    const { lines, summary, health, code, stderr } = await startAndStop(
      { DATA_DIR: dataDir },
      /Slack is off/,
    );
    // Nothing on stderr either (restify's dependency warning DEP0111 is silenced by npm start).
    expect(stderr).toBe('');
    expect(summary.level).toBe(30);
    expect(summary.msg).toMatch(
      new RegExp(
        `^ticketbot listening on http://localhost:\\d+; tickets in SQLite at ${dataDir}/ticketbot.db; Teams off, Slack off$`,
      ),
    );
    expect(summary).toMatchObject({ store: 'sqlite', dataDir, channels: { teams: 'off', slack: 'off' } });
    // The URL it gives is the one it answers on.
    expect(health).toBe(200);
    const warnings = lines.filter((l) => l.level >= 40).map((l) => l.msg);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^Teams is off/)]));
    expect(lines.findIndex((l) => l.level >= 40)).toBeGreaterThan(0);
    // SIGTERM stops it cleanly.
    expect(code).toBe(0);
  });

  it('says when Teams runs in local development mode', async () => {
    const { summary, lines } = await startAndStop(
      { DATA_DIR: mkdtempSync(join(tmpdir(), 'ticketbot-data-')), TICKETBOT_DEV: '1' },
      /NOT authenticated/,
    );
    expect(summary.channels).toEqual({ teams: 'on (development mode, unauthenticated)', slack: 'off' });
    expect(lines.findIndex((l) => /NOT authenticated/.test(l.msg))).toBeGreaterThan(0);
  });
});

describe('npm start refuses to start in one line', () => {
  it('on a busy port: says so and exits non-zero', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runMainToExit({ PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'tb-')) });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `ticketbot: port ${port} is already in use (another ticketbot?): stop that process or set PORT to a free port\n`,
      );
      expect(r.stdout).toBe('');
    } finally {
      blocker.close();
    }
  });

  it('on an unknown LOG_LEVEL: a configuration error listing the levels', async () => {
    const r = await runMainToExit({ PORT: '0', LOG_LEVEL: 'verbose' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'ticketbot: configuration: LOG_LEVEL: "verbose" is not a log level (use trace, debug, info, warn, error, fatal, silent)\n',
    );
    expect(r.stdout).toBe('');
  });

  it('on DATA_DIR=/proc/x: quickly, naming the path (it used to hang)', async () => {
    const r = await runMainToExit({ PORT: '0', DATA_DIR: '/proc/x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'ticketbot: configuration: DATA_DIR "/proc/x": cannot create /proc/x (ENOENT: no such file or directory)\n',
    );
    expect(r.ms).toBeLessThan(10_000);
  });

  it('on a DATA_DIR that is a file, or lies below one: naming the path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tb-')), 'not-a-dir');
    writeFileSync(file, 'x');
    const onFile = await runMainToExit({ PORT: '0', DATA_DIR: file });
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toBe(`ticketbot: configuration: DATA_DIR "${file}": not a directory\n`);
    const below = await runMainToExit({ PORT: '0', DATA_DIR: `${file}/data` });
    expect(below.stderr).toBe(
      `ticketbot: configuration: DATA_DIR "${file}/data": ${file} is not a directory\n`,
    );
  });
});
