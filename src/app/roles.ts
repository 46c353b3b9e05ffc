import type { Actor } from '../core/tickets/ticket-permissions.js';

/** Platform-qualified ids ("slack:U123", "teams:<aadObjectId>") with each role. */
export interface Roles {
  readonly agents: readonly string[];
  readonly incidentManagers: readonly string[];
}

/** The actor for a platform user, with the roles configuration gives them. */
export function actorFor(roles: Roles, platform: string, id: string, name: string): Actor {
  const qualified = `${platform}:${id}`;
  return {
    id: qualified,
    name,
    isAgent: roles.agents.includes(qualified),
    isIncidentManager: roles.incidentManagers.includes(qualified),
  };
}
