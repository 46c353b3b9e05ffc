/** One request to send: a path, headers and a body (made when it is sent, so it can be signed then). */
export interface PlannedRequest {
  readonly path: string;
  readonly headers: () => Record<string, string>;
  readonly body: string;
}

export interface PoolResult {
  /** Answers by status code. */
  readonly statuses: Map<number, number>;
  /** Requests that got no answer at all (reset, refused, timed out). */
  readonly networkErrors: number;
  /** A few 5xx answers and failures, with the start of the body that caused them. */
  readonly samples: string[];
  /** 4xx answers by their body (the start of it): what refused the payloads. */
  readonly refusals: Map<string, number>;
  readonly ms: number;
}

/**
 * Sends every request over a few keep-alive connections (fetch pools them), `concurrency`
 * at a time, and counts the answers.
 */
export async function sendAll(
  baseUrl: string,
  requests: readonly PlannedRequest[],
  concurrency = 16,
): Promise<PoolResult> {
  const statuses = new Map<number, number>();
  const samples: string[] = [];
  const refusals = new Map<string, number>();
  let networkErrors = 0;
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      try {
        const response = await fetch(`${baseUrl}${request.path}`, {
          method: 'POST',
          headers: request.headers(),
          body: request.body,
          signal: AbortSignal.timeout(15_000),
        });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 400 && response.status < 500) {
          const reason = `${response.status} ${text.slice(0, 120)}`;
          refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
        }
        if (response.status >= 500 && samples.length < 8)
          samples.push(`${response.status} ${text.slice(0, 200)} <- ${request.body.slice(0, 400)}`);
      } catch (err) {
        networkErrors += 1;
        if (samples.length < 8) samples.push(`${(err as Error).message} <- ${request.body.slice(0, 400)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { statuses, networkErrors, samples, refusals, ms: Date.now() - started };
}

export function count5xx(result: PoolResult): number {
  let n = 0;
  for (const [status, times] of result.statuses) if (status >= 500) n += times;
  return n;
}
