import { IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
// Every zone in use today changes its offset on a quarter-hour boundary, so one
// lookup per 15-minute bucket is exact and keeps the hot path off Intl.
const BUCKET_MS = 15 * MINUTE_MS;
const DAY_MS = 86_400_000;
const MAX_CACHED_BUCKETS = 500_000;
/** Marks a UTC day in which the offset changes: look up its quarter-hours instead. */
const VARIES = Number.NaN;

/** Answers so far: luxon asks Intl with a new DateTimeFormat each time (5% of a Teams turn). */
const knownZones = new Map<string, boolean>();
/** Bounded: there are about 600 zone names; what is beyond is someone's garbage. */
const MAX_REMEMBERED_ZONES = 2_000;

/** Validates an IANA zone name ("Europe/Amsterdam"); fixed offsets are not accepted. */
export function isKnownTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0) return false;
  let known = knownZones.get(name);
  if (known === undefined) {
    known = IANAZone.isValidZone(name);
    if (knownZones.size < MAX_REMEMBERED_ZONES) knownZones.set(name, known);
  }
  return known;
}

/**
 * Offsets of one IANA time zone, memoised. All instants are epoch milliseconds;
 * "local" milliseconds are wall-clock readings written as if they were UTC.
 */
export class ZoneOffsets {
  readonly name: string;
  readonly isUtc: boolean;
  private readonly zone: IANAZone;
  private readonly cache = new Map<number, number>();
  // Most days have one offset all day; one entry per UTC day keeps Intl off the hot path.
  private readonly days = new Map<number, number>();

  constructor(name: string) {
    if (!isKnownTimeZone(name)) throw new RangeError(`unknown time zone "${name}"`);
    this.zone = IANAZone.create(name);
    this.name = this.zone.name;
    this.isUtc = /^(Etc\/)?(UTC|UCT|Zulu|Universal|GMT0?)$/i.test(this.name);
  }

  /** Offset from UTC in minutes at the given instant. */
  offsetMinutes(utcMs: number): number {
    const day = Math.floor(utcMs / DAY_MS);
    let dayOffset = this.days.get(day);
    if (dayOffset === undefined) {
      const first = this.bucketOffset(day * (DAY_MS / BUCKET_MS));
      const last = this.bucketOffset((day + 1) * (DAY_MS / BUCKET_MS) - 1);
      dayOffset = first === last ? first : VARIES;
      if (this.days.size >= MAX_CACHED_BUCKETS) this.days.clear();
      this.days.set(day, dayOffset);
    }
    return Number.isNaN(dayOffset) ? this.bucketOffset(Math.floor(utcMs / BUCKET_MS)) : dayOffset;
  }

  private bucketOffset(bucket: number): number {
    let offset = this.cache.get(bucket);
    if (offset === undefined) {
      offset = this.zone.offset(bucket * BUCKET_MS);
      if (this.cache.size >= MAX_CACHED_BUCKETS) this.cache.clear();
      this.cache.set(bucket, offset);
    }
    return offset;
  }

  toLocalMs(utcMs: number): number {
    return utcMs + this.offsetMinutes(utcMs) * MINUTE_MS;
  }

  /**
   * The instant of a wall-clock reading. A reading inside a spring-forward gap
   * moves forward by the gap; an ambiguous autumn reading takes the earlier instant.
   */
  toUtcMs(localMs: number): number {
    const guess = this.offsetMinutes(localMs);
    let utc = localMs - guess * MINUTE_MS;
    const o2 = this.offsetMinutes(utc);
    if (o2 === guess) return this.earlierIfAmbiguous(localMs, utc, o2);
    utc -= (o2 - guess) * MINUTE_MS;
    const o3 = this.offsetMinutes(utc);
    if (o2 === o3) return this.earlierIfAmbiguous(localMs, utc, o3);
    return localMs - Math.min(o2, o3) * MINUTE_MS;
  }

  // In the repeated autumn hour both offsets fit; prefer the first occurrence.
  private earlierIfAmbiguous(localMs: number, utc: number, offset: number): number {
    const before = this.offsetMinutes(utc - 3 * 60 * MINUTE_MS);
    if (before > offset) {
      const earlier = localMs - before * MINUTE_MS;
      if (this.offsetMinutes(earlier) === before) return earlier;
    }
    return utc;
  }
}

const zones = new Map<string, ZoneOffsets>();

/** One shared ZoneOffsets per zone name, so caches are reused across policies. */
export function zoneOffsets(name: string): ZoneOffsets {
  let zone = zones.get(name);
  if (!zone) {
    zone = new ZoneOffsets(name);
    zones.set(name, zone);
  }
  return zone;
}
