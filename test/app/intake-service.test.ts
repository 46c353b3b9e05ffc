import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { IncidentFlows } from '../../src/app/incident-flows.js';
import { type ChatSession, IntakeService } from '../../src/app/intake-service.js';
import { TicketFlows } from '../../src/app/ticket-flows.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';
import { ENGLISH_HAPPY_PATH, NOW } from '../helpers/conversation.js';

const session: ChatSession = {
  conversationKey: 'slack:T1:U1',
  requester: { platform: 'slack', id: 'U1', name: 'Jan' },
  language: 'en',
  timeZone: 'Europe/Amsterdam',
};

function service(store: SqliteStore, policy = 'workspace365-basic'): IntakeService {
  let id = 0;
  return new IntakeService({
    store,
    policies: PolicyRegistry.create(),
    defaultPolicy: policy,
    clock: { now: () => NOW },
    flows: new TicketFlows({ support: { slack: null, teams: null }, supportLanguage: 'en' }),
    incidents: new IncidentFlows({
      incidentManagers: [],
      securityOfficers: [],
      support: { slack: null, teams: null },
      channelPlatforms: [],
      archiveOnClose: false,
      language: 'en',
    }),
    ids: { next: () => `intake-${++id}` },
  });
}

describe('intake service', () => {
  it('stores a submitted ticket with policy, priority, deadlines and a created timeline entry', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store);
    await intake.open(session);
    let last = await intake.handle(session, { text: ENGLISH_HAPPY_PATH[0]![1] });
    for (const [, text] of ENGLISH_HAPPY_PATH.slice(1)) last = await intake.handle(session, { text });
    last = await intake.handle(session, { text: 'submit' });
    expect(last.open).toBe(false);
    expect(last.ticket?.id).toBe('TCK-000001');
    expect(last.reply.some((p) => p.type === 'text' && p.text === 'Ticket TCK-000001 created')).toBe(true);
    const stored = await store.tickets.get('TCK-000001');
    expect(stored).toMatchObject({
      status: 'open',
      policy: 'workspace365-basic',
      priority: 'P1',
      createdAt: NOW,
      // Monday 10:30 + 5 min response, + 4 business hours resolution.
      response: { dueAt: NOW + 5 * 60_000 },
      resolution: { dueAt: NOW + 4 * 3_600_000 },
      requester: session.requester,
    });
    expect((await store.tickets.timeline('TCK-000001')).map((e) => e.type)).toEqual(['created']);
    expect(await store.conversations.load(session.conversationKey)).toBeNull();
  });

  it('resumes an unfinished intake after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-resume-'));
    const first = SqliteStore.open(dir);
    const before = service(first);
    await before.open(session);
    await before.handle(session, { text: 'Acme BV' });
    await before.handle(session, { text: 'acme.workspace365.net' });
    await first.close();

    const second = SqliteStore.open(dir);
    const after = service(second);
    const resumed = await after.open(session);
    expect(resumed.reply[0]).toMatchObject({ type: 'text', text: expect.stringContaining('Welcome back') });
    expect(resumed.reply[1]).toMatchObject({ type: 'question', step: 'usernames' });
    const state = await second.conversations.load(session.conversationKey);
    expect(state?.state.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
    });
    await second.close();
  });

  it('makes one ticket when the same intake is submitted twice (crash between store and cleanup)', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store);
    await intake.open(session);
    for (const [, text] of ENGLISH_HAPPY_PATH) await intake.handle(session, { text });
    const saved = await store.conversations.load(session.conversationKey);
    const first = await intake.handle(session, { text: 'submit' });
    // Simulate the crash: the intake state comes back as it was before submit.
    await store.conversations.save(saved!.state, null);
    const second = await intake.handle(session, { text: 'submit' });
    expect(second.ticket?.id).toBe(first.ticket?.id);
    expect(await store.tickets.list()).toHaveLength(1);
  });

  it('gives null deadlines under a policy without targets', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store, 'spinpanel');
    await intake.open(session);
    for (const [, text] of ENGLISH_HAPPY_PATH) await intake.handle(session, { text });
    const { ticket } = await intake.handle(session, { text: 'submit' });
    expect(ticket).toMatchObject({
      policy: 'spinpanel',
      response: { dueAt: null },
      resolution: { dueAt: null },
    });
  });
});

describe('a second press on Submit', () => {
  it('starts nothing new once the report is in', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store);
    await intake.open(session);
    for (const [, text] of ENGLISH_HAPPY_PATH) await intake.handle(session, { text });
    const first = await intake.handle(session, { text: '', choice: 'submit', choiceFor: 'review' });
    expect(first.ticket).toBeDefined();
    const second = await intake.handle(session, { text: '', choice: 'submit', choiceFor: 'review' });
    expect(second).toEqual({ reply: [], open: false, outboxKeys: [] });
    expect(await store.conversations.load(session.conversationKey)).toBeNull();
    expect(await store.tickets.list()).toHaveLength(1);
  });
});

describe('coming back to an old report', () => {
  it('reminds the user of the pending question instead of taking the new message as its answer', async () => {
    const store = SqliteStore.inMemory();
    let now = NOW;
    let id = 0;
    const intake = new IntakeService({
      store,
      policies: PolicyRegistry.create(),
      defaultPolicy: 'workspace365-basic',
      clock: { now: () => now },
      flows: new TicketFlows({ support: { slack: null, teams: null }, supportLanguage: 'en' }),
      incidents: new IncidentFlows({
        incidentManagers: [],
        securityOfficers: [],
        support: { slack: null, teams: null },
        channelPlatforms: [],
        archiveOnClose: false,
        language: 'en',
      }),
      ids: { next: () => `i-${++id}` },
    });
    await intake.open(session);
    await intake.handle(session, { text: 'Acme BV' });
    now += 2 * 3_600_000;
    const back = await intake.handle(session, { text: 'hi' });
    expect(back.reply[0]).toMatchObject({ type: 'text', text: expect.stringContaining('Welcome back') });
    expect(back.reply[1]).toMatchObject({ type: 'question', step: 'environments' });
    const next = await intake.handle(session, { text: 'acme.workspace365.net' });
    expect(next.reply.at(-1)).toMatchObject({ type: 'question', step: 'usernames' });
  });
});

describe('issue 9: the first message of a conversation', () => {
  it('greets and takes the first message with text as the answers', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store);
    const first = await intake.handle(session, {
      text: 'Acme BV, https://acme.workspace365.net, users j.doe and k.smit, since 9:15 this morning, nobody can log in to the workspace',
    });
    expect(first.open).toBe(true);
    expect(first.reply[0]).toMatchObject({
      type: 'text',
      text: expect.stringContaining("Let's report your issue"),
    });
    expect(first.reply.some((p) => p.type === 'text' && p.text === 'Noted company: Acme BV')).toBe(true);
    expect(first.reply.at(-1)).toMatchObject({ type: 'question', step: 'security' });
    const stored = await store.conversations.load(session.conversationKey);
    expect(stored?.state.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.doe', 'k.smit'],
      description: 'nobody can log in to the workspace',
    });
  });

  it('only greets on a bare "hi"', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store);
    const first = await intake.handle(session, { text: 'hi' });
    expect(first.reply.at(-1)).toMatchObject({ type: 'question', step: 'company' });
    expect((await store.conversations.load(session.conversationKey))?.state.draft.company).toBeUndefined();
  });

  it('resumes in the language the new session asks for, and says so', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store);
    await intake.handle(session, { text: 'Acme BV' });
    const resumed = await intake.open({ ...session, language: 'nl' });
    expect(resumed.reply.some((p) => p.type === 'text' && p.text === 'Ik ga verder in het Nederlands.')).toBe(
      true,
    );
    expect((await store.conversations.load(session.conversationKey))?.state.language).toBe('nl');
  });
});

describe('two turns of one conversation at once', () => {
  it('applies both, one after the other, instead of losing one', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store);
    await intake.open(session);
    const [a, b] = await Promise.all([
      intake.handle(session, { text: 'Acme BV' }),
      intake.handle(session, { text: 'acme.workspace365.net' }),
    ]);
    expect(a.open && b.open).toBe(true);
    const stored = await store.conversations.load(session.conversationKey);
    // open() stored revision 1; both turns were stored on top of it.
    expect(stored?.revision).toBe(3);
    // Without compare-and-set the second turn would have overwritten the first.
    expect(stored?.state.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
    });
  });
});
