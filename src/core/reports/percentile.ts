/**
 * The p-th percentile (0..1) by linear interpolation between the closest ranks (as
 * spreadsheets' PERCENTILE.INC), rounded to whole milliseconds; null for no values.
 * The median of [2, 4] is 3.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const value = sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
  return Math.round(value);
}
