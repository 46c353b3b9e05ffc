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
 * Turns a pressed button (verb) and its inputs into an action, the same way for every
 * platform; a bad input is a message key to show. The expected resolution time is
 * read in the reader's zone, like every time a user types.
 */
export function actionFromInputs(
  verb: string,
  inputs: ActionInputs,
  context: { readonly now: number; readonly timeZone: string },
): TicketAction | MessageKey {
  if (!isActionKind(verb)) return 'action.notAllowed';
  const kind: ActionKind = verb;
  switch (kind) {
    case 'acknowledge':
    case 'cancel':
    case 'unhotfix':
      return { kind };
    case 'resume':
    case 'hotfix':
      return { kind, reason: textOf(inputs, 'reason', 500) };
    case 'pause':
      return { kind, reason: textOf(inputs, 'pauseReason', 500) };
    case 'resolve':
      return { kind, text: textOf(inputs, 'resolutionText', 10_000) };
    case 'addInfo':
      return { kind, text: textOf(inputs, 'info', 10_000) };
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
