import type { Priority } from '../sla/priority.js';
import type { PriorityModel } from '../sla/sla-policy.js';
import { SEED001_URGENCY_DEFINITIONS } from './priority-definitions.js';
import { decidePriority, type Impact, type Urgency } from './priority-matrix.js';

export type { PriorityModel } from '../sla/sla-policy.js';

/** Seed 001: urgency alone; P4 is not used. */
const BY_URGENCY: Readonly<Record<Urgency, Priority>> = { high: 'P1', normal: 'P2', low: 'P3' };

/** A priority decided under a policy's priority model (SPEC.md "Priority = impact x urgency"). */
export interface ModelDecision {
  readonly priority: Priority;
  /** Null under the `urgency` model: impact is not asked. */
  readonly impact: Impact | null;
  readonly urgency: Urgency;
  /** "organisation x high", "urgency High = P1", or why it was overridden. */
  readonly reason: string;
  /** The `agent` model: the bot only proposes; an agent confirms or changes it. */
  readonly proposed: boolean;
}

/** Whether a model asks the impact question (all but `urgency`). */
export function asksImpact(model: PriorityModel): boolean {
  return model !== 'urgency';
}

/**
 * The priority of a report under a model. `matrix` and `agent` use impact x urgency
 * (`agent` marks it proposed); `urgency` maps High -> P1, Middle -> P2, Low -> P3.
 * A security incident or suspected compromise is P1 in every model.
 */
export function decideWithModel(
  model: PriorityModel,
  impact: Impact | null | undefined,
  urgency: Urgency,
  security: boolean,
): ModelDecision {
  if (model === 'urgency') {
    const byUrgency = BY_URGENCY[urgency];
    const base = `urgency ${SEED001_URGENCY_DEFINITIONS[urgency].label.en} = ${byUrgency}`;
    if (security && byUrgency !== 'P1')
      return {
        priority: 'P1',
        impact: null,
        urgency,
        reason: `security incident (${base})`,
        proposed: false,
      };
    return { priority: byUrgency, impact: null, urgency, reason: base, proposed: false };
  }
  if (!impact) throw new Error(`the ${model} priority model needs an impact`);
  const decision = decidePriority(impact, urgency, security);
  // A security report is P1 outright, not a proposal.
  return { ...decision, proposed: model === 'agent' && !(security && decision.priority === 'P1') };
}
