import type { Language } from '../i18n/language.js';

/** A reseller whose named contacts raise second-line tickets for its customers (seed 001). */
export interface Partner {
  readonly id: string;
  readonly name: string;
  /** The partner's own contract; null when it names none. */
  readonly policy: string | null;
  /** Platform-qualified ids: "slack:U0PARTNER1", "teams:<aadObjectId>". */
  readonly contacts: readonly string[];
  /** Its users, for the support-hour budget (1 hour per 1000 users per month). */
  readonly users: number | null;
  /** What the partner's own reference numbers look like, as written in the file. */
  readonly referencePattern: string | null;
}

/** A customer organisation with its contract, environments and chat workspaces. */
export interface Customer {
  readonly id: string;
  readonly company: string;
  readonly aliases: readonly string[];
  /** Environment URLs as written in the file. */
  readonly environments: readonly string[];
  /** The customer's own policy; see effectivePolicy for the one that applies. */
  readonly policy: string | null;
  readonly timeZone: string | null;
  readonly language: Language | null;
  readonly slackTeamIds: readonly string[];
  readonly teamsTenantIds: readonly string[];
  readonly partner: string | null;
}

/** Every customer and partner of one TENANTS_FILE, validated. */
export interface TenantDirectory {
  readonly partners: readonly Partner[];
  readonly customers: readonly Customer[];
}

export const EMPTY_TENANT_DIRECTORY: TenantDirectory = { partners: [], customers: [] };
