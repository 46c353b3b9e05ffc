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
  it.each(cases)('%s is a 400 with a JSON error, and nothing is stored', async (_name, body, contentType) => {
    const user = new SlackUser(server.url, api, 'USHAPE');
    const before = api.calls.length;
    const response = await user.send(body, contentType);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request' });
    expect(api.calls.length).toBe(before);
    expect(await server.context.store.conversations.countOpen()).toBe(0);
    expect(await server.context.store.tickets.list()).toEqual([]);
  });
});
