import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../ports/logger.js';
import { slackShapeProblem } from './slack-shape.js';
import { verifySlackSignature } from './slack-signature.js';

/** Slack's own payloads are a few KB; anything past this is refused unread. */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;
/** Slack waits 3 s for an answer; leave room for the network. */
const ACK_BUDGET_MS = 2_500;

class BodyTooLarge extends Error {}

async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  res.statusCode = status;
  if (body === undefined) {
    res.end();
  } else if (typeof body === 'string') {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(body);
  } else {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  }
}

function parseBody(raw: Buffer, contentType: string): Record<string, unknown> {
  // Slack sends UTF-8 only: another charset would be read as something it is not.
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset && !/^utf-?8$/i.test(charset))
    throw new SyntaxError(`unsupported charset "${charset}" (UTF-8 only)`);
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json')) return JSON.parse(text) as Record<string, unknown>;
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(text));
    // Interactivity sends its JSON in a "payload" field; slash commands are plain fields.
    return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
  }
  throw new SyntaxError(`unsupported content type "${contentType}"`);
}

/**
 * Bolt's Receiver on our restify server (one process, one port): checks the signature
 * over the raw bytes before parsing, limits the body, answers url_verification, and
 * acks within Slack's 3 seconds.
 */
export class RestifySlackReceiver implements Receiver {
  private app: App | undefined;

  constructor(
    private readonly options: {
      readonly signingSecret: string;
      readonly logger: Logger;
      readonly nowSeconds: () => number;
    },
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const log = this.options.logger;
    let raw: Buffer;
    try {
      raw = await readRawBody(req, MAX_SLACK_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLarge)
        return reply(res, 413, { error: 'payload_too_large', limitBytes: MAX_SLACK_BODY_BYTES });
      throw err;
    }
    const now = this.options.nowSeconds();
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const check = verifySlackSignature(
      this.options.signingSecret,
      { signature: header('x-slack-signature'), timestamp: header('x-slack-request-timestamp') },
      raw,
      now,
    );
    if (!check.ok) {
      log.warn({ reason: check.reason }, 'refused a Slack request');
      return reply(res, 401, { error: 'invalid_signature', message: check.reason });
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, header('content-type') ?? '');
    } catch (err) {
      return reply(res, 400, { error: 'bad_request', message: (err as Error).message.slice(0, 200) });
    }
    const shape = slackShapeProblem(body);
    if (shape) return reply(res, 400, { error: 'bad_request', message: shape });
    if (body.type === 'url_verification') return reply(res, 200, { challenge: body.challenge });
    if (body.ssl_check) return reply(res, 200);
    if (body.type === 'app_rate_limited') {
      // Slack holds back a workspace's events past 30,000 an hour: those never come, so say so.
      log.warn(
        { teamId: body.team_id ?? null, minuteRateLimited: Number(body.minute_rate_limited) || null },
        'Slack rate-limited the events sent to this app (app_rate_limited); some events were not delivered',
      );
      return reply(res, 200);
    }
    // Retries are passed on: SlackBot's first middleware drops event ids already seen
    // (the same check serves Socket Mode).
    const retryNum = Number(header('x-slack-retry-num') ?? 0) || undefined;
    if (!this.app) return reply(res, 503, { error: 'not_ready' });

    // Events are answered only once their work is committed (Bolt acks them before the
    // listeners run): a crash or an error before the commit leaves Slack to retry, and
    // the inbox makes the retry change nothing if the first try did commit.
    const deferAck = body.type === 'event_callback';
    let acked = false;
    const answer = (status: number, response?: unknown) => {
      if (acked) return;
      acked = true;
      clearTimeout(timer);
      reply(res, status, response === undefined || response === '' ? undefined : response);
    };
    const timer = setTimeout(() => {
      if (!acked) {
        log.warn({ type: body.type }, 'no ack within 2.5 s: acknowledged on the listener’s behalf');
        answer(200);
      }
    }, ACK_BUDGET_MS);
    const event: ReceiverEvent = {
      body,
      ...(retryNum !== undefined ? { retryNum, retryReason: header('x-slack-retry-reason') ?? '' } : {}),
      ack: async (response?: unknown) => {
        if (!deferAck) answer(200, response);
      },
    };
    try {
      await this.app.processEvent(event);
      answer(200);
    } catch (err) {
      const errorId = randomUUID().slice(0, 8);
      log.error({ errorId, err }, 'Slack listener failed');
      answer(500, { error: 'internal_error', errorId });
    }
  }
}
