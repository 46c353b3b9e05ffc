import { randomIds, systemClock } from '../adapters/system/system-clock.js';
import { IntakeService } from '../app/intake-service.js';
import { TicketActionService } from '../app/ticket-action-service.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import type { Store } from '../ports/store.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { openStore } from './open-store.js';
import { loadPolicyRegistry } from './policy-file.js';

export interface AppContext {
  readonly config: Config;
  readonly policies: PolicyRegistry;
  readonly store: Store;
  readonly intake: IntakeService;
  readonly actions: TicketActionService;
}

/** Configuration, policies and store, checked and opened: what every entry point needs. */
export async function createAppContext(env: NodeJS.ProcessEnv = process.env): Promise<AppContext> {
  const config = loadConfig(env);
  const policies = loadPolicyRegistry(config.slaPoliciesFile ?? undefined);
  if (!policies.get(config.defaultSlaPolicy)) {
    throw new ConfigError(
      `DEFAULT_SLA_POLICY: no policy "${config.defaultSlaPolicy}" (known: ${policies
        .list()
        .map((p) => p.name)
        .join(', ')})`,
    );
  }
  const store = await openStore(config);
  const intake = new IntakeService({
    store,
    policies,
    defaultPolicy: config.defaultSlaPolicy,
    clock: systemClock,
    ids: randomIds,
  });
  const actions = new TicketActionService({ store, policies, clock: systemClock, roles: config.roles });
  return { config, policies, store, intake, actions };
}
