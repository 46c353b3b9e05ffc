import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatTimeOfDay, WEEKDAYS } from '../src/core/sla/business-calendar.js';
import { formatIsoInstant } from '../src/core/sla/iso-instant.js';
import { PolicyRegistry } from '../src/core/sla/policy-registry.js';
import { PRIORITIES } from '../src/core/sla/priority.js';
import type { SlaPolicy } from '../src/core/sla/sla-policy.js';
import { progress, rate, runNodeProcess, seededRandom } from './bench-util.js';

const CLI = resolve('dist/src/cli/main.js');
const HERE = resolve('dist/bench');
const FROM = Date.parse('2025-01-01T00:00:00Z');
const TO = Date.parse('2027-12-31T00:00:00Z');

function peerConfig(policies: SlaPolicy[]) {
  const locales: Record<string, { workinghours: Record<number, string[] | null>; holidays: string[] }> = {};
  const targets: Record<
    string,
    Record<string, { locale: string; response: number | null; resolution: number | null }>
  > = {};
  for (const policy of policies) {
    const { hours } = policy.calendar.definition;
    const hhmm = (m: number) => `${formatTimeOfDay(m)}:00`;
    const workinghours: Record<number, string[] | null> = {};
    // moment numbers days from Sunday = 0.
    WEEKDAYS.forEach((day, i) => {
      const intervals = hours[day].flatMap((iv) => [hhmm(iv.start), hhmm(iv.end)]);
      workinghours[(i + 1) % 7] = intervals.length ? intervals : null;
    });
    const holidays = [2025, 2026, 2027, 2028].flatMap((y) =>
      policy.calendar.holidaysOf(y).map((h) => h.date),
    );
    const key = JSON.stringify({ workinghours, holidays });
    const existing = Object.entries(locales).find(([, l]) => JSON.stringify(l) === key)?.[0];
    const locale = existing ?? `cal${Object.keys(locales).length}`;
    if (!existing) locales[locale] = { workinghours, holidays };
    targets[policy.name] = {};
    for (const p of PRIORITIES) {
      const { response, resolution } = policy.targets[p];
      const minutes = (t: typeof response) => (t && t.clock === 'business' ? t.withinMs / 60_000 : null);
      const entry = { locale, response: minutes(response), resolution: minutes(resolution) };
      if (entry.response !== null || entry.resolution !== null) targets[policy.name]![p] = entry;
    }
  }
  return { locales, targets };
}

export async function slaBench(lines: number): Promise<void> {
  console.log(
    `\n## SLA: ticketbot sla due (bulk) vs moment-business-time, ${lines.toLocaleString('en-US')} lines`,
  );
  const policies = PolicyRegistry.create().list();
  const random = seededRandom(42);
  const dir = mkdtempSync(join(tmpdir(), 'ticketbot-bench-'));
  const input = join(dir, 'input.jsonl');
  const rows: string[] = [];
  for (let i = 0; i < lines; i++) {
    const policy = policies[Math.floor(random() * policies.length)]!;
    const priority = PRIORITIES[Math.floor(random() * 4)]!;
    const opened = FROM + Math.floor(random() * (TO - FROM));
    rows.push(
      JSON.stringify({
        policy: policy.name,
        priority,
        openedAt: formatIsoInstant(opened, policy.calendar.zone),
      }),
    );
  }
  writeFileSync(input, `${rows.join('\n')}\n`);

  progress('JSON pass-through baseline');
  const baseline = await runNodeProcess(
    [join(HERE, 'json-passthrough.js')],
    input,
    join(dir, 'baseline.jsonl'),
  );
  progress('ticketbot sla due');
  const cli = await runNodeProcess([CLI, 'sla', 'due'], input, join(dir, 'cli.jsonl'), {
    SLA_POLICIES_FILE: '',
  });
  if (cli.code !== 0) throw new Error(`the CLI exited ${cli.code}`);

  const config = peerConfig(policies);
  const businessRows = rows.filter((r) => {
    const { policy, priority } = JSON.parse(r) as { policy: string; priority: string };
    return config.targets[policy]?.[priority] !== undefined;
  });
  const peerInput = join(dir, 'peer-input.jsonl');
  writeFileSync(peerInput, `${businessRows.join('\n')}\n`);
  progress(
    `moment-business-time on the ${businessRows.length.toLocaleString('en-US')} business-hour lines (minutes)`,
  );
  const peer = await runNodeProcess(
    [join(HERE, 'peer-moment-business-time.js'), JSON.stringify(config)],
    peerInput,
    join(dir, 'peer.jsonl'),
    { TZ: 'Europe/Amsterdam' },
  );

  // Compare every deadline the peer computed with the CLI's.
  const cliByRow = new Map<
    string,
    { response: { dueAt: string | null }; resolution: { dueAt: string | null } }
  >();
  const cliLines = readFileSync(join(dir, 'cli.jsonl'), 'utf8').trim().split('\n');
  for (const [i, r] of rows.entries()) cliByRow.set(r, JSON.parse(cliLines[i]!));
  const peerLines = readFileSync(join(dir, 'peer.jsonl'), 'utf8').trim().split('\n');
  let compared = 0;
  const differences: string[] = [];
  businessRows.forEach((r, i) => {
    const mine = cliByRow.get(r)!;
    const theirs = JSON.parse(peerLines[i]!) as { response: string | null; resolution: string | null };
    for (const kind of ['response', 'resolution'] as const) {
      if (theirs[kind] === null) continue;
      compared++;
      if (theirs[kind] !== mine[kind].dueAt)
        differences.push(`${r} ${kind}: ticketbot ${mine[kind].dueAt}, peer ${theirs[kind]}`);
    }
  });

  const cliRate = lines / cli.seconds;
  const peerRate = businessRows.length / peer.seconds;
  console.log(`| what | lines | seconds | lines/s |`);
  console.log(`|---|---|---|---|`);
  console.log(
    `| JSON read+write only (baseline) | ${lines} | ${baseline.seconds.toFixed(2)} | ${rate(lines, baseline.seconds)} |`,
  );
  console.log(
    `| ticketbot sla due (2 deadlines a line) | ${lines} | ${cli.seconds.toFixed(2)} | ${rate(lines, cli.seconds)} |`,
  );
  console.log(
    `| moment-business-time (business lines) | ${businessRows.length} | ${peer.seconds.toFixed(2)} | ${rate(businessRows.length, peer.seconds)} |`,
  );
  console.log(`ticketbot / peer: ${(cliRate / peerRate).toFixed(1)}x (target >= 100x)`);
  console.log(`ticketbot / JSON-only baseline: ${(cliRate / (lines / baseline.seconds)).toFixed(2)}`);
  console.log(`deadlines compared: ${compared}, differing: ${differences.length}`);
  for (const d of differences.slice(0, 5)) console.log(`  differs: ${d}`);
}
