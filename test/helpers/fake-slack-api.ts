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

  /** Channel names in use: conversations.create answers name_taken for them. */
  readonly takenNames = new Set<string>();
  /** Channels made with conversations.create, by id: name, members, pins, topic, archived. */
  readonly channels = new Map<
    string,
    {
      name: string;
      members: Set<string>;
      pins: string[];
      topic: string;
      archived: boolean;
      creator?: string;
    }
  >();
  /** People conversations.invite does not know (user_not_found). */
  readonly unknownUsers = new Set<string>();
  /** Messages people wrote (not through chat.postMessage), for conversations.history / replies. */
  private readonly seeded: Array<{ channel: string; ts: string; text: string; thread_ts?: string }> = [];
  private createRefusal: string | null = null;
  /** conversations.list answers at most this many channels a page (small, to test paging). */
  listPageSize = 1000;
  private channelSequence = 0;

  /** conversations.create is refused with this error (restricted_action by default); null allows it again. */
  refuseChannelCreation(error: string | null = 'restricted_action'): void {
    this.createRefusal = error;
  }

  /** A public channel someone else made (its name is taken for conversations.create). */
  addChannel(name: string, creator: string): string {
    this.takenNames.add(name);
    this.channelSequence += 1;
    const id = `COTHER${this.channelSequence}`;
    this.channels.set(id, {
      name,
      members: new Set([creator]),
      pins: [],
      topic: '',
      archived: false,
      creator,
    });
    return id;
  }

  /** A message someone wrote in a channel (a thread reply with threadTs). */
  addMessage(channel: string, message: { ts: string; text: string; threadTs?: string }): void {
    this.seeded.push({
      channel,
      ts: message.ts,
      text: message.text,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    });
  }

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

  private readonly refusals: Array<{
    method: string;
    match: (args: Record<string, unknown>) => boolean;
    error: string;
  }> = [];
  private readonly delays = new Map<string, number[]>();
  private readonly carriedOut = new WeakSet<object>();

  /** Answers the calls of a method that match with { ok: false, error } from now on (e.g. one channel). */
  refuseWhen(method: string, match: (args: Record<string, unknown>) => boolean, error: string): void {
    this.refusals.push({ method, match, error });
  }

  /** The next calls of a method are answered only after `ms` (a slow or hanging Slack). */
  delayNext(method: string, ms: number, times = 1): void {
    const list = this.delays.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(ms);
    this.delays.set(method, list);
  }

  /** The calls of a method Slack carried out (not failed, not refused), from an index on. */
  succeeded(method: string, from = 0): Array<Record<string, unknown>> {
    return this.of(method, from).filter((args) => this.carriedOut.has(args));
  }

  /**
   * The next `times` calls of a method that match (e.g. one channel) fail with this status,
   * a 429 with this Retry-After.
   */
  failWhen(
    method: string,
    match: (args: Record<string, unknown>) => boolean,
    failure: { readonly status: number; readonly retryAfter?: number },
    times = 1,
  ): void {
    this.matchedFailures.push({ method, match, failure, left: times });
  }

  private readonly matchedFailures: Array<{
    method: string;
    match: (args: Record<string, unknown>) => boolean;
    failure: { readonly status: number; readonly retryAfter?: number };
    left: number;
  }> = [];

  failNext(method: string, status: number, times = 1, retryAfter?: number): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++)
      list.push({ status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
    this.failures.set(method, list);
  }

  /** The scopes named in each answer's x-oauth-scopes header (none: no header). */
  grantedScopes: readonly string[] | undefined;

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      const args = await readArgs(req);
      this.calls.push({ method, args });
      res.setHeader('content-type', 'application/json');
      // As Slack does: the scopes the token was granted.
      if (this.grantedScopes) res.setHeader('x-oauth-scopes', this.grantedScopes.join(','));
      const matched = this.matchedFailures.find((r) => r.method === method && r.left > 0 && r.match(args));
      if (matched) matched.left -= 1;
      const failure = matched ? matched.failure : this.failures.get(method)?.shift();
      if (failure) {
        res.statusCode = failure.status;
        if (failure.retryAfter !== undefined) res.setHeader('retry-after', String(failure.retryAfter));
        res.end(
          JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal_error' }),
        );
        return;
      }
      const delay = this.delays.get(method)?.shift();
      if (delay !== undefined) await new Promise((r) => setTimeout(r, delay));
      const refusal = this.refusals.find((r) => r.method === method && r.match(args));
      const answer = refusal
        ? { ok: false, error: refusal.error }
        : (this.overrides.get(method) ?? this.answer(method, args));
      if (answer.ok === true) this.carriedOut.add(args);
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
        // The messages in that channel, newest first, with their metadata: history has the
        // channel's own messages, replies a thread (its parent and its replies); latest,
        // oldest, inclusive and limit as Slack reads them.
        const all = this.messagesIn(String(args.channel));
        const ts = String(args.ts ?? '');
        const root = all.find((m) => m.ts === ts)?.thread_ts ?? ts;
        const inRange = (m: { ts: string }) =>
          (args.latest === undefined ||
            compareTs(m.ts, String(args.latest)) < (isTrue(args.inclusive) ? 1 : 0)) &&
          (args.oldest === undefined ||
            compareTs(m.ts, String(args.oldest)) > (isTrue(args.inclusive) ? -1 : 0));
        const messages =
          method === 'conversations.history'
            ? all.filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && inRange(m))
            : all.filter((m) => (m.ts === root || m.thread_ts === root) && (m.ts === root || inRange(m)));
        const limit = args.limit === undefined ? messages.length : Number(args.limit);
        return { ok: true, messages: messages.slice(0, limit) };
      }
      case 'conversations.create': {
        if (this.createRefusal) return { ok: false, error: this.createRefusal };
        const name = String(args.name);
        if (this.takenNames.has(name)) return { ok: false, error: 'name_taken' };
        this.takenNames.add(name);
        this.channelSequence += 1;
        const id = `CINC${this.channelSequence}`;
        // The creator (the bot) is a member.
        this.channels.set(id, {
          name,
          members: new Set(['UBOT']),
          pins: [],
          topic: '',
          archived: false,
          creator: 'UBOT',
        });
        return { ok: true, channel: { id, name, is_channel: true, is_private: false, creator: 'UBOT' } };
      }
      case 'conversations.invite': {
        const channel = this.channels.get(String(args.channel));
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const users = String(args.users ?? '')
          .split(',')
          .filter(Boolean);
        // Without force, one bad id fails the whole call: nobody is invited.
        if (users.some((u) => this.unknownUsers.has(u))) return { ok: false, error: 'user_not_found' };
        if (users.includes('UBOT')) return { ok: false, error: 'cant_invite_self' };
        if (users.some((u) => channel.members.has(u))) return { ok: false, error: 'already_in_channel' };
        for (const user of users) channel.members.add(user);
        return { ok: true, channel: { id: args.channel } };
      }
      case 'conversations.list': {
        // Unarchived public channels, a page at a time (cursor: the index to go on from).
        const all = [...this.channels.entries()]
          .filter(([, c]) => !(isTrue(args.exclude_archived) && c.archived))
          .map(([id, c]) => ({ id, name: c.name, is_archived: c.archived, creator: c.creator ?? 'UBOT' }));
        const from = Number(args.cursor ?? 0);
        const limit = Math.min(Number(args.limit ?? 100), this.listPageSize);
        const page = all.slice(from, from + limit);
        const next = from + limit < all.length ? String(from + limit) : '';
        return { ok: true, channels: page, response_metadata: { next_cursor: next } };
      }
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://acme.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}`,
        };
      case 'pins.add': {
        const channel = this.channels.get(String(args.channel));
        const posted = this.messagesIn(String(args.channel)).some((m) => m.ts === args.timestamp);
        if (!channel || !posted) return { ok: false, error: 'message_not_found' };
        if (channel.pins.includes(String(args.timestamp))) return { ok: false, error: 'already_pinned' };
        channel.pins.push(String(args.timestamp));
        return { ok: true };
      }
      case 'conversations.setTopic': {
        const channel = this.channels.get(String(args.channel));
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (String(args.topic).length > 250) return { ok: false, error: 'too_long' };
        channel.topic = String(args.topic);
        return { ok: true, channel: { id: args.channel, topic: { value: channel.topic } } };
      }
      case 'conversations.archive': {
        const channel = this.channels.get(String(args.channel));
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (channel.archived) return { ok: false, error: 'already_archived' };
        channel.archived = true;
        return { ok: true };
      }
      case 'apps.connections.open':
        return { ok: true, url: this.socketUrl };
      default:
        return { ok: true };
    }
  }

  /** The bot's posts and the seeded messages of a channel, newest first. */
  private messagesIn(
    channel: string,
  ): Array<{ ts: string; text: unknown; thread_ts?: string; metadata?: unknown }> {
    const posted = this.of('chat.postMessage')
      .filter((m) => m.channel === channel && typeof m.ts === 'string')
      .map((m) => ({
        ts: String(m.ts),
        text: m.text,
        ...(typeof m.thread_ts === 'string' ? { thread_ts: m.thread_ts } : {}),
        metadata: parseMaybe(m.metadata),
      }));
    const seeded = this.seeded.filter((m) => m.channel === channel);
    return [...posted, ...seeded].sort((a, b) => compareTs(b.ts, a.ts));
  }

  /** Calls of one method, from an index on. */
  of(method: string, from = 0): Array<Record<string, unknown>> {
    return this.calls
      .slice(from)
      .filter((c) => c.method === method)
      .map((c) => c.args);
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    // A delayed answer still waiting must not hold the test's end.
    this.server?.closeAllConnections();
    await closed;
  }
}

/** Slack timestamps ("1700000000.000100") in order, without floating point. */
function compareTs(a: string, b: string): number {
  const [as = '0', au = ''] = a.split('.');
  const [bs = '0', bu = ''] = b.split('.');
  return Number(as) - Number(bs) || Number(au.padEnd(6, '0')) - Number(bu.padEnd(6, '0'));
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
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
