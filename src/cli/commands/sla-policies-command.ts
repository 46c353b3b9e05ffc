import { parseArgs } from 'node:util';
import { readJsonFile } from '../../config/policy-file.js';
import { formatTimeOfDay, WEEKDAYS } from '../../core/sla/business-calendar.js';
import { formatDurationShort } from '../../core/sla/iso-duration.js';
import { parsePolicyDocument } from '../../core/sla/policy-parser.js';
import type { PolicyRegistry, PolicyRegistryError } from '../../core/sla/policy-registry.js';
import { policyToJson } from '../../core/sla/policy-serializer.js';
import { PRIORITIES } from '../../core/sla/priority.js';
import type { SlaPolicy, SlaTarget } from '../../core/sla/sla-policy.js';

function describeTarget(target: SlaTarget | null): string {
  if (!target) return 'none';
  const goal = target.goal === null ? '' : `, goal ${Math.round(target.goal * 1000) / 10}%`;
  return `${formatDurationShort(target.withinMs)} (${target.clock}${goal})`;
}

function describeHours(policy: SlaPolicy): string {
  const { hours } = policy.calendar.definition;
  const groups: Array<{ days: string[]; text: string }> = [];
  for (const day of WEEKDAYS) {
    const text =
      hours[day].map((i) => `${formatTimeOfDay(i.start)}-${formatTimeOfDay(i.end)}`).join(', ') || 'closed';
    const last = groups[groups.length - 1];
    if (last && last.text === text) last.days.push(day);
    else groups.push({ days: [day], text });
  }
  return groups
    .map((g) => `${g.days.length > 1 ? `${g.days[0]}-${g.days[g.days.length - 1]}` : g.days[0]} ${g.text}`)
    .join('; ');
}

function describeHolidays(policy: SlaPolicy): string {
  const { country, types, extra, except } = policy.calendar.definition.holidays;
  const parts = [country ? `${country} ${types.join('/')}` : 'none'];
  if (extra.length) parts.push(`+${extra.join(', +')}`);
  if (except.length) parts.push(`-${except.join(', -')}`);
  return parts.join(' ');
}

function policyTable(policy: SlaPolicy): string {
  const pct = (g: number | null) => (g === null ? '-' : `${Math.round(g * 1000) / 10}%`);
  const lines = [
    `${policy.name}  [${policy.source}]`,
    ...(policy.description ? [`  ${policy.description}`] : []),
    `  calendar:  ${policy.calendar.definition.timeZone}; ${describeHours(policy)}`,
    `  holidays:  ${describeHolidays(policy)}`,
    `  ${'priority'.padEnd(10)}${'response'.padEnd(32)}resolution`,
  ];
  for (const p of PRIORITIES) {
    const t = policy.targets[p];
    lines.push(`  ${p.padEnd(10)}${describeTarget(t.response).padEnd(32)}${describeTarget(t.resolution)}`);
  }
  lines.push(
    `  goals:     response ${pct(policy.goals.response)}, resolution ${pct(policy.goals.resolution)}`,
  );
  return lines.join('\n');
}

function checkFile(path: string, out: NodeJS.WritableStream): number {
  let document: unknown;
  try {
    document = readJsonFile(path);
  } catch (err) {
    for (const p of (err as PolicyRegistryError).problems) out.write(`error: ${p}\n`);
    return 2;
  }
  const result = parsePolicyDocument(document, path);
  for (const e of result.errors) out.write(`error: ${e}\n`);
  for (const w of result.warnings) out.write(`warning: ${w}\n`);
  if (result.errors.length) {
    out.write(`${path}: invalid (${result.errors.length} error(s), ${result.warnings.length} warning(s))\n`);
    return 2;
  }
  out.write(`${path}: valid, ${result.policies.length} policy(ies), ${result.warnings.length} warning(s)\n`);
  return 0;
}

export function slaPoliciesCommand(
  args: string[],
  registry: () => PolicyRegistry,
  io: { stdout: NodeJS.WritableStream },
): number {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, check: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.check !== undefined) return checkFile(values.check, io.stdout);
  const policies = registry().list();
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ policies: policies.map(policyToJson) }, null, 2)}\n`);
  } else {
    io.stdout.write(`${policies.map(policyTable).join('\n\n')}\n`);
    const { warnings } = registry();
    if (warnings.length) io.stdout.write(`\nwarnings:\n${warnings.map((w) => `  ${w}`).join('\n')}\n`);
  }
  return 0;
}
