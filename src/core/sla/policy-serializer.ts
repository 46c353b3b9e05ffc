import { formatTimeOfDay, WEEKDAYS } from './business-calendar.js';
import { PRIORITIES } from './priority.js';
import type { SlaPolicy, SlaTarget } from './sla-policy.js';

function targetJson(target: SlaTarget | null): Record<string, unknown> | null {
  if (!target) return null;
  const json: Record<string, unknown> = { within: target.within, clock: target.clock };
  if (target.goal !== null) json.goal = target.goal;
  return json;
}

/** A policy in the policy-file shape of CONTRACTS.md section 1 (round-trips through the parser). */
export function policyToJson(policy: SlaPolicy): Record<string, unknown> {
  const { timeZone, hours, holidays } = policy.calendar.definition;
  return {
    name: policy.name,
    description: policy.description,
    source: policy.source,
    calendar: {
      timeZone,
      hours: Object.fromEntries(
        WEEKDAYS.map((d) => [d, hours[d].map((i) => [formatTimeOfDay(i.start), formatTimeOfDay(i.end)])]),
      ),
      holidays: {
        country: holidays.country,
        ...(holidays.state ? { state: holidays.state } : {}),
        types: holidays.types,
        extra: holidays.extra,
        except: holidays.except,
      },
    },
    targets: Object.fromEntries(
      PRIORITIES.map((p) => [
        p,
        {
          response: targetJson(policy.targets[p].response),
          resolution: targetJson(policy.targets[p].resolution),
        },
      ]),
    ),
    goals: policy.goals,
    maintenance: policy.maintenance,
    creditExclusions: policy.creditExclusions,
    priorityModel: policy.priorityModel,
    cadence: Object.fromEntries(Object.entries(policy.cadence).map(([p, c]) => [p, c?.within])),
    verifyWithin: policy.verifyWithin.within,
  };
}
