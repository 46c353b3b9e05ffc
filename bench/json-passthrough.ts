// Baseline: read JSON lines and write one JSON line per input, doing no SLA work.
// It bounds what any line-oriented CLI can reach on this machine.
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  const cut = pending.lastIndexOf('\n');
  if (cut < 0) return;
  let out = '';
  for (const line of pending.slice(0, cut).split('\n')) {
    if (!line) continue;
    const v = JSON.parse(line) as Record<string, unknown>;
    out += `${JSON.stringify({ policy: v.policy, priority: v.priority, openedAt: v.openedAt, response: { dueAt: v.openedAt }, resolution: { dueAt: v.openedAt } })}\n`;
  }
  pending = pending.slice(cut + 1);
  if (!process.stdout.write(out)) {
    process.stdin.pause();
    process.stdout.once('drain', () => process.stdin.resume());
  }
});
