import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../../src/core/tickets/ticket.js';
import {
  type Actor,
  allowedActions,
  applyAction,
  type TicketAction,
} from '../../../src/core/tickets/ticket-actions.js';
import { withDeadlines } from '../../../src/core/tickets/ticket-deadlines.js';
import { planTimers } from '../../../src/core/tickets/ticket-timers.js';
import { ams, preset } from '../../helpers/policies.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

const basic = preset('workspace365-basic');
const CREATED = ams('2026-11-23T10:30');
const NOW = CREATED + 60_000;
const agent: Actor = { id: 'slack:UAGENT', name: 'Ann Agent', isAgent: true, isIncidentManager: false };
const requester: Actor = { id: 'slack:U123', name: 'Jan Jansen', isAgent: false, isIncidentManager: false };

function opened(overrides: Partial<Ticket> = {}): Ticket {
  return withDeadlines(
    sampleTicket({ createdAt: CREATED, updatedAt: CREATED, respondedAt: null, ...overrides }),
    basic,
  );
}

function ok(ticket: Ticket, action: TicketAction, at = NOW, actor = agent): Ticket {
  const result = applyAction(ticket, action, actor, basic, at);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  expect(result.ticket.version).toBe(ticket.version + 1);
  return result.ticket;
}

function refused(ticket: Ticket, action: TicketAction, actor = agent): string {
  const result = applyAction(ticket, action, actor, basic, NOW);
  if (result.ok) throw new Error(`${action.kind} was allowed`);
  return result.reason;
}

const responseTimers = (t: Ticket, at = NOW) =>
  planTimers(t, basic, at).filter((p) => p.target === 'response');

describe('acknowledge and respond', () => {
  it('acknowledging takes the ticket but leaves the response clock running', () => {
    const taken = ok(opened(), { kind: 'acknowledge' });
    expect(taken).toMatchObject({ status: 'acknowledged', respondedAt: null, assignee: { id: agent.id } });
    expect(taken.response.dueAt).toBe(ams('2026-11-23T10:35'));
    expect(responseTimers(taken)).toHaveLength(4);
    expect(allowedActions(taken, agent)).toContain('respond');
  });

  it('responding stops the response clock, once', () => {
    const taken = ok(opened(), { kind: 'acknowledge' });
    const answered = ok(
      taken,
      { kind: 'respond', text: 'Please clear the cache', expectedResolutionAt: null },
      CREATED + 2 * 60_000,
    );
    expect(answered.respondedAt).toBe(CREATED + 2 * 60_000);
    expect(answered.response.dueAt).toBe(ams('2026-11-23T10:35'));
    expect(responseTimers(answered, CREATED + 2 * 60_000)).toEqual([]);
    // The first response stays the one measured; the button is gone after it.
    expect(allowedActions(answered, agent)).not.toContain('respond');
    expect(refused(answered, { kind: 'respond', text: 'again', expectedResolutionAt: null })).toBe(
      'action.notAllowed',
    );
  });

  it('a respond without text is refused', () => {
    for (const text of ['', '   \n ']) {
      expect(refused(opened(), { kind: 'respond', text, expectedResolutionAt: null })).toBe(
        'action.responseRequired',
      );
    }
  });

  it('the expected resolution time must lie in the future', () => {
    expect(refused(opened(), { kind: 'respond', text: 'On it', expectedResolutionAt: NOW })).toBe(
      'action.expectedInPast',
    );
    expect(refused(opened(), { kind: 'respond', text: 'On it', expectedResolutionAt: NOW - 1 })).toBe(
      'action.expectedInPast',
    );
    const later = ok(opened(), { kind: 'respond', text: 'On it', expectedResolutionAt: NOW + 3_600_000 });
    expect(later.expectedResolutionAt).toBe(NOW + 3_600_000);
  });

  it('a requester cannot respond to their own ticket', () => {
    expect(refused(opened(), { kind: 'respond', text: 'x', expectedResolutionAt: null }, requester)).toBe(
      'action.notAllowed',
    );
  });
});

describe('pause and resume', () => {
  it('pausing needs a reason', () => {
    expect(refused(opened(), { kind: 'pause', reason: '' })).toBe('action.pauseReasonRequired');
    expect(refused(opened(), { kind: 'pause', reason: '   ' })).toBe('action.pauseReasonRequired');
  });

  it('a pause stops the resolution clock and resuming moves its due time by the business time paused', () => {
    const paused = ok(opened(), { kind: 'pause', reason: 'Waiting for logs' }, ams('2026-11-23T11:00'));
    expect(paused).toMatchObject({ status: 'paused', resolution: { dueAt: null } });
    expect(paused.response.dueAt).toBe(ams('2026-11-23T10:35'));
    // Paused until Tuesday 09:00: Monday 11:00-18:00 and Tuesday 08:00-09:00 do not count.
    const resumed = ok(paused, { kind: 'resume' }, ams('2026-11-24T09:00'));
    expect(resumed.status).toBe('open');
    expect(resumed.pauses).toEqual([{ from: ams('2026-11-23T11:00'), to: ams('2026-11-24T09:00') }]);
    expect(resumed.resolution.dueAt).toBe(ams('2026-11-24T12:30'));
  });
});

describe('hotfix', () => {
  it('is offered and allowed only on a P1', () => {
    const p2 = opened({ priority: 'P2' });
    expect(allowedActions(p2, agent)).not.toContain('hotfix');
    expect(refused(p2, { kind: 'hotfix' })).toBe('action.notAllowed');
    const p1 = ok(opened(), { kind: 'hotfix', reason: 'Needs a code change' });
    expect(p1.hotfixSince).toBe(NOW);
    expect(p1.resolution.dueAt).toBeNull();
    expect(allowedActions(p1, agent)).toContain('unhotfix');
  });

  it('a priority change away from P1 clears the hotfix mark and restores the resolution target', () => {
    const marked = ok(opened(), { kind: 'hotfix' });
    const lowered = ok(marked, { kind: 'changePriority', priority: 'P2', reason: 'Workaround found' });
    expect(lowered.hotfixSince).toBeNull();
    expect(lowered.resolution.dueAt).not.toBeNull();
  });

  it('the requester cannot mark a hotfix', () => {
    expect(refused(opened(), { kind: 'hotfix' }, requester)).toBe('action.notAllowed');
  });
});

describe('resolved and closed tickets', () => {
  it('a resolved ticket waits for its requester: only they may confirm or reopen it', () => {
    const resolved = ok(opened(), { kind: 'resolve', text: 'Fixed' });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: NOW, respondedAt: NOW });
    expect(allowedActions(resolved, agent)).toEqual([]);
    expect(refused(resolved, { kind: 'pause', reason: 'x' })).toBe('action.notAllowed');
    const requesterOf = {
      id: `${resolved.requester.platform}:${resolved.requester.id}`,
      name: 'R',
      isAgent: false,
      isIncidentManager: false,
    };
    expect(allowedActions(resolved, requesterOf)).toEqual(['confirmFixed', 'notFixed']);
  });

  it('a closed ticket takes no actions at all', () => {
    const closed = { ...ok(opened(), { kind: 'resolve', text: 'Fixed' }), status: 'closed' as const };
    expect(allowedActions(closed, agent)).toEqual([]);
    expect(refused(closed, { kind: 'pause', reason: 'x' })).toBe('action.finished');
  });
});
