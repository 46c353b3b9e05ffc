import { LANGUAGES, type Language } from '../i18n/language.js';
import { isKnownTimeZone } from '../sla/zone-offsets.js';
import {
  isObject,
  type Json,
  Problems,
  parseId,
  requiredText,
  stringList,
  warnUnknownKeys,
} from './json-fields.js';
import { companyKey, environmentHost, isEnvironmentUrl } from './tenant-keys.js';
import type { Customer, Partner, TenantDirectory } from './tenants.js';

export interface TenantsParseResult {
  /** Empty when there is any error: a half-valid directory would route tickets wrongly. */
  readonly directory: TenantDirectory;
  /** "path: reason" lines, the path in JSON notation (customers[1].partner). */
  readonly errors: string[];
  readonly warnings: string[];
}

export interface TenantsParseOptions {
  /** Whether a policy of that name is in force (presets plus SLA_POLICIES_FILE). */
  readonly isKnownPolicy: (name: string) => boolean;
}

const CONTACT = /^(slack|teams):\S+$/;
const PARTNER_KEYS = new Set(['id', 'name', 'policy', 'contacts', 'users', 'referencePattern']);
const CUSTOMER_KEYS = new Set([
  'id',
  'company',
  'aliases',
  'environments',
  'policy',
  'timeZone',
  'language',
  'slack',
  'teams',
  'partner',
]);

function parsePolicyName(value: unknown, path: string, options: TenantsParseOptions, problems: Problems) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !options.isKnownPolicy(value)) {
    problems.error(path, `unknown policy ${JSON.stringify(value)} (not a preset nor in SLA_POLICIES_FILE)`);
    return null;
  }
  return value;
}

function parsePartner(
  value: unknown,
  path: string,
  ids: Set<string>,
  contactOwners: Map<string, string>,
  options: TenantsParseOptions,
  problems: Problems,
): Partner | null {
  if (!isObject(value)) {
    problems.error(path, 'a partner must be an object');
    return null;
  }
  warnUnknownKeys(value, PARTNER_KEYS, path, problems);
  const id = parseId(value, path, ids, 'partner', problems);
  const name = requiredText(value, 'name', path, problems);
  const policy = parsePolicyName(value.policy, `${path}.policy`, options, problems);
  const contacts = stringList(value.contacts, `${path}.contacts`, problems);
  contacts.forEach((contact, i) => {
    const at = `${path}.contacts[${i}]`;
    if (!CONTACT.test(contact)) {
      problems.error(
        at,
        `"${contact}" is not a platform-qualified id such as slack:U123 or teams:<aadObjectId>`,
      );
      return;
    }
    const owner = contactOwners.get(contact);
    if (owner !== undefined) problems.error(at, `contact "${contact}" is already listed for ${owner}`);
    contactOwners.set(contact, `partner "${id}"`);
  });
  // Seed 001 grants second-line support to two named contacts.
  if (contacts.length > 2)
    problems.warn(`${path}.contacts`, `${contacts.length} contacts; the contract names two`);
  let users: number | null = null;
  if (value.users !== undefined && value.users !== null) {
    if (typeof value.users !== 'number' || !Number.isInteger(value.users) || value.users < 0) {
      problems.error(`${path}.users`, `must be a whole number >= 0, got ${JSON.stringify(value.users)}`);
    } else {
      users = value.users;
    }
  }
  let referencePattern: string | null = null;
  if (value.referencePattern !== undefined && value.referencePattern !== null) {
    if (typeof value.referencePattern !== 'string') {
      problems.error(`${path}.referencePattern`, 'must be a regular expression as a string');
    } else {
      try {
        new RegExp(value.referencePattern, 'u');
        referencePattern = value.referencePattern;
      } catch (err) {
        problems.error(
          `${path}.referencePattern`,
          `not a valid regular expression (${(err as Error).message})`,
        );
      }
    }
  }
  return { id, name, policy, contacts, users, referencePattern };
}

function platformIds(value: unknown, key: string, path: string, problems: Problems): string[] {
  if (value === undefined) return [];
  if (!isObject(value)) {
    problems.error(path, `must be an object { "${key}": [ ... ] }`);
    return [];
  }
  return stringList(value[key], `${path}.${key}`, problems);
}

/** Lookup keys must be unique across customers, or resolution would be a guess. */
class UniqueKeys {
  private readonly owners = new Map<string, string>();
  claim(key: string, owner: string, path: string, what: string, problems: Problems): void {
    const previous = this.owners.get(key);
    if (previous !== undefined && previous !== owner) {
      problems.error(path, `${what} is also used by customer "${previous}"`);
    }
    this.owners.set(key, owner);
  }
}

interface CustomerKeys {
  readonly ids: Set<string>;
  readonly names: UniqueKeys;
  readonly hosts: UniqueKeys;
  readonly workspaces: UniqueKeys;
}

function parseCustomer(
  value: unknown,
  path: string,
  keys: CustomerKeys,
  partnerIds: ReadonlySet<string>,
  options: TenantsParseOptions,
  problems: Problems,
): Customer | null {
  if (!isObject(value)) {
    problems.error(path, 'a customer must be an object');
    return null;
  }
  warnUnknownKeys(value, CUSTOMER_KEYS, path, problems);
  const id = parseId(value, path, keys.ids, 'customer', problems);
  const company = requiredText(value, 'company', path, problems);
  if (company) keys.names.claim(companyKey(company), id, `${path}.company`, `company "${company}"`, problems);
  const aliases = stringList(value.aliases, `${path}.aliases`, problems);
  aliases.forEach((alias, i) => {
    keys.names.claim(companyKey(alias), id, `${path}.aliases[${i}]`, `alias "${alias}"`, problems);
  });
  const environments = stringList(value.environments, `${path}.environments`, problems);
  environments.forEach((env, i) => {
    const at = `${path}.environments[${i}]`;
    if (!isEnvironmentUrl(env))
      problems.error(at, `"${env}" is not an http(s) URL such as https://acme.workspace365.net`);
    else keys.hosts.claim(environmentHost(env)!, id, at, `environment "${env}"`, problems);
  });
  const policy = parsePolicyName(value.policy, `${path}.policy`, options, problems);
  let timeZone: string | null = null;
  if (value.timeZone !== undefined && value.timeZone !== null) {
    if (typeof value.timeZone !== 'string' || !isKnownTimeZone(value.timeZone)) {
      problems.error(`${path}.timeZone`, `unknown time zone ${JSON.stringify(value.timeZone)}`);
    } else {
      timeZone = value.timeZone;
    }
  }
  let language: Language | null = null;
  if (value.language !== undefined && value.language !== null) {
    if (!(LANGUAGES as readonly unknown[]).includes(value.language)) {
      problems.error(
        `${path}.language`,
        `must be ${LANGUAGES.join(' or ')}, got ${JSON.stringify(value.language)}`,
      );
    } else {
      language = value.language as Language;
    }
  }
  const slackTeamIds = platformIds(value.slack, 'teamIds', `${path}.slack`, problems);
  slackTeamIds.forEach((team, i) => {
    keys.workspaces.claim(
      `slack:${team}`,
      id,
      `${path}.slack.teamIds[${i}]`,
      `Slack team "${team}"`,
      problems,
    );
  });
  const teamsTenantIds = platformIds(value.teams, 'tenantIds', `${path}.teams`, problems);
  teamsTenantIds.forEach((tenant, i) => {
    keys.workspaces.claim(
      `teams:${tenant.toLowerCase()}`,
      id,
      `${path}.teams.tenantIds[${i}]`,
      `Teams tenant "${tenant}"`,
      problems,
    );
  });
  let partner: string | null = null;
  if (value.partner !== undefined && value.partner !== null) {
    if (typeof value.partner !== 'string' || !partnerIds.has(value.partner)) {
      problems.error(`${path}.partner`, `unknown partner ${JSON.stringify(value.partner)}`);
    } else {
      partner = value.partner;
    }
  }
  return {
    id,
    company,
    aliases,
    environments,
    policy,
    timeZone,
    language,
    slackTeamIds,
    teamsTenantIds,
    partner,
  };
}

function listAt(document: Json, key: string, problems: Problems): unknown[] {
  const value = document[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.error(key, 'must be a list');
    return [];
  }
  return value;
}

/**
 * Validates a tenants document (CONTRACTS.md section 7) and builds the directory.
 * Pure: the caller reads the file and knows the policies in force.
 */
export function parseTenantsDocument(document: unknown, options: TenantsParseOptions): TenantsParseResult {
  const problems = new Problems();
  if (!isObject(document)) {
    problems.error('$', 'a tenants file is a JSON object { "partners": [ ... ], "customers": [ ... ] }');
    return { directory: { partners: [], customers: [] }, ...problems };
  }
  warnUnknownKeys(document, new Set(['partners', 'customers']), '$', problems);
  const partnerIds = new Set<string>();
  const contactOwners = new Map<string, string>();
  const partners = listAt(document, 'partners', problems)
    .map((p, i) => parsePartner(p, `partners[${i}]`, partnerIds, contactOwners, options, problems))
    .filter((p): p is Partner => p !== null);
  const keys: CustomerKeys = {
    ids: new Set(),
    names: new UniqueKeys(),
    hosts: new UniqueKeys(),
    workspaces: new UniqueKeys(),
  };
  const customers = listAt(document, 'customers', problems)
    .map((c, i) => parseCustomer(c, `customers[${i}]`, keys, partnerIds, options, problems))
    .filter((c): c is Customer => c !== null);
  const valid = problems.errors.length === 0;
  return {
    directory: valid ? { partners, customers } : { partners: [], customers: [] },
    errors: problems.errors,
    warnings: problems.warnings,
  };
}
