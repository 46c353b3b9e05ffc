import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { type BotTurn, TeamsUser } from '../../helpers/teams-user.js';

const requester = { id: '29:user-jan', aadObjectId: 'aad-jan', name: 'Jan Jansen' };
const agent = { id: '29:user-ada', aadObjectId: 'aad-ada', name: 'Ada Agent' };

let connector: FakeConnector;
let server: RunningServer;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  server = await startServer({ TICKETBOT_DEV: '1', TICKETBOT_AGENTS: `teams:${agent.aadObjectId}` });
});
afterAll(async () => {
  await server?.close();
  await connector?.stop();
});

/** Answers like a person: reads the question, types text or presses a button. */
async function completeIntake(
  user: TeamsUser,
  answers: Record<string, string>,
  first: BotTurn,
): Promise<BotTurn> {
  let turn = first;
  for (let i = 0; i < 30; i++) {
    const entry = Object.entries(answers).find(([question]) => turn.all.includes(question));
    if (!entry) throw new Error(`no answer for: ${turn.all}`);
    const [, answer] = entry;
    turn = answer.startsWith('button:') ? await user.choose(turn, answer.slice(7)) : await user.say(answer);
    if (/Ticket TCK-\d{6} (created|aangemaakt)/.test(turn.all)) return turn;
  }
  throw new Error('the intake did not finish');
}

// The review repeats every field name, so it is recognised first.
const english = {
  // A second P1 on the same environment is offered to join the open incident.
  'already an open P1 incident': 'button:Report separately',
  'review your ticket': 'button:Submit',
  'name of your company': 'Acme BV',
  'environment(s) are affected': 'https://acme.workspace365.net',
  'username(s)': 'j.jansen',
  'When did the issue start': 'yesterday 9:15',
  'describe the issue': 'Nobody can sign in after the Microsoft login. <!channel> [x](http://evil.example)',
  'security incident': 'button:No',
  'What is the impact': 'button:Organisation',
  'How urgent': 'button:High',
  'steps to reproduce': 'skip',
  'error messages': 'skip',
  'screenshots or log files': 'done',
  'additional information': 'skip',
};

describe('Teams on the wire (development mode)', () => {
  it('guides a whole intake in English with cards for choices and posts the ticket card', async () => {
    const user = new TeamsUser(server.url, connector, requester);
    const first = await user.say('hi');
    expect(first.all).toContain('name of your company');
    const impactCheck = { ...english };
    const done = await completeIntake(user, impactCheck, first);
    const id = /Ticket (TCK-\d{6}) created/.exec(done.all)![1]!;
    const ticket = await server.context.store.tickets.get(id);
    expect(ticket).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.jansen'],
      priority: 'P1',
      requester: { platform: 'teams', id: 'aad-jan', name: 'Jan Jansen' },
      language: 'en',
      description: 'Nobody can sign in after the Microsoft login. <!channel> [x](http://evil.example)',
    });
    // The ticket card: neutralised user text, priority text and colour, deadlines.
    const card = done.cards.at(-1)!;
    const text = JSON.stringify(card);
    expect(text).toContain('P1 Critical');
    expect(text).toContain('"style":"attention"');
    expect(text).toContain('Response: ');
    expect(text).not.toContain('[x](http://evil.example)');
    // The shared copy offers the agents' buttons; the requester's own view comes by refresh.
    expect(text).toContain('"verb":"acknowledge"');
    expect(text).not.toContain('"verb":"addInfo"');
    expect(card.refresh).toMatchObject({
      action: { verb: 'refresh', data: { ticketId: id } },
      userIds: [requester.id],
    });
    expect(await server.context.store.cardCopies.list(id)).toHaveLength(1);
  });

  it('guides a whole intake in Dutch', async () => {
    const user = new TeamsUser(
      server.url,
      connector,
      { id: '29:user-piet', aadObjectId: 'aad-piet', name: 'Piet' },
      'nl-NL',
    );
    const first = await user.say('hallo');
    expect(first.all).toContain('naam van je bedrijf');
    const done = await completeIntake(
      user,
      {
        'Controleer je ticket': 'button:Indienen',
        'naam van je bedrijf': 'Bakkerij De Vries',
        'omgeving(en) zijn getroffen': 'devries.workspace365.net',
        gebruikersnaam: 'piet@devries.nl',
        'Wanneer begon het probleem': 'gisteren 14:00',
        'Beschrijf het probleem': 'De documenten-app laadt niet meer sinds de update.',
        beveiligingsincident: 'button:Nee',
        'Wat is de impact': 'button:Afdeling',
        'Hoe urgent': 'button:Normaal',
        reproduceren: 'overslaan',
        foutmeldingen: 'overslaan',
        schermafbeeldingen: 'klaar',
        'aanvullende informatie': 'nee',
      },
      first,
    );
    const id = /Ticket (TCK-\d{6}) aangemaakt/.exec(done.all)![1]!;
    expect(await server.context.store.tickets.get(id)).toMatchObject({
      priority: 'P3',
      language: 'nl',
      impact: 'department',
    });
  });

  it('updates the requester copy with a PUT when an agent acts, and answers with the new card', async () => {
    const user = new TeamsUser(server.url, connector, {
      id: '29:user-kim',
      aadObjectId: 'aad-kim',
      name: 'Kim',
    });
    const done = await completeIntake(user, english, await user.say('hi'));
    const id = /Ticket (TCK-\d{6}) created/.exec(done.all)![1]!;
    const [copy] = await server.context.store.cardCopies.list(id);
    const agentUser = new TeamsUser(server.url, connector, agent, 'en-US', 'a:agent-chat');
    const putsBefore = connector.updates().length;
    const answer = await agentUser.invoke('acknowledge', { ticketId: id }, 'some-other-copy');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(answer.body.value)).toContain('Acknowledged');
    const puts = connector.updates().slice(putsBefore);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(
      `/v3/conversations/${encodeURIComponent(copy!.conversationId)}/activities/${encodeURIComponent(copy!.messageId)}`,
    );
    expect(JSON.stringify(puts[0]!.body)).toContain('Acknowledged');
    expect((await server.context.store.tickets.get(id))?.status).toBe('acknowledged');
    expect((await server.context.store.tickets.timeline(id)).map((e) => e.type)).toEqual([
      'created',
      'acknowledged',
    ]);
  });

  it('answers a refresh with the agent view for an agent and the requester view for the requester', async () => {
    const user = new TeamsUser(server.url, connector, {
      id: '29:user-lou',
      aadObjectId: 'aad-lou',
      name: 'Lou',
    });
    const done = await completeIntake(user, english, await user.say('hi'));
    const id = /Ticket (TCK-\d{6}) created/.exec(done.all)![1]!;
    const verbs = (body: Record<string, unknown>) =>
      JSON.stringify(body.value)
        .match(/"verb":"(\w+)"/g)!
        .map((v) => v.slice(8, -1))
        .filter((v) => v !== 'refresh');
    const agentView = await new TeamsUser(server.url, connector, agent, 'en-US', 'a:agent-chat').invoke(
      'refresh',
      { ticketId: id },
    );
    expect(verbs(agentView.body)).toEqual(
      expect.arrayContaining(['acknowledge', 'resolve', 'changePriority']),
    );
    const requesterView = await user.invoke('refresh', { ticketId: id });
    expect(verbs(requesterView.body).sort()).toEqual(['addInfo', 'cancel']);
    const stranger = await new TeamsUser(server.url, connector, {
      id: '29:x',
      aadObjectId: 'aad-x',
      name: 'X',
    }).invoke('refresh', {
      ticketId: id,
    });
    // Naming a ticket id shows nothing to someone who may not see it.
    expect(stranger.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(JSON.stringify(stranger.body.value)).not.toContain(id);
    // The requester may not acknowledge: the card says so and nothing changes.
    const refused = await user.invoke('acknowledge', { ticketId: id });
    expect(JSON.stringify(refused.body.value)).toContain('You cannot do that on this ticket.');
    expect((await server.context.store.tickets.get(id))?.status).toBe('open');
  });

  it('greets on installation (conversationUpdate) without starting a report', async () => {
    const user = new TeamsUser(server.url, connector, {
      id: '29:user-new',
      aadObjectId: 'aad-new',
      name: 'New',
    });
    const before = connector.calls.length;
    const response = await user.post(
      user.activity({
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [{ id: '28:ticketbot' }, { id: '29:user-new' }],
      }),
    );
    expect(response.status).toBe(200);
    expect(JSON.stringify(connector.sent(before))).toContain("Hi, I'm ticketbot");
    expect(await server.context.store.conversations.load(`teams:${user.conversationId}`)).toBeNull();
    // The first message then starts the report and is not taken as an answer.
    const first = await user.say('hi');
    expect(first.all).toContain('name of your company');
  });

  it('makes one ticket and one reply when the same activity is delivered twice', async () => {
    const user = new TeamsUser(server.url, connector, {
      id: '29:user-dup',
      aadObjectId: 'aad-dup',
      name: 'Dup',
    });
    await user.say('hi');
    const activity = user.activity({ text: 'Acme BV' });
    const before = connector.sent().length;
    expect((await user.post(activity)).status).toBe(200);
    const afterFirst = connector.sent().length;
    expect((await user.post(activity)).status).toBe(200);
    expect(afterFirst).toBeGreaterThan(before);
    expect(connector.sent().length).toBe(afterFirst);
  });

  it('answers an @mention in a channel in its thread, without the mention text, one intake per person', async () => {
    const thread = '19:general@thread.tacv2;messageid=1700000000000';
    const ann = new TeamsUser(
      server.url,
      connector,
      { id: '29:ann', aadObjectId: 'aad-ann', name: 'Ann' },
      'en-US',
      thread,
    );
    const bob = new TeamsUser(
      server.url,
      connector,
      { id: '29:bob', aadObjectId: 'aad-bob', name: 'Bob' },
      'en-US',
      thread,
    );
    const mention = (who: TeamsUser, text: string) =>
      who.activity({
        text: `<at>ticketbot</at> ${text}`,
        conversation: { conversationType: 'channel', id: thread, isGroup: true, tenantId: 'tenant-1' },
        entities: [
          {
            type: 'mention',
            text: '<at>ticketbot</at>',
            mentioned: { id: '28:ticketbot', name: 'ticketbot' },
          },
        ],
      });
    const before = connector.calls.length;
    expect((await ann.post(mention(ann, 'ticket'))).status).toBe(200);
    const reply = connector.calls.slice(before).find((c) => c.method === 'POST')!;
    expect(reply.path).toContain(encodeURIComponent(thread));
    expect(JSON.stringify(reply.body)).toContain('name of your company');
    await ann.post(mention(ann, 'Acme BV'));
    await bob.post(mention(bob, 'hello'));
    await bob.post(mention(bob, 'Bobs Bikes'));
    const annState = await server.context.store.conversations.load(`teams:${thread}:aad-ann`);
    const bobState = await server.context.store.conversations.load(`teams:${thread}:aad-bob`);
    expect(annState?.state.draft.company).toBe('Acme BV');
    expect(bobState?.state.draft.company).toBe('Bobs Bikes');
  });

  it('refuses malformed JSON and a 5 MB body with 4xx and stays up', async () => {
    const bad = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message",',
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const huge = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(5 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    const notActivity = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2,3]',
    });
    expect(notActivity.status).toBe(400);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/ticketbot_http_requests_total\{route="\/api\/messages",status="200"\} \d+/);
    expect(metrics).toMatch(/ticketbot_http_requests_total\{route="\/api\/messages",status="413"\} 1/);
  });
});
