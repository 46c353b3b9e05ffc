import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { IncidentFlows } from '../../src/app/incident-flows.js';
import { RECORD_ATTEMPTS } from '../../src/app/incident-opening.js';
import { type ChatSession, IntakeService } from '../../src/app/intake-service.js';
import { OutboxDelivery } from '../../src/app/outbox-delivery.js';
import { TicketActionService } from '../../src/app/ticket-action-service.js';
import { TicketFlows } from '../../src/app/ticket-flows.js';
import { TimerService } from '../../src/app/timer-service.js';
import type { TicketFormInput } from '../../src/core/intake/ticket-form.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import type { TicketAction } from '../../src/core/tickets/ticket-actions.js';
import type { ChatAddress } from '../../src/ports/chat-address.js';
import type { ChatPublisher } from '../../src/ports/chat-publisher.js';
import { PermanentDeliveryError } from '../../src/ports/chat-publisher.js';
import type { IncidentChannelRequest, IncidentChannels } from '../../src/ports/incident-channels.js';
import type { Logger } from '../../src/ports/logger.js';
import { VersionConflictError } from '../../src/ports/ticket-repository.js';
import { ams } from '../helpers/policies.js';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };

/** A chat platform that records what it is asked to send. */
class RecordingSlack implements ChatPublisher, IncidentChannels {
  readonly platform = 'slack' as const;
  readonly texts: Array<{ to: ChatAddress; text: string }> = [];
  readonly cards: Array<{ to: ChatAddress; ticketId: string; maybeSent: boolean }> = [];
  readonly opened: IncidentChannelRequest[] = [];
  readonly topics: string[] = [];
  readonly archived: string[] = [];
  refuseChannels = false;
  private ts = 0;

  async sendReply(to: ChatAddress, parts: readonly { type: string; text?: string }[]): Promise<void> {
    for (const p of parts) if (p.text) this.texts.push({ to, text: p.text });
  }
  async sendText(to: ChatAddress, text: string): Promise<void> {
    this.texts.push({ to, text });
  }
  async postCard(
    to: ChatAddress,
    ticket: Ticket,
    _r: unknown,
    _key: string,
    options?: { maybeSent?: boolean },
  ) {
    this.cards.push({ to, ticketId: ticket.id, maybeSent: options?.maybeSent === true });
    return { conversationId: to.id, messageId: `${++this.ts}.0001`, reference: {} };
  }
  async updateCard(): Promise<void> {}
  /** Passing failures of the next channel creations (a 5xx). */
  failOpens = 0;
  readonly openTries: IncidentChannelRequest[] = [];
  async open(request: IncidentChannelRequest) {
    this.openTries.push(request);
    if (this.failOpens > 0) {
      this.failOpens--;
      throw new Error('An HTTP protocol error occurred: statusCode = 503');
    }
    if (this.refuseChannels) throw new PermanentDeliveryError('Slack refused: restricted_action');
    this.opened.push(request);
    return {
      channel: { platform: 'slack' as const, kind: 'channel' as const, id: `C${request.name}` },
      name: request.name,
      label: `#${request.name}`,
      card: { conversationId: `C${request.name}`, messageId: `${++this.ts}.0001`, reference: {} },
    };
  }
  readonly invited: Array<{ channel: string; users: readonly string[] }> = [];
  readonly pinned: string[] = [];
  /** People the platform refuses to add, with the reason. */
  readonly refusedPeople = new Map<string, string>();
  /** Passing failures of the next invitations (a 5xx). */
  failInvites = 0;
  async invite(channel: ChatAddress, users: readonly string[]) {
    if (this.failInvites > 0) {
      this.failInvites--;
      throw new Error('An HTTP protocol error occurred: statusCode = 500');
    }
    this.invited.push({ channel: channel.id, users });
    return users
      .filter((u) => this.refusedPeople.has(u))
      .map((user) => ({ user, reason: this.refusedPeople.get(user)! }));
  }
  async pin(_channel: ChatAddress, messageId: string): Promise<void> {
    this.pinned.push(messageId);
  }
  async link(channel: ChatAddress, card: { messageId: string } | null): Promise<string | null> {
    return card ? `https://acme.slack.com/archives/${channel.id}/p${card.messageId.replace('.', '')}` : null;
  }
  async setTopic(_channel: ChatAddress, topic: string): Promise<void> {
    this.topics.push(topic);
  }
  async archive(channel: ChatAddress): Promise<void> {
    this.archived.push(channel.id);
  }
  textsTo(id: string): string[] {
    return this.texts.filter((t) => t.to.id === id).map((t) => t.text);
  }
}

const IM = 'slack:UIM';
const OFFICER = 'slack:USEC';

const form = (over: Partial<TicketFormInput> = {}): TicketFormInput => ({
  company: 'Acme BV',
  environments: 'acme.workspace365.net',
  usernames: 'j.jansen',
  startedAt: 'now',
  description: 'Nobody can sign in after the Microsoft login. The page stays blank.',
  title: 'Nobody can sign in',
  security: 'no',
  impact: 'organisation',
  urgency: 'high',
  ...over,
});

class Rig {
  now = ams('2026-11-24T10:00');
  readonly store = SqliteStore.inMemory();
  readonly policies = PolicyRegistry.create();
  readonly slack = new RecordingSlack();
  readonly clock = { now: () => this.now };
  readonly intake: IntakeService;
  readonly actions: TicketActionService;
  readonly timers: TimerService;
  readonly delivery: OutboxDelivery;
  private forms = 0;

  constructor(options: { archiveOnClose?: boolean; supportChannel?: string | null } = {}) {
    vi.spyOn(this.store.timers, 'now').mockImplementation(async () => this.now);
    const support = {
      slack: options.supportChannel === undefined ? 'CSUPPORT' : options.supportChannel,
      teams: null,
    };
    const flows = new TicketFlows({ support, supportLanguage: 'en' });
    const incidents = new IncidentFlows({
      incidentManagers: [IM],
      securityOfficers: [OFFICER],
      support,
      channelPlatforms: ['slack'],
      archiveOnClose: options.archiveOnClose ?? false,
      language: 'en',
    });
    let id = 0;
    this.intake = new IntakeService({
      store: this.store,
      policies: this.policies,
      defaultPolicy: 'workspace365-basic',
      clock: this.clock,
      flows,
      incidents,
      ids: { next: () => `intake-${++id}` },
    });
    const roles = { agents: ['slack:UAGENT'], incidentManagers: [IM] };
    this.actions = new TicketActionService({
      store: this.store,
      policies: this.policies,
      clock: this.clock,
      roles,
      flows,
      incidents,
    });
    this.timers = new TimerService({
      store: this.store,
      policies: this.policies,
      flows,
      incidents,
      logger: quiet,
      owner: 'rig',
    });
    this.delivery = new OutboxDelivery({
      store: this.store,
      policies: this.policies,
      publishers: new Map([['slack', this.slack]]),
      incidentChannels: new Map([['slack', this.slack]]),
      incidents,
      clock: this.clock,
      logger: quiet,
      support,
      owner: 'rig',
    });
  }

  session(user: string): ChatSession {
    return {
      conversationKey: `slack:T1:${user}:dm`,
      requester: { platform: 'slack', id: user, name: `User ${user}` },
      language: 'en',
      timeZone: 'Europe/Amsterdam',
      replyTo: { platform: 'slack', kind: 'conversation', id: `D${user}` },
    };
  }

  async report(user: string, over: Partial<TicketFormInput> = {}): Promise<Ticket> {
    const result = await this.intake.submitForm(this.session(user), form(over), `form-${++this.forms}`);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    await this.deliverAll();
    return (await this.store.tickets.get(result.ticket.id))!;
  }

  async deliverAll(): Promise<void> {
    for (let i = 0; i < 20 && (await this.delivery.runOnce()) > 0; i++);
  }

  async act(id: string, action: TicketAction, who: string, name = who) {
    const [platform, user] = who.split(':') as [string, string];
    const outcome = await this.actions.perform(id, action, this.actions.actor(platform, user, name));
    await this.deliverAll();
    return outcome;
  }

  async ticket(id: string): Promise<Ticket> {
    return (await this.store.tickets.get(id))!;
  }
}

let rig: Rig;
beforeEach(() => {
  rig = new Rig();
});

describe('a P1 opens an incident', () => {
  it('at intake: the channel is opened with its contract name, people invited, the card pinned there, the incident manager told', async () => {
    const ticket = await rig.report('UJAN');
    expect(ticket.priority).toBe('P1');
    expect(ticket.incident?.state).toBe('assessing');
    expect(rig.slack.opened).toHaveLength(1);
    expect(rig.slack.opened[0]!.name).toBe(`inc-${ticket.id.toLowerCase()}-acme`);
    expect(rig.slack.opened[0]!.invite).toEqual(['UJAN', 'UIM']);
    expect(ticket.incident?.channel).toMatchObject({
      platform: 'slack',
      name: `inc-${ticket.id.toLowerCase()}-acme`,
    });
    // The pinned card is a copy, so every change updates it.
    const copies = await rig.store.cardCopies.list(ticket.id);
    expect(copies.map((c) => c.conversationId)).toContain(ticket.incident!.channel!.id);
    expect(rig.slack.textsTo('UIM').join('\n')).toContain(`New P1 escalation ${ticket.id}`);
    expect(rig.slack.textsTo('DUJAN').join('\n')).toContain('escalated to an incident manager');
    const timeline = await rig.store.tickets.timeline(ticket.id);
    expect(timeline.map((e) => e.type)).toEqual(['created', 'incidentChannelOpened']);
  });

  it('by a priority change to P1', async () => {
    const ticket = await rig.report('UPAT', { impact: 'single-user', urgency: 'low' });
    expect(ticket.incident ?? null).toBeNull();
    await rig.act(
      ticket.id,
      { kind: 'changePriority', priority: 'P1', reason: 'Whole company down' },
      'slack:UAGENT',
    );
    expect((await rig.ticket(ticket.id)).incident?.channel?.name).toBe(`inc-${ticket.id.toLowerCase()}-acme`);
  });

  it('a security report notifies the security officer once, also when delivery runs again', async () => {
    const ticket = await rig.report('USECR', { security: 'yes', impact: 'single-user', urgency: 'low' });
    expect(ticket.priority).toBe('P1');
    await rig.deliverAll();
    const told = rig.slack.textsTo('USEC').filter((t) => t.includes(`Security report ${ticket.id}`));
    expect(told).toHaveLength(1);
  });

  it('where Slack refuses the channel, the incident runs in a support-channel thread and the incident manager is told why', async () => {
    rig.slack.refuseChannels = true;
    const ticket = await rig.report('UREF');
    const incident = (await rig.ticket(ticket.id)).incident!;
    expect(incident.channel).toMatchObject({
      platform: 'slack',
      id: 'CSUPPORT',
      fallbackReason: 'Slack refused: restricted_action',
    });
    expect(incident.channel?.threadId).toBeTruthy();
    expect(rig.slack.textsTo('UIM').join('\n')).toContain('restricted_action');
  });
});

describe('the incident manager is sent to the channel that exists', () => {
  it('the notice goes out after the channel is opened, with its real name and a link; invites and the pin are entries of their own', async () => {
    const ticket = await rig.report('UREAL');
    const channel = ticket.incident!.channel!;
    const told = rig.slack.texts.findIndex(
      (t) => t.to.id === 'UIM' && t.text.includes(`New P1 escalation ${ticket.id}`),
    );
    expect(told).toBeGreaterThanOrEqual(0);
    const card = (await rig.store.cardCopies.list(ticket.id)).find((c) => c.conversationId === channel.id)!;
    expect(rig.slack.texts[told]!.text).toContain(
      `Assess it in #${channel.name} (https://acme.slack.com/archives/${channel.id}/p${card.messageId.replace('.', '')}).`,
    );
    expect(rig.slack.textsTo('UIM').filter((t) => t.includes('New P1 escalation'))).toHaveLength(1);
    expect(rig.slack.invited).toEqual([{ channel: channel.id, users: ['UREAL', 'UIM'] }]);
    expect(rig.slack.pinned).toEqual([card.messageId]);
  });

  it('a refused channel: one notice, pointing at the support thread, never at "#inc-..."', async () => {
    rig.slack.refuseChannels = true;
    const ticket = await rig.report('UREF2');
    const toIm = rig.slack.textsTo('UIM').filter((t) => t.includes(ticket.id));
    expect(toIm.join('\n')).not.toContain('#inc-');
    expect(toIm.find((t) => t.includes('New P1 escalation'))).toContain(
      'Assess it in a thread in the support channel (https://acme.slack.com/archives/CSUPPORT/p',
    );
    expect(toIm.find((t) => t.includes('could not be made where it should'))).toContain('restricted_action');
    // Nobody is invited into, nor anything pinned in, the support channel.
    expect(rig.slack.invited).toEqual([]);
    expect(rig.slack.pinned).toEqual([]);
  });
});

describe('a platform failing in passing while the channel is opened', () => {
  it('is retried with backoff (an earlier try may have made it), then the incident falls back to a support thread', async () => {
    rig.slack.failOpens = 100;
    const ticket = await rig.report('UFLAKY');
    for (let i = 0; i < 10 && !(await rig.ticket(ticket.id)).incident?.channel; i++) {
      rig.now += 60_000;
      await rig.deliverAll();
    }
    const tries = rig.slack.openTries;
    expect(tries.map((r) => [r.maybeCreated, r.lastChance ?? false])).toEqual([
      [false, false],
      [true, false],
      [true, false],
      [true, false],
      [true, true],
    ]);
    // The adapter has its last chance to fall back itself; this one keeps failing, so the app does.
    expect((await rig.ticket(ticket.id)).incident?.channel).toMatchObject({
      platform: 'slack',
      id: 'CSUPPORT',
      fallbackReason: 'An HTTP protocol error occurred: statusCode = 503',
    });
    expect(rig.slack.textsTo('UIM').join('\n')).toContain('Assess it in a thread in the support channel');
    // An earlier try may have started that thread: the card is looked for before it is posted.
    // (The first card there is the new ticket's announcement.)
    expect(rig.slack.cards.filter((c) => c.to.id === 'CSUPPORT').map((c) => c.maybeSent)).toEqual([
      false,
      true,
    ]);
  });
});

describe('the incident managers hear of every P1, whatever happens to its channel', () => {
  it('no channel and no support channel to fall back to: they are told why and how to open it, and sent there once it opens', async () => {
    rig = new Rig({ supportChannel: null });
    rig.slack.refuseChannels = true;
    const ticket = await rig.report('UNOWHERE');
    const key = `incident:${ticket.id}:open`;
    expect((await rig.store.outbox.deadLetters(10)).map((e) => e.key)).toEqual([key]);
    expect(rig.slack.textsTo('UIM')).toEqual([
      `New P1 escalation ${ticket.id} from User UNOWHERE: Nobody can sign in. No incident channel could be opened for it: Slack refused: restricted_action; and no slack support channel to fall back to. \`ticketbot tickets show ${ticket.id}\` shows it; once the cause is fixed, \`ticketbot outbox retry ${key}\` opens the channel.`,
    ]);

    // The workspace rule is lifted and the operator sends the dead letter again.
    rig.slack.refuseChannels = false;
    expect(await rig.store.outbox.requeue(key, rig.now)).toBe(true);
    await rig.deliverAll();
    const channel = (await rig.ticket(ticket.id)).incident?.channel;
    expect(channel?.name).toMatch(/^inc-tck-/);
    const told = rig.slack.textsTo('UIM');
    expect(told).toHaveLength(2);
    expect(told[1]).toContain(`Assess it in #${channel!.name}`);
  });

  it('a channel opened while the ticket keeps changing is recorded by the next try, not opened twice', async () => {
    const commit = rig.store.commit.bind(rig.store);
    let refused = 0;
    vi.spyOn(rig.store, 'commit').mockImplementation(async (work) => {
      // Every commit recording the channel loses to another writer, each time this try reads it again.
      if (work.updateTicket?.event.type === 'incidentChannelOpened' && refused < RECORD_ATTEMPTS) {
        refused++;
        throw new VersionConflictError(work.updateTicket.ticket.id, work.updateTicket.ticket.version - 1);
      }
      return commit(work);
    });
    const ticket = await rig.report('UBUSY');
    expect(refused).toBe(RECORD_ATTEMPTS);
    expect((await rig.ticket(ticket.id)).incident?.channel).toBeNull();
    expect(rig.slack.textsTo('UIM')).toEqual([]);

    rig.now += 60_000;
    await rig.deliverAll();
    const channel = (await rig.ticket(ticket.id)).incident?.channel;
    expect(channel?.id).toBe(`C${rig.slack.opened[0]!.name}`);
    expect(rig.slack.opened).toHaveLength(1);
    const copies = await rig.store.cardCopies.list(ticket.id);
    expect(copies.filter((c) => c.conversationId === channel!.id)).toHaveLength(1);
    expect(rig.slack.textsTo('UIM').filter((t) => t.includes('New P1 escalation'))).toHaveLength(1);
    expect(await rig.store.outbox.deadLetters(10)).toEqual([]);
  });
});

describe('people who cannot be added to the incident channel are never dropped silently', () => {
  it('a passing failure (5xx) of the invitation is retried with backoff until it works', async () => {
    rig.slack.failInvites = 2;
    const ticket = await rig.report('URETRY');
    expect(rig.slack.invited).toEqual([]);
    for (let i = 0; i < 5 && rig.slack.invited.length === 0; i++) {
      rig.now += 10_000;
      await rig.deliverAll();
    }
    expect(rig.slack.invited).toEqual([{ channel: ticket.incident!.channel!.id, users: ['URETRY', 'UIM'] }]);
    expect(await rig.store.outbox.deadLetters(10)).toEqual([]);
  });

  it('a refusal for a person is told to the incident manager and the support channel', async () => {
    rig.slack.refusedPeople.set('UGONE', 'user_not_found');
    const ticket = await rig.report('UGONE');
    const channel = ticket.incident!.channel!;
    const notice = `Could not add User UGONE (UGONE) to ${channel.name}, the incident channel of ${ticket.id}: user_not_found.`;
    expect(rig.slack.textsTo('UIM').join('\n')).toContain(notice);
    expect(rig.slack.textsTo('CSUPPORT').join('\n')).toContain(notice);
    // Once, also when delivery runs again.
    await rig.deliverAll();
    expect(rig.slack.textsTo('CSUPPORT').filter((t) => t.includes('Could not add'))).toHaveLength(1);
  });

  it('after the last try, a failing invitation is dead-lettered and reported to the support channel', async () => {
    rig.slack.failInvites = 100;
    const ticket = await rig.report('UDEAD');
    for (let i = 0; i < 15; i++) {
      rig.now += 600_000;
      await rig.deliverAll();
    }
    const dead = await rig.store.outbox.deadLetters(10);
    expect(dead.map((d) => d.key)).toEqual([`incident:${ticket.id}:invite`]);
    expect(rig.slack.textsTo('CSUPPORT').join('\n')).toContain('could not deliver a message (incidentInvite');
  });
});

describe("the incident manager's workflow", () => {
  it('accept -> status updates at the cadence -> resolve -> verify -> close -> RCA due and drafted', async () => {
    const ticket = await rig.report('UJAN');
    const channel = ticket.incident!.channel!.id;
    expect(await rig.act(ticket.id, { kind: 'acceptIncident' }, IM, 'Ida')).toMatchObject({ ok: true });
    let current = await rig.ticket(ticket.id);
    expect(current.incident).toMatchObject({ state: 'running', manager: { id: IM, name: 'Ida' } });
    expect(rig.slack.textsTo('DUJAN').join('\n')).toContain('accepted the escalation');
    expect(rig.slack.topics.at(-1)).toContain('running');

    // 30 minutes later (P1 cadence) the incident manager is reminded.
    rig.now += 30 * 60_000 + 1000;
    await rig.timers.runOnce();
    await rig.deliverAll();
    expect(rig.slack.textsTo('UIM').join('\n')).toContain(`A status update on ${ticket.id} is due now`);

    await rig.act(ticket.id, { kind: 'statusUpdate', text: 'Failover started' }, IM, 'Ida');
    expect(rig.slack.textsTo('DUJAN').join('\n')).toContain('Failover started');
    expect(rig.slack.textsTo(channel).join('\n')).toContain('Failover started');

    await rig.act(ticket.id, { kind: 'resolve', text: 'Login service restarted' }, 'slack:UAGENT');
    current = await rig.ticket(ticket.id);
    expect(current.status).toBe('resolved');
    expect(rig.slack.textsTo('DUJAN').join('\n')).toContain('Is it fixed?');

    await rig.act(ticket.id, { kind: 'confirmFixed' }, 'slack:UJAN');
    current = await rig.ticket(ticket.id);
    expect(current.status).toBe('closed');
    expect(current.incident?.state).toBe('closed');
    expect(current.incident?.rca?.owner?.id).toBe(IM);
    expect(current.incident!.rca!.dueAt).toBeGreaterThan(rig.now);
    const rca = rig.slack.textsTo(channel).find((t) => t.includes('Root cause analysis'));
    expect(rca).toContain('Failover started');
    expect(rca).toContain('root cause analysis is due');
  });

  it('the status-update reminder repeats every cadence period while no update is posted, and stops once the incident ends', async () => {
    const ticket = await rig.report('UCAD');
    await rig.act(ticket.id, { kind: 'acceptIncident' }, IM, 'Ida');
    const reminders = () =>
      rig.slack.textsTo('UIM').filter((t) => t.includes(`A status update on ${ticket.id} is due now`)).length;
    const later = async (ms: number) => {
      rig.now += ms;
      for (let i = 0; i < 3; i++) await rig.timers.runOnce();
      await rig.deliverAll();
    };
    const PERIOD = 30 * 60_000;
    await later(PERIOD - 60_000);
    expect(reminders()).toBe(0);
    await later(61_000);
    expect(reminders()).toBe(1);
    // Still overdue a period later: reminded again (once), and again the period after.
    await later(PERIOD / 2);
    expect(reminders()).toBe(1);
    await later(PERIOD / 2);
    expect(reminders()).toBe(2);
    await later(PERIOD);
    expect(reminders()).toBe(3);
    // An update restarts the cadence from it.
    await rig.act(ticket.id, { kind: 'statusUpdate', text: 'Working on it' }, IM, 'Ida');
    await later(PERIOD - 60_000);
    expect(reminders()).toBe(3);
    await later(61_000);
    expect(reminders()).toBe(4);
    // Resolved: no reminders any more.
    await rig.act(ticket.id, { kind: 'resolve', text: 'Fixed' }, 'slack:UAGENT');
    await later(PERIOD);
    await later(PERIOD);
    expect(reminders()).toBe(4);
  });

  it('downgrade: the SLA is recomputed and the requester told why', async () => {
    const ticket = await rig.report('UDOWN');
    const before = ticket.resolution.dueAt;
    await rig.act(
      ticket.id,
      { kind: 'downgradeIncident', priority: 'P3', reason: 'Only one user affected' },
      IM,
    );
    const current = await rig.ticket(ticket.id);
    expect(current.priority).toBe('P3');
    expect(current.incident?.state).toBe('downgraded');
    expect(current.resolution.dueAt).not.toBe(before);
    expect(rig.slack.textsTo('DUDOWN').join('\n')).toContain(
      'downgraded to a regular ticket (P3): Only one user affected',
    );
  });

  it('incomplete: the requester is asked for what is missing', async () => {
    const ticket = await rig.report('UINC');
    await rig.act(ticket.id, { kind: 'incompleteIncident', text: 'Which browser?' }, IM);
    expect(rig.slack.textsTo('DUINC').join('\n')).toContain('Which browser?');
  });

  it('only an incident manager may assess', async () => {
    const ticket = await rig.report('UONLY');
    const refused = await rig.act(ticket.id, { kind: 'acceptIncident' }, 'slack:UAGENT');
    expect(refused).toEqual({ ok: false, reason: 'action.notAllowed' });
  });

  it('roles: hand-over recorded on the timeline', async () => {
    const ticket = await rig.report('UROLE');
    await rig.act(ticket.id, { kind: 'acceptIncident' }, IM, 'Ida');
    await rig.act(
      ticket.id,
      { kind: 'assignRole', role: 'manager', person: { id: 'slack:UIM2', name: 'Ivo' } },
      IM,
      'Ida',
    );
    await rig.act(
      ticket.id,
      { kind: 'assignRole', role: 'responder', person: { id: 'slack:UR1', name: 'Rik' } },
      IM,
      'Ida',
    );
    const current = await rig.ticket(ticket.id);
    expect(current.incident?.manager).toEqual({ id: 'slack:UIM2', name: 'Ivo' });
    expect(current.incident?.responders).toEqual([{ id: 'slack:UR1', name: 'Rik' }]);
    const handover = (await rig.store.tickets.timeline(ticket.id)).find((e) => e.type === 'roleAssigned');
    expect(handover?.data).toMatchObject({ role: 'manager', previous: { id: IM } });
  });

  it('archives the channel on closure when configured', async () => {
    rig = new Rig({ archiveOnClose: true });
    const ticket = await rig.report('UARC');
    await rig.act(ticket.id, { kind: 'resolve' }, 'slack:UAGENT');
    await rig.act(ticket.id, { kind: 'confirmFixed' }, 'slack:UARC');
    expect(rig.slack.archived).toEqual([ticket.incident!.channel!.id]);
  });
});

describe('verification of every ticket', () => {
  it('"not yet" reopens; no answer within verifyWithin closes it with a note', async () => {
    const ticket = await rig.report('UVER', { impact: 'single-user', urgency: 'low' });
    await rig.act(ticket.id, { kind: 'resolve', text: 'Cleared the cache' }, 'slack:UAGENT');
    await rig.act(ticket.id, { kind: 'notFixed' }, 'slack:UVER');
    // It was answered already (the resolve was a response): back to acknowledged, not open.
    expect((await rig.ticket(ticket.id)).status).toBe('acknowledged');
    await rig.act(ticket.id, { kind: 'resolve', text: 'Reinstalled' }, 'slack:UAGENT');
    // 16 business hours later (two working days of the 08:00-18:00 calendar).
    rig.now = ams('2026-11-26T10:00') + 60_000;
    await rig.timers.runOnce();
    await rig.deliverAll();
    const closed = await rig.ticket(ticket.id);
    expect(closed.status).toBe('closed');
    expect(rig.slack.textsTo('DUVER').join('\n')).toContain(
      'was closed: no answer came within the verification time',
    );
    expect((await rig.store.tickets.timeline(ticket.id)).at(-1)?.type).toBe('closed');
  });
});

describe('one outage, one incident', () => {
  it('a second report about the environment is offered to join; joining adds the reporter as affected, no new ticket', async () => {
    const first = await rig.report('UONE');
    const session = rig.session('UTWO');
    let result = await rig.intake.handle(
      session,
      {
        text: 'Acme BV, acme.workspace365.net, users p.devries, since 9:00 today, the login page stays blank for everyone',
      },
      { eventId: 'e1' },
    );
    for (
      let i = 0;
      i < 30 &&
      result.open &&
      !result.reply.some((p) => p.type === 'question' && p.text.includes('open P1 incident'));
      i++
    ) {
      const question = [...result.reply].reverse().find((p) => p.type === 'question' || p.type === 'review');
      const answer =
        question?.type === 'review'
          ? { text: '', choice: 'submit', choiceFor: 'review' }
          : question?.type === 'question' && question.choices.length
            ? {
                text: '',
                choice:
                  question.choices.find((c) => ['no', 'organisation', 'high'].includes(c.value))?.value ??
                  question.choices[0]!.value,
                choiceFor: question.step,
              }
            : { text: 'skip' };
      result = await rig.intake.handle(session, answer, { eventId: `e${i + 2}` });
    }
    const offer = result.reply.find((p) => p.type === 'question' && p.text.includes('open P1 incident'));
    expect(offer).toBeTruthy();
    const before = (await rig.store.tickets.list()).length;
    result = await rig.intake.handle(
      session,
      { text: '', choice: 'join', choiceFor: 'review' },
      { eventId: 'join' },
    );
    await rig.deliverAll();
    expect(result.open).toBe(false);
    expect((await rig.store.tickets.list()).length).toBe(before);
    const incident = await rig.ticket(first.id);
    expect(incident.incident?.affected).toEqual([{ id: 'slack:UTWO', name: 'User UTWO' }]);
    expect(rig.slack.textsTo(first.incident!.channel!.id).join('\n')).toContain(
      'User UTWO reports the same problem',
    );
  });
});
