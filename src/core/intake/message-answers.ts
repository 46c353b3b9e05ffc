import { type MessageKey, type MessageParams, t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import type { Impact, Urgency } from '../priority/priority-matrix.js';
import { zoneOffsets } from '../sla/zone-offsets.js';
import { shorten } from '../text/text-hygiene.js';
import { type ChoiceStep, readChoiceAnswer } from './choice-answers.js';
import { clockHabitOf } from './clock-time.js';
import {
  deriveTitle,
  listAfter,
  parseCompany,
  parseDescription,
  parseEnvironments,
  parseOptionalText,
  parseTitle,
} from './field-parsers.js';
import type { EditableField, IntakeField, IntakeState } from './intake-state.js';
import type { LabelledValue } from './labelled-lines.js';
import {
  type ExtractableField,
  extractMessage,
  type FoundStart,
  type MessageFields,
} from './message-extraction.js';
import { choiceLabel } from './pending-checks.js';
import { formatLocalDateTime } from './review-rows.js';
import { acceptableStart, readStartedAt } from './started-at.js';
import { parseUsernames } from './usernames.js';

/** What a message filled in besides the question asked, and what is left for that question. */
export interface Taken {
  readonly fields: IntakeField[];
  readonly notes: string[];
  readonly rest: string;
}

export function noted(language: Language, field: EditableField, value: string): string {
  return t(language, 'intake.noted', { field: t(language, `field.${field}`), value });
}

function setDescription(state: IntakeState, description: string): void {
  state.draft.description = description;
  if (!state.draft.titleEdited) state.draft.title = deriveTitle(description);
}

/** Stores when the issue started, or leaves a question back for the startedAt step. */
function takeStart(state: IntakeState, found: FoundStart, now: number, taken: Taken): void {
  if (found.kind === 'needsTime') {
    state.pending = {
      kind: 'time',
      step: 'startedAt',
      phrase: found.phrase,
      ...(found.part ? { part: found.part } : {}),
    };
    return;
  }
  const candidates = [found.at, found.alternativeAt]
    .filter((at): at is number => at !== undefined)
    .filter((at) => acceptableStart(at, now));
  if (candidates.length === 2) {
    state.pending = {
      kind: 'hour',
      step: 'startedAt',
      phrase: found.phrase,
      options: [candidates[0]!, candidates[1]!],
    };
    return;
  }
  if (candidates.length === 1) {
    state.draft.startedAt = candidates[0]!;
    taken.fields.push('startedAt');
    taken.notes.push(noted(state.language, 'startedAt', formatLocalDateTime(candidates[0]!, state.timeZone)));
    return;
  }
  // "since 9:15 this morning" typed at 8:30: said so, and asked at its question, not dropped unseen.
  const value = formatLocalDateTime(found.at, state.timeZone);
  const reason = t(state.language, found.at > now ? 'note.startInFuture' : 'note.startTooOld', { value });
  taken.notes.push(
    t(state.language, 'intake.notTaken', { field: t(state.language, 'field.startedAt'), reason }),
  );
}

/** A "label: value" line: validated like the answer to that question; refused values are left to ask. */
function takeLabelled(state: IntakeState, item: LabelledValue, now: number, taken: Taken): void {
  const { language, draft } = state;
  const field = item.field;
  const done = (f: IntakeField, shown: string) => {
    if (!taken.fields.includes(f)) taken.fields.push(f);
    taken.notes.push(noted(language, f, shown));
  };
  // A labelled value that cannot be used is said so, with why: never dropped in silence.
  const refused = (reason: string) =>
    taken.notes.push(t(language, 'intake.notTaken', { field: t(language, `field.${field}`), reason }));
  const refusedParse = (parsed: { error: MessageKey; params?: MessageParams }) =>
    refused(t(language, parsed.error, parsed.params));
  switch (field) {
    case 'company': {
      const parsed = parseCompany(item.value);
      if (!parsed.ok) return void refusedParse(parsed);
      draft.company = parsed.value;
      done('company', parsed.value);
      return;
    }
    case 'environments': {
      const parsed = parseEnvironments(item.value);
      if (!parsed.ok) return void refusedParse(parsed);
      draft.environments = listAfter(item.value, draft.environments, parsed.value);
      done('environments', draft.environments.join(', '));
      return;
    }
    case 'usernames': {
      const parsed = parseUsernames(item.value);
      if (!parsed.ok) return void refusedParse(parsed);
      draft.usernames = listAfter(item.value, draft.usernames, parsed.value);
      done('usernames', draft.usernames.join(', '));
      return;
    }
    case 'startedAt': {
      const read = readStartedAt(item.value, now, state.timeZone, language);
      if (read.ok)
        takeStart(state, { kind: 'at', at: read.at, phrase: item.value, ...read.alternative }, now, taken);
      else refused(read.message);
      return;
    }
    case 'description': {
      const parsed = parseDescription(item.value);
      if (!parsed.ok) return void refusedParse(parsed);
      setDescription(state, parsed.value);
      done('description', shorten(parsed.value, 100));
      return;
    }
    case 'title': {
      const parsed = parseTitle(item.value);
      if (!parsed.ok) return void refusedParse(parsed);
      draft.title = parsed.value;
      draft.titleEdited = true;
      taken.notes.push(noted(language, 'title', parsed.value));
      return;
    }
    case 'security':
    case 'impact':
    case 'urgency': {
      const read = readChoiceAnswer(state, field as ChoiceStep, item.value);
      if (read.kind !== 'sure')
        return void refused(t(language, 'intake.notAnOption', { value: shorten(item.value, 60) }));
      if (field === 'security') draft.security = read.value === 'yes';
      else if (field === 'impact') draft.impact = read.value as Impact;
      else draft.urgency = read.value as Urgency;
      const label = choiceLabel(state, {
        kind: 'choice',
        step: field,
        phrase: item.value,
        value: read.value,
      });
      done(field, label);
      return;
    }
    case 'stepsToReproduce':
    case 'errorMessages':
    case 'additionalInfo':
      draft[field] = parseOptionalText(item.value);
      done(field, shorten(item.value, 100));
      return;
    case 'attachments':
      return;
  }
}

/**
 * Takes every field a message carries for questions not yet answered (`wanted`) and
 * every labelled line, stores them and says each one back. What is left is returned
 * for the question being asked.
 */
export function takeFromMessage(
  state: IntakeState,
  text: string,
  now: number,
  wanted: ReadonlySet<ExtractableField>,
): Taken {
  const found: MessageFields = extractMessage(
    text,
    wanted,
    now,
    zoneOffsets(state.timeZone),
    clockHabitOf(state.language),
  );
  const taken: Taken = { fields: [], notes: [], rest: found.rest };
  const { language, draft } = state;
  for (const item of found.labelled) takeLabelled(state, item, now, taken);
  const has = (f: IntakeField) => taken.fields.includes(f);
  if (found.company && !has('company')) {
    const parsed = parseCompany(found.company);
    if (parsed.ok) {
      draft.company = parsed.value;
      taken.fields.push('company');
      taken.notes.push(noted(language, 'company', parsed.value));
    }
  }
  if (found.environments && !has('environments')) {
    draft.environments = found.environments;
    taken.fields.push('environments');
    taken.notes.push(noted(language, 'environments', found.environments.join(', ')));
  }
  if (found.usernames && !has('usernames')) {
    draft.usernames = found.usernames;
    taken.fields.push('usernames');
    taken.notes.push(noted(language, 'usernames', found.usernames.join(', ')));
  }
  if (found.startedAt && !has('startedAt')) takeStart(state, found.startedAt, now, taken);
  if (found.description && !has('description')) {
    setDescription(state, found.description);
    taken.fields.push('description');
    taken.notes.push(noted(language, 'description', shorten(found.description, 100)));
  }
  return taken;
}
