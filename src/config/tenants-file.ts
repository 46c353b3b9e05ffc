import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import { EMPTY_TENANT_DIRECTORY, type TenantDirectory } from '../core/tenants/tenants.js';
import { parseTenantsDocument, type TenantsParseResult } from '../core/tenants/tenants-parser.js';
import { ConfigError } from './config.js';
import { ConfigFileError, readConfigFile } from './config-file.js';

/** TENANTS_FILE is unreadable or invalid: the process refuses to start, listing every problem. */
export class TenantsFileError extends ConfigError {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    // One problem (a file that cannot be read, a JSON syntax error) fits on one line.
    super(
      problems.length === 1
        ? `TENANTS_FILE ${path} is invalid: ${problems[0]!.replace(/^\$: /, '')}`
        : `TENANTS_FILE ${path} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}

/** Reads and validates a tenants file; I/O and JSON syntax failures come back as errors too. */
export function checkTenantsFile(path: string, policies: PolicyRegistry): TenantsParseResult {
  let document: unknown;
  try {
    document = JSON.parse(readConfigFile(path));
  } catch (err) {
    const reason =
      err instanceof ConfigFileError ? err.problem : `not valid JSON (${(err as Error).message})`;
    return { directory: EMPTY_TENANT_DIRECTORY, errors: [`$: ${reason}`], warnings: [] };
  }
  return parseTenantsDocument(document, { isKnownPolicy: (name) => policies.get(name) !== undefined });
}

/** The customers and partners of TENANTS_FILE; an empty directory when none is set. */
export function loadTenantDirectory(
  path: string | null,
  policies: PolicyRegistry,
): { directory: TenantDirectory; warnings: string[] } {
  if (!path) return { directory: EMPTY_TENANT_DIRECTORY, warnings: [] };
  const result = checkTenantsFile(path, policies);
  if (result.errors.length) throw new TenantsFileError(path, result.errors);
  return { directory: result.directory, warnings: result.warnings.map((w) => `${path}: ${w}`) };
}
