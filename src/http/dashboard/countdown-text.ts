/**
 * "2h 05m 13s left" / "overdue 4m 02s". The page script (dashboard-script.ts) writes the
 * same text every second; this is what a browser without JavaScript keeps showing.
 */
export function countdownText(remainingMs: number): string {
  const total = Math.floor(Math.abs(remainingMs) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const text =
    d > 0
      ? `${d}d ${pad(h)}h ${pad(m)}m ${pad(s)}s`
      : h > 0
        ? `${h}h ${pad(m)}m ${pad(s)}s`
        : `${m}m ${pad(s)}s`;
  return remainingMs >= 0 ? `${text} left` : `overdue ${text}`;
}
