import { describe, expect, it } from 'vitest';
import { buildTicketCard, type CardDeadline } from '../../../src/core/cards/ticket-card.js';
import type { Language } from '../../../src/core/i18n/language.js';
import type { Ticket } from '../../../src/core/tickets/ticket.js';
import { type Actor, applyAction } from '../../../src/core/tickets/ticket-actions.js';
import { withDeadlines } from '../../../src/core/tickets/ticket-deadlines.js';
import { AMS, ams, preset } from '../../helpers/policies.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

const basic = preset('workspace365-basic');
const MIN = 60_000;
// Monday 23 November 2026, 10:30 Amsterdam: P1 response due 10:35, resolution 14:30.
const CREATED = ams('2026-11-23T10:30');

/** A ticket with its due times computed as when it was opened; a response given later keeps them. */
function ticket(overrides: Partial<Ticket> = {}): Ticket {
  const { respondedAt = null, ...rest } = overrides;
  const opened = withDeadlines(
    sampleTicket({ createdAt: CREATED, updatedAt: CREATED, ...rest, respondedAt: null }),
    basic,
  );
  return { ...opened, respondedAt };
}

function lines(t: Ticket, now: number, language: Language, policy = basic): Record<string, CardDeadline> {
  const card = buildTicketCard(t, { language, timeZone: AMS, now, policy });
  return Object.fromEntries(card.deadlines.map((d) => [d.kind, d]));
}

const agent: Actor = { id: 'slack:UAGENT', name: 'Ann Agent', isAgent: true, isIncidentManager: false };

describe('ticket card deadlines', () => {
  it('counts down while a target runs', () => {
    const t = ticket();
    expect(t.response.dueAt).toBe(ams('2026-11-23T10:35'));
    const en = lines(t, CREATED + MIN, 'en');
    expect(en.response).toMatchObject({ state: 'running', countdown: 'due in 4 min' });
    expect(en.resolution).toMatchObject({ state: 'running', countdown: 'due in 3 h 59 min' });
    expect(lines(t, CREATED + MIN, 'nl').response).toMatchObject({
      state: 'running',
      countdown: 'verloopt over 4 min',
      label: 'Reactie',
    });
  });

  it('says a response given in time was met, and when', () => {
    const t = ticket({ respondedAt: ams('2026-11-23T10:33'), status: 'acknowledged' });
    const later = ams('2026-11-23T12:00');
    expect(lines(t, later, 'en').response).toMatchObject({
      state: 'met',
      countdown: 'met Mon 23 Nov, 10:33',
    });
    expect(lines(t, later, 'nl').response).toMatchObject({
      state: 'met',
      countdown: 'gehaald ma 23 nov, 10:33',
    });
  });

  it('never shows breached for a ticket responded to after 2 minutes (regression)', () => {
    const responded = applyAction(
      ticket(),
      { kind: 'respond', text: 'Restart the portal, please', expectedResolutionAt: null },
      agent,
      basic,
      CREATED + 2 * MIN,
    );
    if (!responded.ok) throw new Error(responded.reason);
    // Read long after the due time has passed: the response was in time all the same.
    for (const now of [CREATED + 3 * MIN, CREATED + 10 * MIN, ams('2026-11-24T09:00')]) {
      for (const language of ['en', 'nl'] as const) {
        const response = lines(responded.ticket, now, language).response!;
        expect(response.state).toBe('met');
        expect(response.countdown).not.toMatch(/breach|verlopen/);
      }
    }
    expect(responded.ticket.response.dueAt).toBe(ams('2026-11-23T10:35'));
  });

  it('says a target done late was breached, when it was done and by how much', () => {
    const t = ticket({ respondedAt: ams('2026-11-23T10:50'), status: 'acknowledged' });
    expect(lines(t, ams('2026-11-23T11:00'), 'en').response).toMatchObject({
      state: 'breached',
      countdown: 'breached: done Mon 23 Nov, 10:50, 15 min late',
    });
    expect(lines(t, ams('2026-11-23T11:00'), 'nl').response).toMatchObject({
      state: 'breached',
      countdown: 'verlopen: afgerond ma 23 nov, 10:50, 15 min te laat',
    });
  });

  it('shows a target not met and not done as breached, counting up', () => {
    const t = ticket();
    expect(lines(t, ams('2026-11-23T10:47'), 'en').response).toMatchObject({
      state: 'breached',
      countdown: 'breached 12 min ago',
    });
  });

  it('says since when a paused resolution stands still', () => {
    const t = ticket({ status: 'paused', pauses: [{ from: ams('2026-11-23T11:00'), to: null }] });
    expect(t.resolution.dueAt).toBeNull();
    const now = ams('2026-11-23T16:00');
    expect(lines(t, now, 'en').resolution).toMatchObject({
      state: 'paused',
      countdown: 'paused since Mon 23 Nov, 11:00',
    });
    expect(lines(t, now, 'nl').resolution).toMatchObject({
      state: 'paused',
      countdown: 'gepauzeerd sinds ma 23 nov, 11:00',
    });
    // Waiting on the requester stops the resolution clock only.
    expect(lines(t, now, 'en').response!.state).toBe('breached');
  });

  it('shows the resolution of a P1 that needs a hotfix as suspended', () => {
    const t = ticket({ hotfixSince: ams('2026-11-23T11:00'), status: 'acknowledged' });
    const now = ams('2026-11-23T18:00');
    expect(lines(t, now, 'en').resolution).toMatchObject({
      state: 'suspended',
      countdown: 'suspended (hotfix required)',
    });
    expect(lines(t, now, 'nl').resolution).toMatchObject({
      state: 'suspended',
      countdown: 'opgeschort (hotfix nodig)',
    });
  });

  it('says a ticket that ended before its targets were met stopped them', () => {
    const cancelled = ticket({ status: 'cancelled' });
    const now = ams('2026-11-23T10:32');
    for (const kind of ['response', 'resolution']) {
      expect(lines(cancelled, now, 'en')[kind]).toMatchObject({
        state: 'stopped',
        countdown: 'not met (ticket Cancelled)',
      });
      expect(lines(cancelled, now, 'nl')[kind]).toMatchObject({
        state: 'stopped',
        countdown: 'niet gehaald (ticket Geannuleerd)',
      });
    }
    const closed = ticket({ status: 'closed', respondedAt: ams('2026-11-23T10:31') });
    expect(lines(closed, now, 'en').response!.state).toBe('met');
    expect(lines(closed, now, 'en').resolution).toMatchObject({
      state: 'stopped',
      countdown: 'not met (ticket Closed)',
    });
  });

  it('shows a resolved ticket as met or done late, never as still running', () => {
    const resolved = applyAction(ticket(), { kind: 'resolve' }, agent, basic, ams('2026-11-23T15:30'));
    if (!resolved.ok) throw new Error(resolved.reason);
    const view = lines(resolved.ticket, ams('2026-11-23T16:00'), 'en');
    // Resolving is a response too (late here), and the resolution came an hour late.
    expect(view.response).toMatchObject({
      state: 'breached',
      countdown: 'breached: done Mon 23 Nov, 15:30, 4 h 55 min late',
    });
    expect(view.resolution).toMatchObject({
      state: 'breached',
      countdown: 'breached: done Mon 23 Nov, 15:30, 1 h late',
    });
  });

  it('outside support hours says until when the clock stands still and what business time is left', () => {
    // workspace365-basic, P3 (24 business hours) reported Friday 17:00, read on Saturday.
    const t = ticket({ priority: 'P3', createdAt: ams('2026-11-27T17:00') });
    expect(t.response.dueAt).toBe(ams('2026-12-02T11:00'));
    const saturday = ams('2026-11-28T12:00');
    expect(lines(t, saturday, 'en').response).toMatchObject({
      state: 'waiting',
      countdown:
        'due in 3 d 23 h; clock paused until Mon 30 Nov, 08:00 (outside support hours), 23 h of support time left',
    });
    expect(lines(t, saturday, 'nl').resolution).toMatchObject({
      state: 'waiting',
      countdown:
        'verloopt over 3 d 23 u; klok staat stil tot ma 30 nov, 08:00 (buiten supporturen), nog 23 u supporttijd',
    });
    // Inside hours on Monday the same ticket simply counts down.
    expect(lines(t, ams('2026-11-30T09:00'), 'en').response!.state).toBe('running');
  });

  it('counts support time left in hours, never in days that would read as working days', () => {
    // workspace365-basic, P4 (40 business hours to resolve) reported Friday 17:00, read on Saturday:
    // One hour ran on Friday until 18:00; the 39 left are about a working week, not "1 d 15 h".
    const t = ticket({ priority: 'P4', createdAt: ams('2026-11-27T17:00') });
    const saturday = ams('2026-11-28T12:00');
    expect(lines(t, saturday, 'en').resolution!.countdown).toMatch(/, 39 h of support time left$/);
    expect(lines(t, saturday, 'nl').resolution!.countdown).toMatch(/, nog 39 u supporttijd$/);
    // A wall-clock countdown still says days.
    expect(lines(t, saturday, 'en').resolution!.countdown).toMatch(/^due in \d+ d /);
  });

  it('says there is no target under a policy without one (spinpanel)', () => {
    const spinpanel = preset('spinpanel');
    const t = withDeadlines(sampleTicket({ policy: 'spinpanel', createdAt: CREATED }), spinpanel);
    for (const language of ['en', 'nl'] as const) {
      const view = lines(t, CREATED + MIN, language, spinpanel);
      for (const kind of ['response', 'resolution']) {
        expect(view[kind]).toMatchObject({
          state: 'none',
          dueAt: null,
          countdown: language === 'en' ? 'no target' : 'geen doel',
        });
      }
    }
  });
});
