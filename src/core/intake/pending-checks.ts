import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import { IMPACT_DEFINITIONS } from '../priority/priority-definitions.js';
import type { Impact, Urgency } from '../priority/priority-matrix.js';
import { matchChoice, YES_NO_SYNONYMS } from './choices.js';
import { clockHabitOf, readClockTime } from './clock-time.js';
import { type IntakeState, type PendingCheck, priorityModelOf } from './intake-state.js';
import type { ReplyPart } from './reply.js';
import { formatLocalDateTime, urgencyLabel } from './review-rows.js';

const EXAMPLE_TIME = { morning: '9:00', afternoon: '14:00', evening: '19:00', night: '23:00' } as const;

/** A time that fits the part of the day the user named: "vanochtend 9:00", not "vanochtend 14:00". */
export function exampleWithTime(phrase: string, part?: keyof typeof EXAMPLE_TIME): string {
  const day = phrase
    .replace(/^\s*(since|sinds|vanaf|from|started|starting|begonnen|begon|on|op)\s+/i, '')
    .replace(/\s+(around|about|rond|omstreeks|om|at)$/i, '')
    .trim();
  return `${day} ${part ? EXAMPLE_TIME[part] : '14:00'}`;
}

function yesNoChoices(language: IntakeState['language']) {
  return [
    { value: 'yes', label: t(language, 'choice.yes') },
    { value: 'no', label: t(language, 'choice.no') },
  ];
}

/** The label of the value a choice check proposes ("Multiple users"). */
export function choiceLabel(state: IntakeState, check: Extract<PendingCheck, { kind: 'choice' }>): string {
  if (check.step === 'impact') return IMPACT_DEFINITIONS[check.value as Impact].label[state.language];
  if (check.step === 'urgency')
    return urgencyLabel(state.language, check.value as Urgency, priorityModelOf(state));
  return t(state.language, check.value === 'yes' ? 'choice.yes' : 'choice.no');
}

function clock(at: number, timeZone: string): string {
  return formatLocalDateTime(at, timeZone).replace(/ \(.*\)$/, '');
}

const COMMAND_ACTION = {
  cancel: 'action.cancelTicket',
  submit: 'action.submitTicket',
  restart: 'action.restartTicket',
} as const;
const COMMAND_CHOICE = {
  cancel: 'choice.cancel',
  submit: 'choice.submit',
  restart: 'choice.restart',
} as const;

/** The question a pending check asks, in place of the step's usual question. */
export function pendingQuestion(state: IntakeState, check: PendingCheck): ReplyPart {
  const { language } = state;
  const base = {
    type: 'question' as const,
    step: state.step,
    help: [],
    optional: false,
    acceptsFiles: false,
  };
  if (check.kind === 'hour') {
    const [first, second] = check.options.map((o) => clock(o, state.timeZone)) as [string, string];
    return {
      ...base,
      text: t(language, 'ask.hourWhich', { phrase: check.phrase, first, second }),
      choices: [
        { value: 'first', label: first },
        { value: 'second', label: second },
      ],
      hint: t(language, 'intake.choiceHint'),
    };
  }
  if (check.kind === 'command') {
    const action = t(language, COMMAND_ACTION[check.command]);
    return {
      ...base,
      text: t(language, 'ask.commandOrAnswer', { action, phrase: check.phrase }),
      choices: [
        {
          value: 'command',
          label: t(language, COMMAND_CHOICE[check.command]),
        },
        { value: 'answer', label: t(language, 'choice.myAnswer') },
      ],
      hint: t(language, 'intake.choiceHint'),
    };
  }
  if (check.kind === 'time') {
    const example = exampleWithTime(check.phrase, check.part);
    return {
      ...base,
      text: t(language, 'ask.timeOfDay', { phrase: check.phrase, example }),
      choices: [],
      hint: null,
    };
  }
  return {
    ...base,
    text: t(language, 'ask.confirmChoice', { phrase: check.phrase, value: choiceLabel(state, check) }),
    choices: yesNoChoices(language),
    hint: t(language, 'intake.choiceHint'),
  };
}

/** Which of the two hours an answer picks: "1", "15:00", "3pm", "afternoon", "'s middags". */
export function pickHour(
  text: string,
  check: Extract<PendingCheck, { kind: 'hour' }>,
  timeZone: string,
  language: Language,
): number | null {
  const labels = check.options.map((o) => clock(o, timeZone));
  const choice = matchChoice(text, [
    { value: 'first', label: labels[0]! },
    { value: 'second', label: labels[1]! },
  ]);
  if (choice) return check.options[choice === 'first' ? 0 : 1];
  const lower = text.toLowerCase();
  // "the first one", "de tweede": the options as they were listed.
  const ordinal =
    /^(?:the\s+|de\s+|het\s+)?(first|1st|second|2nd|last|eerste|tweede|laatste)(?:\s+(?:one|time|option|optie|tijd))?[.!]?$/.exec(
      lower.trim(),
    )?.[1];
  if (ordinal) return check.options[/^(first|1st|eerste)$/.test(ordinal) ? 0 : 1];
  if (
    /\b(pm|p\.m|afternoon|evening|middag|'s middags|s middags|avond|'s avonds|in de middag|day ?time|overdag)\b/.test(
      lower,
    )
  )
    return check.options[1];
  if (
    /\b(am|a\.m|night|nacht|'s nachts|s nachts|early morning|vroeg in de ochtend|ochtend|morning|'s ochtends)\b/.test(
      lower,
    )
  )
    return check.options[0];
  const time = readClockTime(lower, null, clockHabitOf(language));
  if (time && time !== 'invalid' && !time.rest) {
    const hhmm = `${String(Math.floor(time.minutes / 60)).padStart(2, '0')}:${String(time.minutes % 60).padStart(2, '0')}`;
    const index = labels.findIndex((l) => l.endsWith(hhmm));
    if (index >= 0) return check.options[index]!;
  }
  return null;
}

/** Yes or no to a proposed choice; null when the answer is something else. */
export function yesOrNo(text: string, state: IntakeState): boolean | null {
  const value = matchChoice(
    text,
    yesNoChoices(state.language),
    YES_NO_SYNONYMS,
    { yes: 'Yes', no: 'No' },
    { wholeOnly: true },
  );
  return value === null ? null : value === 'yes';
}
