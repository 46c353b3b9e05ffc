import { type MessageKey, type MessageParams, t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import { answerChoiceStep } from './choice-step.js';
import { meansNothing } from './choices.js';
import {
  deriveTitle,
  type Parsed,
  parseCompany,
  parseDescription,
  parseEnvironments,
  parseOptionalText,
  parseTitle,
} from './field-parsers.js';
import { type IntakeField, type IntakeState, markDone } from './intake-state.js';
import { noted, type Taken, takeFromMessage } from './message-answers.js';
import { type ExtractableField, looksLikeProse } from './message-extraction.js';
import { answerEditWhich, answerReview } from './review-answers.js';
import { formatLocalDateTime } from './review-rows.js';
import { readStartedAt } from './started-at.js';
import type { StepResult } from './step-result.js';
import { parseUsernames } from './usernames.js';

export type { StepResult } from './step-result.js';

function invalid(language: Language, key: MessageKey, params?: MessageParams): StepResult {
  return { kind: 'invalid', message: t(language, key, params) };
}

const EXTRACTABLE: readonly ExtractableField[] = [
  'company',
  'environments',
  'usernames',
  'startedAt',
  'description',
];

/** Fields still open that a message may fill besides the question asked. */
function wantedBesides(state: IntakeState): Set<ExtractableField> {
  const wanted = new Set<ExtractableField>();
  for (const field of EXTRACTABLE) {
    if (state.done.includes(field)) continue;
    // On the company question a whole report may come in; later ones take only the lists and time.
    if (field === state.step && field !== 'company') continue;
    if ((field === 'description' || field === 'company') && state.step !== 'company') continue;
    wanted.add(field);
  }
  return wanted;
}

function withHint(state: IntakeState, taken: Taken, answered: IntakeField, unprompted = false): string[] {
  const besides = taken.fields.filter((f) => f !== answered);
  if (besides.length === 0 && !state.pending && !unprompted) return taken.notes;
  return [...taken.notes, t(state.language, 'intake.correctHint')];
}

/** The first question: the company, and whatever else the message carries. */
// Unasked, a short text is a company only when it looks like a name: "Northwind Traders", not "Outlook crashes".
function looksLikeName(text: string): boolean {
  const words = text.split(/\s+/);
  return (
    words.length <= 4 && words.every((w) => /^[\p{Lu}\p{N}&]/u.test(w) || /^(de|van|der|en|and|&)$/i.test(w))
  );
}

/**
 * The first question: the company, and whatever else the message carries. `unprompted`:
 * the user wrote before the bot asked anything, so the text is not an answer to it.
 */
function answerCompany(state: IntakeState, text: string, now: number, unprompted: boolean): StepResult {
  const taken = takeFromMessage(state, text, now, wantedBesides(state));
  const fields = [...taken.fields];
  if (!fields.includes('company')) {
    const rest = taken.rest.trim();
    if (rest && !looksLikeProse(rest) && (!unprompted || looksLikeName(rest))) {
      const parsed = parseCompany(rest);
      if (!parsed.ok) return invalid(state.language, parsed.error, parsed.params);
      state.draft.company = parsed.value;
      fields.push('company');
      if (taken.fields.length || unprompted)
        taken.notes.unshift(noted(state.language, 'company', parsed.value));
    } else if (fields.length === 0 && !state.pending) {
      // An unasked message that says nothing we can use: just ask the first question.
      return unprompted ? { kind: 'stay', notes: [] } : invalid(state.language, 'invalid.company');
    }
  }
  return { kind: 'answered', fields, notes: withHint(state, taken, 'company', unprompted) };
}

/** Environments or usernames: what is left after the other fields is the answer. */
function answerList(
  state: IntakeState,
  step: 'environments' | 'usernames',
  text: string,
  now: number,
): StepResult {
  const taken = takeFromMessage(state, text, now, wantedBesides(state));
  const rest = taken.rest.trim();
  if (!rest && taken.fields.includes(step))
    return { kind: 'answered', fields: taken.fields, notes: withHint(state, taken, step) };
  const parsed: Parsed<string[]> =
    step === 'environments' ? parseEnvironments(rest || text) : parseUsernames(rest || text);
  if (!parsed.ok && taken.fields.length) {
    // The other answers in the message are kept; this question is asked again.
    for (const field of taken.fields) markDone(state, field);
    const problem = rest ? [t(state.language, parsed.error, parsed.params)] : [];
    return { kind: 'stay', notes: [...withHint(state, taken, step), ...problem] };
  }
  if (!parsed.ok) return invalid(state.language, parsed.error, parsed.params);
  state.draft[step] = parsed.value;
  return {
    kind: 'answered',
    fields: [step, ...taken.fields.filter((f) => f !== step)],
    notes: withHint(state, taken, step),
  };
}

function answerStartedAt(state: IntakeState, text: string, now: number): StepResult {
  const read = readStartedAt(text, now, state.timeZone, state.language);
  if (!read.ok) return { kind: 'invalid', message: read.message };
  if (read.alternative.alternativeAt !== undefined) {
    state.pending = {
      kind: 'hour',
      step: 'startedAt',
      phrase: text.trim(),
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

/**
 * Validates the answer to the current step and records it in the draft (the state
 * is the engine's private copy). Returns what should happen next.
 */
export function answerStep(
  state: IntakeState,
  text: string,
  now: number,
  fromButton: boolean,
  unprompted = false,
): StepResult {
  const { language, draft } = state;
  const step = state.step;
  switch (step) {
    case 'company':
      if (fromButton) {
        const parsed = parseCompany(text);
        if (!parsed.ok) return invalid(language, parsed.error, parsed.params);
        draft.company = parsed.value;
        return { kind: 'answered', fields: ['company'], notes: [] };
      }
      return answerCompany(state, text, now, unprompted);
    case 'environments':
    case 'usernames':
      return answerList(state, step, text, now);
    case 'startedAt':
      return answerStartedAt(state, text, now);
    case 'description': {
      const parsed = parseDescription(text);
      if (!parsed.ok) return invalid(language, parsed.error, parsed.params);
      draft.description = parsed.value;
      if (!draft.titleEdited) draft.title = deriveTitle(parsed.value);
      return { kind: 'answered', fields: ['description'], notes: [] };
    }
    case 'title': {
      const parsed = parseTitle(text);
      if (!parsed.ok) return invalid(language, parsed.error, parsed.params);
      draft.title = parsed.value;
      draft.titleEdited = true;
      return { kind: 'answered', fields: [], notes: [] };
    }
    case 'security':
    case 'impact':
    case 'urgency':
      return answerChoiceStep(state, step, text, fromButton);
    case 'stepsToReproduce':
    case 'errorMessages':
    case 'additionalInfo':
      draft[step] = meansNothing(text, language) ? null : parseOptionalText(text);
      return { kind: 'answered', fields: [step], notes: [] };
    case 'attachments':
      if (meansNothing(text, language)) return { kind: 'answered', fields: ['attachments'], notes: [] };
      return invalid(language, 'invalid.attachExpected');
    case 'review':
      return answerReview(state, text);
    case 'editWhich':
      return answerEditWhich(state, text);
  }
}
