import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { prepareDataDir } from '../../src/config/data-dir.js';
import { openStore } from '../../src/wiring/open-store.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'ticketbot-datadir-'));

describe('DATA_DIR', () => {
  it('is created with its missing parents and returned as an absolute path', () => {
    const dir = join(scratch(), 'a', 'b', 'data');
    expect(prepareDataDir(dir)).toBe(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(prepareDataDir(dir)).toBe(dir);
  });

  it('where it cannot be created, says so in one line naming the path, without hanging', () => {
    const started = Date.now();
    expect(() => prepareDataDir('/proc/x/data')).toThrow(
      new ConfigError('DATA_DIR "/proc/x/data": cannot create /proc/x (ENOENT: no such file or directory)'),
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a file, or a path below a file, is refused naming the file', () => {
    const file = join(scratch(), 'file');
    writeFileSync(file, '');
    expect(() => prepareDataDir(file)).toThrow(`DATA_DIR "${file}": not a directory`);
    expect(() => prepareDataDir(join(file, 'x'))).toThrow(`${file} is not a directory`);
  });

  it('a directory SQLite cannot use is a configuration error naming the database file', async () => {
    const dir = scratch();
    // A directory where the database file should be: SQLite cannot open it.
    prepareDataDir(join(dir, 'ticketbot.db'));
    const opening = openStore({ mongodbUri: null, dataDir: dir });
    await expect(opening).rejects.toThrow(ConfigError);
    await expect(openStore({ mongodbUri: null, dataDir: dir })).rejects.toThrow(
      `DATA_DIR "${dir}": cannot open the SQLite store ${join(dir, 'ticketbot.db')} (SQLITE_CANTOPEN`,
    );
  });
});
