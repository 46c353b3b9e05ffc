import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ConfigError } from './config.js';

/** The largest configuration file read (policies, tenants, .env): far above any real one. */
export const CONFIG_FILE_MAX_BYTES = 4 * 1024 * 1024;

/** A configuration file that cannot be used: `problem` says why, the message names the path too. */
export class ConfigFileError extends ConfigError {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/**
 * The text of a configuration file, which must be a regular file of at most
 * CONFIG_FILE_MAX_BYTES; anything else is a ConfigFileError. /dev/zero or a pipe would
 * otherwise be read forever. Opened without blocking (a pipe with no writer would wait)
 * and checked on the open descriptor, then read no further than the limit, so a file
 * swapped or growing meanwhile changes nothing.
 */
export function readConfigFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigFileError(path, `cannot read the file (${code ?? String(err)})`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new ConfigFileError(path, `not a regular file (${kindOf(stats)})`);
    const tooBig = () =>
      new ConfigFileError(
        path,
        `larger than ${CONFIG_FILE_MAX_BYTES / 1024 / 1024} MiB, the limit for configuration files`,
      );
    if (stats.size > CONFIG_FILE_MAX_BYTES) throw tooBig();
    const buffer = Buffer.alloc(CONFIG_FILE_MAX_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > CONFIG_FILE_MAX_BYTES) throw tooBig();
    }
    return buffer.toString('utf8', 0, length);
  } catch (err) {
    if (err instanceof ConfigFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigFileError(path, `cannot read the file (${code ?? String(err)})`);
  } finally {
    closeSync(fd);
  }
}
