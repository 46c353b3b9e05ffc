import { existsSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { readConfigFile } from './config-file.js';

/**
 * Loads ./.env into process.env when present; variables already set win. Read like every
 * configuration file (a regular file of sane size, else a one-line ConfigFileError).
 */
export function loadDotEnv(path = '.env'): void {
  if (!existsSync(path)) return;
  for (const [name, value] of Object.entries(parseEnv(readConfigFile(path)))) {
    if (process.env[name] === undefined) process.env[name] = value;
  }
}
