import { formatShortMoment } from '../core/cards/card-time.js';
import { formatSpan } from '../core/cards/countdown.js';
import { t } from '../core/i18n/catalogue.js';
import type { Language } from '../core/i18n/language.js';
import { formatLocalDateTime } from '../core/intake/review-rows.js';
import type { SlaPolicy } from '../core/sla/sla-policy.js';
import type { Ticket } from '../core/tickets/ticket.js';
import type { Actor } from '../core/tickets/ticket-permissions.js';
import { verifyDueAt } from '../core/tickets/ticket-timers.js';
import { type ChatAddress, laneOf } from '../ports/chat-address.js';
import { NEW_TICKET, type OutboxDraft } from '../ports/outbox.js';
import type { StoredTimer } from '../ports/timers.js';
import { type SupportChannels, supportChannelAddresses } from './support-channels.js';

/** Where the agents' side of the bot speaks, and in which language. */
export interface TicketFlowSettings {
  readonly support: SupportChannels;
  readonly supportLanguage: Language;
}

/** Where times are shown when nothing names a zone: the presets' wall clock. */
export const DEFAULT_ZONE = 'Europe/Amsterdam';

export function cardsLane(ticketId: string): string {
  return `cards:${ticketId}`;
}

function text(key: string, to: ChatAddress, body: string): OutboxDraft {
  return { key, lane: laneOf(to), message: { kind: 'text', to, text: body } };
}

export function requesterAddressOf(ticket: Ticket): ChatAddress | null {
  const address = ticket.requesterAddress as ChatAddress | null | undefined;
  return address && (address.platform === 'teams' || address.platform === 'slack') ? address : null;
}

/**
 * When a business clock starts later than the report (outside support hours), the
 * requester is told when, in their zone; null when the clock runs already.
 */
export function clockStartNotice(
  policy: SlaPolicy,
  ticket: Pick<Ticket, 'priority' | 'createdAt'>,
  language: Language,
  timeZone: string,
): string | null {
  const target = policy.targets[ticket.priority].response;
  if (!target || target.clock === '24x7' || policy.calendar.isOpen(ticket.createdAt)) return null;
  const starts = policy.calendar.nextOpening(ticket.createdAt);
  if (starts === null) return null;
  return t(language, 'notice.clockStarts', {
    id: NEW_TICKET,
    time: formatShortMoment(starts, timeZone, language),
  });
}

/**
 * The app's decisions about what follows a ticket's creation and changes: which card
 * copies to post or update and whom to tell. Adapters only render and send these.
 */
export class TicketFlows {
  constructor(private readonly settings: TicketFlowSettings) {}

  /** A new ticket (this commit creates it): its card where it was reported and in each support channel. */
  created(requesterAt: ChatAddress | null, timeZone: string): OutboxDraft[] {
    const drafts: OutboxDraft[] = [];
    if (requesterAt) {
      drafts.push({
        key: `ticket:${NEW_TICKET}:card:requester`,
        lane: laneOf(requesterAt),
        message: { kind: 'postCard', to: requesterAt, ticketId: NEW_TICKET, timeZone },
      });
    }
    for (const channel of this.supportChannelsFor(requesterAt)) {
      drafts.push({
        key: `ticket:${NEW_TICKET}:card:support:${channel.platform}`,
        lane: laneOf(channel),
        message: { kind: 'postCard', to: channel, ticketId: NEW_TICKET },
      });
    }
    return drafts;
  }

  /**
   * The support channels, reached the way the requester's own platform was reached
   * where it is the same platform (a Teams ticket's service URL and tenant).
   */
  private supportChannelsFor(requesterAt: ChatAddress | null): ChatAddress[] {
    const seen =
      requesterAt?.platform === 'teams'
        ? (requesterAt.reference as { serviceUrl?: string; conversation?: { tenantId?: string } } | undefined)
        : undefined;
    return supportChannelAddresses(this.settings.support).map((channel) =>
      channel.platform === 'teams' && seen?.serviceUrl
        ? {
            ...channel,
            reference: {
              ...channel.reference,
              serviceUrl: seen.serviceUrl,
              ...(seen.conversation?.tenantId ? { tenantId: seen.conversation.tenantId } : {}),
            },
          }
        : channel,
    );
  }

  /** A stored change: every card copy updated, and the requester told what concerns them. */
  changed(
    after: Ticket,
    event: { type: string; data: Record<string, unknown> },
    actor: Actor,
    notice: string,
    exceptMessageId?: string,
    policy?: SlaPolicy,
  ): OutboxDraft[] {
    const drafts: OutboxDraft[] = [
      {
        key: `ticket:${after.id}:v${after.version}:cards`,
        lane: cardsLane(after.id),
        message: {
          kind: 'updateCards',
          ticketId: after.id,
          notice,
          ...(exceptMessageId ? { exceptMessageId } : {}),
        },
      },
    ];
    const requester = requesterAddressOf(after);
    const told = requester ? this.requesterNotice(after, event, actor, policy) : null;
    if (requester && told)
      drafts.push(text(`ticket:${after.id}:v${after.version}:requester`, requester, told));
    return drafts;
  }

  private requesterNotice(
    ticket: Ticket,
    event: { type: string; data: Record<string, unknown> },
    actor: Actor,
    policy: SlaPolicy | undefined,
  ): string | null {
    const language = ticket.language;
    const zone =
      (ticket.requesterAddress as { timeZone?: string } | null | undefined)?.timeZone ?? DEFAULT_ZONE;
    const id = ticket.id;
    switch (event.type) {
      case 'responded': {
        const expected = event.data.expectedResolutionAt;
        const lines = [
          t(language, 'notice.responded', { agent: actor.name, id, text: String(event.data.text ?? '') }),
        ];
        if (typeof expected === 'number')
          lines.push(t(language, 'notice.expectedBy', { time: formatLocalDateTime(expected, zone) }));
        return lines.join('\n');
      }
      case 'hotfixRequired':
        return t(language, 'notice.hotfix', { id });
      case 'hotfixCleared':
        return t(language, 'notice.unhotfix', {
          id,
          time: ticket.resolution.dueAt === null ? '-' : formatLocalDateTime(ticket.resolution.dueAt, zone),
        });
      case 'paused':
        return t(language, 'notice.paused', { id, reason: String(event.data.reason ?? '') });
      case 'infoRequested':
        return t(language, 'notice.infoRequested', {
          agent: actor.name,
          id,
          question: String(event.data.question ?? ''),
        });
      // Internal notes and logged time stay with the agents ('noted', 'timeLogged').
      case 'resolved': {
        const done =
          typeof event.data.text === 'string'
            ? t(language, 'notice.resolvedWith', { id, text: event.data.text })
            : t(language, 'notice.resolved', { id });
        // Resolved is not the end: the requester verifies (SPEC.md), or it closes by itself.
        const closesAt = policy ? verifyDueAt(ticket, policy) : null;
        const when = closesAt === null ? '-' : formatLocalDateTime(closesAt, zone);
        return `${done}\n${t(language, 'notice.verify', { id, time: when })}`;
      }
      case 'closed':
        return t(language, 'notice.closedUnverified', { id });
      default:
        return null;
    }
  }

  /**
   * Timers that fired for one ticket (several after downtime): one card update, and for
   * each target only its most advanced threshold is announced, so a catch-up is no burst.
   */
  timersFired(
    ticket: Ticket,
    fired: readonly StoredTimer[],
    now: number,
    zone = DEFAULT_ZONE,
  ): OutboxDraft[] {
    if (fired.length === 0) return [];
    const last = fired.reduce((a, b) => (b.dueAt > a.dueAt ? b : a));
    const drafts: OutboxDraft[] = [
      {
        key: `timer:${last.id}:cards`,
        lane: cardsLane(ticket.id),
        message: { kind: 'updateCards', ticketId: ticket.id },
      },
    ];
    for (const target of ['response', 'resolution'] as const) {
      const top = fired
        .filter((f) => f.kind === 'threshold' && f.target === target)
        .reduce<StoredTimer | null>((a, b) => (!a || b.fraction > a.fraction ? b : a), null);
      if (!top || top.fraction < 0.75) continue;
      drafts.push(...this.thresholdNotices(ticket, top, now, zone));
    }
    return drafts;
  }

  /** Times in the policy's zone: the support desk's wall clock. */
  private thresholdNotices(ticket: Ticket, timer: StoredTimer, now: number, zone: string): OutboxDraft[] {
    const language = this.settings.supportLanguage;
    const dueAt = ticket[timer.target].dueAt;
    if (dueAt === null) return [];
    const params = {
      id: ticket.id,
      priority: ticket.priority,
      target: t(language, `target.${timer.target}`),
      time: formatShortMoment(dueAt, zone, language),
    };
    const body =
      timer.fraction >= 1
        ? t(language, 'notice.breached', {
            ...params,
            duration: formatSpan(Math.max(0, now - dueAt), language),
          })
        : t(language, 'notice.threshold', {
            ...params,
            percent: Math.round(timer.fraction * 100),
            left: formatSpan(Math.max(0, dueAt - now), language),
          });
    const toSupport = supportChannelAddresses(this.settings.support).map((channel) =>
      text(`timer:${timer.id}:support:${channel.platform}`, channel, body),
    );
    // 75%: the assignee, or the support channel when none; 90%: both; breach: the support channel.
    const assignee = this.assigneeAddress(ticket);
    const toAssignee = assignee ? [text(`timer:${timer.id}:assignee`, assignee, body)] : [];
    if (timer.fraction >= 1) return toSupport;
    if (timer.fraction >= 0.9) return [...toAssignee, ...toSupport];
    return toAssignee.length ? toAssignee : toSupport;
  }

  /** A direct message to the assignee where the platform allows one without a stored conversation (Slack). */
  private assigneeAddress(ticket: Ticket): ChatAddress | null {
    const id = ticket.assignee?.id;
    if (!id?.startsWith('slack:')) return null;
    return { platform: 'slack', kind: 'user', id: id.slice('slack:'.length) };
  }
}
