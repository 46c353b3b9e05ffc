import type { FakeConnector } from './fake-connector.js';
import type { FakeSlackApi } from './fake-slack-api.js';
import type { ReplicaSet } from './replicas.js';
import { SlackUser, textOf } from './slack-user.js';
import { readTurn, type TeamsIdentity, TeamsUser } from './teams-user.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CREATED = /Ticket (TCK-\d{6}) created/;
let sequence = 0;

/** What the traffic did, so the test can say how much of each kind it sent. */
export interface TrafficCounts {
  events: number;
  retries: number;
  clicks: number;
  replays: number;
}

export const newCounts = (): TrafficCounts => ({ events: 0, retries: 0, clicks: 0, replays: 0 });

/** Sends `first` and, when there is one, its duplicate at another replica at the same time. */
async function withDuplicate(
  first: () => Promise<Response>,
  again: (() => Promise<Response>) | null,
): Promise<void> {
  await Promise.all([expectOk(first()), ...(again ? [expectOk(again())] : [])]);
}

async function expectOk(response: Promise<Response>): Promise<void> {
  const answer = await response;
  if (answer.status !== 200) throw new Error(`status ${answer.status}: ${await answer.text()}`);
}

/**
 * A Slack user whose every event goes to a replica at random; some are sent again
 * to another replica as Slack's retry (the same event id, X-Slack-Retry-Num).
 */
export class SlackReplicaUser {
  constructor(
    private readonly set: ReplicaSet,
    private readonly api: FakeSlackApi,
    readonly id: string,
    private readonly counts: TrafficCounts,
    /** Share of events and clicks sent twice, the second time to another replica. */
    private readonly duplicateRate: number,
  ) {}

  get dm(): string {
    return `D${this.id}`;
  }

  private via(url: string): SlackUser {
    return new SlackUser(url, this.api, this.id);
  }

  /** The bot's posts in this user's direct messages, oldest first. */
  posts(): Array<Record<string, unknown>> {
    return this.api.succeeded('chat.postMessage').filter((p) => p.channel === this.dm);
  }

  async say(text: string): Promise<void> {
    const replica = this.set.any();
    const user = this.via(replica.url);
    sequence += 1;
    const body = user.eventBody({
      type: 'message',
      channel_type: 'im',
      channel: this.dm,
      user: this.id,
      text,
      ts: `${1_700_000_000 + sequence}.0002`,
    });
    this.counts.events++;
    const retried = Math.random() < this.duplicateRate;
    if (retried) this.counts.retries++;
    await withDuplicate(
      () => user.send(body, 'application/json'),
      retried
        ? () =>
            this.via(this.set.other(replica).url).send(body, 'application/json', {
              headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
            })
        : null,
    );
  }

  /** Presses a button of a bot message; sometimes the same click arrives twice, at two replicas. */
  async press(message: Record<string, unknown>, label: string, channel = this.dm, replay = false) {
    const body = clickBody(this.id, message, label, channel);
    const replica = this.set.any();
    this.counts.clicks++;
    const replayed = replay || Math.random() < this.duplicateRate;
    if (replayed) this.counts.replays++;
    const form = 'application/x-www-form-urlencoded';
    await withDuplicate(
      () => this.via(replica.url).send(body, form),
      replayed ? () => this.via(this.set.other(replica).url).send(body, form) : null,
    );
  }

  /** Waits for the bot's next question (or the ticket) after `before` posts, once its turn is complete. */
  async nextTurn(before: number, isQuestion: (text: string) => boolean): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const posts = this.posts();
      const last = posts.at(-1);
      const turnDone = last && (isQuestion(textOf([last])) || CREATED.test(textOf(posts.slice(before))));
      if (posts.length > before && turnDone) {
        // A turn of several messages is complete when nothing follows for a moment.
        await sleep(40);
        if (this.posts().length === posts.length) return last;
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(
          `${this.id}: no answer after ${posts
            .slice(-4)
            .map((p) => `${String(p.text).slice(0, 60)} ${JSON.stringify(p.metadata)}`)
            .join('\n')}\n${this.set.output()}`,
        );
      await sleep(20);
    }
  }

  /** A whole intake in a direct message; returns the ticket id. */
  async intake(answers: ReadonlyArray<[RegExp, string]>): Promise<string> {
    const isQuestion = (text: string) => answers.some(([q]) => q.test(text));
    let before = this.posts().length;
    await this.say('hi');
    for (let i = 0; i < 30; i++) {
      const last = await this.nextTurn(before, isQuestion);
      const created = CREATED.exec(textOf(this.posts().slice(before)));
      if (created) return created[1]!;
      const text = textOf([last]);
      const answer = answers.find(([q]) => q.test(text))![1];
      before = this.posts().length;
      if (answer.startsWith('button:')) await this.press(last, answer.slice(7));
      else await this.say(answer);
    }
    throw new Error(`${this.id}: the intake did not finish`);
  }
}

/** A block_actions payload pressing `label` on a bot message; the same bytes for a replay. */
export function clickBody(
  userId: string,
  message: Record<string, unknown>,
  label: string,
  channel: string,
): string {
  type Element = { action_id: string; value: string; text?: { text?: string } };
  type Block = { type: string; block_id?: string; elements?: Element[] };
  const blocks = (message.blocks ??
    (message.attachments as Array<{ blocks: unknown[] }> | undefined)?.[0]?.blocks ??
    []) as Block[];
  const button = blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => ({ ...e, block_id: b.block_id })))
    .find((e) => e.text?.text === label);
  if (!button) throw new Error(`no button "${label}" on ${textOf([message]).slice(0, 300)}`);
  sequence += 1;
  const payload = {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: userId },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trigger-${userId}-${sequence}`,
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
        action_ts: String(sequence),
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * A Teams user in a personal chat whose activities go to a replica at random; some
 * are delivered again to another replica (the Bot Framework's redelivery: the same id).
 */
export class TeamsReplicaUser {
  constructor(
    private readonly set: ReplicaSet,
    private readonly connector: FakeConnector,
    readonly identity: TeamsIdentity,
    private readonly counts: TrafficCounts,
    /** Share of events and clicks sent twice, the second time to another replica. */
    private readonly duplicateRate: number,
  ) {}

  get conversationId(): string {
    return `a:personal-${this.identity.aadObjectId}`;
  }

  /** What the bot sent into this user's chat, oldest first. */
  sent(): Array<Record<string, unknown>> {
    return this.connector
      .delivered()
      .filter((a) => (a.conversation as { id?: string } | undefined)?.id === this.conversationId);
  }

  async say(text: string, value?: Record<string, unknown>): Promise<void> {
    const replica = this.set.any();
    const user = new TeamsUser(replica.url, this.connector, this.identity);
    const activity = user.activity(value ? { value, text: undefined } : { text });
    this.counts.events++;
    const redelivered = Math.random() < this.duplicateRate;
    if (redelivered) this.counts.retries++;
    const elsewhere = new TeamsUser(this.set.other(replica).url, this.connector, this.identity);
    await withDuplicate(() => user.post(activity), redelivered ? () => elsewhere.post(activity) : null);
  }

  private async nextTurn(before: number, isQuestion: (text: string) => boolean) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const turn = readTurn(this.sent().slice(before));
      const last = readTurn(this.sent().slice(-1));
      if (this.sent().length > before && (isQuestion(last.all) || CREATED.test(turn.all))) {
        const count = this.sent().length;
        await sleep(40);
        if (this.sent().length === count) return { turn, last };
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`${this.identity.name}: no answer after ${turn.all}\n${this.set.output()}`);
      await sleep(20);
    }
  }

  /** A whole intake in the personal chat (answers keyed by a phrase of the question). */
  async intake(answers: Record<string, string>): Promise<string> {
    const isQuestion = (text: string) => Object.keys(answers).some((q) => text.includes(q));
    let before = this.sent().length;
    await this.say('hi');
    for (let i = 0; i < 30; i++) {
      const { turn, last } = await this.nextTurn(before, isQuestion);
      const created = CREATED.exec(turn.all);
      if (created) return created[1]!;
      const answer = Object.entries(answers).find(([q]) => last.all.includes(q))![1];
      before = this.sent().length;
      if (!answer.startsWith('button:')) {
        await this.say(answer);
        continue;
      }
      const label = answer.slice(7);
      const actions = (last.cards.at(-1)?.actions ?? []) as Array<{
        title: string;
        data: Record<string, unknown>;
      }>;
      const action = actions.find((a) => a.title === label || a.data.choice === label);
      if (!action) throw new Error(`no button "${label}" on ${last.all}`);
      await this.say('', action.data);
    }
    throw new Error(`${this.identity.name}: the intake did not finish`);
  }
}
