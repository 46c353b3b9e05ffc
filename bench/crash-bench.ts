import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCampaign, startFakeSlack } from '../test/crash/crash-campaign.js';
import { inspect, settle } from '../test/crash/crash-checks.js';
import { progress } from './bench-util.js';

/**
 * The crash campaign of test/crash at full length: replicas of the real program killed
 * `kills` times at random moments under traffic, then one more start that drains the
 * outbox, and the checks (nothing announced lost, nothing sent twice, every card right).
 */
export async function crashBench(kills: number): Promise<void> {
  console.log(`\n## Crash consistency: SIGKILL ${kills} times under traffic (2 replicas on one SQLite file)`);
  const api = await startFakeSlack();
  try {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ticketbot-crash-bench-')), 'data');
    mkdirSync(dataDir);
    // Fewer forms than the test: a long run would pile up more support-channel notices than drain quickly.
    const report = await runCampaign({
      dataDir,
      api,
      kills,
      deadlineMs: 3_600_000,
      log: progress,
      formPauseMs: 3_000,
    });
    const settling = Date.now();
    await settle(dataDir, api);
    const found = await inspect(dataDir, api, report);
    const problems = {
      unexpectedExits: report.unexpectedExits.length,
      announcedMissing: found.announcedMissing.length,
      formsAckedWithoutTicket: found.formsAckedWithoutTicket.length,
      formsDoubled: found.formsDoubled.length,
      postsWithoutKey: found.postsWithoutKey,
      duplicates: found.duplicates.length,
      staleCards: found.staleCards.length,
    };
    console.log(
      `kills survived: ${report.kills} (${report.killsDuringStart} during start) in ${report.seconds.toFixed(1)} s ` +
        `(${(report.seconds / report.kills).toFixed(2)} s per kill); drained and checked in ${((Date.now() - settling) / 1000).toFixed(1)} s`,
    );
    console.log(
      `traffic: ${report.requests} requests, ${report.acknowledged} acknowledged; ${found.tickets} tickets, ` +
        `${found.announced} announced; ${found.transitions} timeline entries; ${found.breachNotices} breach notices`,
    );
    console.log(
      `checked: ${found.posts} messages (outbox keys), ${found.cardUpdates} card updates, ${found.cardCopies} card copies; ` +
        `integrity_check ${found.integrity}`,
    );
    const bad = Object.entries(problems).filter(([, n]) => n > 0);
    console.log(
      bad.length
        ? `PROBLEMS: ${JSON.stringify(problems)}`
        : 'nothing lost, nothing sent twice, every card right',
    );
    for (const line of [...found.duplicates, ...found.staleCards, ...found.announcedMissing].slice(0, 20))
      console.log(`  ${line}`);
  } finally {
    await api.stop();
  }
}
