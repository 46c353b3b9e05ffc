import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJsonOr, readBodyText } from './http-body.js';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly authorization: string | undefined;
}

/**
 * A local stand-in for the Bot Framework connector (the activity's serviceUrl):
 * records what the bot sends and answers like the real service.
 */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  private server: Server | undefined;
  private counter = 0;
  url = '';

  private failures: number[] = [];
  private holds: number[] = [];
  private readonly refused = new WeakSet<object>();
  private readonly held = new Set<() => void>();

  /** The next sends to a conversation (POST .../activities) answer with this status, unsent. */
  failNext(times: number, status = 500): void {
    for (let i = 0; i < times; i++) this.failures.push(status);
  }

  /** The next sends to a conversation are answered only after `ms` (a hanging connector). */
  holdNext(times: number, ms: number): void {
    for (let i = 0; i < times; i++) this.holds.push(ms);
  }

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const body = await readJson(req);
      const call = {
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        authorization: req.headers.authorization,
      };
      this.calls.push(call);
      res.setHeader('content-type', 'application/json');
      const isSend = req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '');
      if (isSend && this.holds.length > 0) {
        const ms = this.holds.shift()!;
        await new Promise<void>((resolve) => {
          const release = () => {
            clearTimeout(timer);
            this.held.delete(release);
            resolve();
          };
          const timer = setTimeout(release, ms);
          this.held.add(release);
        });
      }
      if (isSend && this.failures.length > 0) {
        this.refused.add(call.body);
        res.statusCode = this.failures.shift()!;
        res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'connector failure (test)' } }));
        return;
      }
      if (req.method === 'POST' && req.url === '/v3/conversations') {
        this.counter += 1;
        // Like Teams: a channel thread is named after its first post.
        const channel =
          (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? '19:unknown';
        res.end(
          JSON.stringify({
            id: `${channel};messageid=channel-act-${this.counter}`,
            activityId: `channel-act-${this.counter}`,
          }),
        );
        return;
      }
      if (req.method === 'POST' || req.method === 'PUT') {
        this.counter += 1;
        const idFromPath =
          req.method === 'PUT' ? decodeURIComponent(req.url!.split('/').pop()!) : `bot-act-${this.counter}`;
        res.end(JSON.stringify({ id: idFromPath }));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  /** Activities the bot sent (POSTs to a conversation), from a given index on. */
  sent(from = 0): Array<Record<string, unknown>> {
    return this.calls
      .slice(from)
      .filter((c) => c.method === 'POST' && c.path.startsWith('/v3/conversations/'))
      .map((c) => c.body);
  }

  /** Activities the connector took (not failed), from a given index on. */
  delivered(from = 0): Array<Record<string, unknown>> {
    return this.sent(from).filter((body) => !this.refused.has(body));
  }

  updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  async stop(): Promise<void> {
    for (const release of [...this.held]) release();
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server?.closeAllConnections();
    await closed;
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBodyText(req);
  return text ? (parseJsonOr(text, (raw) => ({ raw })) as Record<string, unknown>) : {};
}
