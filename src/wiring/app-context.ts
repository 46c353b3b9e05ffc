import { offsetClock, randomIds } from '../adapters/system/system-clock.js';
import { IncidentFlows } from '../app/incident-flows.js';
import { IntakeService } from '../app/intake-service.js';
import { SupportBudget } from '../app/support-budget.js';
import type { SupportChannels } from '../app/support-channels.js';
import { TicketActionService } from '../app/ticket-action-service.js';
import { TicketFlows } from '../app/ticket-flows.js';
import { type Config, ConfigError, loadConfig } from '../config/config.js';
import { loadPolicyRegistry } from '../config/policy-file.js';
import { loadTenantDirectory } from '../config/tenants-file.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import type { TenantDirectory } from '../core/tenants/tenants.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { openStore } from './open-store.js';

export interface AppContext {
  readonly config: Config;
  readonly policies: PolicyRegistry;
  readonly store: Store;
  readonly clock: Clock;
  readonly flows: TicketFlows;
  readonly incidents: IncidentFlows;
  readonly support: SupportChannels;
  readonly intake: IntakeService;
  readonly actions: TicketActionService;
  /** TENANTS_FILE's customers and partners (empty without one), with its warnings. */
  readonly tenants: { readonly directory: TenantDirectory; readonly warnings: readonly string[] };
}

/** Where incident channels can be opened: Slack with a bot token; Teams with an incident team or escalation channel. */
export function incidentPlatforms(config: Config): Array<'slack' | 'teams'> {
  const platforms: Array<'slack' | 'teams'> = [];
  if (config.slack.botToken) platforms.push('slack');
  const teams = config.teams as Config['teams'] & {
    incidentTeamId?: string | null;
    escalationChannel?: string | null;
  };
  if ((config.teams.appId || config.devMode) && (teams.incidentTeamId || teams.escalationChannel))
    platforms.push('teams');
  return platforms;
}

export function supportChannelsOf(config: Config): SupportChannels {
  return {
    slack: config.slack.supportChannel,
    teams: config.teams.supportChannel
      ? {
          channelId: config.teams.supportChannel,
          serviceUrl: config.teams.serviceUrl,
          tenantId: config.teams.tenantId,
        }
      : null,
  };
}

/**
 * Configuration, policies, store and the app's use cases, checked, opened and wired:
 * what every entry point (server, CLI) needs. The composition root of the app layer.
 */
export async function createAppContext(
  env: NodeJS.ProcessEnv = process.env,
  givenClock?: Clock,
): Promise<AppContext> {
  const config = loadConfig(env);
  // After loadConfig, which refuses a bad TICKETBOT_CLOCK_OFFSET_MS in one line.
  const clock = givenClock ?? offsetClock(env.TICKETBOT_CLOCK_OFFSET_MS);
  const policies = loadPolicyRegistry(config.slaPoliciesFile ?? undefined);
  if (!policies.get(config.defaultSlaPolicy)) {
    throw new ConfigError(
      `DEFAULT_SLA_POLICY: no policy "${config.defaultSlaPolicy}" (known: ${policies
        .list()
        .map((p) => p.name)
        .join(', ')})`,
    );
  }
  const tenants = loadTenantDirectory(config.tenantsFile, policies);
  const store = await openStore(config);
  const support = supportChannelsOf(config);
  const flows = new TicketFlows({ support, supportLanguage: 'en' });
  const incidents = new IncidentFlows({
    incidentManagers: config.roles.incidentManagers,
    securityOfficers: config.roles.securityOfficers,
    support,
    channelPlatforms: incidentPlatforms(config),
    archiveOnClose: config.incidents.archiveOnClose,
    language: 'en',
  });
  const intake = new IntakeService({
    store,
    policies,
    defaultPolicy: config.defaultSlaPolicy,
    clock,
    ids: randomIds,
    flows,
    incidents,
    tenants: tenants.directory,
  });
  const actions = new TicketActionService({
    store,
    policies,
    clock,
    roles: config.roles,
    flows,
    incidents,
    tenants: tenants.directory,
    budget: new SupportBudget({ directory: tenants.directory, policies, support }),
  });
  return { config, policies, store, clock, flows, incidents, support, intake, actions, tenants };
}
