import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { SIGNING_SECRET, SlackUser } from '../../helpers/slack-user.js';

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

const big = 'U'.repeat(300_000);
// Bodies are made when the cases are listed, before the server is up: the url is read late.
const user = () => new SlackUser(server?.url ?? '', api, 'UREAL');
const dm = (event: Record<string, unknown>, envelope: Record<string, unknown> = {}) =>
  JSON.stringify({
    ...JSON.parse(
      user().eventBody({
        type: 'message',
        channel_type: 'im',
        channel: 'DUREAL',
        user: 'UREAL',
        text: 'hi',
        ...event,
      }),
    ),
    ...envelope,
  });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const command = (over: Record<string, string>) =>
  form({
    command: '/ticket',
    text: 'hi',
    user_id: 'UREAL',
    team_id: 'T1',
    trigger_id: 't.1',
    channel_id: 'DUREAL',
    ...over,
  });

describe('correctly signed payloads whose ids are no Slack ids: nothing stored, nothing looked up', () => {
  const cases: Array<[string, string, string]> = [
    ['a DM whose user is an operator object', dm({ user: { $gt: '' } }), 'application/json'],
    ['a DM without a user', dm({ user: undefined }), 'application/json'],
    ['a DM whose user is 300 KB', dm({ user: big }), 'application/json'],
    ['a DM whose channel is an object', dm({ channel: { id: 'DUREAL' } }), 'application/json'],
    ['a DM whose text is an object', dm({ text: { $ne: null } }), 'application/json'],
    [
      'a DM whose team is an object',
      dm({}, { team_id: { $gt: '' }, authorizations: undefined }),
      'application/json',
    ],
    ['a DM without a team', dm({}, { team_id: undefined, authorizations: undefined }), 'application/json'],
    [
      '/ticket from user "[object Object]"',
      command({ user_id: '[object Object]' }),
      'application/x-www-form-urlencoded',
    ],
    ['/ticket from user "undefined"', command({ user_id: 'undefined' }), 'application/x-www-form-urlencoded'],
    ['/ticket from a 300 KB user id', command({ user_id: big }), 'application/x-www-form-urlencoded'],
    ['/ticket without a trigger id', command({ trigger_id: '' }), 'application/x-www-form-urlencoded'],
    [
      'a form submission without its state',
      user().interaction({
        type: 'view_submission',
        view: { id: 'V1', callback_id: 'ticket_form', private_metadata: '{' },
      }),
      'application/x-www-form-urlencoded',
    ],
    [
      'a card button from a user id that is an object',
      user().interaction({
        type: 'block_actions',
        user: { id: { $gt: '' } },
        actions: [{ action_id: 'ticket_acknowledge', value: 'TCK-000001' }],
      }),
      'application/x-www-form-urlencoded',
    ],
    [
      'an intake choice whose value is JSON null',
      user().interaction({
        type: 'block_actions',
        channel: { id: 'DUREAL' },
        actions: [{ action_id: 'intake_choice_0', value: 'null' }],
      }),
      'application/x-www-form-urlencoded',
    ],
  ];

  it.each(cases)('%s', async (_name, body, contentType) => {
    const before = api.calls.length;
    const response = await user().send(body, contentType);
    expect(response.status).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.of('users.info', before)).toEqual([]);
    expect(api.of('chat.postMessage', before)).toEqual([]);
    expect(await server.context.store.conversations.countOpen()).toBe(0);
    expect(await server.context.store.tickets.list()).toEqual([]);
  });

  it('a DM from a real user id is taken (so the refusals above mean something)', async () => {
    const posts = await user().dmText('hi');
    expect(posts.length).toBeGreaterThan(0);
    expect(await server.context.store.conversations.countOpen()).toBe(1);
  });
});
