import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedCall } from './fake-connector.js';
import { parseJsonOr, readBodyText } from './http-body.js';

/** What a call to Graph carried (the connector's fake records the same). */
export type GraphCall = RecordedCall;

/** A local stand-in for Microsoft Graph: creates channels, refuses taken names, or refuses all. */
export class FakeGraph {
  readonly calls: GraphCall[] = [];
  readonly taken = new Set<string>();
  /** Ids of the channels created, in order. */
  readonly created: string[] = [];
  refuse: { status: number; code: string; message: string } | null = null;
  /** The next channel creations are carried out but answered 500 (a lost answer). */
  loseNext = 0;
  /** Channel ids by display name (those made here; a name only taken has an id of its own). */
  private readonly ids = new Map<string, string>();
  private server: Server | undefined;
  private counter = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const text = await readBodyText(req);
      const body = (text ? parseJsonOr(text, (raw) => ({ raw })) : {}) as Record<string, unknown>;
      const path = decodeURIComponent(req.url ?? '');
      this.calls.push({ method: req.method ?? '', path, body, authorization: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      const reply = (status: number, answer: unknown) => {
        res.statusCode = status;
        res.end(answer === undefined ? '' : JSON.stringify(answer));
      };
      if (this.refuse) {
        const { status, code, message } = this.refuse;
        return reply(status, { error: { code, message } });
      }
      if (req.method === 'POST' && /^\/v1\.0\/teams\/[^/]+\/channels$/.test(path)) {
        const name = String(body.displayName);
        if (this.taken.has(name)) {
          return reply(409, {
            error: {
              code: 'NameAlreadyExists',
              message: 'Channel name already existed, please use other name.',
            },
          });
        }
        this.taken.add(name);
        this.counter += 1;
        const id = `19:incident-${this.counter}@thread.tacv2`;
        this.created.push(id);
        this.ids.set(name, id);
        if (this.loseNext > 0) {
          this.loseNext -= 1;
          return reply(500, { error: { code: 'InternalServerError', message: 'Something went wrong.' } });
        }
        return reply(201, { id, displayName: name });
      }
      const list = /^\/v1\.0\/teams\/[^/]+\/channels\?\$filter=displayName eq '(.*)'$/.exec(path);
      if (req.method === 'GET' && list) {
        const name = list[1]!.replace(/''/g, "'");
        const value = this.taken.has(name)
          ? [{ id: this.ids.get(name) ?? `19:other-${name}@thread.tacv2`, displayName: name }]
          : [];
        return reply(200, { value });
      }
      if (req.method === 'POST' && /^\/v1\.0\/teams\/[^/]+\/channels\/[^/]+\/archive$/.test(path)) {
        return reply(202, undefined);
      }
      return reply(404, { error: { code: 'NotFound', message: 'no such route' } });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1.0/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
