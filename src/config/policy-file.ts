import { PolicyRegistry, PolicyRegistryError } from '../core/sla/policy-registry.js';
import { ConfigFileError, readConfigFile } from './config-file.js';

/** Reads a JSON configuration file (see readConfigFile), turning every failure into one readable line. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readConfigFile(path);
  } catch (err) {
    if (err instanceof ConfigFileError) throw new PolicyRegistryError([err.message]);
    throw err;
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
