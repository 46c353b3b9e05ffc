import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { TeamsUser } from '../../helpers/teams-user.js';

// A card action names a ticket id; what it answers must not tell a stranger which ids exist.

let connector: FakeConnector;
let server: RunningServer;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  server = await startServer({ TICKETBOT_DEV: '1', TICKETBOT_AGENTS: 'teams:aad-agent' });
});
afterAll(async () => {
  await server?.close();
  await connector?.stop();
});

const person = (name: string) => ({ id: `29:user-${name}`, aadObjectId: `aad-${name}`, name });

describe('Teams card actions on ticket ids', () => {
  it("answers a stranger the same for an unknown id as for someone else's ticket; staff are told the id is unknown", async () => {
    const {
      version: _version,
      id: _id,
      ...opened
    } = sampleTicket({
      requester: { platform: 'teams', id: '29:user-owner', name: 'Owner' },
    });
    const { ticket } = await server.context.store.tickets.create(opened, {
      at: opened.createdAt,
      actor: 'teams:29:user-owner',
      type: 'created',
      data: {},
    });
    const stranger = new TeamsUser(server.url, connector, person('stranger'));
    const answerTo = async (user: TeamsUser, ticketId: string) =>
      (await user.invoke('resolve', { ticketId, resolution: 'done' })).body;
    const onExisting = await answerTo(stranger, ticket.id);
    const onUnknown = await answerTo(stranger, 'TCK-999999');
    expect(onExisting).toMatchObject({ statusCode: 200, value: 'You cannot do that on this ticket.' });
    expect(onUnknown).toEqual(onExisting);
    const agent = new TeamsUser(server.url, connector, person('agent'));
    expect(await answerTo(agent, 'TCK-999999')).toMatchObject({ value: 'That ticket does not exist.' });
  });
});
