import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import { formatLocalDateTime, priorityReasonLabel } from '../intake/review-rows.js';
import { PRIORITY_EXAMPLES } from '../priority/priority-definitions.js';
import type { Priority } from '../sla/priority.js';
import { readClock } from '../sla/sla-clock.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type { Ticket } from '../tickets/ticket.js';
import { clockOf, type TargetKind } from '../tickets/ticket-deadlines.js';
import { formatShortMoment } from './card-time.js';
import { countdownText, formatSpan, formatSupportTime } from './countdown.js';

/** Colour per priority, with a name each renderer maps to its own palette; never colour alone. */
export const PRIORITY_STYLE: Readonly<
  Record<
    Priority,
    {
      readonly colour: string;
      readonly tone: 'attention' | 'warning' | 'accent' | 'good';
      readonly emoji: string;
    }
  >
> = {
  P1: { colour: '#D13438', tone: 'attention', emoji: '🔴' },
  P2: { colour: '#F7630C', tone: 'warning', emoji: '🟠' },
  P3: { colour: '#0078D4', tone: 'accent', emoji: '🔵' },
  P4: { colour: '#107C10', tone: 'good', emoji: '🟢' },
};

/**
 * What a target's line says: running (a countdown), waiting (running, but the
 * calendar is closed now), breached, met, paused, suspended (hotfix), stopped (the
 * ticket ended before the target was met) or none (no target).
 */
export type DeadlineState =
  | 'running'
  | 'waiting'
  | 'breached'
  | 'met'
  | 'paused'
  | 'suspended'
  | 'stopped'
  | 'none';

export interface CardDeadline {
  readonly kind: TargetKind;
  readonly label: string;
  /** Absolute local time in the reader's zone, or null without a due time. */
  readonly dueAt: string | null;
  /** The state in words: "due in 1 h 20 min", "met 23 Nov, 09:02", "paused since ...". */
  readonly countdown: string;
  readonly state: DeadlineState;
}

/** The platform-neutral card: Adaptive Cards and Block Kit are rendered from this. */
export interface TicketCardModel {
  readonly id: string;
  readonly heading: string;
  readonly title: string;
  readonly priority: Priority;
  readonly priorityText: string;
  readonly style: (typeof PRIORITY_STYLE)[Priority];
  readonly facts: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  readonly deadlines: readonly CardDeadline[];
}

export interface CardView {
  readonly language: Language;
  readonly timeZone: string;
  readonly now: number;
  /** The ticket's policy: its calendar says when the clock stands still. */
  readonly policy: SlaPolicy | undefined;
}

function deadlineOf(ticket: Ticket, kind: TargetKind, view: CardView): CardDeadline {
  const { language, timeZone, now, policy } = view;
  const label = t(language, kind === 'response' ? 'card.response' : 'card.resolution');
  const dueAt = ticket[kind].dueAt;
  const moment = (at: number) => formatShortMoment(at, timeZone, language);
  const line = (state: DeadlineState, countdown: string): CardDeadline => ({
    kind,
    label,
    dueAt: dueAt === null ? null : formatLocalDateTime(dueAt, timeZone),
    countdown,
    state,
  });
  const clock = policy ? clockOf(ticket, kind, policy) : undefined;
  if (clock === null) return line('none', t(language, 'card.noTarget'));
  const doneAt = kind === 'response' ? ticket.respondedAt : ticket.resolvedAt;
  if (doneAt !== null) {
    if (dueAt === null || doneAt <= dueAt)
      return line('met', t(language, 'card.metAt', { time: moment(doneAt) }));
    return line(
      'breached',
      t(language, 'card.doneLate', { time: moment(doneAt), duration: formatSpan(doneAt - dueAt, language) }),
    );
  }
  if (kind === 'resolution' && ticket.hotfixSince != null)
    return line('suspended', t(language, 'card.suspended'));
  if (['resolved', 'closed', 'cancelled'].includes(ticket.status)) {
    return line('stopped', t(language, 'card.stopped', { status: t(language, `status.${ticket.status}`) }));
  }
  const openPause = ticket.pauses.find((p) => p.to === null);
  if (kind === 'resolution' && openPause)
    return line('paused', t(language, 'card.pausedSince', { time: moment(openPause.from) }));
  if (dueAt === null) return line('none', t(language, 'card.noTarget'));
  if (dueAt <= now) return line('breached', countdownText(dueAt, now, language));
  const countdown = countdownText(dueAt, now, language);
  // Outside support hours a business clock stands still: say until when, and what is left.
  if (clock && clock.target.clock !== '24x7' && !clock.calendar.isOpen(now)) {
    const resumes = clock.calendar.nextOpening(now);
    const left = readClock(clock, now).remainingMs;
    if (resumes !== null) {
      return line(
        'waiting',
        `${countdown}; ${t(language, 'card.clockPausedUntil', { time: moment(resumes) })}, ${t(language, 'card.businessLeft', { duration: formatSupportTime(left, language) })}`,
      );
    }
  }
  return line('running', countdown);
}

/** Builds the card of a ticket as one reader sees it (their language, zone and now). */
export function buildTicketCard(ticket: Ticket, view: CardView): TicketCardModel {
  const { language, timeZone } = view;
  const facts = [
    { label: t(language, 'card.status'), value: t(language, `status.${ticket.status}`) },
    {
      label: t(language, 'card.impactUrgency'),
      value: priorityReasonLabel(language, ticket.impact, ticket.urgency),
    },
    { label: t(language, 'card.requester'), value: ticket.requester.name },
    { label: t(language, 'card.company'), value: ticket.company },
    { label: t(language, 'card.environment'), value: ticket.environments.join(', ') },
    { label: t(language, 'card.policy'), value: ticket.policy },
  ];
  // With a tenants file, a ticket for a company it does not know is flagged for the agents.
  if (ticket.customer === null)
    facts.push({ label: t(language, 'card.customer'), value: t(language, 'card.unknownCustomer') });
  if (ticket.assignee) facts.push({ label: t(language, 'card.assignee'), value: ticket.assignee.name });
  if (ticket.incident) {
    const { state, manager, channel } = ticket.incident;
    const parts = [
      t(language, `incident.${state}`),
      manager ? `${t(language, 'role.manager')}: ${manager.name}` : '',
      channel ? `#${channel.name}` : '',
    ];
    facts.push({ label: t(language, 'card.incident'), value: parts.filter(Boolean).join(', ') });
  }
  if (ticket.expectedResolutionAt != null && !['resolved', 'closed', 'cancelled'].includes(ticket.status)) {
    facts.push({
      label: t(language, 'card.expectedResolution'),
      value: formatLocalDateTime(ticket.expectedResolutionAt, timeZone),
    });
  }
  return {
    id: ticket.id,
    heading: t(language, 'card.title', { id: ticket.id }),
    title: ticket.title,
    priority: ticket.priority,
    // The `agent` priority model: "P2 (proposed)" until an agent confirms or changes it.
    priorityText: `${ticket.priority}${ticket.priorityProposed ? ` ${t(language, 'card.proposed')}` : ''} ${PRIORITY_EXAMPLES[ticket.priority].title[language]}`,
    style: PRIORITY_STYLE[ticket.priority],
    facts,
    deadlines: [deadlineOf(ticket, 'response', view), deadlineOf(ticket, 'resolution', view)],
  };
}
