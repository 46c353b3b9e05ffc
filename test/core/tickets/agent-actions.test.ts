import { describe, expect, it } from 'vitest';
import { TicketFlows } from '../../../src/app/ticket-flows.js';
import { actionFromInputs } from '../../../src/core/tickets/action-input.js';
import type { Ticket } from '../../../src/core/tickets/ticket.js';
import {
  type Actor,
  allowedActions,
  applyAction,
  type TicketAction,
} from '../../../src/core/tickets/ticket-actions.js';
import { withDeadlines } from '../../../src/core/tickets/ticket-deadlines.js';
import { anyoneActions, sharedCopyActions } from '../../../src/core/tickets/ticket-permissions.js';
import { ams, preset } from '../../helpers/policies.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

const basic = preset('workspace365-basic');
const CREATED = ams('2026-11-23T10:30');
const NOW = CREATED + 60_000;
const agent: Actor = { id: 'slack:UAGENT', name: 'Ann Agent', isAgent: true, isIncidentManager: false };
const manager: Actor = { id: 'slack:UIM', name: 'Mira', isAgent: false, isIncidentManager: true };
const requester: Actor = { id: 'slack:U123', name: 'Jan Jansen', isAgent: false, isIncidentManager: false };
const REQUESTER_DM = { platform: 'slack', kind: 'user', id: 'U123' } as const;

function opened(overrides: Partial<Ticket> = {}): Ticket {
  return withDeadlines(
    sampleTicket({
      priority: 'P3',
      createdAt: CREATED,
      updatedAt: CREATED,
      respondedAt: null,
      requesterAddress: { ...REQUESTER_DM },
      ...overrides,
    }),
    basic,
  );
}

function apply(ticket: Ticket, action: TicketAction, actor = agent, at = NOW) {
  const result = applyAction(ticket, action, actor, basic, at);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  expect(result.ticket.version).toBe(ticket.version + 1);
  return result;
}

function refused(ticket: Ticket, action: TicketAction, actor = agent): string {
  const result = applyAction(ticket, action, actor, basic, NOW);
  if (result.ok) throw new Error(`${action.kind} was allowed`);
  return result.reason;
}

const flows = new TicketFlows({ support: { slack: 'CSUPPORT', teams: null }, supportLanguage: 'en' });

/** The drafts a stored change produces, and the text the requester gets (null: none). */
function told(after: Ticket, event: { type: string; data: Record<string, unknown> }, actor: Actor) {
  const drafts = flows.changed(after, event, actor, `notice for ${event.type}`, undefined, basic);
  const toRequester = drafts.filter(
    (d) => d.message.kind === 'text' && d.message.to.platform === 'slack' && d.message.to.id === 'U123',
  );
  return { drafts, requesterText: toRequester.map((d) => (d.message.kind === 'text' ? d.message.text : '')) };
}

describe('askInfo: a question to the requester pauses the ticket until they answer', () => {
  it('pauses with the question as reason, tells the requester, and their addInfo resumes it', () => {
    const taken = apply(opened(), { kind: 'acknowledge' }).ticket;
    const asked = apply(
      taken,
      { kind: 'askInfo', question: 'Which browser do you use?' },
      agent,
      NOW + 60_000,
    );
    expect(asked.ticket.status).toBe('paused');
    expect(asked.ticket.awaitingInfoSince).toBe(NOW + 60_000);
    expect(asked.ticket.pauses).toEqual([{ from: NOW + 60_000, to: null }]);
    expect(asked.event).toEqual({
      type: 'infoRequested',
      data: { question: 'Which browser do you use?', reason: 'Which browser do you use?' },
    });
    const notice = told(asked.ticket, asked.event, agent).requesterText;
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain('Ann Agent needs more information about your ticket TCK-000042');
    expect(notice[0]).toContain('Which browser do you use?');

    // The requester (only they can add information) answers: the wait ends by itself.
    expect(allowedActions(asked.ticket, requester)).toContain('addInfo');
    const answered = apply(asked.ticket, { kind: 'addInfo', text: 'Edge 120' }, requester, NOW + 600_000);
    expect(answered.ticket.status).toBe('acknowledged');
    expect(answered.ticket.awaitingInfoSince).toBeNull();
    expect(answered.ticket.pauses).toEqual([{ from: NOW + 60_000, to: NOW + 600_000 }]);
    expect(answered.ticket.additionalInfo).toBe('Edge 120');
    expect(answered.event).toEqual({ type: 'infoAdded', data: { text: 'Edge 120', resumed: true } });
  });

  it('an addInfo on a ticket paused for another reason keeps it paused', () => {
    const paused = apply(opened(), { kind: 'pause', reason: 'waiting for the vendor' }).ticket;
    const added = apply(paused, { kind: 'addInfo', text: 'More detail' }, requester, NOW + 1000).ticket;
    expect(added.status).toBe('paused');
    expect(added.pauses).toEqual([{ from: NOW, to: null }]);
  });

  it('on an already paused ticket keeps the one pause, and the answer then resumes it', () => {
    const paused = apply(opened(), { kind: 'pause', reason: 'waiting' }).ticket;
    const asked = apply(paused, { kind: 'askInfo', question: 'Screenshot please' }, agent, NOW + 1000).ticket;
    expect(asked.pauses).toEqual([{ from: NOW, to: null }]);
    const answered = apply(asked, { kind: 'addInfo', text: 'attached' }, requester, NOW + 5000).ticket;
    expect(answered.status).toBe('open');
    expect(answered.pauses).toEqual([{ from: NOW, to: NOW + 5000 }]);
  });

  it('a manual resume or a resolve ends the wait too, so a later addInfo changes no status', () => {
    const asked = apply(opened(), { kind: 'askInfo', question: 'Which user?' }).ticket;
    const resumed = apply(asked, { kind: 'resume' }, agent, NOW + 1000).ticket;
    expect(resumed.awaitingInfoSince).toBeNull();
    const paused = apply(resumed, { kind: 'pause', reason: 'vendor' }, agent, NOW + 2000).ticket;
    expect(apply(paused, { kind: 'addInfo', text: 'x' }, requester, NOW + 3000).ticket.status).toBe('paused');
    const resolved = apply(asked, { kind: 'resolve', text: 'fixed' }, agent, NOW + 1000).ticket;
    expect(resolved.awaitingInfoSince).toBeNull();
  });

  it('needs a question, and staff', () => {
    expect(refused(opened(), { kind: 'askInfo', question: '  ' })).toBe('action.questionRequired');
    expect(refused(opened(), { kind: 'askInfo', question: 'Why?' }, requester)).toBe('action.notAllowed');
    expect(apply(opened(), { kind: 'askInfo', question: 'Why?' }, manager).ticket.status).toBe('paused');
  });
});

describe('note: internal, on the timeline only', () => {
  it('records the text and changes nothing the requester sees', () => {
    const ticket = opened();
    const noted = apply(ticket, { kind: 'note', text: 'Customer is on the old tenant; check logs' });
    expect(noted.event).toEqual({
      type: 'noted',
      data: { text: 'Customer is on the old tenant; check logs' },
    });
    const { version: _a, updatedAt: _b, ...before } = ticket;
    const { version: _c, updatedAt: _d, ...after } = noted.ticket;
    expect(after).toEqual(before);
    const { drafts, requesterText } = told(noted.ticket, noted.event, agent);
    expect(requesterText).toEqual([]);
    // Nothing that goes out (card notices included) carries the note's text.
    expect(JSON.stringify(drafts)).not.toContain('old tenant');
  });

  it('is for staff only, and needs a text', () => {
    expect(refused(opened(), { kind: 'note', text: 'hi' }, requester)).toBe('action.notAllowed');
    expect(refused(opened(), { kind: 'note', text: ' ' })).toBe('action.noteRequired');
  });
});

describe('logTime', () => {
  it('adds up on the ticket and records minutes and text on the timeline', () => {
    const once = apply(opened(), { kind: 'logTime', minutes: 45, text: 'log analysis' });
    expect(once.ticket.timeLoggedMs).toBe(45 * 60_000);
    expect(once.event).toEqual({
      type: 'timeLogged',
      data: { minutes: 45, ms: 2_700_000, text: 'log analysis' },
    });
    const twice = apply(once.ticket, { kind: 'logTime', minutes: 15 });
    expect(twice.ticket.timeLoggedMs).toBe(60 * 60_000);
    expect(twice.event.data).toEqual({ minutes: 15, ms: 900_000 });
    expect(told(twice.ticket, twice.event, agent).requesterText).toEqual([]);
  });

  it('refuses nonsense minutes and non-staff', () => {
    for (const minutes of [0, -5, 1.5, 48 * 60 + 1, Number.NaN])
      expect(refused(opened(), { kind: 'logTime', minutes })).toBe('action.badMinutes');
    expect(refused(opened(), { kind: 'logTime', minutes: 5 }, requester)).toBe('action.notAllowed');
  });
});

describe('permissions and inputs of the new actions', () => {
  it('staff get askInfo, note and logTime, also on the cards; requesters do not', () => {
    for (const kind of ['askInfo', 'note', 'logTime'] as const) {
      expect(allowedActions(opened(), agent)).toContain(kind);
      expect(allowedActions(opened(), requester)).not.toContain(kind);
      expect(sharedCopyActions(opened())).toContain(kind);
      expect(anyoneActions(opened())).toContain(kind);
    }
  });

  it('actionFromInputs reads them like any card input', () => {
    const context = { now: NOW, timeZone: 'Europe/Amsterdam' };
    expect(actionFromInputs('askInfo', { question: 'Which user?' }, context)).toEqual({
      kind: 'askInfo',
      question: 'Which user?',
    });
    expect(actionFromInputs('note', { noteText: 'internal' }, context)).toEqual({
      kind: 'note',
      text: 'internal',
    });
    expect(actionFromInputs('logTime', { minutes: '30', logText: 'call' }, context)).toEqual({
      kind: 'logTime',
      minutes: 30,
      text: 'call',
    });
    expect(actionFromInputs('logTime', { minutes: 'half an hour' }, context)).toBe('action.badMinutes');
  });
});
