import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { TeamsUser } from '../../helpers/teams-user.js';

let connector: FakeConnector;
let server: RunningServer;
const agent = { id: '29:agent-sam', aadObjectId: 'aad-sam', name: 'Sam Agent' };

beforeAll(async () => {
  connector = await new FakeConnector().start();
  server = await startServer({
    TICKETBOT_DEV: '1',
    TEAMS_SUPPORT_CHANNEL: '19:support@thread.tacv2',
    TICKETBOT_AGENTS: `teams:${agent.aadObjectId}`,
  });
});
afterAll(async () => {
  await server?.close();
  await connector?.stop();
});

async function reachAttachments(user: TeamsUser): Promise<void> {
  await user.say('hi');
  for (const text of [
    'Acme BV',
    'acme.workspace365.net',
    'j.jansen',
    'now',
    'Printing from the portal fails for everyone here.',
  ]) {
    await user.say(text);
  }
  await user.say('', { intakeStep: 'security', choice: 'no' });
  await user.say('', { intakeStep: 'impact', choice: 'department' });
  await user.say('', { intakeStep: 'urgency', choice: 'normal' });
}

describe('Teams files and the support channel', () => {
  it('records files sent in the personal chat and posts the card in the support channel too', async () => {
    const user = new TeamsUser(server.url, connector, {
      id: '29:user-fay',
      aadObjectId: 'aad-fay',
      name: 'Fay',
    });
    await reachAttachments(user);
    const before = connector.calls.length;
    const upload = user.activity({
      text: '',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name: 'error.png',
          content: {
            downloadUrl: 'https://contoso.sharepoint.com/error.png?download=1',
            uniqueId: 'u-1',
            fileType: 'png',
            size: 20480,
          },
        },
      ],
    });
    expect((await user.post(upload)).status).toBe(200);
    expect(JSON.stringify(connector.sent(before))).toContain('Attached error.png (20 KB)');
    for (const text of ['skip', 'skip', 'done']) await user.say(text);
    const review = await user.say('skip');
    expect(review.all).toContain('error.png');
    const done = await user.choose(review, 'Submit');
    const id = /Ticket (TCK-\d{6}) created/.exec(done.all)![1]!;
    const ticket = await server.context.store.tickets.get(id);
    expect(ticket?.attachments).toEqual([
      {
        name: 'error.png',
        contentType: 'application/png',
        size: 20480,
        ref: 'https://contoso.sharepoint.com/error.png?download=1',
      },
    ]);
    const create = connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(create?.body).toMatchObject({
      isGroup: true,
      channelData: { channel: { id: '19:support@thread.tacv2' } },
    });
    const copies = await server.context.store.cardCopies.list(id);
    // Posted through the outbox, lane by lane: the order of the two copies is free.
    expect(copies.map((c) => c.conversationId).sort()).toEqual([
      expect.stringMatching(/^19:support@thread\.tacv2;messageid=channel-act-\d+$/),
      user.conversationId,
    ]);
    expect(copies.find((c) => c.conversationId.startsWith('19:'))!.messageId).toMatch(/^channel-act-\d+$/);

    // An agent acting in the channel copy updates the requester's copy in place.
    const putsBefore = connector.updates().length;
    const agentUser = new TeamsUser(server.url, connector, agent, 'en-US', copies[1]!.conversationId);
    const answer = await agentUser.invoke('resolve', { ticketId: id }, copies[1]!.messageId);
    expect(JSON.stringify(answer.body.value)).toContain('Resolved');
    const puts = connector.updates().slice(putsBefore);
    expect(puts.map((p) => decodeURIComponent(p.path))).toEqual([
      `/v3/conversations/${copies[0]!.conversationId}/activities/${copies[0]!.messageId}`,
    ]);
  });
});
