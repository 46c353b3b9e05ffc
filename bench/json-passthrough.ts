import { answerLines } from '../src/tools/line-streams.js';

// Baseline: read JSON lines and write one JSON line per input, doing no SLA work.
// It bounds what any line-oriented CLI can reach on this machine.
await answerLines(process.stdin, process.stdout, (line) => {
  const v = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify({
    policy: v.policy,
    priority: v.priority,
    openedAt: v.openedAt,
    response: { dueAt: v.openedAt },
    resolution: { dueAt: v.openedAt },
  });
});
