import { parseArgs } from 'node:util';
import { checkTenantsFile, loadTenantDirectory } from '../../config/tenants-file.js';
import type { PolicyRegistry } from '../../core/sla/policy-registry.js';
import { effectivePolicy } from '../../core/tenants/customer-resolver.js';
import type { TenantDirectory } from '../../core/tenants/tenants.js';
import { CliError } from '../cli-error.js';

const USAGE = 'usage: ticketbot tenants list [--json] | tenants check FILE';

function check(path: string, policies: PolicyRegistry, out: NodeJS.WritableStream): number {
  const result = checkTenantsFile(path, policies);
  for (const e of result.errors) out.write(`error: ${e}\n`);
  for (const w of result.warnings) out.write(`warning: ${w}\n`);
  if (result.errors.length) {
    out.write(`${path}: invalid (${result.errors.length} error(s), ${result.warnings.length} warning(s))\n`);
    return 2;
  }
  const { partners, customers } = result.directory;
  out.write(
    `${path}: valid, ${partners.length} partner(s), ${customers.length} customer(s), ${result.warnings.length} warning(s)\n`,
  );
  return 0;
}

function directoryJson(directory: TenantDirectory): unknown {
  return {
    partners: directory.partners,
    customers: directory.customers.map((c) => ({ ...c, effectivePolicy: effectivePolicy(directory, c) })),
  };
}

/** Columns as wide as their widest cell, two spaces apart. */
function columns(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]! + 2) : c)).join(''))
    .join('\n');
}

function directoryTable(directory: TenantDirectory, defaultPolicy: string): string {
  const customers = [
    ['CUSTOMER', 'COMPANY', 'POLICY', 'PARTNER', 'ENVIRONMENTS'],
    ...directory.customers.map((c) => [
      c.id,
      c.company,
      effectivePolicy(directory, c) ?? `${defaultPolicy} (default)`,
      c.partner ?? '-',
      c.environments.join(', '),
    ]),
  ];
  const partners = [
    ['PARTNER', 'NAME', 'POLICY', 'USERS', 'CONTACTS'],
    ...directory.partners.map((p) => [
      p.id,
      p.name,
      p.policy ?? '-',
      p.users === null ? '-' : String(p.users),
      p.contacts.join(', '),
    ]),
  ];
  const parts = [columns(customers)];
  if (directory.partners.length) parts.push(columns(partners));
  return `${parts.join('\n\n')}\n`;
}

/** `ticketbot tenants list|check`: the customers and partners of TENANTS_FILE (CONTRACTS.md section 7). */
export function tenantsCommand(
  args: string[],
  policies: () => PolicyRegistry,
  io: { stdout: NodeJS.WritableStream },
  env: NodeJS.ProcessEnv = process.env,
): number {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (sub === 'check') {
    if (positionals.length !== 1) throw new CliError(USAGE);
    return check(positionals[0]!, policies(), io.stdout);
  }
  if (sub !== 'list' || positionals.length) throw new CliError(USAGE);
  const path = env.TENANTS_FILE?.trim() || null;
  const { directory, warnings } = loadTenantDirectory(path, policies());
  if (!path && !values.json) {
    io.stdout.write('TENANTS_FILE is not set: no customers or partners are configured\n');
  } else if (values.json) io.stdout.write(`${JSON.stringify(directoryJson(directory), null, 2)}\n`);
  else {
    io.stdout.write(directoryTable(directory, env.DEFAULT_SLA_POLICY?.trim() || 'workspace365-basic'));
    if (warnings.length) io.stdout.write(`\nwarnings:\n${warnings.map((w) => `  ${w}`).join('\n')}\n`);
  }
  return 0;
}
