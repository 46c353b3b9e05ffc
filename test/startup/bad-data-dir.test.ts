import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MainExit, runMainToExit, START_ARGS } from '../helpers/run-main.js';

// A DATA_DIR the server cannot use ends the start at once, in one line naming the path
// and what is wrong, without a stack (the hang on /proc/x and the file cases are in
// test/main.test.ts). Each case is the real program, as `npm start` runs it.

/** Root may write anywhere: there the program runs as nobody, so a read-only directory is refused as it would be. */
const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;

function runAs(env: Record<string, string>, limitMs = 15_000): Promise<MainExit> {
  if (!asNobody) return runMainToExit(env, limitMs);
  const cwd = mkdtempSync(join(tmpdir(), 'ticketbot-main-'));
  chmodSync(cwd, 0o755);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => /^(PATH|LANG|TZ|NODE_.*)$/.test(name)),
  );
  const started = Date.now();
  const child = spawn(process.execPath, START_ARGS, { cwd, env: { ...inherited, ...env }, ...asNobody });
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

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ticketbot-bad-data-'));
  chmodSync(dir, 0o755);
  return dir;
}

describe('npm start with a DATA_DIR it cannot use', () => {
  it('a directory it may not write: one line naming the path, exit 2', async () => {
    const dir = join(scratch(), 'read-only');
    mkdirSync(dir, { mode: 0o555 });
    chmodSync(dir, 0o555);
    const r = await runAs({ PORT: '0', DATA_DIR: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      `ticketbot: configuration: DATA_DIR "${dir}": not writable (EACCES: permission denied)\n`,
    );
    expect(r.stdout).toBe('');
  });

  it('a directory to create where it may not: one line naming what could not be made', async () => {
    const parent = join(scratch(), 'read-only');
    mkdirSync(parent, { mode: 0o555 });
    chmodSync(parent, 0o555);
    const dir = join(parent, 'data');
    const r = await runAs({ PORT: '0', DATA_DIR: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      `ticketbot: configuration: DATA_DIR "${dir}": cannot create ${dir} (EACCES: permission denied)\n`,
    );
  });

  it('a ticketbot.db that is no database: one line naming the file, nothing overwritten', async () => {
    const dir = scratch();
    const notes = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(join(dir, 'ticketbot.db'), notes);
    const r = await runMainToExit({ PORT: '0', DATA_DIR: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      `ticketbot: configuration: DATA_DIR "${dir}": cannot open the SQLite store ${join(dir, 'ticketbot.db')} (SQLITE_NOTADB: file is not a database)\n`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'ticketbot.db'), 'utf8')).toBe(notes);
  });
});
