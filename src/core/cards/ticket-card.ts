import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import { formatLocalDateTime, priorityReasonLabel } from '../intake/review-rows.js';
import { PRIORITY_EXAMPLES } from '../priority/priority-definitions.js';
import type { Priority } from '../sla/priority.js';
import type { Ticket } from '../tickets/ticket.js';
import { countdownText } from './countdown.js';

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

export interface CardDeadline {
  readonly kind: 'response' | 'resolution';
  readonly label: string;
  /** Absolute local time in the reader's zone, or null without a target. */
  readonly dueAt: string | null;
  readonly countdown: string;
  readonly state: 'running' | 'breached' | 'none';
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
}

/** Builds the card of a ticket as one reader sees it (their language, zone and now). */
export function buildTicketCard(ticket: Ticket, view: CardView): TicketCardModel {
  const { language, timeZone, now } = view;
  const deadline = (kind: 'response' | 'resolution'): CardDeadline => {
    const dueAt = ticket[kind].dueAt;
    const label = t(language, kind === 'response' ? 'card.response' : 'card.resolution');
    if (dueAt === null)
      return { kind, label, dueAt: null, countdown: t(language, 'card.noTarget'), state: 'none' };
    return {
      kind,
      label,
      dueAt: formatLocalDateTime(dueAt, timeZone),
      countdown: countdownText(dueAt, now, language),
      state: dueAt > now ? 'running' : 'breached',
    };
  };
  return {
    id: ticket.id,
    heading: t(language, 'card.title', { id: ticket.id }),
    title: ticket.title,
    priority: ticket.priority,
    priorityText: `${ticket.priority} ${PRIORITY_EXAMPLES[ticket.priority].title[language]}`,
    style: PRIORITY_STYLE[ticket.priority],
    facts: [
      { label: t(language, 'card.status'), value: t(language, `status.${ticket.status}`) },
      {
        label: t(language, 'card.impactUrgency'),
        value: priorityReasonLabel(language, ticket.impact, ticket.urgency),
      },
      { label: t(language, 'card.requester'), value: ticket.requester.name },
      { label: t(language, 'card.company'), value: ticket.company },
      { label: t(language, 'card.environment'), value: ticket.environments.join(', ') },
      { label: t(language, 'card.policy'), value: ticket.policy },
    ],
    deadlines: [deadline('response'), deadline('resolution')],
  };
}
