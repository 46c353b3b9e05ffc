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
  // Idle connections close after 4 s (as undici's do): a server may drop one it kept
  // longer, and a request sent on it would fail as "may have been sent".
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
    'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  };
  const timeoutMs = options.timeoutMs ?? 0;
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = bytesOf(init.body);
    const protocol = url.protocol as keyof typeof agents;
    if (body === undefined || input instanceof Request || !(protocol in agents))
      return globalThis.fetch(input, withTimeout(init, timeoutMs));
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const contentType = defaultContentType(init.body);
    if (contentType && !headers.has('content-type')) headers.set('content-type', contentType);
    if (body.length > 0 || !['GET', 'HEAD'].includes(method))
      headers.set('content-length', String(body.length));
    return send(url, {
      method,
      headers: Object.fromEntries(headers.entries()),
      body,
      agent: agents[protocol],
      timeoutMs,
      signal: init.signal ?? undefined,
      redirectIsError: init.redirect === 'error',
    });
  };
}

const IDLE_SOCKET_MS = 4_000;

/** The type fetch gives a text or form body of its own accord. */
function defaultContentType(body: RequestInit['body']): string | undefined {
  if (typeof body === 'string') return 'text/plain;charset=UTF-8';
  if (body instanceof URLSearchParams) return 'application/x-www-form-urlencoded;charset=UTF-8';
  return undefined;
}

/** The platform's fetch keeps the same timeout, beside the caller's own signal. */
function withTimeout(init: RequestInit, timeoutMs: number): RequestInit {
  if (timeoutMs <= 0) return init;
  const timeout = AbortSignal.timeout(timeoutMs);
  return { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout };
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
  /** fetch's `redirect: 'error'`: a redirect is a failed request, not an answer. */
  readonly redirectIsError: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

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
          if (call.redirectIsError && REDIRECTS.has(res.statusCode ?? 0))
            throw new TypeError(
              `fetch failed: ${url.host} redirected (${res.statusCode}) where no redirect was allowed`,
            );
          resolve(toResponse(url, res, bytes));
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
function toResponse(url: URL, res: IncomingMessage, bytes: Buffer): Response {
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
    url: { value: url.href },
    clone: {
      value: () => {
        if (used) throw new TypeError('Body has already been read');
        return toResponse(url, res, bytes);
      },
    },
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
