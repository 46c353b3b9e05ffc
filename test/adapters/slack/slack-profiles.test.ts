import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { SlackProfiles } from '../../../src/adapters/slack/slack-profiles.js';

const logger = { info() {}, warn() {}, error() {}, child: () => logger };
const clock = { now: () => Date.now() };

/** A users.info that answers every user with a long name, counting its calls. */
function client(nameLength: number) {
  const calls: string[] = [];
  const fake = {
    users: {
      info: async ({ user }: { user: string }) => {
        calls.push(user);
        return { ok: true, user: { real_name: `${user} ${'n'.repeat(nameLength)}`, tz: 'Europe/Amsterdam' } };
      },
    },
  };
  return { calls, client: fake as unknown as WebClient };
}

describe('the Slack profile cache', () => {
  it('holds at most its entry bound, dropping the least recently used first', async () => {
    const profiles = new SlackProfiles(logger, clock, { maxEntries: 10, maxChars: 1_000_000 });
    const { calls, client: c } = client(10);
    await profiles.get(c, 'UKEEP');
    for (let i = 0; i < 100; i++) {
      await profiles.get(c, `U${i}X`);
      // Used again and again: never the least recently used.
      await profiles.get(c, 'UKEEP');
    }
    expect(profiles.size.entries).toBe(10);
    expect(calls.filter((u) => u === 'UKEEP')).toHaveLength(1);
    // The first users were dropped: asked again, they are looked up again.
    await profiles.get(c, 'U0X');
    expect(calls.filter((u) => u === 'U0X')).toHaveLength(2);
  });

  it('holds at most its size bound, however long the names users.info returns', async () => {
    const profiles = new SlackProfiles(logger, clock, { maxEntries: 5_000, maxChars: 20_000 });
    const { client: c } = client(200_000);
    for (let i = 0; i < 100; i++) await profiles.get(c, `U${i}Y`);
    expect(profiles.size.chars).toBeLessThanOrEqual(20_000);
    expect(profiles.size.entries).toBeGreaterThan(0);
  });

  it('asks a failing users.info once a minute, not on every event, and keeps a late answer', async () => {
    let now = 1_000_000;
    const at = { now: () => now };
    const profiles = new SlackProfiles(logger, at);
    let calls = 0;
    let answer: () => Promise<unknown> = async () => {
      throw new Error('service_unavailable');
    };
    const info = () => {
      calls += 1;
      return answer();
    };
    const c = { users: { info } } as unknown as WebClient;
    for (let i = 0; i < 5; i++)
      expect((await profiles.get(c, 'UDOWN', 100)).timeZone).toBe('Europe/Amsterdam');
    expect(calls).toBe(1);
    // A minute on, asked again; this time slow, answering after the deadline.
    now += 61_000;
    answer = () =>
      new Promise((resolve) =>
        setTimeout(() => resolve({ ok: true, user: { tz: 'America/New_York', locale: 'nl-NL' } }), 150),
      );
    expect((await profiles.get(c, 'UDOWN', 20)).timeZone).toBe('Europe/Amsterdam');
    expect(calls).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await profiles.get(c, 'UDOWN', 20)).toMatchObject({
      timeZone: 'America/New_York',
      language: 'nl',
    });
    expect(calls).toBe(2);
  });

  it('neither looks up nor keeps what is no Slack user id', async () => {
    const profiles = new SlackProfiles(logger, clock);
    const { calls, client: c } = client(1);
    for (const bogus of ['x'.repeat(1_500_000), '[object Object]', 'undefined', '']) {
      const profile = await profiles.get(c, bogus);
      expect(profile.language).toBe('en');
    }
    expect(calls).toEqual([]);
    expect(profiles.size).toEqual({ entries: 0, chars: 0 });
  });
});
