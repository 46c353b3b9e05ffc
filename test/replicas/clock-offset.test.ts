import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { offsetClock, systemClock } from '../../src/adapters/system/system-clock.js';
import { createAppContext } from '../../src/wiring/app-context.js';

// TICKETBOT_CLOCK_OFFSET_MS puts one process's clock off, for drills and the replicas test;
// the store keeps its own time.

describe('TICKETBOT_CLOCK_OFFSET_MS', () => {
  it('shifts the app clock by whole milliseconds, either way', () => {
    for (const offset of [300_000, -300_000]) {
      const before = Date.now();
      const now = offsetClock(String(offset)).now();
      expect(now - offset).toBeGreaterThanOrEqual(before);
      expect(now - offset).toBeLessThanOrEqual(Date.now());
    }
  });

  it('is the system clock itself when unset or empty', () => {
    expect(offsetClock(undefined)).toBe(systemClock);
    expect(offsetClock(' ')).toBe(systemClock);
  });

  it('refuses what is no whole number of milliseconds, naming the setting', () => {
    for (const bad of ['5m', '1.5', 'NaN', '1e30'])
      expect(() => offsetClock(bad)).toThrow(/TICKETBOT_CLOCK_OFFSET_MS.*whole number/);
  });

  it("shifts the clock of the app a process starts with, not the store's", async () => {
    const context = await createAppContext({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'ticketbot-offset-')),
      TICKETBOT_CLOCK_OFFSET_MS: String(-240_000),
    });
    try {
      const store = await context.store.timers.now();
      const app = context.clock.now();
      expect(store - app).toBeGreaterThan(239_000);
      expect(store - app).toBeLessThan(241_000);
    } finally {
      await context.store.close();
    }
  });
});
