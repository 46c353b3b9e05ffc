import { csvDocument } from './csv.js';
import type { ReportRow, TargetTally } from './sla-report.js';

const TALLY_KEYS = ['met', 'breached', 'open', 'metShare', 'goal'] as const;

export const REPORT_CSV_HEADER: readonly string[] = [
  'from',
  'to',
  'policy',
  'priority',
  'tickets',
  ...TALLY_KEYS.map((k) => `response.${k}`),
  ...TALLY_KEYS.map((k) => `resolution.${k}`),
  'medianResponseMs',
  'p90ResponseMs',
  'medianResolutionMs',
  'p90ResolutionMs',
  'pausedMs',
];

const tallyCells = (t: TargetTally) => TALLY_KEYS.map((k) => t[k]);

/** The report's rows flattened, one header line; empty cells where JSON has null. */
export function reportToCsv(report: { from: string; to: string; rows: readonly ReportRow[] }): string {
  return csvDocument([
    REPORT_CSV_HEADER,
    ...report.rows.map((r) => [
      report.from,
      report.to,
      r.policy,
      r.priority,
      r.tickets,
      ...tallyCells(r.response),
      ...tallyCells(r.resolution),
      r.medianResponseMs,
      r.p90ResponseMs,
      r.medianResolutionMs,
      r.p90ResolutionMs,
      r.pausedMs,
    ]),
  ]);
}
