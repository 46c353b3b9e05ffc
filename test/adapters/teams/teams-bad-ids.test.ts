import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { TeamsUser } from '../../helpers/teams-user.js';

let connector: FakeConnector;
let server: RunningServer;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  server = await startServer({ TICKETBOT_DEV: '1' });
});
afterAll(async () => {
  await server?.close();
  await connector?.stop();
});

describe('Teams activities whose ids are no ids', () => {
  const user = () => new TeamsUser(server.url, connector, { id: '29:x', aadObjectId: 'aad-x', name: 'X' });
  it.each([
    ['a sender id that is an object', { from: { id: { $gt: '' }, name: 'X' } }],
    ['a sender id of a megabyte', { from: { id: 'a'.repeat(300_000), name: 'X' } }],
    ['an aadObjectId that is a number', { from: { id: '29:x', aadObjectId: 42, name: 'X' } }],
  ])('%s: no intake is stored and nothing is sent', async (_name, override) => {
    const sender = user();
    const before = connector.calls.length;
    const response = await sender.post(sender.activity({ text: 'Acme BV, nothing works', ...override }));
    expect(response.status).toBeLessThan(500);
    expect(connector.calls.length).toBe(before);
    expect(await server.context.store.conversations.countOpen()).toBe(0);
  });
});
