import type { Language } from '../i18n/language.js';
import { companyKey, environmentHost } from './tenant-keys.js';
import type { Customer, Partner, TenantDirectory } from './tenants.js';

/** What is known about where a message came from and what it names. */
export interface CustomerHints {
  readonly slackTeamId?: string | null;
  readonly teamsTenantId?: string | null;
  /** Environments as typed in the intake: URLs or bare hosts. */
  readonly environments?: readonly string[];
  readonly company?: string | null;
  /** The requester's platform-qualified id: a partner contact may only pick its own customers. */
  readonly requester?: string | null;
}

export type CustomerMatch = 'environment' | 'workspace' | 'company';

export interface ResolvedCustomer {
  readonly customer: Customer;
  readonly matchedBy: CustomerMatch;
  /** Its own policy, else its partner's, else null: the caller applies DEFAULT_SLA_POLICY. */
  readonly policy: string | null;
  readonly timeZone: string | null;
  readonly language: Language | null;
  readonly partner: Partner | null;
}

export function partnerById(directory: TenantDirectory, id: string | null): Partner | null {
  return id === null ? null : (directory.partners.find((p) => p.id === id) ?? null);
}

/** The policy that applies to a customer: its own, else its partner's, else none. */
export function effectivePolicy(directory: TenantDirectory, customer: Customer): string | null {
  return customer.policy ?? partnerById(directory, customer.partner)?.policy ?? null;
}

/** The partner a contact belongs to, with the customers it may raise tickets for. */
export function partnerOfContact(
  directory: TenantDirectory,
  contactId: string,
): { partner: Partner; customers: Customer[] } | null {
  const partner = directory.partners.find((p) => p.contacts.includes(contactId));
  if (!partner) return null;
  return { partner, customers: directory.customers.filter((c) => c.partner === partner.id) };
}

function byWorkspace(candidates: readonly Customer[], hints: CustomerHints): Customer | undefined {
  const slack = hints.slackTeamId;
  const teams = hints.teamsTenantId?.toLowerCase();
  return candidates.find(
    (c) =>
      (slack && c.slackTeamIds.includes(slack)) ||
      (teams && c.teamsTenantIds.some((t) => t.toLowerCase() === teams)),
  );
}

function byEnvironment(candidates: readonly Customer[], hints: CustomerHints): Customer | undefined {
  const hosts = (hints.environments ?? []).map(environmentHost).filter((h): h is string => h !== null);
  if (hosts.length === 0) return undefined;
  return candidates.find((c) => c.environments.some((e) => hosts.includes(environmentHost(e) ?? '')));
}

function byCompany(candidates: readonly Customer[], hints: CustomerHints): Customer | undefined {
  const key = hints.company ? companyKey(hints.company) : '';
  if (!key) return undefined;
  return candidates.find((c) => [c.company, ...c.aliases].some((name) => companyKey(name) === key));
}

/**
 * Finds the customer a ticket is for. The environment named is the most specific
 * hint (a partner's helpdesk writes from its own workspace about a customer's
 * environment), then the Slack team / Teams tenant the message came from, then the
 * company name. A partner contact only ever matches that partner's customers.
 * null: an unknown company (the caller uses DEFAULT_SLA_POLICY and flags the card).
 */
export function resolveCustomer(directory: TenantDirectory, hints: CustomerHints): ResolvedCustomer | null {
  const viaPartner = hints.requester ? partnerOfContact(directory, hints.requester) : null;
  const candidates = viaPartner ? viaPartner.customers : directory.customers;
  const attempts: Array<[CustomerMatch, (c: readonly Customer[], h: CustomerHints) => Customer | undefined]> =
    [
      ['environment', byEnvironment],
      ['workspace', byWorkspace],
      ['company', byCompany],
    ];
  for (const [matchedBy, find] of attempts) {
    const customer = find(candidates, hints);
    if (customer) {
      return {
        customer,
        matchedBy,
        policy: effectivePolicy(directory, customer),
        timeZone: customer.timeZone,
        language: customer.language,
        partner: partnerById(directory, customer.partner),
      };
    }
  }
  return null;
}

/** Whether a partner's reference number has the partner's format (any, when it sets none). */
export function isPartnerReference(partner: Partner, reference: string): boolean {
  return (
    partner.referencePattern === null || new RegExp(partner.referencePattern, 'u').test(reference.trim())
  );
}
