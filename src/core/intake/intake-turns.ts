import { t } from '../i18n/catalogue.js';
import type { ChoiceStep } from './choice-answers.js';
import { storeChoice } from './choice-step.js';
import type { IntakeCommand } from './intake-commands.js';
import { priorityExamples, questionFor } from './intake-questions.js';
import {
  activeFields,
  type IntakeField,
  type IntakeState,
  type IntakeStep,
  isChoiceStep,
  markDone,
  needsReason,
  OPTIONAL_FIELDS,
  requiredFields,
  skippableFields,
} from './intake-state.js';
import { readLabelledLines } from './labelled-lines.js';
import { noted, takeFromMessage } from './message-answers.js';
import { pickHour, yesOrNo } from './pending-checks.js';
import type { ChoicePart, ReplyPart } from './reply.js';
import { editableField } from './review-answers.js';
import { answerNow, formatLocalDateTime } from './review-rows.js';
import { readStartedAt } from './started-at.js';
import { answerStep } from './step-answers.js';
import type { StepResult } from './step-result.js';

export const info = (text: string): ReplyPart => ({ type: 'text', text, tone: 'info' });
export const warning = (text: string): ReplyPart => ({ type: 'text', text, tone: 'warning' });

/** The first field still to answer, or the review when all are done. */
export function nextStep(state: IntakeState): IntakeStep {
  if (state.returnToReview) return 'review';
  return activeFields(state).find((f) => !state.done.includes(f)) ?? 'review';
}

/** A question the user returns to (back, or a change from the review), with what it holds now. */
export function askedAgain(state: IntakeState): ReplyPart[] {
  const value = answerNow(state);
  const question = questionFor(state);
  return value === null ? [question] : [info(t(state.language, 'intake.answerNow', { value })), question];
}

export function advance(state: IntakeState, reply: ReplyPart[]): { state: IntakeState; reply: ReplyPart[] } {
  state.history.push(state.step);
  state.step = nextStep(state);
  if (state.step === 'review') state.returnToReview = true;
  return { state, reply: [...reply, questionFor(state)] };
}

/**
 * "submit" before the review: once the required questions are answered, the optional
 * ones left are skipped (the user has said enough). False while required ones are open.
 */
function skipToReview(state: IntakeState): boolean {
  if (!requiredFields(state).every((f) => state.done.includes(f))) return false;
  for (const field of skippableFields(state)) {
    if (state.done.includes(field)) continue;
    if (field !== 'attachments') state.draft[field as 'stepsToReproduce'] = null;
    markDone(state, field);
  }
  state.returnToReview = true;
  return true;
}

// Command words that are also a plausible answer at a free-text question: "stop" as an error message.
const COMMAND_OR_ANSWER: ReadonlyArray<[RegExp, 'cancel' | 'submit' | 'restart']> = [
  [/^(stop|quit|stoppen)$/i, 'cancel'],
  [/^(restart|reset|herstart|herstarten|opnieuw)$/i, 'restart'],
  [/^(send|send it|verstuur|versturen|insturen)$/i, 'submit'],
];
const ANSWERABLE_STEPS = ['title', 'stepsToReproduce', 'errorMessages', 'additionalInfo'] as const;

/** Asks whether a word that is both a command and an answer was meant as the command. */
export function askCommandOrAnswer(state: IntakeState, text: string): boolean {
  const step = ANSWERABLE_STEPS.find((s) => s === state.step);
  const match = COMMAND_OR_ANSWER.find(([pattern]) => pattern.test(text.trim()));
  if (!step || !match) return false;
  state.pending = { kind: 'command', step, command: match[1], phrase: text.trim() };
  return true;
}

type CommandTurn =
  | { readonly kind: 'outcome'; readonly outcome: { state: IntakeState | null; reply: ReplyPart[] } }
  | { readonly kind: 'result'; readonly result: StepResult };

/**
 * A command typed at any question. Null when the words are no command here ("edit"
 * of something that is not a field, "submit" at the review): then they are an answer.
 */
export function runCommand(
  state: IntakeState,
  command: IntakeCommand,
  reply: ReplyPart[],
): CommandTurn | null {
  const { language } = state;
  const ask = (...parts: ReplyPart[]): CommandTurn => ({
    kind: 'outcome',
    outcome: { state, reply: [...reply, ...parts, questionFor(state)] },
  });
  switch (command.kind) {
    case 'cancel':
      return {
        kind: 'outcome',
        outcome: { state: null, reply: [...reply, warning(t(language, 'intake.cancelled'))] },
      };
    case 'restart':
      return { kind: 'result', result: { kind: 'restart' } };
    case 'help': {
      const help = [t(language, 'intake.help')];
      if (isChoiceStep(state.step)) help.push(...priorityExamples(language));
      return ask(...help.map(info));
    }
    case 'language':
      state.language = command.language;
      return ask(info(t(state.language, 'intake.languageSwitched')));
    case 'unsupportedLanguage':
      return ask(warning(t(language, 'intake.unsupportedLanguage')));
    case 'review': {
      // Everything answered: go to the review. Otherwise show it and ask on.
      if (activeFields(state).every((f) => state.done.includes(f))) {
        if (state.step !== 'review') state.history.push(state.step);
        state.step = 'review';
        state.returnToReview = true;
        return { kind: 'outcome', outcome: { state, reply: [...reply, questionFor(state)] } };
      }
      const summary = questionFor({ ...state, step: 'review' });
      return ask(summary.type === 'review' ? { ...summary, choices: [] } : summary);
    }
    case 'back': {
      // The question before this one in the order they are asked: after a first message that
      // answered several, the last of those, not the first question. A question reached from
      // the review goes back where it came from.
      const order = activeFields(state);
      const here = order.indexOf(state.step as IntakeField);
      const inOrder = !state.returnToReview && here >= 0;
      const previous = inOrder ? order[here - 1] : state.history.pop();
      if (previous === undefined) return ask(warning(t(language, 'intake.cannotGoBack')));
      state.step = previous;
      return { kind: 'outcome', outcome: { state, reply: [...reply, ...askedAgain(state)] } };
    }
    case 'skip': {
      const step = state.step;
      if (needsReason(state, step)) return ask(warning(t(language, 'invalid.skipNeedsReason')));
      if (!(OPTIONAL_FIELDS as readonly IntakeStep[]).includes(step))
        return ask(warning(t(language, 'intake.cannotSkip')));
      if (step === 'stepsToReproduce' || step === 'errorMessages' || step === 'additionalInfo')
        state.draft[step] = null;
      markDone(state, step as IntakeField);
      return { kind: 'outcome', outcome: advance(state, reply) };
    }
    case 'submit': {
      if (state.step === 'review') return null;
      if (!requiredFields(state).every((f) => state.done.includes(f)))
        return ask(warning(t(language, 'intake.requiredOpen')));
      // The optional questions left are skipped: "submit" means the user has said enough.
      for (const field of skippableFields(state)) {
        if (state.done.includes(field)) continue;
        if (field !== 'attachments') state.draft[field as 'stepsToReproduce'] = null;
        markDone(state, field);
      }
      state.returnToReview = true;
      return { kind: 'outcome', outcome: advance(state, reply) };
    }
    case 'keep': {
      const step = state.step;
      const kept = step === 'title' ? Boolean(state.draft.title) : state.done.includes(step as IntakeField);
      if (!kept) return ask(warning(t(language, 'intake.nothingToKeep')));
      return {
        kind: 'result',
        result: { kind: 'answered', fields: step === 'title' ? [] : [step as IntakeField], notes: [] },
      };
    }
    case 'edit': {
      const field = editableField(state, command.target);
      if (!field) return null;
      const back = state.returnToReview || state.step === 'review' || state.step === 'editWhich';
      return { kind: 'result', result: { kind: 'goto', step: field, returnToReview: back } };
    }
  }
}

/** The answer to a question back (which hour, what time, "did you mean ..."); null if it is none. */
export function answerPending(
  state: IntakeState,
  text: string,
  now: number,
  fromButton: boolean,
): StepResult | null {
  const check = state.pending;
  if (!check) return null;
  if (check.kind === 'hour') {
    const at = fromButton
      ? ({ first: check.options[0], second: check.options[1] }[text] ?? null)
      : pickHour(text, check, state.timeZone, state.language);
    if (at === null) return null;
    state.draft.startedAt = at;
    delete state.pending;
    return {
      kind: 'answered',
      fields: ['startedAt'],
      notes: [noted(state.language, 'startedAt', formatLocalDateTime(at, state.timeZone))],
    };
  }
  if (check.kind === 'time') {
    const read = readStartedAt(`${check.phrase} ${text}`, now, state.timeZone, state.language);
    if (!read.ok) return null;
    if (read.alternative.alternativeAt !== undefined) {
      state.pending = {
        kind: 'hour',
        step: 'startedAt',
        phrase: `${check.phrase} ${text}`,
        options: [read.at, read.alternative.alternativeAt],
      };
      return { kind: 'stay', notes: [] };
    }
    state.draft.startedAt = read.at;
    delete state.pending;
    return {
      kind: 'answered',
      fields: ['startedAt'],
      notes: [noted(state.language, 'startedAt', formatLocalDateTime(read.at, state.timeZone))],
    };
  }
  if (check.kind === 'command') {
    const meant = fromButton ? text : commandOrAnswer(text, check.command, state);
    if (meant === 'unclear') {
      const options = (questionFor(state) as ChoicePart).choices
        .map((c, i) => `${i + 1}) ${c.label}`)
        .join(', ');
      return { kind: 'invalid', message: t(state.language, 'invalid.choice', { options }) };
    }
    delete state.pending;
    if (meant === 'other') return newAnswerSaidBack(state, text, now);
    if (meant === 'answer') return answerStep(state, check.phrase, now, false);
    if (check.command === 'cancel') return { kind: 'cancel' };
    if (check.command === 'restart') return { kind: 'restart' };
    if (!skipToReview(state)) return { kind: 'stay', notes: [t(state.language, 'intake.requiredOpen')] };
    return { kind: 'goto', step: 'review', returnToReview: true };
  }
  const yes = fromButton ? (text === 'yes' ? true : text === 'no' ? false : null) : yesOrNo(text, state);
  if (yes === null) return null;
  if (yes) return storeChoice(state, check.step as ChoiceStep, check.value, true);
  delete state.pending;
  return { kind: 'stay', notes: [] };
}

// The command named again; the word typed meant as the answer ("yes, that's the error message").
const COMMAND_NAMED: Readonly<Record<'cancel' | 'submit' | 'restart', RegExp>> = {
  cancel: /\b(cancel|annuleer|annuleren|stop (?:the|het) ticket)\b/i,
  restart: /\b(restart|start over|herstart|herstarten|opnieuw)\b/i,
  submit: /\b(submit|send it|indienen|insturen|versturen)\b/i,
};
const NEGATION = /\b(no|not|don'?t|do not|never|nee|niet|geen|nooit)\b/i;
const MEANT_AS_ANSWER =
  /\b(answer|antwoord|error|fout|foutmelding|melding|message|says|zegt|staat er|that'?s it|dat is het|it is|it'?s|het is|that is|dat is|klopt)\b/i;

/**
 * The reply to "cancel the ticket, or is 'stop' your answer?": the command, the word as the
 * answer ("yes, that's the error message"), 'unclear' (a few words that say neither: asked
 * again), or 'other' (a new answer to the question, said back).
 */
function commandOrAnswer(
  text: string,
  command: 'cancel' | 'submit' | 'restart',
  state: IntakeState,
): 'command' | 'answer' | 'unclear' | 'other' {
  if (/^\s*1\s*[).]?\s*$/.test(text)) return 'command';
  if (/^\s*2\s*[).]?\s*$/.test(text)) return 'answer';
  // "no, don't cancel": the command named, but not wanted; asked again rather than guessed.
  if (COMMAND_NAMED[command].test(text)) return NEGATION.test(text) ? 'unclear' : 'command';
  if (MEANT_AS_ANSWER.test(text)) return 'answer';
  // "Do you want to cancel ...?" "yes": the command; "no": the word was the answer.
  const yes = yesOrNo(text, state);
  if (yes !== null) return yes ? 'command' : 'answer';
  // A few words that are neither: asked again; more is a new answer to the question.
  return text.trim().split(/\s+/).length <= 3 ? 'unclear' : 'other';
}

/** A reply that answers the question anew instead of the question back: stored and said back. */
function newAnswerSaidBack(state: IntakeState, text: string, now: number): StepResult {
  const step = state.step;
  const result = answerStep(state, text, now, false);
  if (result.kind !== 'answered' || step === 'review' || step === 'editWhich') return result;
  const value = answerNow({ ...state, done: [...state.done, ...result.fields] });
  if (value === null) return result;
  return { ...result, notes: [...result.notes, noted(state.language, step, value)] };
}

// At free-text questions a typed "label:" is only a correction for the fields of the first
// questions; "Error: AADSTS50011" typed as a description is the description.
const FREE_TEXT: readonly IntakeStep[] = [
  'description',
  'title',
  'stepsToReproduce',
  'errorMessages',
  'additionalInfo',
];
const CORRECTABLE_ANYWHERE = ['company', 'environments', 'usernames', 'startedAt'];

/** A message of only "label: value" lines ("company: Contoso BV") corrects those fields. */
export function answerCorrections(
  state: IntakeState,
  typed: string,
  now: number,
  /** The typed text read as a correction sentence (correctionAsLabelledLine), when it is one. */
  sentence: string | null,
): StepResult | null {
  const text = sentence ?? typed;
  const { labelled, rest } = readLabelledLines(text);
  if (rest || labelled.length === 0) return null;
  // A partner's company is its customer's (picked from a list), never typed over.
  if (state.partner && labelled.some((l) => l.field === 'company')) return null;
  // A correction sentence names its field ("sorry, the impact is department"): any field, anywhere.
  if (
    sentence === null &&
    FREE_TEXT.includes(state.step) &&
    !labelled.every((l) => CORRECTABLE_ANYWHERE.includes(l.field))
  )
    return null;
  const taken = takeFromMessage(state, text, now, new Set());
  if (taken.notes.length === 0 && !state.pending) return null;
  const answeredHere =
    (taken.fields as IntakeStep[]).includes(state.step) ||
    (state.step === 'title' && labelled.some((l) => l.field === 'title'));
  if (answeredHere) return { kind: 'answered', fields: taken.fields, notes: taken.notes };
  for (const field of taken.fields) markDone(state, field);
  return { kind: 'stay', notes: taken.notes };
}
