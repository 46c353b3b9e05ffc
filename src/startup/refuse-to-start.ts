import { ConfigError } from '../config/config.js';
import { PolicyRegistryError } from '../core/sla/policy-registry.js';
import { ListenError } from '../http/listen.js';
import { StoreUnavailableError } from './mongo-start-error.js';

/**
 * Problems the operator fixes (configuration, a busy port, an unreachable store) end the start with one line
 * on stderr and no stack; anything else is a bug and is rethrown.
 */
export function refuseToStart(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`ticketbot: configuration: ${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof PolicyRegistryError) {
    process.stderr.write(`ticketbot: configuration: invalid SLA policies: ${err.problems.join('; ')}\n`);
    process.exit(2);
  }
  if (err instanceof ListenError || err instanceof StoreUnavailableError) {
    process.stderr.write(`ticketbot: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
