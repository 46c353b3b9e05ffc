import { Agent, request as httpRequest } from 'node:http';

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

/** POSTs over a kept-alive connection; resolves with the status and body, rejects on no answer. */
function post(
  agent: Agent,
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends every request over `concurrency` keep-alive connections (node:http: far cheaper
 * per request than fetch, so the server is what is measured), and counts the answers.
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
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      try {
        const response = await post(agent, new URL(request.path, baseUrl), request.headers(), request.body);
        const { text } = response;
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
  agent.destroy();
  return { statuses, networkErrors, samples, refusals, ms: Date.now() - started };
}

export function count5xx(result: PoolResult): number {
  let n = 0;
  for (const [status, times] of result.statuses) if (status >= 500) n += times;
  return n;
}
