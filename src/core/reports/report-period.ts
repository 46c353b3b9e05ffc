import { daysInMonth, parseIsoInstant } from '../sla/iso-instant.js';
import type { ZoneOffsets } from '../sla/zone-offsets.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a real calendar date "YYYY-MM-DD". */
export function isReportDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/** The date after a "YYYY-MM-DD" date. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** [start, end) in epoch ms of the inclusive local dates from..to in a zone. */
export function periodBounds(from: string, to: string, zone: ZoneOffsets): { start: number; end: number } {
  return {
    start: parseIsoInstant(`${from}T00:00`, zone),
    end: parseIsoInstant(`${nextDate(to)}T00:00`, zone),
  };
}
