import { readFileSync } from 'node:fs';
import { PolicyRegistry, PolicyRegistryError } from '../core/sla/policy-registry.js';

/** Reads a JSON file, turning I/O and syntax failures into one readable line. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PolicyRegistryError([`${path}: cannot read the file (${code ?? String(err)})`]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PolicyRegistryError([`${path}: not valid JSON (${(err as Error).message})`]);
  }
}

/** The presets plus the operator's SLA_POLICIES_FILE, when one is named. */
export function loadPolicyRegistry(policiesFile: string | undefined): PolicyRegistry {
  if (!policiesFile) return PolicyRegistry.create();
  return PolicyRegistry.create({ document: readJsonFile(policiesFile), source: policiesFile });
}
