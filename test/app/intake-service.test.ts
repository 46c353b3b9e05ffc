import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { type ChatSession, IntakeService } from '../../src/app/intake-service.js';
import { TicketFlows } from '../../src/app/ticket-flows.js';
import { buildTicketCard } from '../../src/core/cards/ticket-card.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';
import type { TenantDirectory } from '../../src/core/tenants/tenants.js';
import { applyAction } from '../../src/core/tickets/ticket-actions.js';
import { ENGLISH_HAPPY_PATH, NOW } from '../helpers/conversation.js';
import { quietIncidents } from '../helpers/quiet-incidents.js';

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
    incidents: quietIncidents(),
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
    // Told to the presser only, and nothing of the press is kept (no event id, no message).
    expect(second).toEqual({
      reply: [],
      open: false,
      outboxKeys: [],
      staleChoice: true,
      notice:
        'That button belongs to no report of yours in progress (already submitted or cancelled, or someone else’s), so it changed nothing.',
    });
    expect(await store.conversations.load(session.conversationKey)).toBeNull();
    expect(await store.tickets.list()).toHaveLength(1);
  });
});

describe('a button of a question already answered', () => {
  it('changes nothing, says so, and is marked stale so no adapter shows it as chosen', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store);
    await intake.open(session);
    for (const [, text] of ENGLISH_HAPPY_PATH.slice(0, 6)) await intake.handle(session, { text });
    const typed = await intake.handle(session, { text: '2' });
    expect(typed.staleChoice).toBeUndefined();
    const old = await intake.handle(session, { text: '', choice: 'organisation', choiceFor: 'impact' });
    expect(old.staleChoice).toBe(true);
    expect(old.open).toBe(true);
    expect(old.reply[0]).toMatchObject({
      type: 'text',
      text: 'That question was already answered, so that button changed nothing.',
    });
    expect(old.reply.at(-1)).toMatchObject({ type: 'question', step: 'urgency' });
    const stored = await store.conversations.load(session.conversationKey);
    expect(stored?.state.draft.impact).toBe('department');
    expect(stored?.state.step).toBe('urgency');
    const current = await intake.handle(session, { text: '', choice: 'high', choiceFor: 'urgency' });
    expect(current.staleChoice).toBeUndefined();
    expect((await store.conversations.load(session.conversationKey))?.state.draft.urgency).toBe('high');
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
      incidents: quietIncidents(),
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

describe('a burst of turns of one conversation', () => {
  it('takes eight answers sent at once one after another, in the order they came, none refused', async () => {
    const store = SqliteStore.inMemory();
    const intake = service(store);
    await intake.open(session);
    const answers = ENGLISH_HAPPY_PATH.slice(0, 8);
    const results = await Promise.all(answers.map(([, text]) => intake.handle(session, { text })));
    expect(results.every((r) => r.open)).toBe(true);
    const stored = await store.conversations.load(session.conversationKey);
    expect(stored?.revision).toBe(1 + answers.length);
    expect(stored?.state.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.jansen', 'p.devries'],
      security: false,
    });
    expect(stored?.state.step).toBe('stepsToReproduce');
  });

  it('settles a burst spread over two replicas on one store: every turn stored, none lost', async () => {
    const store = SqliteStore.inMemory();
    const [replicaA, replicaB] = [service(store), service(store)];
    await replicaA.open(session);
    const texts = ['Acme BV', 'x', 'y', 'z', 'w', 'v', 'u', 't'];
    const results = await Promise.all(
      texts.map((text, i) => (i % 2 === 0 ? replicaA : replicaB).handle(session, { text })),
    );
    expect(results).toHaveLength(texts.length);
    expect((await store.conversations.load(session.conversationKey))?.revision).toBe(1 + texts.length);
  });
});

describe('intake service: partners and priority models', () => {
  const tenants: TenantDirectory = {
    partners: [
      {
        id: 'reseller-x',
        name: 'Reseller X',
        policy: 'workspace365-partner',
        contacts: ['slack:U0PARTNER1'],
        users: 4200,
        referencePattern: '^RX-[0-9]+$',
      },
    ],
    customers: [
      {
        id: 'acme',
        company: 'Acme BV',
        aliases: [],
        environments: ['https://acme.workspace365.net'],
        policy: 'workspace365-extended',
        timeZone: null,
        language: null,
        slackTeamIds: ['T0ACME'],
        teamsTenantIds: [],
        partner: null,
      },
      {
        id: 'globex',
        company: 'Globex NV',
        aliases: [],
        environments: ['https://globex.workspace365.net'],
        policy: null,
        timeZone: null,
        language: null,
        slackTeamIds: [],
        teamsTenantIds: [],
        partner: 'reseller-x',
      },
    ],
  };

  function withTenants(store: SqliteStore, defaultPolicy = 'workspace365-basic'): IntakeService {
    let id = 0;
    return new IntakeService({
      store,
      policies: PolicyRegistry.create(),
      defaultPolicy,
      clock: { now: () => NOW },
      flows: new TicketFlows({ support: { slack: null, teams: null }, supportLanguage: 'en' }),
      incidents: quietIncidents(),
      ids: { next: () => `intake-${++id}` },
      tenants,
    });
  }

  async function run(intake: IntakeService, who: ChatSession, answers: readonly string[]) {
    let last = await intake.open(who);
    const asked: string[] = [];
    for (const text of answers) {
      const question = last.reply.find((p) => p.type === 'question' || p.type === 'review');
      asked.push(question?.type === 'question' ? question.step : (question?.type ?? 'none'));
      last = await intake.handle(who, { text });
    }
    return { last, asked };
  }

  const partnerSession: ChatSession = {
    conversationKey: 'slack:TRESELLER:U0PARTNER1',
    requester: { platform: 'slack', id: 'U0PARTNER1', name: 'Pat Partner' },
    language: 'en',
    timeZone: 'Europe/Amsterdam',
  };

  it("gives a partner contact's ticket the customer picked, the partner, its reference and the partner policy", async () => {
    const store = SqliteStore.inMemory();
    const intake = withTenants(store);
    const { last, asked } = await run(intake, partnerSession, [
      'Acme BV', // not one of Reseller X's customers: asked again
      'Globex NV',
      'RX-42',
      'https://globex.workspace365.net',
      'j.doe@globex.example',
      'today 9:15',
      'The documents app does not load for the finance team since this morning.',
      'no',
      'Middle',
      'skip because the customer cannot reproduce it',
      'none of the users sees an error, the page stays white',
      'n/a: the customer sent no screenshots',
      'no',
      'submit',
    ]);
    expect(asked.slice(0, 4)).toEqual(['customer', 'customer', 'partnerReference', 'environments']);
    // The urgency model of the partner policy: no impact question.
    expect(asked).not.toContain('impact');
    expect(last.ticket).toMatchObject({
      customer: 'globex',
      partner: 'reseller-x',
      partnerReference: 'RX-42',
      company: 'Globex NV',
      policy: 'workspace365-partner',
      impact: null,
      urgency: 'normal',
      priority: 'P2',
      priorityReason: 'urgency Middle = P2',
      stepsToReproduce: 'skipped: the customer cannot reproduce it',
    });
    const stored = await store.tickets.get(last.ticket!.id);
    expect(stored).toMatchObject({ customer: 'globex', partner: 'reseller-x', partnerReference: 'RX-42' });
  });

  it('asks only urgency under an urgency-model policy and maps High to P1', async () => {
    const store = SqliteStore.inMemory();
    const intake = withTenants(store, 'workspace365-partner');
    const plainSession: ChatSession = { ...session, conversationKey: 'slack:T9:U9' };
    const { last, asked } = await run(intake, plainSession, [
      'Umbrella Corp',
      'https://umbrella.workspace365.net',
      'a.wesker',
      'today 9:15',
      'More than 80% of our users cannot sign in at all since this morning.',
      'no',
      'high',
      'skip',
      'skip',
      'done',
      'no',
      'submit',
    ]);
    expect(asked).not.toContain('impact');
    expect(asked).toContain('urgency');
    expect(last.ticket).toMatchObject({
      customer: null,
      policy: 'workspace365-partner',
      priority: 'P1',
      priorityReason: 'urgency High = P1',
      impact: null,
    });
  });

  it('uses the model of the customer the workspace belongs to', async () => {
    const store = SqliteStore.inMemory();
    // Default is the urgency model, but Acme's own policy (extended) uses the matrix.
    const intake = withTenants(store, 'workspace365-partner');
    const acme: ChatSession = {
      ...session,
      conversationKey: 'slack:T0ACME:U1',
      workspace: { slackTeamId: 'T0ACME' },
    };
    const { asked } = await run(intake, acme, [
      'Acme BV',
      'https://acme.workspace365.net',
      'j.jansen',
      'today 9:15',
      'The documents app does not load for the finance team since this morning.',
      'no',
    ]);
    const state = await store.conversations.load(acme.conversationKey);
    expect(asked.at(-1)).toBe('security');
    expect(state?.state.step).toBe('impact');
  });

  it('marks the priority proposed under an agent-model policy until an agent confirms it', async () => {
    const store = SqliteStore.inMemory();
    const intake = withTenants(store, 'spinpanel');
    const plainSession: ChatSession = { ...session, conversationKey: 'slack:T8:U8' };
    const { last, asked } = await run(intake, plainSession, [
      'Umbrella Corp',
      'https://umbrella.workspace365.net',
      'a.wesker',
      'today 9:15',
      'The documents app does not load for the finance team since this morning.',
      'no',
      'department',
      'high',
      'skip',
      'skip',
      'done',
      'no',
      'submit',
    ]);
    expect(asked).toContain('impact');
    const ticket = last.ticket!;
    expect(ticket).toMatchObject({ policy: 'spinpanel', priority: 'P2', priorityProposed: true });
    const policy = PolicyRegistry.create().get('spinpanel')!;
    const card = buildTicketCard(ticket, { language: 'en', timeZone: 'Europe/Amsterdam', now: NOW, policy });
    expect(card.priorityText.startsWith('P2 (proposed)')).toBe(true);
    const agent = { id: 'slack:UAGENT', name: 'Ada', isAgent: true, isIncidentManager: false };
    const requester = { id: 'slack:U1', name: 'Jan', isAgent: false, isIncidentManager: false };
    expect(applyAction(ticket, { kind: 'confirmPriority' }, requester, policy, NOW)).toMatchObject({
      ok: false,
    });
    const confirmed = applyAction(ticket, { kind: 'confirmPriority' }, agent, policy, NOW);
    expect(confirmed).toMatchObject({ ok: true, ticket: { priority: 'P2', priorityProposed: false } });
    if (!confirmed.ok) throw new Error('not confirmed');
    const after = buildTicketCard(confirmed.ticket, {
      language: 'en',
      timeZone: 'Europe/Amsterdam',
      now: NOW,
      policy,
    });
    expect(after.priorityText).not.toContain('proposed');
    expect(applyAction(confirmed.ticket, { kind: 'confirmPriority' }, agent, policy, NOW)).toMatchObject({
      ok: false,
    });
    const changed = applyAction(
      ticket,
      { kind: 'changePriority', priority: 'P3', reason: 'one team only' },
      agent,
      policy,
      NOW,
    );
    expect(changed).toMatchObject({ ok: true, ticket: { priority: 'P3', priorityProposed: false } });
  });
});
