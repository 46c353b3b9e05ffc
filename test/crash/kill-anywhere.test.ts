import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { runCampaign, startFakeSlack } from './crash-campaign.js';
import { inspect, settle } from './crash-checks.js';

// SIGKILL at random moments of a stream of intakes, clicks and timer firings, 200 times.
// Each kill costs a start of the real program (about 1.5 s of CPU: Bolt, botbuilder,
// restify), so this is the longest file of `npm test` (7 to 12 minutes on 2 cores, with
// the other files running beside it); `npm run bench -- --only crash` runs 400.
// CRASH_KILLS=20 makes a quick local run.
const KILLS = Number(process.env.CRASH_KILLS ?? 200);

let api: FakeSlackApi | undefined;

afterAll(async () => {
  await api?.stop();
});

describe('the bot killed anywhere, again and again', () => {
  it(`loses no ticket it announced, sends nothing twice and ends every card right, across ${KILLS} kills`, async () => {
    api = await startFakeSlack();
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ticketbot-kill-')), 'data');
    mkdirSync(dataDir);
    const report = await runCampaign({
      dataDir,
      api,
      kills: KILLS,
      // Never stopped by time: all KILLS kills, however slow the machine (the test's timeout bounds it).
      minKills: KILLS,
    });
    const settling = Date.now();
    expect(report.unexpectedExits, report.unexpectedExits.join('\n---\n')).toEqual([]);
    expect(report.kills).toBeGreaterThanOrEqual(KILLS);
    await settle(dataDir, api);
    const found = await inspect(dataDir, api, report);
    const settled = (Date.now() - settling) / 1000;
    console.info(
      `crash: ${report.kills} kills (${report.killsDuringStart} during start) in ${report.seconds.toFixed(1)} s (then ${settled.toFixed(1)} s to drain and check); ` +
        `${report.requests} requests, ${report.acknowledged} acknowledged; ${found.tickets} tickets ` +
        `(${found.announced} announced), ${found.transitions} timeline entries, ${found.breachNotices} breach notices; ` +
        `${found.posts} messages and ${found.cardUpdates} card updates checked, ${found.cardCopies} card copies`,
    );
    expect(found.integrity).toBe('ok');
    // The stream really ran: tickets from both intakes, agents' actions and timers firing.
    expect(found.announced).toBeGreaterThan(report.kills / 4);
    expect(found.transitions).toBeGreaterThan(0);
    expect(found.breachNotices).toBeGreaterThan(0);
    expect(found.announcedMissing).toEqual([]);
    expect(found.formsAckedWithoutTicket).toEqual([]);
    expect(found.formsDoubled).toEqual([]);
    expect(found.postsWithoutKey).toBe(0);
    expect(found.duplicates).toEqual([]);
    expect(found.staleCards).toEqual([]);
  }, 2_400_000);
});
