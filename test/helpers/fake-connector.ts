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

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const body = await readJson(req);
      this.calls.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        authorization: req.headers.authorization,
      });
      res.setHeader('content-type', 'application/json');
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

  updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBodyText(req);
  return text ? (parseJsonOr(text, (raw) => ({ raw })) as Record<string, unknown>) : {};
}
