import { readFileSync } from 'node:fs';

/** Where the in-repository copies of the official schemas live (see its README.md). */
export const OFFICIAL_SCHEMAS_DIR = 'test/fixtures/schemas';

/** One official schema, parsed, e.g. `readOfficialSchema('ac-1.5.json')`. */
export function readOfficialSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${OFFICIAL_SCHEMAS_DIR}/${file}`, 'utf8')) as Record<string, unknown>;
}
