import { describe, expect, it } from 'vitest';
import { parseIsoDuration } from '../../../src/core/sla/iso-duration.js';
import { formatIsoInstant, parseIsoInstant } from '../../../src/core/sla/iso-instant.js';
import { zoneOffsets } from '../../../src/core/sla/zone-offsets.js';

const ams = zoneOffsets('Europe/Amsterdam');

describe('ISO instants', () => {
  it.each([
    ['2026-05-22T16:00', '2026-05-22T14:00:00.000Z'],
    ['2026-05-22T16:00:00+02:00', '2026-05-22T14:00:00.000Z'],
    ['2026-05-22T16:00:00.5Z', '2026-05-22T16:00:00.500Z'],
    ['2026-05-22 16:00:07.123456', '2026-05-22T14:00:07.123Z'],
    ['2026-01-10T08:00:00-0500', '2026-01-10T13:00:00.000Z'],
    ['2026-01-10', '2026-01-09T23:00:00.000Z'],
    // In the spring gap a reading moves forward; in the autumn repeat the first counts.
    ['2026-03-29T02:30', '2026-03-29T01:30:00.000Z'],
    ['2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
  ])('reads %s', (text, utc) => {
    expect(new Date(parseIsoInstant(text, ams)).toISOString()).toBe(utc);
  });

  it.each([
    '2026-02-30T10:00',
    '2026-13-01T10:00',
    '2026-05-22T24:00',
    '2026-05-22T10:60',
    'yesterday',
    '',
    '2026-05-22T10:00+25:00',
  ])('refuses %j', (text) => {
    expect(() => parseIsoInstant(text, ams)).toThrow(/malformed time/);
  });

  it('formats in the zone with milliseconds and offset', () => {
    expect(formatIsoInstant(Date.parse('2026-05-22T14:00:00Z'), ams)).toBe('2026-05-22T16:00:00.000+02:00');
    expect(formatIsoInstant(Date.parse('2026-12-01T23:59:59.999Z'), ams)).toBe(
      '2026-12-02T00:59:59.999+01:00',
    );
    expect(formatIsoInstant(Date.parse('2026-12-01T10:00:00Z'), zoneOffsets('UTC'))).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    expect(formatIsoInstant(Date.parse('2026-12-01T10:00:00Z'), zoneOffsets('Asia/Kolkata'))).toBe(
      '2026-12-01T15:30:00.000+05:30',
    );
    expect(formatIsoInstant(Date.parse('2026-12-01T10:00:00Z'), zoneOffsets('America/St_Johns'))).toBe(
      '2026-12-01T06:30:00.000-03:30',
    );
  });
});

describe('ISO durations', () => {
  it('reads time durations', () => {
    expect(parseIsoDuration('PT5M')).toBe(300_000);
    expect(parseIsoDuration('PT4H30M')).toBe(16_200_000);
    expect(parseIsoDuration('PT0.555S')).toBe(555);
    expect(parseIsoDuration('PT1.5H')).toBe(5_400_000);
  });
});
