import { formatDurationShort } from '../sla/iso-duration.js';
import type { PolicyExclusions, ReportRow, SlaReport, TargetTally } from './sla-report.js';

/** A table cell: pipes and line breaks in free text would break the table. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

function percent(share: number | null): string {
  return share === null ? '-' : `${Math.round(share * 10_000) / 100}%`;
}

function duration(ms: number | null): string {
  return ms === null ? '-' : formatDurationShort(ms);
}

/** "11 met, 1 breached, 0 open". */
function counts(t: TargetTally): string {
  return `${t.met} / ${t.breached} / ${t.open}`;
}

/** The met share against the goal, with a verdict once anything is decided. */
function share(t: TargetTally): string {
  if (t.goal === null || t.metShare === null) return percent(t.metShare);
  return `${percent(t.metShare)} ${t.metShare >= t.goal ? 'meets' : 'misses'} ${percent(t.goal)}`;
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function policySection(policy: string, rows: readonly ReportRow[]): string[] {
  return [
    `## ${policy}`,
    '',
    ...table(
      [
        'Priority',
        'Tickets',
        'Response met / breached / open',
        'Response met share vs goal',
        'Resolution met / breached / open',
        'Resolution met share vs goal',
        'Response median / p90',
        'Resolution median / p90',
        'Paused',
      ],
      rows.map((r) => [
        r.priority,
        String(r.tickets),
        counts(r.response),
        share(r.response),
        counts(r.resolution),
        share(r.resolution),
        `${duration(r.medianResponseMs)} / ${duration(r.p90ResponseMs)}`,
        `${duration(r.medianResolutionMs)} / ${duration(r.p90ResolutionMs)}`,
        duration(r.pausedMs),
      ]),
    ),
    '',
  ];
}

function exclusionLines(e: PolicyExclusions): string[] {
  const windows = e.maintenance.map(
    (w) =>
      `- maintenance: ${w.weekday} ${w.from}-${w.to} (${e.timeZone}), every ${w.everyWeeks} week(s), announced ${w.noticeDays} day(s) ahead`,
  );
  const exclusions = e.creditExclusions.map((x) => `- credit exclusion: ${cell(x)}`);
  const lines = [...windows, ...exclusions];
  return [`### ${e.policy}`, '', ...(lines.length ? lines : ['- none defined']), ''];
}

/** The report as Markdown: one table per policy, the breaches, then the exclusions. */
export function reportToMarkdown(report: SlaReport): string {
  const lines = [
    `# SLA report ${report.from} to ${report.to}`,
    '',
    `Tickets created from ${report.from} to ${report.to} inclusive, in each policy's time zone; generated ${report.generatedAt}.`,
    'Counts are met / breached / open; the met share counts decided targets only; times are business time of the',
    "policy's calendar (elapsed time for 24x7 targets); resolution and paused time exclude pauses.",
    '',
  ];
  const policies = [...new Set(report.rows.map((r) => r.policy))];
  if (policies.length === 0) lines.push('No tickets in this period.', '');
  for (const policy of policies)
    lines.push(
      ...policySection(
        policy,
        report.rows.filter((r) => r.policy === policy),
      ),
    );
  lines.push('## Breaches', '');
  if (report.breaches.length === 0) lines.push('None.', '');
  else {
    lines.push(
      ...table(
        ['Ticket', 'Policy', 'Priority', 'Target', 'Due', 'Done'],
        report.breaches.map((b) => [b.id, b.policy, b.priority, b.target, b.dueAt, b.doneAt ?? 'not yet']),
      ),
      '',
    );
  }
  if (report.exclusions.length) {
    lines.push('## Maintenance windows and SLA-credit exclusions', '');
    lines.push('Listed as the policies define them; they never move a deadline.', '');
    for (const e of report.exclusions) lines.push(...exclusionLines(e));
  }
  for (const w of report.warnings) lines.push(`> warning: ${cell(w)}`);
  return `${lines.join('\n').trimEnd()}\n`;
}
