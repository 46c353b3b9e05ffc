import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { burstBench } from './burst-bench.js';
import { crashBench } from './crash-bench.js';
import { intakeBench } from './intake-bench.js';
import { replicasBench } from './replicas-bench.js';
import { slaBench } from './sla-bench.js';
import { slackBench } from './slack-bench.js';
import { teamsBench } from './teams-bench.js';
import { timersBench } from './timers-bench.js';

// npm run bench [-- --sla-lines N]: figures and ratios against baselines measured in the same run.
const SECTIONS = ['sla', 'intake', 'teams', 'slack', 'timers', 'replicas', 'burst'];
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (only !== undefined && ![...SECTIONS, 'crash'].includes(only)) {
  console.error(`unknown section "${only}": one of ${[...SECTIONS, 'crash'].join(', ')}`);
  process.exit(2);
}
if (!process.env.TICKETBOT_BENCH_SECTION)
  console.log(`# ticketbot benchmarks (node ${process.version}, ${new Date().toISOString()})`);
if (!only) {
  // Each section in a fresh process: one section's heap and file caches must not colour
  // another's latency tails (a 10 s run at 200 events/s after the SLA run saw its p99 x5).
  for (const section of SECTIONS) {
    const { status } = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...args, '--only', section],
      { stdio: 'inherit', env: { ...process.env, TICKETBOT_BENCH_SECTION: section } },
    );
    if (status !== 0) process.exit(status ?? 1);
  }
  process.exit(0);
}
if (only === 'sla') await slaBench(flag('--sla-lines', 200_000));
if (only === 'intake') await intakeBench(flag('--conversations', 2_000), flag('--unfinished', 10_000));
if (only === 'teams') await teamsBench(flag('--teams-users', 200), flag('--concurrency', 8));
if (only === 'slack') await slackBench(flag('--slack-users', 200), flag('--concurrency', 8));
if (only === 'timers')
  await timersBench(flag('--timer-tickets', 100_000), flag('--timer-due', 3_000), flag('--lag-tickets', 500));
if (only === 'replicas')
  await replicasBench(
    flag('--replica-conversations', 24),
    flag('--replica-intakes', 192),
    flag('--replica-rounds', 3),
  );
if (only === 'burst') await burstBench(flag('--reporters', 1_000), flag('--burst-seconds', 60));
// Hundreds of SIGKILLs take minutes: only when asked for.
if (only === 'crash') await crashBench(flag('--kills', 400));
