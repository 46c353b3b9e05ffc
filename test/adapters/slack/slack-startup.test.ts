import { describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES } from '../../../src/adapters/slack/slack-scopes.js';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { startServer } from '../../helpers/server-harness.js';
import { SIGNING_SECRET } from '../../helpers/slack-user.js';

const env = (api: FakeSlackApi) => ({
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: api.url,
});

describe('Slack at start-up', () => {
  it('is off, with the reason, when Slack refuses the bot token; the server still starts', async () => {
    const api = await new FakeSlackApi().start();
    api.override('auth.test', { ok: false, error: 'invalid_auth' });
    const server = await startServer(env(api));
    const response = await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect((await response.json()).message).toContain('invalid_auth');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.close();
    await api.stop();
  });

  it('stays on when auth.test is unreachable (an outage is no configuration error)', async () => {
    const api = await new FakeSlackApi().start();
    api.override('auth.test', { ok: false, error: 'unknown_method' });
    const server = await startServer(env(api));
    const response = await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    await server.close();
    await api.stop();
  });

  it('says at start which scopes an older install of the app lacks, and nothing when it has them all', async () => {
    const api = await new FakeSlackApi().start();
    api.grantedScopes = SLACK_BOT_SCOPES.filter((s) => s !== 'channels:read' && s !== 'groups:history');
    const older = await startServer(env(api));
    const warned = older.logs
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; missing?: string[] })
      .filter((line) => line.missing);
    expect(warned).toHaveLength(1);
    expect(warned[0]!.missing).toEqual(['channels:read', 'groups:history']);
    expect(warned[0]!.msg).toContain('the Slack bot token lacks channels:read, groups:history');
    // Slack stays on (an unsigned request is refused, not answered "off"): a missing scope
    // only stops what needs it.
    expect((await fetch(`${older.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(401);
    await older.close();

    api.grantedScopes = [...SLACK_BOT_SCOPES, 'users:read.email'];
    const current = await startServer(env(api));
    expect(current.logs.join('')).not.toContain('lacks');
    await current.close();
    await api.stop();
  });

  it('is off with a clear message without a signing secret and token', async () => {
    const server = await startServer({});
    const response = await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'channel_not_configured', channel: 'Slack' });
    await server.close();
  });
});
