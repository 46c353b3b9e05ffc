import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE_MAX_BYTES, ConfigFileError, readConfigFile } from '../../src/config/config-file.js';
import { loadDotEnv } from '../../src/config/env-file.js';

// Configuration files (SLA_POLICIES_FILE, TENANTS_FILE, .env) must be regular files of at
// most 4 MiB: /dev/zero used to be read until memory ran out, a pipe would wait forever.

const scratch = () => mkdtempSync(join(tmpdir(), 'ticketbot-config-file-'));

function problemOf(path: string): string {
  try {
    readConfigFile(path);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigFileError);
    expect((err as Error).message).toBe(`${path}: ${(err as ConfigFileError).problem}`);
    return (err as ConfigFileError).problem;
  }
  throw new Error(`${path} was read`);
}

describe('readConfigFile', () => {
  it('reads a regular file, up to the limit itself', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'ok.json'), '{"policies":[]}');
    expect(readConfigFile(join(dir, 'ok.json'))).toBe('{"policies":[]}');
    writeFileSync(join(dir, 'full.json'), ' '.repeat(CONFIG_FILE_MAX_BYTES));
    expect(readConfigFile(join(dir, 'full.json'))).toHaveLength(CONFIG_FILE_MAX_BYTES);
  });

  it('refuses /dev/zero at once instead of reading it forever', () => {
    expect(problemOf('/dev/zero')).toBe('not a regular file (a character device)');
  });

  it('refuses a named pipe without waiting for a writer', () => {
    const fifo = join(scratch(), 'policies.json');
    execFileSync('mkfifo', [fifo]);
    expect(problemOf(fifo)).toBe('not a regular file (a named pipe)');
  });

  it('refuses a directory, a missing file and a file over the limit', () => {
    const dir = scratch();
    expect(problemOf(dir)).toBe('not a regular file (a directory)');
    expect(problemOf(join(dir, 'nope.json'))).toBe('cannot read the file (ENOENT)');
    writeFileSync(join(dir, 'big.json'), ' '.repeat(CONFIG_FILE_MAX_BYTES + 1));
    expect(problemOf(join(dir, 'big.json'))).toBe('larger than 4 MiB, the limit for configuration files');
  });
});

describe('loadDotEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it('sets what the environment does not, and leaves what it does', () => {
    const path = join(scratch(), '.env');
    writeFileSync(path, 'TICKETBOT_TEST_FROM_FILE=file\nTICKETBOT_TEST_SET=file\n');
    process.env.TICKETBOT_TEST_SET = 'environment';
    loadDotEnv(path);
    expect(process.env.TICKETBOT_TEST_FROM_FILE).toBe('file');
    expect(process.env.TICKETBOT_TEST_SET).toBe('environment');
  });

  it('is a one-line configuration error when .env is no regular file', () => {
    const path = join(scratch(), '.env');
    mkdirSync(path);
    expect(() => loadDotEnv(path)).toThrow(new ConfigFileError(path, 'not a regular file (a directory)'));
  });

  it('does nothing without a .env', () => {
    expect(() => loadDotEnv(join(scratch(), '.env'))).not.toThrow();
  });
});
