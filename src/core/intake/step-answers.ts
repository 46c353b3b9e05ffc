import { type MessageKey, type MessageParams, t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import { decidePriority, type Impact, type Urgency } from '../priority/priority-matrix.js';
import { zoneOffsets } from '../sla/zone-offsets.js';
import { extractOtherAnswers } from './answer-extraction.js';
import { matchChoice, meansNothing, YES_NO_SYNONYMS } from './choices.js';
import { parseDateTimePhrase } from './datetime-phrases.js';
import {
  deriveTitle,
  parseCompany,
  parseDescription,
  parseEnvironments,
  parseOptionalText,
  parseTitle,
  parseUsernames,
} from './field-parsers.js';
import { choicesFor, EDITABLE_FIELDS } from './intake-questions.js';
import {
  type EditableField,
  INTAKE_FIELDS,
  type IntakeField,
  type IntakeState,
  type IntakeStep,
} from './intake-state.js';
import { formatLocalDateTime, priorityReasonLabel } from './review-rows.js';

export type StepResult =
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'answered'; readonly fields: IntakeField[]; readonly notes: string[] }
  | { readonly kind: 'stay'; readonly notes: string[] }
  | { readonly kind: 'goto'; readonly step: IntakeStep; readonly returnToReview: boolean }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'submit' };

const FIVE_MINUTES = 5 * 60_000;
const ONE_YEAR = 365 * 86_400_000;

const IMPACT_SYNONYMS: Readonly<Record<Impact, readonly string[]>> = {
  organisation: [
    'organization',
    'org',
    'everyone',
    'everybody',
    'all users',
    'whole company',
    'the whole company',
    'entire organisation',
    'entire organization',
    'company wide',
    'iedereen',
    'alle gebruikers',
    'hele organisatie',
    'de hele organisatie',
    'hele bedrijf',
    'het hele bedrijf',
  ],
  department: [
    'team',
    'a department',
    'one department',
    'location',
    'site',
    'een afdeling',
    'locatie',
    'vestiging',
  ],
  'multiple-users': [
    'multiple',
    'several users',
    'some users',
    'a few users',
    'few users',
    'users',
    'meerdere',
    'een paar gebruikers',
    'enkele gebruikers',
    'sommige gebruikers',
  ],
  'single-user': [
    'single',
    'one user',
    'just me',
    'only me',
    'me',
    'myself',
    'one person',
    'ik',
    'alleen ik',
    'alleen mij',
    'een gebruiker',
    'één gebruiker',
    '1 gebruiker',
  ],
};

const REVIEW_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  submit: [
    'yes',
    'y',
    'ok',
    'okay',
    'confirm',
    'send',
    'send it',
    'looks good',
    'correct',
    'ja',
    'versturen',
    'verstuur',
    'bevestigen',
    'klopt',
    'akkoord',
    'indienen',
  ],
  edit: ['change', 'wijzig', 'wijzigen', 'aanpassen', 'bewerken'],
  cancel: ['stop', 'annuleer', 'annuleren'],
};

const URGENCY_SYNONYMS: Readonly<Record<Urgency, readonly string[]>> = {
  high: [
    'critical',
    'urgent',
    'very urgent',
    'severe',
    'kritiek',
    'kritisch',
    'urgent',
    'zeer urgent',
    'ernstig',
  ],
  normal: ['medium', 'moderate', 'middle', 'gemiddeld', 'middel', 'matig'],
  low: ['minor', 'not urgent', 'laag', 'niet urgent', 'gering'],
};

function englishLabels(step: IntakeStep): Record<string, string> {
  return Object.fromEntries(choicesFor(step, 'en').map((c) => [c.value, c.label]));
}

function invalid(language: Language, key: MessageKey, params?: MessageParams): StepResult {
  return { kind: 'invalid', message: t(language, key, params) };
}

function noted(language: Language, field: EditableField, value: string): string {
  return t(language, 'intake.noted', { field: t(language, `field.${field}`), value });
}

function choose(
  state: IntakeState,
  text: string,
  synonyms: Readonly<Record<string, readonly string[]>> = {},
): string | null {
  return matchChoice(text, choicesFor(state.step, state.language), synonyms, englishLabels(state.step));
}

function choiceError(state: IntakeState): StepResult {
  const options = choicesFor(state.step, state.language)
    .map((c, i) => `${i + 1}) ${c.label}`)
    .join(', ');
  return invalid(state.language, 'invalid.choice', { options });
}

/** Takes the other answers a message carries for questions not yet answered. */
function takeExtras(
  state: IntakeState,
  text: string,
  now: number,
): { rest: string; fields: IntakeField[]; notes: string[] } {
  const wanted = new Set<'environments' | 'usernames' | 'startedAt'>();
  for (const f of ['environments', 'usernames', 'startedAt'] as const) {
    if (f !== state.step && !state.done.includes(f)) wanted.add(f);
  }
  if (wanted.size === 0) return { rest: text, fields: [], notes: [] };
  const { rest, found } = extractOtherAnswers(text, wanted, now, state.timeZone);
  const fields: IntakeField[] = [];
  const notes: string[] = [];
  const { language } = state;
  if (found.environments) {
    state.draft.environments = found.environments;
    fields.push('environments');
    notes.push(noted(language, 'environments', found.environments.join(', ')));
  }
  if (found.usernames) {
    state.draft.usernames = found.usernames;
    fields.push('usernames');
    notes.push(noted(language, 'usernames', found.usernames.join(', ')));
  }
  if (found.startedAt !== undefined && acceptableStart(found.startedAt, now)) {
    state.draft.startedAt = found.startedAt;
    fields.push('startedAt');
    notes.push(noted(language, 'startedAt', formatLocalDateTime(found.startedAt, state.timeZone)));
  }
  return { rest, fields, notes };
}

function acceptableStart(at: number, now: number): boolean {
  return at <= now + FIVE_MINUTES && at >= now - ONE_YEAR;
}

function priorityNotes(state: IntakeState): string[] {
  const { impact, urgency, security } = state.draft;
  if (!impact || !urgency) return [];
  const decision = decidePriority(impact, urgency, security === true);
  const notes = [
    t(state.language, 'intake.priorityDecided', {
      reason: priorityReasonLabel(state.language, impact, urgency),
      priority: decision.priority,
    }),
  ];
  if (security) notes.push(t(state.language, 'intake.securityPriority'));
  return notes;
}

/** Reads when an issue started, refusing future times, times over a year ago and impossible dates. */
export function readStartedAt(
  text: string,
  now: number,
  timeZone: string,
  language: Language,
): { ok: true; at: number } | { ok: false; message: string } {
  const parsed = parseDateTimePhrase(text, now, zoneOffsets(timeZone));
  const refuse = (key: MessageKey, value: string) => ({
    ok: false as const,
    message: t(language, key, { value }),
  });
  if (!parsed.ok) {
    if (parsed.reason === 'needsTime') return refuse('invalid.dateNeedsTime', text);
    if (parsed.reason === 'noSuchDate') return refuse('invalid.noSuchDate', text);
    return refuse('invalid.date', text);
  }
  const shown = formatLocalDateTime(parsed.at, timeZone);
  if (parsed.at > now + FIVE_MINUTES) return refuse('invalid.future', shown);
  if (parsed.at < now - ONE_YEAR) return refuse('invalid.tooOld', shown);
  return { ok: true, at: parsed.at };
}

function answerStartedAt(state: IntakeState, text: string, now: number): StepResult {
  const read = readStartedAt(text, now, state.timeZone, state.language);
  if (!read.ok) return { kind: 'invalid', message: read.message };
  state.draft.startedAt = read.at;
  return { kind: 'answered', fields: ['startedAt'], notes: [] };
}

function answerReview(state: IntakeState, text: string): StepResult {
  const direct = /^(edit|change|wijzig|wijzigen|aanpassen|pas)\s+(.+?)(\s+aan)?$/i.exec(text);
  if (direct) {
    const field = matchChoice(
      direct[2]!,
      choicesFor('editWhich', state.language),
      {},
      englishLabels('editWhich'),
    );
    if (field) return { kind: 'goto', step: field as EditableField, returnToReview: true };
  }
  const choice = choose(state, text, REVIEW_SYNONYMS);
  if (choice === 'submit') {
    const missing = INTAKE_FIELDS.find((f) => !state.done.includes(f));
    if (missing) return { kind: 'goto', step: missing, returnToReview: true };
    return { kind: 'submit' };
  }
  if (choice === 'edit') return { kind: 'goto', step: 'editWhich', returnToReview: true };
  if (choice === 'cancel') return { kind: 'cancel' };
  return choiceError(state);
}

/**
 * Validates the answer to the current step and records it in the draft (the state
 * is the engine's private copy). Returns what should happen next.
 */
export function answerStep(state: IntakeState, text: string, now: number, fromButton: boolean): StepResult {
  const { language, draft } = state;
  const step = state.step;
  switch (step) {
    case 'company':
    case 'environments':
    case 'usernames': {
      const extras = fromButton ? { rest: text, fields: [], notes: [] } : takeExtras(state, text, now);
      const parsed =
        step === 'company'
          ? parseCompany(extras.rest)
          : step === 'environments'
            ? parseEnvironments(extras.rest)
            : parseUsernames(extras.rest);
      if (!parsed.ok) return invalid(language, parsed.error, parsed.params);
      if (step === 'company') draft.company = parsed.value as string;
      else if (step === 'environments') draft.environments = parsed.value as string[];
      else draft.usernames = parsed.value as string[];
      return { kind: 'answered', fields: [step, ...extras.fields], notes: extras.notes };
    }
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
    case 'security': {
      const choice = choose(state, text, YES_NO_SYNONYMS);
      if (!choice) return choiceError(state);
      draft.security = choice === 'yes';
      return { kind: 'answered', fields: ['security'], notes: priorityNotes(state) };
    }
    case 'impact': {
      const choice = choose(state, text, IMPACT_SYNONYMS);
      if (!choice) return choiceError(state);
      draft.impact = choice as Impact;
      return { kind: 'answered', fields: ['impact'], notes: priorityNotes(state) };
    }
    case 'urgency': {
      const choice = choose(state, text, URGENCY_SYNONYMS);
      if (!choice) return choiceError(state);
      draft.urgency = choice as Urgency;
      return { kind: 'answered', fields: ['urgency'], notes: priorityNotes(state) };
    }
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
    case 'editWhich': {
      const field = choose(state, text);
      if (!field || !(EDITABLE_FIELDS as readonly string[]).includes(field)) return choiceError(state);
      return { kind: 'goto', step: field as EditableField, returnToReview: true };
    }
  }
}
