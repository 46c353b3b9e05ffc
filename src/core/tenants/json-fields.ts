// Reading a JSON document field by field, collecting every problem with its path.

import { isObject, type Json, Problems } from '../validation/json-problems.js';

export { isObject, type Json, Problems };

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A typo in a key ("polcy") would silently drop a setting: say so. */
export function warnUnknownKeys(value: Json, known: Set<string>, path: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) problems.warn(`${path}.${key}`, `unknown key "${key}" is ignored`);
  }
}

export function requiredText(value: Json, key: string, path: string, problems: Problems): string {
  const text = value[key];
  if (typeof text !== 'string' || !text.trim()) {
    problems.error(`${path}.${key}`, 'required: a non-empty string');
    return '';
  }
  return text.trim();
}

export function stringList(value: unknown, path: string, problems: Problems): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.error(path, 'must be a list of strings');
    return [];
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string' && item.trim()) out.push(item.trim());
    else problems.error(`${path}[${i}]`, `must be a non-empty string, got ${JSON.stringify(item)}`);
  });
  return out;
}

export function parseId(
  value: Json,
  path: string,
  seen: Set<string>,
  kind: string,
  problems: Problems,
): string {
  const id = value.id;
  if (typeof id !== 'string' || !ID.test(id)) {
    problems.error(`${path}.id`, 'required: letters, digits, ".", "_" or "-" (at most 64)');
    return '';
  }
  if (seen.has(id)) problems.error(`${path}.id`, `duplicate ${kind} id "${id}"`);
  seen.add(id);
  return id;
}
