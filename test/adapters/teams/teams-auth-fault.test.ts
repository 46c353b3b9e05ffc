import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AUTHENTICATED_TEAMS_ENV, BotFrameworkKeys } from '../../helpers/bot-framework-tokens.js';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { TeamsUser } from '../../helpers/teams-user.js';

// Its own file: botbuilder keeps the signing keys it read in a process-wide cache.
const keys = new BotFrameworkKeys();
let connector: FakeConnector;
let server: RunningServer;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  nock('https://login.botframework.com').persist().get(/.*/).reply(503, 'down for maintenance');
  server = await startServer({
    ...AUTHENTICATED_TEAMS_ENV,
  });
});

afterAll(async () => {
  await server?.close();
  await connector?.stop();
  BotFrameworkKeys.unserve();
});

it('Bot Framework key service down: a well-formed token gets 500 with an error id (ours to fix), not 401', async () => {
  const u = new TeamsUser(server.url, connector, { id: '29:down', aadObjectId: 'aad-down', name: 'Down' });
  const response = await u.post(u.activity({ text: 'hi' }), {
    authorization: `Bearer ${keys.rs256(keys.claims(connector.url))}`,
  });
  expect(response.status).toBe(500);
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error', 'errorId']);
  expect(body.error).toBe('internal_error');
  expect(server.logs.join('')).toContain(String(body.errorId));
  expect(connector.calls).toEqual([]);
});
