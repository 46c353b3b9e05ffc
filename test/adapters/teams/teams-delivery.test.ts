import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { type BotTurn, collectText, readTurn, TeamsUser } from '../../helpers/teams-user.js';

// Faults on the Teams wire: redelivered invokes, a failing connector, a hanging connector,
// and a stranger naming a ticket id.

let connector: FakeConnector;
let server: RunningServer;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  server = await startServer(
    { TICKETBOT_DEV: '1' },
    { workers: true, outboxIntervalMs: 100, timerIntervalMs: 100 },
  );
});
afterAll(async () => {
  await server?.close();
  await connector?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, done: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const english: Record<string, string> = {
  'review your ticket': 'button:Submit',
  'name of your company': 'Northwind Traders',
  'environment(s) are affected': 'https://northwind.workspace365.net',
  'username(s)': 'n.smith',
  'When did the issue start': 'yesterday 9:15',
  'describe the issue': 'The document library does not open for the sales department.',
  'security incident': 'button:No',
  'What is the impact': 'button:Department',
  'How urgent': 'button:Normal',
  'steps to reproduce': 'skip',
  'error messages': 'skip',
  'screenshots or log files': 'done',
  'additional information': 'skip',
};

/** A whole intake on the wire; the ticket id. */
async function createTicket(user: TeamsUser): Promise<string> {
  let turn: BotTurn = await user.say('hi');
  for (let i = 0; i < 30; i++) {
    const created = /Ticket (TCK-\d{6}) created/.exec(turn.all);
    if (created) return created[1]!;
    const entry = Object.entries(english).find(([question]) => turn.all.includes(question));
    if (!entry) throw new Error(`no answer for: ${turn.all}`);
    const [, answer] = entry;
    turn = answer.startsWith('button:') ? await user.choose(turn, answer.slice(7)) : await user.say(answer);
  }
  throw new Error('the intake did not finish');
}

function person(name: string): { id: string; aadObjectId: string; name: string } {
  return {
    id: `29:user-${name}`,
    aadObjectId: `aad-${name}`,
    name: `${name[0]!.toUpperCase()}${name.slice(1)}`,
  };
}

describe('Teams delivery under faults (development mode)', () => {
  it('the same adaptiveCard/action addInfo delivered 4 times: one timeline entry, one round of copy updates', async () => {
    const user = new TeamsUser(server.url, connector, person('quinn'));
    const id = await createTicket(user);
    await until('the card copy', async () => (await server.context.store.cardCopies.list(id)).length > 0);
    const copies = await server.context.store.cardCopies.list(id);
    const putsBefore = connector.updates().length;
    const activity = user.activity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'addInfo',
          data: { ticketId: id, info: 'It also fails in the Teams desktop client.' },
        },
        trigger: 'manual',
      },
    });
    const answers: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 4; i++) {
      const response = await user.post(activity);
      expect(response.status).toBe(200);
      answers.push((await response.json()) as Record<string, unknown>);
    }
    // Every delivery is answered with the card.
    for (const answer of answers)
      expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    await sleep(1_500);
    const timeline = await server.context.store.tickets.timeline(id);
    expect(timeline.filter((e) => JSON.stringify(e).includes('Teams desktop client'))).toHaveLength(1);
    const puts = connector.updates().slice(putsBefore);
    expect(puts.length).toBe(copies.length);
    expect(new Set(puts.map((p) => p.path)).size).toBe(copies.length);
  }, 40_000);

  it('a connector answering 500 to the first sends: the replies arrive later through the worker, once', async () => {
    const user = new TeamsUser(server.url, connector, person('rosa'));
    const before = connector.calls.length;
    connector.failNext(2, 500);
    const response = await user.post(user.activity({ text: 'hi' }));
    // The turn is stored; what failed to go out is not the user's problem.
    expect(response.status).toBe(200);
    await until('the first question', () =>
      readTurn(connector.delivered(before)).all.includes('name of your company'),
    );
    await sleep(1_500);
    const delivered = connector.delivered(before);
    const questions = delivered.filter((a) =>
      collectText(a).some((text) => text.includes('name of your company')),
    );
    expect(questions).toHaveLength(1);
    // The two refused sends were made and retried.
    expect(connector.sent(before).length).toBeGreaterThanOrEqual(delivered.length + 2);
    expect((await server.context.store.outbox.stats(Date.now())).pending).toBe(0);
  }, 30_000);

  it('a hanging connector does not hold the HTTP request much beyond the reply budget', async () => {
    const user = new TeamsUser(server.url, connector, person('sam'));
    const before = connector.calls.length;
    connector.holdNext(1, 9_000);
    const started = Date.now();
    const response = await user.post(user.activity({ text: 'hi' }));
    const took = Date.now() - started;
    expect(response.status).toBe(200);
    // The reply budget is 5 s; Teams gives up at 15 s.
    expect(took).toBeGreaterThanOrEqual(4_500);
    expect(took).toBeLessThan(7_000);
    // The reply is not lost: it goes out once the connector answers.
    await until(
      'the held reply',
      () => readTurn(connector.delivered(before)).all.includes('name of your company'),
      15_000,
    );
    await until(
      'an empty outbox',
      async () => (await server.context.store.outbox.stats(Date.now())).pending === 0,
    );
  }, 40_000);

  it("a stranger's refresh naming a ticket id gets no card and nothing of the ticket", async () => {
    const user = new TeamsUser(server.url, connector, person('tess'));
    const id = await createTicket(user);
    const stranger = new TeamsUser(server.url, connector, person('mallory'));
    const answer = await stranger.invoke('refresh', { ticketId: id });
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.activity.message');
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain('Northwind');
    expect(text).not.toContain('Tess');
    expect(text).not.toContain('document library');
    expect(text).not.toContain(id);
    // The requester does get the card.
    const own = await user.invoke('refresh', { ticketId: id });
    expect(own.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(own.body)).toContain('Northwind');
  }, 40_000);
});
