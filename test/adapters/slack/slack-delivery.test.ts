import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { SIGNING_SECRET, SlackUser, textOf } from '../../helpers/slack-user.js';

// Faults on the way out (Slack failing, rate limiting, refusing) and on the way in
// (redelivered events, forms and modals): every message arrives, and arrives once.

let api: FakeSlackApi | undefined;
let server: RunningServer | undefined;

async function boot(): Promise<{ api: FakeSlackApi; server: RunningServer }> {
  api = await new FakeSlackApi().start();
  server = await startServer(
    {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: api.url,
      SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
      TICKETBOT_AGENTS: 'slack:UAGENT',
    },
    { workers: true, outboxIntervalMs: 100, timerIntervalMs: 100 },
  );
  return { api, server };
}

afterEach(async () => {
  await server?.close();
  await api?.stop();
  server = undefined;
  api = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done` holds; fails with `what` after `ms`. */
async function until(what: string, done: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The outbox key a posted message carries in its metadata. */
function keyOf(post: Record<string, unknown>): string {
  const raw = post.metadata;
  const metadata = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
    | { event_payload?: { key?: string } }
    | undefined;
  return metadata?.event_payload?.key ?? '';
}

/** The messages Slack took for one ticket, by outbox key, with how often each was taken. */
function deliveredFor(slack: FakeSlackApi, ticketId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const post of slack.succeeded('chat.postMessage')) {
    const key = keyOf(post);
    if (key.includes(ticketId)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const value = (v: string) => ({ value: { type: 'plain_text_input', value: v } });
const select = (v: string) => ({ value: { type: 'static_select', selected_option: { value: v } } });

/** The /ticket form's submission (view_submission), a valid P2 report. */
function formSubmission(user: SlackUser, viewId: string): string {
  return user.interaction({
    type: 'view_submission',
    trigger_id: `t-${viewId}`,
    view: {
      id: viewId,
      callback_id: 'ticket_form',
      private_metadata: JSON.stringify({ language: 'en', timeZone: 'Europe/Amsterdam' }),
      state: {
        values: {
          company: value('Acme BV'),
          environments: value('acme.workspace365.net'),
          usernames: value('j.jansen'),
          startedAt: value('2 hours ago'),
          description: value('Printing fails for the finance department since the update.'),
          security: select('no'),
          impact: select('department'),
          urgency: select('high'),
        },
      },
    },
  });
}

const FORM = 'application/x-www-form-urlencoded';

async function submitForm(user: SlackUser, viewId: string): Promise<Response> {
  const response = await user.send(formSubmission(user, viewId), FORM);
  expect(response.status).toBe(200);
  return response;
}

async function ticketOf(srv: RunningServer, user: SlackUser): Promise<string> {
  let id = '';
  await until(`a ticket of ${user.id}`, async () => {
    const tickets = await srv.context.store.tickets.list({ requesterId: user.id });
    id = tickets[0]?.id ?? '';
    return id !== '';
  });
  return id;
}

/** The confirmation, the requester's card (in the DM) and the support channel's card. */
function expectedKeys(id: string): string[] {
  return [`ticket:${id}:confirmation#0`, `ticket:${id}:card:requester`, `ticket:${id}:card:support:slack`];
}

/** Waits for every expected message, then a while longer: each must have been taken exactly once. */
async function expectAnnouncedOnce(slack: FakeSlackApi, id: string, ms = 25_000): Promise<void> {
  await until(
    `the announcements of ${id}`,
    () => expectedKeys(id).every((k) => deliveredFor(slack, id).has(k)),
    ms,
  );
  await sleep(1_500);
  const delivered = deliveredFor(slack, id);
  for (const key of expectedKeys(id)) expect(delivered.get(key), key).toBe(1);
  expect([...delivered.values()].every((n) => n === 1)).toBe(true);
}

function cardsIn(slack: FakeSlackApi, id: string, channel: string): Array<Record<string, unknown>> {
  return slack
    .succeeded('chat.postMessage')
    .filter((p) => p.channel === channel && JSON.stringify(p.attachments ?? '').includes(id));
}

describe('Slack delivery under faults', () => {
  it('announces a ticket although chat.postMessage answers 500 for a while: each message once', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'U500');
    api.failNext('chat.postMessage', 500, 4);
    await submitForm(user, 'V500');
    const id = await ticketOf(server, user);
    await expectAnnouncedOnce(api, id);
    expect(cardsIn(api, id, 'DU500')).toHaveLength(1);
    expect(cardsIn(api, id, 'CSUPPORT')).toHaveLength(1);
    const stats = await server.context.store.outbox.stats(Date.now());
    expect(stats).toMatchObject({ pending: 0, dead: 0 });
  }, 40_000);

  it('announces a ticket although chat.postMessage is rate limited (429, Retry-After): each message once', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'U429');
    api.failNext('chat.postMessage', 429, 3, 1);
    await submitForm(user, 'V429');
    const id = await ticketOf(server, user);
    await expectAnnouncedOnce(api, id);
    // Rate limited calls were made, and waited for.
    expect(api.of('chat.postMessage').length).toBeGreaterThan(3);
  }, 40_000);

  it('a 429 on one conversation holds only that conversation: others are answered at once, and Retry-After is waited once', async () => {
    const { api, server } = await boot();
    const limited = new SlackUser(server.url, api, 'ULIMITED');
    const other = new SlackUser(server.url, api, 'UOTHER');
    api.failWhen('chat.postMessage', (args) => args.channel === limited.dm, { status: 429, retryAfter: 600 });
    await limited.dmText('hi');
    await until('the rate limited try', () =>
      api!.of('chat.postMessage').some((p) => p.channel === limited.dm),
    );
    // Another user's answer is not held behind the 600 s Retry-After of the first.
    const started = Date.now();
    await other.dmText('hi');
    await until(
      "the other user's answer",
      () => api!.succeeded('chat.postMessage').some((p) => p.channel === other.dm),
      10_000,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    // The limited reply waits in the outbox for Slack's Retry-After, asked once.
    const held = (server.context.store as SqliteStore).db
      .prepare<[], { due_at: number; last_error: string }>(
        "SELECT due_at, last_error FROM outbox WHERE status = 'pending' AND lane LIKE '%ULIMITED%'",
      )
      .all();
    expect(held.length).toBeGreaterThan(0);
    expect(held[0]!.due_at - Date.now()).toBeGreaterThan(550_000);
    expect(held[0]!.last_error).toMatch(/Retry-After 600/);
    expect(api.of('chat.postMessage').filter((p) => p.channel === limited.dm)).toHaveLength(1);
  }, 40_000);

  it('after a 429 the next try sends without looking for an earlier copy (nothing went out)', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'URETRY');
    api.failWhen('chat.postMessage', (args) => args.channel === user.dm, { status: 429, retryAfter: 1 });
    await user.dmText('hi');
    await until('the answer after Retry-After', () =>
      api!.succeeded('chat.postMessage').some((p) => p.channel === user.dm),
    );
    expect(api.of('chat.postMessage').filter((p) => p.channel === user.dm)).toHaveLength(2);
    expect(api.of('conversations.history')).toHaveLength(0);
  }, 40_000);

  it('a support channel whose history the bot may not read (private, missing_scope) still gets its card after a 500', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'UPRIVATE');
    api.refuseWhen('conversations.history', (args) => args.channel === 'CSUPPORT', 'missing_scope');
    api.failWhen('chat.postMessage', (args) => args.channel === 'CSUPPORT', { status: 500 });
    await submitForm(user, 'VPRIVATE');
    const id = await ticketOf(server, user);
    await expectAnnouncedOnce(api, id);
    const lookups = api.of('conversations.history').filter((p) => p.channel === 'CSUPPORT');
    expect(lookups.length).toBeGreaterThan(0);
    const warned = server.logs.join('').includes('could not look for an earlier copy');
    expect(warned).toBe(true);
  }, 40_000);

  it('a clean stop during a hanging send hands its lease back, as perhaps sent, within seconds', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'USTOP');
    api.delayNext('chat.postMessage', 20_000);
    await user.dmText('hi');
    expect(api.of('chat.postMessage').filter((p) => p.channel === user.dm)).toHaveLength(1);
    const started = Date.now();
    await server.bot.stop();
    expect(Date.now() - started).toBeLessThan(8_000);
    const rows = (server.context.store as SqliteStore).db
      .prepare<[], { status: string; lease_owner: string | null; last_error: string | null; due_at: number }>(
        "SELECT status, lease_owner, last_error, due_at FROM outbox WHERE lane LIKE '%USTOP%'",
      )
      .all();
    expect(rows).toHaveLength(1);
    // Free for the next process once the call has surely ended (20 s, not the minute's
    // lease); it looks for the copy before it sends.
    expect(rows[0]).toMatchObject({ status: 'pending', lease_owner: null });
    expect(rows[0]!.last_error).toMatch(/^may have been sent: /);
    expect(rows[0]!.due_at - Date.now()).toBeGreaterThan(10_000);
    expect(rows[0]!.due_at - Date.now()).toBeLessThanOrEqual(20_000);
  }, 40_000);

  it('posts nothing twice when Slack took a message but its answer was lost', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'ULOST');
    api.loseResponseNext('chat.postMessage', 2);
    await submitForm(user, 'VLOST');
    const id = await ticketOf(server, user);
    await expectAnnouncedOnce(api, id);
  }, 40_000);

  it('dead-letters a card the support channel refuses (channel_not_found), says so on /readyz, and still delivers the DM', async () => {
    const { api, server } = await boot();
    api.refuseWhen('chat.postMessage', (args) => args.channel === 'CSUPPORT', 'channel_not_found');
    const user = new SlackUser(server.url, api, 'UNOCHAN');
    await submitForm(user, 'VNOCHAN');
    const id = await ticketOf(server, user);
    await until(
      'the dead letter',
      async () => (await server.context.store.outbox.stats(Date.now())).dead > 0,
    );
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { problems: Array<{ check: string; error: string }> };
    // The problem names the dead letter (and carries it in fields of its own).
    expect(body.problems).toContainEqual(
      expect.objectContaining({
        check: 'outbox',
        error: expect.stringContaining(
          `dead letters): ticket:${id}:card:support:slack (postCard to slack channel CSUPPORT: Slack refused: channel_not_found)`,
        ),
      }),
    );
    await until('the DM card and confirmation', () => {
      const delivered = deliveredFor(api, id);
      return delivered.has(`ticket:${id}:confirmation#0`) && delivered.has(`ticket:${id}:card:requester`);
    });
    await sleep(1_000);
    const delivered = deliveredFor(api, id);
    expect(delivered.get(`ticket:${id}:confirmation#0`)).toBe(1);
    expect(delivered.get(`ticket:${id}:card:requester`)).toBe(1);
    expect(delivered.has(`ticket:${id}:card:support:slack`)).toBe(false);
    expect(cardsIn(api, id, 'DUNOCHAN')).toHaveLength(1);
    // Refused for good: tried once, not retried for twenty minutes.
    const tries = api
      .of('chat.postMessage')
      .filter((p) => p.channel === 'CSUPPORT' && keyOf(p) === `ticket:${id}:card:support:slack`);
    expect(tries).toHaveLength(1);
  }, 40_000);

  it('the same form submitted twice makes one ticket, one confirmation and one card per place', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'UTWICE');
    const body = formSubmission(user, 'VTWICE');
    const first = await user.send(body, FORM);
    const second = await user.send(body, FORM);
    expect([first.status, second.status]).toEqual([200, 200]);
    const id = await ticketOf(server, user);
    await expectAnnouncedOnce(api, id);
    expect(await server.context.store.tickets.list({ requesterId: 'UTWICE' })).toHaveLength(1);
    expect(cardsIn(api, id, 'DUTWICE')).toHaveLength(1);
    expect(cardsIn(api, id, 'CSUPPORT')).toHaveLength(1);
    expect(await server.context.store.cardCopies.list(id)).toHaveLength(2);
  }, 40_000);

  it('answers an event on its retry when the first try failed before its commit, and a later redelivery changes nothing', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'URETRY');
    const event = (text: string, ts: string, eventId: string) =>
      user.eventBody(
        { type: 'message', channel_type: 'im', channel: user.dm, user: user.id, text, ts },
        eventId,
      );
    // The first try fails before anything is stored (the store refuses the commit once).
    const store = server.context.store;
    const commit = store.commit.bind(store);
    let refuse = 1;
    store.commit = async (work) => {
      if (refuse-- > 0) throw new Error('disk I/O error (injected)');
      return commit(work);
    };
    const body = event('hi', '1700000001.0001', 'EvFailFirst');
    const before = api.calls.length;
    const first = await user.send(body, 'application/json');
    // Not acknowledged: Slack will retry.
    expect(first.status).toBe(500);
    expect(api.succeeded('chat.postMessage', before)).toHaveLength(0);
    const retry = await user.send(body, 'application/json', {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' },
    });
    expect(retry.status).toBe(200);
    await until('the answer to the retry', () => api.succeeded('chat.postMessage', before).length > 0);
    await sleep(500);
    const answered = api.succeeded('chat.postMessage', before);
    expect(textOf(answered)).toContain('name of your company');
    const count = answered.length;
    // Redelivered after it succeeded: nothing more.
    const again = await user.send(body, 'application/json', {
      headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(again.status).toBe(200);
    await sleep(1_000);
    expect(api.succeeded('chat.postMessage', before)).toHaveLength(count);
    expect((await store.conversations.load('slack:T1:URETRY:dm'))?.state).toBeTruthy();
  }, 30_000);

  it('answers an event on its retry when the first try hung on users.info past Slack’s 3 seconds', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'UHANG');
    const body = user.eventBody(
      {
        type: 'message',
        channel_type: 'im',
        channel: user.dm,
        user: user.id,
        text: 'hi',
        ts: '1700000002.0001',
      },
      'EvHang',
    );
    api.delayNext('users.info', 6_000);
    const before = api.calls.length;
    const started = Date.now();
    const first = await user.send(body, 'application/json');
    expect(first.status).toBe(200);
    // Slack gave up at 3 s and retries; the retry is answered once.
    const retry = await user.send(body, 'application/json', {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await until('the answer', () => api.succeeded('chat.postMessage', before).length > 0);
    expect(Date.now() - started).toBeLessThan(6_000);
    // When the first try's lookup finally returns, it changes nothing.
    await sleep(Math.max(0, started + 7_500 - Date.now()));
    const answered = api.succeeded('chat.postMessage', before);
    expect(textOf(answered)).toContain('name of your company');
    expect(new Set(answered.map(keyOf)).size).toBe(answered.length);
    const firstQuestions = answered.filter((p) => textOf([p]).includes('name of your company'));
    expect(firstQuestions).toHaveLength(1);
  }, 30_000);

  it('the add-information modal submitted twice (same view id) adds one timeline entry', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'UINFO');
    await submitForm(user, 'VINFOFORM');
    const id = await ticketOf(server, user);
    await expectAnnouncedOnce(api, id);
    const submission = user.interaction({
      type: 'view_submission',
      trigger_id: 't-info',
      view: {
        id: 'VADDINFO',
        callback_id: 'ticket_addInfo',
        private_metadata: id,
        state: { values: { info: value('It also fails on the second floor printer.') } },
      },
    });
    const first = await user.send(submission, FORM);
    const second = await user.send(submission, FORM);
    expect([first.status, second.status]).toEqual([200, 200]);
    await sleep(1_000);
    const timeline = await server.context.store.tickets.timeline(id);
    const added = timeline.filter((e) => JSON.stringify(e).includes('second floor printer'));
    expect(added).toHaveLength(1);
  }, 40_000);

  it('tells the user "Something went wrong (error id …)" when a listener throws', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'UBROKEN');
    // /ticket cannot open the direct message: the listener throws.
    api.override('conversations.open', { ok: false, error: 'user_disabled' });
    const before = api.calls.length;
    const command = new URLSearchParams({
      token: 'legacy',
      team_id: 'T1',
      channel_id: 'CGENERAL',
      user_id: 'UBROKEN',
      user_name: 'broken',
      command: '/ticket',
      text: '',
      response_url: 'https://hooks.slack.invalid/x',
      trigger_id: 'trig-broken',
      api_app_id: 'A1',
    });
    expect((await user.send(command.toString(), FORM)).status).toBe(200);
    await until('the ephemeral error', () => api.of('chat.postEphemeral', before).length > 0, 10_000);
    const [ephemeral] = api.of('chat.postEphemeral', before);
    expect(ephemeral).toMatchObject({ channel: 'CGENERAL', user: 'UBROKEN' });
    expect(String(ephemeral!.text)).toMatch(/^Something went wrong \(error id [0-9a-f]{8}\)/);
    const errorId = /error id ([0-9a-f]{8})/.exec(String(ephemeral!.text))![1]!;
    expect(server.logs.join('')).toContain(errorId);
  }, 20_000);

  it('a 429/500 storm on chat.update while an agent acts several times: every copy ends showing the final state', async () => {
    const { api, server } = await boot();
    const user = new SlackUser(server.url, api, 'USTORM');
    await submitForm(user, 'VSTORM');
    const id = await ticketOf(server, user);
    await expectAnnouncedOnce(api, id);
    const copies = await server.context.store.cardCopies.list(id);
    expect(copies).toHaveLength(2);
    const cardPost = cardsIn(api, id, 'CSUPPORT')[0]!;
    const agent = new SlackUser(server.url, api, 'UAGENT');
    // Each failure is one attempt of the outbox, which backs off (1 s, 2 s, 4 s ...).
    api.failNext('chat.update', 429, 1, 1);
    api.failNext('chat.update', 500, 1);
    api.failNext('chat.update', 429, 1, 1);
    api.failNext('chat.update', 500, 1);
    const modal = (verb: string, viewId: string, values: Record<string, unknown>) =>
      agent.send(
        agent.interaction({
          type: 'view_submission',
          trigger_id: `t-${viewId}`,
          view: { id: viewId, callback_id: `ticket_${verb}`, private_metadata: id, state: { values } },
        }),
        FORM,
      );
    await agent.press(cardPost, 'Acknowledge', 'CSUPPORT');
    expect(
      (await modal('changePriority', 'VPRIO', { priority: select('P3'), reason: value('Only one printer') }))
        .status,
    ).toBe(200);
    expect((await modal('resolve', 'VRESOLVE', { resolutionText: value('Replaced the toner') })).status).toBe(
      200,
    );
    const final = await server.context.store.tickets.get(id);
    expect(final).toMatchObject({ status: 'resolved', priority: 'P3' });
    const lastUpdateOf = (copy: { conversationId: string; messageId: string }) =>
      api
        .succeeded('chat.update')
        .filter((u) => u.channel === copy.conversationId && u.ts === copy.messageId)
        .at(-1);
    const showsFinal = (update: Record<string, unknown> | undefined) => {
      const text = JSON.stringify(update?.attachments ?? '');
      return text.includes('Resolved') && text.includes('P3') && !text.includes('P2 ');
    };
    await until(
      'every copy showing the final state',
      async () =>
        (await server.context.store.outbox.stats(Date.now())).pending === 0 &&
        copies.every((c) => showsFinal(lastUpdateOf(c))),
      40_000,
    );
    // The storm hit: every failing call was made.
    expect(api.of('chat.update').length).toBeGreaterThanOrEqual(copies.length + 4);
    for (const copy of copies) expect(showsFinal(lastUpdateOf(copy)), copy.conversationId).toBe(true);
    expect((await server.context.store.outbox.stats(Date.now())).dead).toBe(0);
  }, 60_000);
});
