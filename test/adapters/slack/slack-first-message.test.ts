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

  it('reads the text as typed, not as Slack marks it up: linked hosts and addresses, escapes', async () => {
    const user = new SlackUser(server.url, api, 'UMARKUP');
    // What Slack sends for "Acme BV, acme.workspace365.net, users j.doe@acme.nl and k.smit, ...".
    const posts = await user.dmText(
      'Acme BV, <http://acme.workspace365.net|acme.workspace365.net>, users <mailto:j.doe@acme.nl|j.doe@acme.nl> and k.smit, since 9:15 this morning, error 500 &amp; a blank page',
    );
    expect(textOf(posts)).toContain('Noted environment(s): https://acme.workspace365.net');
    const stored = await server.context.store.conversations.load('slack:T1:UMARKUP:dm');
    expect(stored?.state.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.doe@acme.nl', 'k.smit'],
    });
    expect(JSON.stringify(stored?.state.draft)).not.toMatch(/&amp;|<http|mailto/);
  });

  it('an answer Slack marked up is read as typed at its question too', async () => {
    const user = new SlackUser(server.url, api, 'UMARKUP2');
    expect(textOf(await user.dmText('hi'))).toContain('name of your company');
    expect(textOf(await user.dmText('Acme BV'))).toContain('environment(s) are affected');
    await user.dmText('<http://acme.workspace365.net|acme.workspace365.net>');
    await user.dmText('<mailto:j.doe@acme.nl|j.doe@acme.nl>, <mailto:k.smit@acme.nl|k.smit@acme.nl>');
    const stored = await server.context.store.conversations.load('slack:T1:UMARKUP2:dm');
    expect(stored?.state.draft).toMatchObject({
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.doe@acme.nl', 'k.smit@acme.nl'],
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
    const posts = await user.mention('CGEN', WHOLE_REPORT, '1800.0001');
    expect(posts[0]).toMatchObject({ channel: 'CGEN', thread_ts: '1800.0001' });
    expect(textOf(posts)).toContain('Acme BV');
    const stored = await server.context.store.conversations.load('slack:T1:CGEN:1800.0001:UMENFIRST');
    expect(stored?.state.draft).toMatchObject({ company: 'Acme BV' });
  });
});
