import { signSlackRequest } from '../../src/adapters/slack/slack-signature.js';
import type { FakeSlackApi } from './fake-slack-api.js';

export const SIGNING_SECRET = 'test-signing-secret';

/** A server's environment for Slack against a fake Web API. */
export function slackEnv(api: FakeSlackApi): Record<string, string> {
  return { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: api.url };
}
let sequence = 0;

/** Sends signed requests in Slack's real payload shapes to the server's /slack/events. */
export class SlackUser {
  constructor(
    private readonly serverUrl: string,
    private readonly api: FakeSlackApi,
    readonly id: string,
    readonly team = 'T1',
  ) {}

  get dm(): string {
    return `D${this.id}`;
  }

  async send(
    body: string,
    contentType: string,
    options: { timestamp?: number; signature?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(`${this.serverUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': options.signature ?? signSlackRequest(SIGNING_SECRET, timestamp, body),
        ...options.headers,
      },
      body,
    });
  }

  eventBody(event: Record<string, unknown>, eventId?: string): string {
    sequence += 1;
    return JSON.stringify({
      token: 'legacy',
      team_id: this.team,
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: eventId ?? `Ev${sequence}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.team, user_id: 'UBOT', is_bot: true }],
      event: { ...event, event_ts: `${Date.now() / 1000}` },
    });
  }

  /** A direct message (message.im) and the bot's posts it caused. */
  async dmText(text: string, extra: Record<string, unknown> = {}): Promise<Array<Record<string, unknown>>> {
    const before = this.api.calls.length;
    sequence += 1;
    const response = await this.send(
      this.eventBody({
        type: 'message',
        channel_type: 'im',
        channel: this.dm,
        user: this.id,
        text,
        ts: `${1_700_000_000 + sequence}.0001`,
        ...extra,
      }),
      'application/json',
    );
    if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
    return this.postsSince(before);
  }

  /** An @mention of the bot (UBOT) in a channel: the bot's posts after it. */
  mention(channel: string, text: string, ts: string): Promise<Array<Record<string, unknown>>> {
    return this.inChannel({ type: 'app_mention', channel, text: `<@UBOT> ${text}`, ts });
  }

  /** A message in a channel, in a thread when `threadTs` is given: the bot's posts after it. */
  channelText(
    channel: string,
    text: string,
    ts: string,
    threadTs?: string,
  ): Promise<Array<Record<string, unknown>>> {
    return this.inChannel({
      type: 'message',
      channel_type: 'channel',
      channel,
      text,
      ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  }

  private async inChannel(event: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
    const before = this.api.calls.length;
    const response = await this.send(this.eventBody({ ...event, user: this.id }), 'application/json');
    if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
    return this.postsSince(before);
  }

  /**
   * Waits until the bot's posts settle (replies go out after the event is acked). A
   * users.info lookup alone is no answer yet: on a busy machine the reply can come
   * more than 20 ms after it.
   */
  async postsSince(before: number): Promise<Array<Record<string, unknown>>> {
    let last = -1;
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const count = this.api.calls.length;
      if (count === last && this.api.of('chat.postMessage', before).length > 0) break;
      last = count;
    }
    return this.api.of('chat.postMessage', before);
  }

  interaction(payload: Record<string, unknown>): string {
    return `payload=${encodeURIComponent(JSON.stringify({ team: { id: this.team }, user: { id: this.id }, api_app_id: 'A1', token: 'legacy', ...payload }))}`;
  }

  /** Presses a button of a bot message (block_actions). */
  async press(
    message: Record<string, unknown>,
    label: string,
    channel = this.dm,
  ): Promise<Array<Record<string, unknown>>> {
    type Element = { action_id: string; value: string; text?: { text?: string } };
    type Block = { type: string; block_id?: string; elements?: Element[] };
    const blocks = (message.blocks ??
      (message.attachments as Array<{ blocks: unknown[] }> | undefined)?.[0]?.blocks ??
      []) as Block[];
    const actions = blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements ?? []).map((e) => ({ ...e, block_id: b.block_id })));
    const button = actions.find((e) => e.text?.text === label);
    if (!button) throw new Error(`no button "${label}" among ${actions.map((e) => e.text?.text).join(', ')}`);
    const before = this.api.calls.length;
    const response = await this.send(
      this.interaction({
        type: 'block_actions',
        trigger_id: `trigger-${Date.now()}`,
        channel: { id: channel },
        container: { type: 'message', message_ts: message.ts ?? '1.1', channel_id: channel },
        message: { ts: message.ts ?? '1.1', text: message.text, blocks },
        actions: [
          {
            type: 'button',
            action_id: button.action_id,
            block_id: button.block_id,
            value: button.value,
            text: button.text,
            action_ts: '1',
          },
        ],
      }),
      'application/x-www-form-urlencoded',
    );
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    return this.postsSince(before);
  }
}

/** All readable text of a Slack message: text, blocks and attachments. */
export function textOf(messages: Array<Record<string, unknown>>): string {
  return messages
    .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? '')}\n${JSON.stringify(m.attachments ?? '')}`)
    .join('\n');
}

/**
 * A whole intake in a direct message, answered as a person would: for each question the
 * first matching answer is typed, or its button pressed ("button:Label"). Returns the id
 * of the ticket created.
 */
export async function dmIntake(user: SlackUser, answers: ReadonlyArray<[RegExp, string]>): Promise<string> {
  let posts = await user.dmText('hi');
  for (let i = 0; i < 30; i++) {
    const last = posts.at(-1);
    if (!last) throw new Error('no answer from the bot');
    const text = textOf([last]);
    const entry = answers.find(([question]) => question.test(text));
    if (!entry) throw new Error(`no answer for: ${text}`);
    const [, answer] = entry;
    posts = answer.startsWith('button:')
      ? await user.press(last, answer.slice(7))
      : await user.dmText(answer);
    const created = /Ticket (TCK-\d{6}) (created|aangemaakt)/.exec(textOf(posts));
    if (created) return created[1]!;
  }
  throw new Error('the intake did not finish');
}
