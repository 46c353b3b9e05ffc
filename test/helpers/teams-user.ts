import type { FakeConnector } from './fake-connector.js';

let sequence = 0;

export interface TeamsIdentity {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
}

/** What the bot last showed: text, or a card's first text block and its button choices. */
export interface BotTurn {
  readonly texts: string[];
  readonly cards: Array<Record<string, unknown>>;
  /** Everything readable, joined. */
  readonly all: string;
}

/**
 * A Teams user in a personal chat: posts real Bot Framework activity JSON to the
 * server's /api/messages and reads what the bot sent to the fake connector.
 */
export class TeamsUser {
  readonly conversationId: string;

  constructor(
    private readonly serverUrl: string,
    private readonly connector: FakeConnector,
    readonly identity: TeamsIdentity,
    private readonly locale = 'en-US',
    conversationId?: string,
  ) {
    this.conversationId = conversationId ?? `a:personal-${identity.aadObjectId}`;
  }

  activity(extra: Record<string, unknown>): Record<string, unknown> {
    sequence += 1;
    return {
      type: 'message',
      id: `user-act-${sequence}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.connector.url,
      channelId: 'msteams',
      from: { id: this.identity.id, name: this.identity.name, aadObjectId: this.identity.aadObjectId },
      conversation: { conversationType: 'personal', id: this.conversationId, tenantId: 'tenant-1' },
      recipient: { id: '28:ticketbot', name: 'ticketbot' },
      locale: this.locale,
      entities: [{ type: 'clientInfo', locale: this.locale, timezone: 'Europe/Amsterdam' }],
      channelData: { tenant: { id: 'tenant-1' } },
      ...extra,
    };
  }

  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.serverUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
  }

  /** Sends text (or a card submit value) and returns the bot's answer. */
  async say(text: string, value?: Record<string, unknown>): Promise<BotTurn> {
    const before = this.connector.calls.length;
    const response = await this.post(this.activity(value ? { value, text: undefined } : { text }));
    if (response.status !== 200)
      throw new Error(`POST /api/messages answered ${response.status}: ${await response.text()}`);
    return readTurn(this.connector.sent(before));
  }

  /** Presses the button of a choice question card whose label or value matches. */
  async choose(turn: BotTurn, label: string): Promise<BotTurn> {
    const card = turn.cards.at(-1);
    if (!card) throw new Error(`no card to choose from: ${turn.all}`);
    const actions = (card.actions ?? []) as Array<{ title: string; data: Record<string, unknown> }>;
    const action = actions.find((a) => a.title === label || a.data.choice === label);
    if (!action) throw new Error(`no button "${label}" on ${actions.map((a) => a.title).join(', ')}`);
    return this.say('', action.data);
  }

  /** Sends an invoke adaptiveCard/action (Universal Actions) and returns the HTTP response body. */
  async invoke(
    verb: string,
    data: Record<string, unknown>,
    replyToId?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await this.post(
      this.activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        ...(replyToId ? { replyToId } : {}),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
}

export function readTurn(activities: Array<Record<string, unknown>>): BotTurn {
  const texts: string[] = [];
  const cards: Array<Record<string, unknown>> = [];
  for (const a of activities) {
    if (typeof a.text === 'string') texts.push(a.text);
    for (const att of (a.attachments ?? []) as Array<{
      contentType: string;
      content: Record<string, unknown>;
    }>) {
      if (att.contentType === 'application/vnd.microsoft.card.adaptive') cards.push(att.content);
    }
  }
  const cardTexts = cards.flatMap((c) => collectText(c));
  return { texts, cards, all: [...texts, ...cardTexts].join('\n') };
}

export function collectText(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(collectText);
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const own = [o.text, o.title, o.value].filter((v): v is string => typeof v === 'string');
    return [
      ...own,
      ...Object.entries(o)
        .filter(([k]) => k !== 'text')
        .flatMap(([, v]) => collectText(v)),
    ];
  }
  return [];
}
