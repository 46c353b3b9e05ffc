/**
 * `work`, or the error `onLate` builds once `ms` have passed without an outcome. The work
 * itself goes on (a request already on the wire cannot be taken back); its later failure
 * is swallowed so it never surfaces as an unhandled rejection.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onLate: () => Error): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onLate()), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

class StillRunning extends Error {}

/**
 * Waits for `work` at most `ms`: true once it settled in that time (its failure is thrown),
 * false when it still runs (it goes on alone).
 */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<boolean> {
  try {
    await withDeadline(work, ms, () => new StillRunning());
    return true;
  } catch (err) {
    if (err instanceof StillRunning) return false;
    throw err;
  }
}
