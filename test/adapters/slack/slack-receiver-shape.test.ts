import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { SIGNING_SECRET, SlackUser, textOf } from '../../helpers/slack-user.js';

let api: FakeSlackApi;
let server: RunningServer;

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  server = await startServer({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: api.url,
  });
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

describe('correctly signed payloads in no shape Slack sends', () => {
  const cases: Array<[string, string, string]> = [
    ['a JSON null', 'null', 'application/json'],
    ['a JSON array', '[1,2]', 'application/json'],
    [
      'an event that is no object',
      JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: 'x' }),
      'application/json',
    ],
    [
      'a view submission without its view',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', user: { id: 'U1' } }))}`,
      'application/x-www-form-urlencoded',
    ],
    [
      'a button press without a user',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'ticket_acknowledge' }] }))}`,
      'application/x-www-form-urlencoded',
    ],
  ];
  it.each(cases)('%s is a 400 with a JSON error, and nothing is stored', expectRefused);
});

/** A button press as Slack sends it, with one field changed by `mutate`. */
function press(mutate: (payload: Record<string, unknown>) => void, actionId = 'intake_choice_0'): string {
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: 'USHAPE' },
    api_app_id: 'A1',
    trigger_id: 'trigger-shape',
    channel: { id: 'DUSHAPE' },
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'DUSHAPE' },
    message: { ts: '1700000000.000100', text: 'question', blocks: [{ type: 'section' }] },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'b',
        value: '{"step":"impact","choice":"organisation"}',
        text: { type: 'plain_text', text: 'Organisation' },
        action_ts: '1700000000.1',
      },
    ],
  };
  mutate(payload);
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const action = (p: Record<string, unknown>) => (p.actions as Array<Record<string, unknown>>)[0]!;
/** JSON that String() cannot turn into text: it throws "Cannot convert object to primitive value". */
const noText = { toString: 'x' };

describe('correctly signed button presses with a field our listeners read in another shape', () => {
  const cases: Array<[string, string]> = [
    ['message.blocks that is text', press((p) => Object.assign(p.message as object, { blocks: 'x' }))],
    ['message.blocks that is an object', press((p) => Object.assign(p.message as object, { blocks: {} }))],
    [
      'message.blocks with a null block',
      press((p) => Object.assign(p.message as object, { blocks: [null] })),
    ],
    ['a message that is text', press((p) => Object.assign(p, { message: 'x' }))],
    ['a message ts that is an object', press((p) => Object.assign(p.message as object, { ts: noText }))],
    ['a message text that is a list', press((p) => Object.assign(p.message as object, { text: [1] }))],
    ['a container that is a list', press((p) => Object.assign(p, { container: [] }))],
    [
      'a container message_ts that is an object',
      press((p) => Object.assign(p.container as object, { message_ts: noText })),
    ],
    ['a trigger_id that is an object', press((p) => Object.assign(p, { trigger_id: noText }))],
    ['a user id that is an object', press((p) => Object.assign(p.user as object, { id: noText }))],
    ['a channel id that is an object', press((p) => Object.assign(p.channel as object, { id: noText }))],
    ['an action label that is an object', press((p) => Object.assign(action(p), { text: { text: noText } }))],
    ['an action label that is text', press((p) => Object.assign(action(p), { text: 'x' }))],
    ['an action value that is an object', press((p) => Object.assign(action(p), { value: noText }))],
    ['an action_ts that is an object', press((p) => Object.assign(action(p), { action_ts: noText }))],
    [
      'a selected option that is text',
      press((p) => Object.assign(action(p), { selected_option: 'x' }), 'intake_select'),
    ],
    [
      'a selected option label that is an object',
      press(
        (p) => Object.assign(action(p), { selected_option: { value: '{}', text: { text: noText } } }),
        'intake_select',
      ),
    ],
    [
      'a card button whose ticket id is an object',
      press((p) => Object.assign(action(p), { value: noText }), 'ticket_acknowledge'),
    ],
  ];
  it.each(cases)(
    '%s is a 400: nobody is told something went wrong, nothing is stored',
    async (_name, body) => {
      await expectRefused(_name, body, 'application/x-www-form-urlencoded');
    },
  );

  it('the same press in Slack’s shape is taken (so the refusals above are about the one field)', async () => {
    const user = new SlackUser(server.url, api, 'USHAPE');
    const before = api.calls.length;
    const response = await user.send(
      press(() => undefined),
      'application/x-www-form-urlencoded',
    );
    expect(response.status).toBe(200);
    // Its answer goes out after the ack: let it, so the next case counts only its own calls.
    await user.postsSince(before);
    // Taken by the intake: USHAPE has no report in progress, which only the presser is told.
    expect(textOf(api.of('chat.postEphemeral', before))).toContain('belongs to no report of yours');
  });
});

describe('correctly signed event callbacks without a usable event_id', () => {
  const dm = (eventId: unknown) => {
    const body: Record<string, unknown> = {
      token: 'legacy',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_time: 1_700_000_000,
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      event: {
        type: 'message',
        channel_type: 'im',
        channel: 'DUNOID',
        user: 'UNOID',
        text: 'hi',
        ts: '1700000000.000100',
      },
    };
    if (eventId !== undefined) body.event_id = eventId;
    return JSON.stringify(body);
  };
  const cases: Array<[string, string]> = [
    ['no event_id', dm(undefined)],
    ['an event_id that is null', dm(null)],
    ['an event_id that is a number', dm(42)],
    ['an event_id that is an object', dm({ $gt: '' })],
    ['an empty event_id', dm('')],
    ['an event_id of 300 characters', dm(`Ev${'A'.repeat(298)}`)],
    ['an event_id in no form of Slack’s', dm('hello world')],
  ];
  it.each(cases)(
    '%s is a 400: nothing processed, so no redelivery can apply it again',
    async (_name, body) => {
      await expectRefused(_name, body, 'application/json');
    },
  );

  it('an event_id in Slack’s form is processed once, however often it is delivered', async () => {
    const user = new SlackUser(server.url, api, 'UNOID');
    const body = dm('Ev08MFMKH6');
    const before = api.of('chat.postMessage').length;
    const open = await server.context.store.conversations.countOpen();
    expect((await user.send(body, 'application/json')).status).toBe(200);
    expect(
      (await user.send(body, 'application/json', { headers: { 'x-slack-retry-num': '1' } })).status,
    ).toBe(200);
    await user.postsSince(before);
    expect(await server.context.store.conversations.countOpen()).toBe(open + 1);
    expect(api.of('chat.postMessage', before)).toHaveLength(1);
  });
});

async function expectRefused(_name: string, body: string, contentType: string): Promise<void> {
  const user = new SlackUser(server.url, api, 'USHAPE');
  const before = api.calls.length;
  const logsBefore = server.logs.length;
  const open = await server.context.store.conversations.countOpen();
  const response = await user.send(body, contentType);
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: 'bad_request' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(api.calls.length).toBe(before);
  expect(await server.context.store.conversations.countOpen()).toBe(open);
  expect(await server.context.store.tickets.list()).toEqual([]);
  const errors = server.logs
    .slice(logsBefore)
    .filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
  expect(errors).toEqual([]);
}

describe('correctly signed pins and reactions whose ids are no Slack ids', () => {
  // A lone surrogate cannot be form-encoded: the Web API client threw "URI malformed" on it.
  const cases: Array<[string, Record<string, unknown>]> = [
    [
      'a reaction on a message ts with a lone surrogate',
      {
        type: 'reaction_added',
        user: 'UPIN',
        reaction: 'pushpin',
        item: { type: 'message', channel: 'CPIN', ts: '\ud800' },
      },
    ],
    [
      'a reaction in a channel id with a lone surrogate',
      {
        type: 'reaction_added',
        user: 'UPIN',
        reaction: 'pushpin',
        item: { type: 'message', channel: 'C\ud800', ts: '1700000000.000100' },
      },
    ],
    [
      'a pin in a channel id that is an object',
      {
        type: 'pin_added',
        user: 'UPIN',
        channel_id: { id: 'CPIN' },
        item: { type: 'message', ts: '1700000000.000100' },
      },
    ],
    [
      'a pin of a message ts with a lone surrogate',
      { type: 'pin_added', user: 'UPIN', channel_id: 'CPIN', item: { type: 'message', ts: '\ud800' } },
    ],
  ];
  it.each(cases)('%s is ignored at once: no Web API call, no warning, no error', async (_name, event) => {
    const user = new SlackUser(server.url, api, 'UPIN');
    const before = api.calls.length;
    const logsBefore = server.logs.length;
    const response = await user.send(user.eventBody(event), 'application/json');
    expect(response.status).toBe(200);
    expect(api.calls.slice(before)).toEqual([]);
    // Not even "no ack within 2.5 s": the listener was done, not retrying a call it cannot encode.
    const warnings = server.logs
      .slice(logsBefore)
      .filter((line) => (JSON.parse(line) as { level: number }).level >= 40);
    expect(warnings).toEqual([]);
  });
});

describe('correctly signed card buttons in a channel whose id is no Slack id', () => {
  it.each([
    ['a lone surrogate', '\ud800'],
    ['a name', '#support'],
    ['megabytes', 'C'.repeat(100_000)],
  ])('%s: ignored before any Web API call, so no error and nobody told anything', async (_name, channel) => {
    const user = new SlackUser(server.url, api, 'USHAPE');
    const before = api.calls.length;
    const logsBefore = server.logs.length;
    const response = await user.send(
      press((p) => {
        Object.assign(p.channel as object, { id: channel });
        Object.assign(p.container as object, { channel_id: channel });
      }, 'ticket_resolve'),
      'application/x-www-form-urlencoded',
    );
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.calls.slice(before)).toEqual([]);
    const errors = server.logs
      .slice(logsBefore)
      .filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
  });
});
