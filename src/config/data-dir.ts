import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config.js';

/** "ENOENT: no such file or directory, mkdir '/x'" -> "ENOENT: no such file or directory". */
function reason(err: unknown): string {
  return err instanceof Error ? (err.message.split(', ')[0] ?? err.message) : String(err);
}

function problem(dataDir: string, what: string): ConfigError {
  return new ConfigError(`DATA_DIR "${dataDir}": ${what}`);
}

function isDirectory(path: string, dataDir: string): boolean | null {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats === undefined ? null : stats.isDirectory();
  } catch (err) {
    // Below a file: report the file, which the walk up to the parent finds next.
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw problem(dataDir, `cannot look at ${path} (${reason(err)})`);
  }
}

/**
 * Makes sure DATA_DIR is a directory this process can write, creating it (and missing
 * parents) one level at a time, and returns its absolute path; otherwise a one-line
 * ConfigError naming the path. Node's recursive mkdir loops forever where a parent
 * refuses new entries (DATA_DIR=/proc/x), so it is not used here.
 */
export function prepareDataDir(dataDir: string): string {
  const full = resolve(dataDir);
  const missing: string[] = [];
  for (let at = full; ; at = dirname(at)) {
    const directory = isDirectory(at, dataDir);
    if (directory) break;
    if (directory === false) {
      throw problem(dataDir, at === full ? 'not a directory' : `${at} is not a directory`);
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      // Another process starting at the same moment may have just created it.
      const raced = (err as NodeJS.ErrnoException).code === 'EEXIST' && isDirectory(dir, dataDir);
      if (!raced) throw problem(dataDir, `cannot create ${dir} (${reason(err)})`);
    }
  }
  try {
    accessSync(full, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw problem(dataDir, `not writable (${reason(err)})`);
  }
  return full;
}
