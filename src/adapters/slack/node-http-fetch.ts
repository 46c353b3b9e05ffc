import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface NodeHttpFetchOptions {
  /** A request not answered in full by then fails with an error that says "timeout" (0: never). */
  readonly timeoutMs?: number;
}

type Fetch = typeof globalThis.fetch;

/**
 * A `fetch` for the Slack Web API clients on node:http, with kept-alive connections.
 * Under load, undici's fetch kept each answer (and an `AbortSignal.timeout` timer per call
 * for 20 s) alive into the old generation, so the collector stopped the event loop for
 * longer and more often; here a call's timer is cleared as soon as its answer is in.
 * Bodies other than text, bytes or form fields (file uploads' multipart forms) go to the
 * platform's fetch.
 */
export function nodeHttpFetch(options: NodeHttpFetchOptions = {}): Fetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true }),
  };
  const timeoutMs = options.timeoutMs ?? 0;
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = bytesOf(init.body);
    const protocol = url.protocol as keyof typeof agents;
    if (body === undefined || input instanceof Request || !(protocol in agents))
      return globalThis.fetch(input, init);
    const headers = new Headers(init.headers);
    if (body.length > 0 && !headers.has('content-type') && init.body instanceof URLSearchParams)
      headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    headers.set('content-length', String(body.length));
    return send(url, {
      method: init.method ?? 'GET',
      headers: Object.fromEntries(headers.entries()),
      body,
      agent: agents[protocol],
      timeoutMs,
      signal: init.signal ?? undefined,
    });
  };
}

/** The body as bytes, or undefined for a body this fetch leaves to the platform's. */
function bytesOf(body: RequestInit['body']): Buffer | undefined {
  if (body === null || body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string' || body instanceof URLSearchParams) return Buffer.from(String(body));
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return undefined;
}

interface Call {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly agent: HttpAgent;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

function send(url: URL, call: Call): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (call.signal?.aborted) return reject(call.signal.reason);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown) => {
      finish();
      reject(err);
    };
    const req = request(url, { method: call.method, headers: call.headers, agent: call.agent }, (res) =>
      collect(res).then((bytes) => {
        finish();
        try {
          resolve(toResponse(res, bytes));
        } catch (err) {
          reject(err);
        }
      }, fail),
    );
    const onAbort = () => req.destroy(call.signal?.reason ?? new Error('aborted'));
    call.signal?.addEventListener('abort', onAbort, { once: true });
    if (call.timeoutMs > 0) {
      timer = setTimeout(() => {
        const err = new Error(`${url.host} did not answer within ${call.timeoutMs / 1000} s (timeout)`);
        err.name = 'TimeoutError';
        req.destroy(err);
      }, call.timeoutMs);
      timer.unref();
    }
    req.on('error', fail);
    req.end(call.body);
  });
}

function collect(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('the answer was cut off')));
  });
}

/**
 * A Response for an answer already read in full. Its body is served from those bytes:
 * building a web stream for every small JSON answer was a tenth of this fetch's cost.
 */
function toResponse(res: IncomingMessage, bytes: Buffer): Response {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2)
    headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const response = new Response(null, {
    status: res.statusCode ?? 502,
    statusText: res.statusMessage ?? '',
    headers,
  });
  let used = false;
  const take = async (): Promise<Buffer> => {
    if (used) throw new TypeError('Body has already been read');
    used = true;
    return bytes;
  };
  let stream: ReadableStream<Uint8Array> | undefined;
  Object.defineProperties(response, {
    body: { get: () => (stream ??= new Blob([new Uint8Array(bytes)]).stream()) },
    bodyUsed: { get: () => used },
    text: { value: async () => (await take()).toString('utf8') },
    json: { value: async () => JSON.parse((await take()).toString('utf8')) as unknown },
    arrayBuffer: { value: async () => new Uint8Array(await take()).buffer },
    bytes: { value: async () => new Uint8Array(await take()) },
    blob: { value: async () => new Blob([new Uint8Array(await take())]) },
  });
  return response;
}
