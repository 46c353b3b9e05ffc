import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJsonOr, readBodyText } from './http-body.js';

export interface SlackCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
}

/**
 * A local Slack Web API (reached through SLACK_API_URL): answers like Slack and
 * records every call. `failNext` makes the next calls of a method fail (429 or 500).
 */
export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  readonly locales = new Map<string, string>();
  private server: Server | undefined;
  private ts = 1_700_000_000;
  private failures = new Map<string, Array<{ status: number; retryAfter?: number }>>();
  socketUrl = '';
  url = '';

  private readonly overrides = new Map<string, Record<string, unknown>>();

  /** Answers a method with this body from now on (e.g. { ok: false, error: 'invalid_auth' }). */
  override(method: string, body: Record<string, unknown>): void {
    this.overrides.set(method, body);
  }

  /**
   * The next calls of a method are carried out, but answered with a 5xx: the client
   * cannot tell whether Slack took them (a lost response).
   */
  loseResponseNext(method: string, times = 1): void {
    this.lostResponses.set(method, (this.lostResponses.get(method) ?? 0) + times);
  }

  private lostResponses = new Map<string, number>();

  failNext(method: string, status: number, times = 1, retryAfter?: number): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++)
      list.push({ status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
    this.failures.set(method, list);
  }

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      const args = await readArgs(req);
      this.calls.push({ method, args });
      res.setHeader('content-type', 'application/json');
      const failure = this.failures.get(method)?.shift();
      if (failure) {
        res.statusCode = failure.status;
        if (failure.retryAfter !== undefined) res.setHeader('retry-after', String(failure.retryAfter));
        res.end(
          JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal_error' }),
        );
        return;
      }
      const answer = this.overrides.get(method) ?? this.answer(method, args);
      const lost = this.lostResponses.get(method) ?? 0;
      if (lost > 0) {
        this.lostResponses.set(method, lost - 1);
        res.statusCode = 502;
        res.end('bad gateway');
        return;
      }
      res.end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api/`;
    return this;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'ticketbot', team: 'Acme' };
      case 'users.info': {
        const user = String(args.user);
        return {
          ok: true,
          user: {
            id: user,
            name: user.toLowerCase(),
            real_name: `User ${user}`,
            tz: 'Europe/Amsterdam',
            locale: this.locales.get(user) ?? 'en-US',
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'chat.postMessage':
        this.ts += 1;
        // Kept with the recorded call, so a test can press a button of this message.
        args.ts = `${this.ts}.000100`;
        return { ok: true, channel: args.channel, ts: args.ts, message: { text: args.text } };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.ts}.000200` };
      case 'views.open':
        return { ok: true, view: { id: `V${this.calls.length}` } };
      case 'conversations.history':
      case 'conversations.replies': {
        // The messages posted to that channel, newest first, with their metadata.
        const messages = this.of('chat.postMessage')
          .filter((m) => m.channel === args.channel && typeof m.ts === 'string')
          .map((m) => ({ ts: m.ts, text: m.text, metadata: parseMaybe(m.metadata) }))
          .reverse();
        return { ok: true, messages };
      }
      case 'apps.connections.open':
        return { ok: true, url: this.socketUrl };
      default:
        return { ok: true };
    }
  }

  /** Calls of one method, from an index on. */
  of(method: string, from = 0): Array<Record<string, unknown>> {
    return this.calls
      .slice(from)
      .filter((c) => c.method === method)
      .map((c) => c.args);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function parseMaybe(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readArgs(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBodyText(req);
  if ((req.headers['content-type'] ?? '').includes('json'))
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    // The Web API client sends blocks and attachments as JSON strings in form fields.
    const structured = key === 'blocks' || key === 'attachments' || key === 'view';
    args[key] =
      structured && (value.startsWith('[') || value.startsWith('{'))
        ? parseJsonOr(value, (raw) => raw)
        : value;
  }
  return args;
}
