import { t } from '../core/i18n/catalogue.js';
import type { Language } from '../core/i18n/language.js';
import { formatIsoInstant } from '../core/sla/iso-instant.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import { zoneOffsets } from '../core/sla/zone-offsets.js';
import { partnerById } from '../core/tenants/customer-resolver.js';
import type { Partner, TenantDirectory } from '../core/tenants/tenants.js';
import { partnerOfTicket } from '../core/tenants/visibility.js';
import type { Ticket } from '../core/tickets/ticket.js';
import type { ChatAddress } from '../ports/chat-address.js';
import { laneOf } from '../ports/chat-address.js';
import type { OutboxDraft } from '../ports/outbox.js';
import type { TicketRepository } from '../ports/ticket-repository.js';
import { type SupportChannels, supportChannelAddresses } from './support-channels.js';

/** Seed 001: "1 support hour(s) per 1000 users, monthly". */
export const HOUR_MS = 3_600_000;
export const BUDGET_THRESHOLDS = [0.8, 1] as const;

/** A partner's monthly budget in milliseconds; null when the tenants file gives no user count. */
export function monthlyBudgetMs(partner: Partner): number | null {
  if (partner.users === null || partner.users <= 0) return null;
  return (partner.users / 1000) * HOUR_MS;
}

/** The thresholds a month's total passes when it grows from `before` to `after`. */
export function crossedThresholds(before: number, after: number, budget: number): number[] {
  return BUDGET_THRESHOLDS.filter((f) => before < f * budget && after >= f * budget);
}

function hours(ms: number): string {
  return String(Math.round((ms / HOUR_MS) * 100) / 100);
}

/**
 * The support-hour budget of partners (SPEC.md "Customers, partners and contracts"): the
 * time agents log on a partner's tickets counts against its monthly budget; crossing 80%
 * and 100% tells the partner's contacts (a Slack DM for slack: ids; Teams contacts are
 * reached through the support channel, the bot has no conversation with them) and the
 * support channels, once per threshold per month (deterministic outbox keys).
 */
export class SupportBudget {
  constructor(
    private readonly deps: {
      readonly directory: TenantDirectory;
      readonly policies: PolicyRegistry;
      readonly support: SupportChannels;
      readonly language?: Language;
    },
  ) {}

  /** The partner whose budget a ticket's logged time counts against, with its budget. */
  budgetOf(ticket: Ticket): { partner: Partner; budgetMs: number } | null {
    const partner = partnerById(this.deps.directory, partnerOfTicket(ticket, this.deps.directory));
    const budgetMs = partner ? monthlyBudgetMs(partner) : null;
    return partner && budgetMs !== null ? { partner, budgetMs } : null;
  }

  /** "2026-11": the month of an instant in the partner's (else the ticket's) policy zone. */
  monthOf(at: number, partner: Partner, ticket: Ticket): string {
    const zone =
      this.deps.policies.get(partner.policy ?? ticket.policy)?.calendar.zone ??
      this.deps.policies.get(ticket.policy)?.calendar.zone ??
      zoneOffsets('Europe/Amsterdam');
    return formatIsoInstant(at, zone).slice(0, 7);
  }

  /** Time logged on the partner's tickets in a month, from the stored timelines. */
  async usedMs(tickets: TicketRepository, partner: Partner, month: string, sample: Ticket): Promise<number> {
    let total = 0;
    const all = await tickets.list({ limit: 10_000 });
    for (const ticket of all) {
      if (partnerOfTicket(ticket, this.deps.directory) !== partner.id) continue;
      for (const entry of await tickets.timeline(ticket.id)) {
        if (entry.type !== 'timeLogged' || typeof entry.data.ms !== 'number') continue;
        if (this.monthOf(entry.at, partner, sample) === month) total += entry.data.ms;
      }
    }
    return total;
  }

  /**
   * The notices for time about to be logged (not stored yet) on a ticket at `now`: one
   * set per threshold the month's total crosses with it.
   */
  async noticesFor(
    tickets: TicketRepository,
    ticket: Ticket,
    addedMs: number,
    now: number,
  ): Promise<OutboxDraft[]> {
    const found = this.budgetOf(ticket);
    if (!found || addedMs <= 0) return [];
    const { partner, budgetMs } = found;
    const month = this.monthOf(now, partner, ticket);
    const before = await this.usedMs(tickets, partner, month, ticket);
    const after = before + addedMs;
    const drafts: OutboxDraft[] = [];
    for (const fraction of crossedThresholds(before, after, budgetMs)) {
      const percent = Math.round(fraction * 100);
      const key = `budget:${partner.id}:${month}:${percent}`;
      const body = t(this.deps.language ?? 'en', 'notice.budgetReached', {
        partner: partner.name,
        used: hours(after),
        budget: hours(budgetMs),
        month,
        percent,
      });
      const to: Array<[string, ChatAddress]> = [];
      for (const contact of partner.contacts) {
        if (contact.startsWith('slack:'))
          to.push([
            `contact:${contact}`,
            { platform: 'slack', kind: 'user', id: contact.slice('slack:'.length) },
          ]);
      }
      for (const channel of supportChannelAddresses(this.deps.support))
        to.push([`support:${channel.platform}`, channel]);
      for (const [who, address] of to)
        drafts.push({
          key: `${key}:${who}`,
          lane: laneOf(address),
          message: { kind: 'text', to: address, text: body },
        });
    }
    return drafts;
  }
}
