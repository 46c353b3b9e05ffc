import type { MessageKey } from '../i18n/catalogue.js';
import { parseDateTimePhrase } from '../intake/datetime-phrases.js';
import { isPriority } from '../sla/priority.js';
import { zoneOffsets } from '../sla/zone-offsets.js';
import type { TicketAction } from './ticket-actions.js';
import { type ActionKind, isActionKind } from './ticket-permissions.js';

/** The fields a card's inputs or a modal send along with an action, as plain strings. */
export type ActionInputs = Readonly<Record<string, unknown>>;

function textOf(inputs: ActionInputs, name: string, max: number): string {
  const value = inputs[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/**
 * A person named in an input: "slack:U123", "teams:<id>", a Slack mention "<@U123>" or a
 * bare id of the platform the input came from.
 */
function personOf(text: string, platform: string | undefined): { id: string; name: string } | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const mention = /^<@([A-Z0-9]+)(?:\|([^>]*))?>$/.exec(trimmed);
  if (mention) return { id: `slack:${mention[1]}`, name: mention[2] || mention[1]! };
  if (/^(slack|teams|terminal):\S+$/.test(trimmed))
    return { id: trimmed, name: trimmed.split(':').slice(1).join(':') };
  if (platform && /^\S+$/.test(trimmed)) return { id: `${platform}:${trimmed}`, name: trimmed };
  return null;
}

/**
 * Turns a pressed button (verb) and its inputs into an action, the same way for every
 * platform; a bad input is a message key to show. The expected resolution time is
 * read in the reader's zone, like every time a user types.
 */
export function actionFromInputs(
  verb: string,
  inputs: ActionInputs,
  context: { readonly now: number; readonly timeZone: string; readonly platform?: string },
): TicketAction | MessageKey {
  if (!isActionKind(verb)) return 'action.notAllowed';
  const kind: ActionKind = verb;
  switch (kind) {
    case 'acknowledge':
    case 'cancel':
    case 'unhotfix':
    case 'confirmFixed':
    case 'acceptIncident':
    case 'confirmPriority':
      return { kind };
    case 'notFixed':
      return { kind, text: textOf(inputs, 'notFixedText', 10_000) };
    case 'escalate':
      return { kind, reason: textOf(inputs, 'escalationReason', 500) };
    case 'downgradeIncident':
      return isPriority(inputs.downgradePriority)
        ? { kind, priority: inputs.downgradePriority, reason: textOf(inputs, 'downgradeReason', 500) }
        : 'action.badDowngrade';
    case 'incompleteIncident':
      return { kind, text: textOf(inputs, 'missingText', 10_000) };
    case 'statusUpdate':
      return { kind, text: textOf(inputs, 'updateText', 10_000) };
    case 'assignRole': {
      const role = inputs.role;
      if (role !== 'manager' && role !== 'communications' && role !== 'responder') return 'action.badRole';
      const person = personOf(textOf(inputs, 'person', 200), context.platform);
      return person ? { kind, role, person } : 'action.personRequired';
    }
    case 'resume':
    case 'hotfix':
      return { kind, reason: textOf(inputs, 'reason', 500) };
    case 'pause':
      return { kind, reason: textOf(inputs, 'pauseReason', 500) };
    case 'resolve':
      return { kind, text: textOf(inputs, 'resolutionText', 10_000) };
    case 'addInfo':
      return { kind, text: textOf(inputs, 'info', 10_000) };
    case 'askInfo':
      return { kind, question: textOf(inputs, 'question', 10_000) };
    case 'note':
      return { kind, text: textOf(inputs, 'noteText', 10_000) };
    case 'logTime': {
      const minutes = Number(textOf(inputs, 'minutes', 20).trim() || Number.NaN);
      if (!Number.isInteger(minutes) || minutes < 1) return 'action.badMinutes';
      return { kind, minutes, text: textOf(inputs, 'logText', 500) };
    }
    case 'changePriority':
      return isPriority(inputs.priority)
        ? { kind, priority: inputs.priority, reason: textOf(inputs, 'reason', 500) }
        : 'action.badPriority';
    case 'respond': {
      const expectedText = textOf(inputs, 'expected', 200).trim();
      let expectedResolutionAt: number | null = null;
      if (expectedText) {
        const parsed = parseDateTimePhrase(expectedText, context.now, zoneOffsets(context.timeZone));
        if (!parsed.ok) return 'action.badExpected';
        expectedResolutionAt = parsed.at;
      }
      return { kind, text: textOf(inputs, 'responseText', 10_000), expectedResolutionAt };
    }
  }
}
