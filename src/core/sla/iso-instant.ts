import type { ZoneOffsets } from './zone-offsets.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

// YYYY-MM-DD, optional [T or space]HH:MM[:SS[.fraction]], optional Z or ±HH[:MM].
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export class InstantParseError extends Error {
  override readonly name = 'InstantParseError';
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO 8601 date-time. Without an offset the reading is wall-clock time
 * in `zone`. Impossible dates (2026-02-30, 25:00) are refused, not rolled over.
 */
export function parseIsoInstant(text: string, zone: ZoneOffsets): number {
  const m = ISO_PATTERN.exec(text.trim());
  if (!m)
    throw new InstantParseError(
      `malformed time "${text}": expected ISO 8601 such as 2026-05-22T16:00:00+02:00`,
    );
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-9);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InstantParseError(`malformed time "${text}": there is no such date`);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    throw new InstantParseError(`malformed time "${text}": there is no such time of day`);
  }
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const offsetText = m[8];
  if (offsetText === undefined) return zone.toUtcMs(wallMs);
  if (offsetText === 'Z' || offsetText === 'z') return wallMs;
  const sign = offsetText[0] === '-' ? -1 : 1;
  const digits = offsetText.slice(1).replace(':', '');
  const offH = Number(digits.slice(0, 2));
  const offM = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (offH > 18 || offM > 59) throw new InstantParseError(`malformed time "${text}": impossible UTC offset`);
  return wallMs - sign * (offH * 60 + offM) * MINUTE_MS;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

/** Formats an instant as the zone's wall-clock time with milliseconds and offset. */
export function formatIsoInstant(utcMs: number, zone: ZoneOffsets): string {
  const offset = zone.offsetMinutes(utcMs);
  const d = new Date(utcMs + offset * MINUTE_MS);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${pad3(d.getUTCMilliseconds())}`;
  return `${date}T${time}${formatOffset(offset, zone.isUtc)}`;
}

function formatOffset(offsetMinutes: number, isUtcZone: boolean): string {
  if (offsetMinutes === 0 && isUtcZone) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Local calendar day number (days since 1970-01-01) of a wall-clock reading. */
export function localDayNumber(localMs: number): number {
  return Math.floor(localMs / DAY_MS);
}
