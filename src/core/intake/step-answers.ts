import { type MessageKey, type MessageParams, t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import { answerChoiceStep } from './choice-step.js';
import { matchChoice, meansNothing } from './choices.js';
import {
  deriveTitle,
  listAfter,
  type Parsed,
  parseCompany,
  parseDescription,
  parseEnvironments,
  parseOptionalText,
  parseTitle,
} from './field-parsers.js';
import { customerChoices, referenceForm } from './intake-questions.js';
import { type IntakeField, type IntakeState, markDone, needsReason } from './intake-state.js';
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
      // Said back even as the only answer: a command word or a stray line must never pass silently.
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
  if (!rest && taken.fields.length) {
    // Only other answers ("since 9" at the user names): keep them, ask this question again.
    for (const field of taken.fields) markDone(state, field);
    return { kind: 'stay', notes: withHint(state, taken, step) };
  }
  const parsed: Parsed<string[]> =
    step === 'environments' ? parseEnvironments(rest || text) : parseUsernames(rest || text);
  if (!parsed.ok && taken.fields.length) {
    // The other answers in the message are kept; this question is asked again.
    for (const field of taken.fields) markDone(state, field);
    const problem = rest ? [t(state.language, parsed.error, parsed.params)] : [];
    return { kind: 'stay', notes: [...withHint(state, taken, step), ...problem] };
  }
  if (!parsed.ok) return invalid(state.language, parsed.error, parsed.params);
  const list = listAfter(rest || text, state.draft[step], parsed.value);
  state.draft[step] = list;
  return {
    kind: 'answered',
    fields: [step, ...taken.fields.filter((f) => f !== step)],
    // Said back as read ("https://j.doe", "j.doe, k.smit"): a misread list must not pass silently.
    notes: [noted(state.language, step, list.join(', ')), ...withHint(state, taken, step)],
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
    case 'customer':
      return answerCustomer(state, text, unprompted);
    case 'partnerReference':
      return answerPartnerReference(state, text);
    case 'stepsToReproduce':
    case 'errorMessages':
    case 'attachments':
      if (needsReason(state, step)) return answerWithReason(state, step, text);
      if (step === 'attachments') {
        if (meansNothing(text, language)) return { kind: 'answered', fields: ['attachments'], notes: [] };
        return invalid(language, 'invalid.attachExpected');
      }
      draft[step] = meansNothing(text, language) ? null : parseOptionalText(text);
      return { kind: 'answered', fields: [step], notes: [] };
    case 'additionalInfo':
      draft[step] = meansNothing(text, language) ? null : parseOptionalText(text);
      return { kind: 'answered', fields: [step], notes: [] };
    case 'review':
      return answerReview(state, text);
    case 'editWhich':
      return answerEditWhich(state, text);
  }
}

/**
 * A partner intake's customer: one of that partner's customers, by number, button or
 * name. Anything else is refused with the list (a partner never reaches other customers).
 */
function answerCustomer(state: IntakeState, text: string, unprompted: boolean): StepResult {
  const partner = state.partner;
  if (!partner) return invalid(state.language, 'invalid.empty', { ask: '' });
  const choices = customerChoices(state);
  const id = matchChoice(text, choices, {}, {}, { wholeOnly: true });
  const customer = id ? partner.customers.find((c) => c.id === id) : undefined;
  if (!customer) {
    // A first message sent before any question is no answer to this one: just ask it.
    if (unprompted) return { kind: 'stay', notes: [] };
    const options = choices.map((c, i) => `${i + 1}) ${c.label}`).join(', ');
    return invalid(state.language, 'invalid.partnerCustomer', {
      value: text.trim(),
      partner: partner.name,
      options,
    });
  }
  state.draft.customer = customer.id;
  state.draft.company = customer.company;
  if (customer.priorityModel) state.priorityModel = customer.priorityModel;
  else delete state.priorityModel;
  return {
    kind: 'answered',
    fields: ['customer', 'company'],
    notes: [noted(state.language, 'customer', customer.company)],
  };
}

const MAX_REFERENCE_LENGTH = 100;

/** The partner's own reference number: required, and of the partner's form when it has one. */
function answerPartnerReference(state: IntakeState, text: string): StepResult {
  const partner = state.partner;
  const value = text.trim();
  if (!value || value.length > MAX_REFERENCE_LENGTH)
    return invalid(state.language, 'invalid.partnerReferenceEmpty');
  const pattern = partner?.referencePattern ?? null;
  if (pattern !== null && !safeTest(pattern, value)) {
    return invalid(state.language, 'invalid.partnerReference', {
      value,
      partner: partner?.name ?? '',
      pattern: referenceForm(pattern),
    });
  }
  state.draft.partnerReference = value;
  return { kind: 'answered', fields: ['partnerReference'], notes: [] };
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    // TENANTS_FILE validation rejects a bad pattern; should one slip through, do not block the report.
    return true;
  }
}

// "skip because the customer has no logs", "n/a: deleted", "overslaan omdat ...", "no, because ...":
// a skip word with a reason after a separator or "because". "None of the users can log in" is an answer.
const SKIP_WITH_REASON =
  /^(?:skip(?:ped)?|skip it|overslaan|overgeslagen|sla over|n\/?a|nvt|n\.v\.t\.?|none|no|nee|geen|not available|niet beschikbaar|unavailable)(?:\s*[:;,.\-–]\s*|\s+(?=because|as|since|omdat|want|reden|reason))(?:(?:because|as|since|omdat|want|reason|reden)\b\s*:?\s*)?(.*)$/i;
const MIN_REASON_LENGTH = 5;

/** The reason a skip gives, or null when it is no skip; "" when the skip gives no usable reason. */
export function skipReason(text: string): string | null {
  const trimmed = text.trim();
  const m = SKIP_WITH_REASON.exec(trimmed);
  if (m) return (m[1] ?? '').trim().length >= MIN_REASON_LENGTH ? (m[1] ?? '').trim() : '';
  if (/^(?:not available|niet beschikbaar|unavailable)\b/i.test(trimmed)) return trimmed;
  // "no screenshots, because the user works remotely": a refusal that gives its reason.
  if (
    /^(?:no|none|not|nothing|geen|niet|nee|niets|skip|overslaan)\b/i.test(trimmed) &&
    /\b(?:because|since|omdat|want|aangezien)\b/i.test(trimmed)
  )
    return trimmed;
  return null;
}

/**
 * A partner's error messages, steps to reproduce, screenshots/logs (seed 001): an
 * answer, or a skip with its reason ("skipped: <reason>"); a bare "skip" or "none" is refused.
 */
function answerWithReason(
  state: IntakeState,
  step: 'stepsToReproduce' | 'errorMessages' | 'attachments',
  text: string,
): StepResult {
  const { language, draft } = state;
  const reason = skipReason(text);
  if (reason) {
    const skipped = t(language, 'intake.skippedBecause', { reason });
    if (step === 'attachments') draft.attachmentsSkipped = reason;
    else draft[step] = skipped;
    return { kind: 'answered', fields: [step], notes: [] };
  }
  if (step === 'attachments') {
    // Files were sent: "done" ends the question.
    if (draft.attachments.length > 0 && meansNothing(text, language)) {
      delete draft.attachmentsSkipped;
      return { kind: 'answered', fields: ['attachments'], notes: [] };
    }
    return invalid(
      language,
      reason === '' || meansNothing(text, language) ? 'invalid.skipNeedsReason' : 'invalid.attachExpected',
    );
  }
  if (reason === '' || meansNothing(text, language)) return invalid(language, 'invalid.skipNeedsReason');
  draft[step] = parseOptionalText(text);
  return { kind: 'answered', fields: [step], notes: [] };
}
