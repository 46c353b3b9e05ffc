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

const WHOLE_REPORT =
  'Acme BV, https://acme.workspace365.net, users j.doe and k.smit, since 9:15 this morning, nobody can log in to the workspace';

describe('Slack: the first message carries the whole report', () => {
  it('a DM: every field it names is taken, said back, and not asked again', async () => {
    const user = new SlackUser(server.url, api, 'UFIRST');
    const posts = await user.dmText(WHOLE_REPORT);
    const text = textOf(posts);
    expect(text).toContain('Acme BV');
    expect(text).not.toContain('name of your company');
    const stored = await server.context.store.conversations.load('slack:T1:UFIRST:dm');
    expect(stored?.state.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.doe', 'k.smit'],
    });
  });

  it('/ticket with text: the text is the first message', async () => {
    const user = new SlackUser(server.url, api, 'UCMDFIRST');
    const command = new URLSearchParams({
      command: '/ticket',
      text: WHOLE_REPORT,
      user_id: 'UCMDFIRST',
      team_id: 'T1',
      channel_id: 'C1',
      trigger_id: 'trig-first',
      response_url: 'https://hooks.example/1',
    });
    const before = api.calls.length;
    expect((await user.send(command.toString(), 'application/x-www-form-urlencoded')).status).toBe(200);
    const posts = await user.postsSince(before);
    expect(textOf(posts)).toContain('Acme BV');
    const stored = await server.context.store.conversations.load('slack:T1:UCMDFIRST:dm');
    expect(stored?.state.draft).toMatchObject({ company: 'Acme BV', usernames: ['j.doe', 'k.smit'] });
  });

  it('a mention: the text after the mention is the first message, answered in its thread', async () => {
    const user = new SlackUser(server.url, api, 'UMENFIRST');
    const before = api.calls.length;
    await user.send(
      user.eventBody({
        type: 'app_mention',
        channel: 'CGEN',
        user: 'UMENFIRST',
        text: `<@UBOT> ${WHOLE_REPORT}`,
        ts: '1800.0001',
      }),
      'application/json',
    );
    const posts = await user.postsSince(before);
    expect(posts[0]).toMatchObject({ channel: 'CGEN', thread_ts: '1800.0001' });
    expect(textOf(posts)).toContain('Acme BV');
    const stored = await server.context.store.conversations.load('slack:T1:CGEN:1800.0001:UMENFIRST');
    expect(stored?.state.draft).toMatchObject({ company: 'Acme BV' });
  });
});
