import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import {
  IMPACT_DEFINITIONS,
  SEED001_URGENCY_DEFINITIONS,
  URGENCY_DEFINITIONS,
} from '../priority/priority-definitions.js';
import type { Impact, Urgency } from '../priority/priority-matrix.js';
import { decideWithModel, type ModelDecision } from '../priority/priority-models.js';
import type { PriorityModel } from '../sla/sla-policy.js';
import { type IntakeState, isChoiceStep, priorityModelOf } from './intake-state.js';
import type { ReviewRow } from './reply.js';

/** "12 KB", "3.4 MB": file sizes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// Building an Intl formatter is costly; one per zone is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** "22-05-2026 14:00 (Europe/Amsterdam)" in the user's zone. */
export function formatLocalDateTime(at: number, timeZone: string): string {
  const parts = dateTimeFormat(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}-${get('month')}-${get('year')} ${get('hour')}:${get('minute')} (${timeZone})`;
}

/** Priority "reason" in words: "Organisation x High"; "Urgency Middle" when impact is not part of it. */
export function priorityReasonLabel(language: Language, impact: Impact | null, urgency: Urgency): string {
  if (impact === null)
    return `${capitalise(t(language, 'field.urgency'))} ${SEED001_URGENCY_DEFINITIONS[urgency].label[language]}`;
  return `${IMPACT_DEFINITIONS[impact].label[language]} x ${URGENCY_DEFINITIONS[urgency].label[language]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The label of an urgency under a model (seed 001's "Middle" under `urgency`). */
export function urgencyLabel(language: Language, urgency: Urgency, model: PriorityModel): string {
  return (model === 'urgency' ? SEED001_URGENCY_DEFINITIONS : URGENCY_DEFINITIONS)[urgency].label[language];
}

/** The priority the draft's answers give under its model, once those answers are in. */
export function draftDecision(state: IntakeState): ModelDecision | null {
  const { impact, urgency, security } = state.draft;
  const model = priorityModelOf(state);
  if (!urgency || (model !== 'urgency' && !impact)) return null;
  return decideWithModel(model, model === 'urgency' ? null : impact, urgency, security === true);
}

/** Longest answer said back when a question is asked again (a pasted description can be pages). */
const ANSWER_NOW_MAX = 200;

/** What a question asked again holds now, shortened; null when it holds nothing yet. */
export function answerNow(state: IntakeState): string | null {
  const step = state.step;
  const answered =
    step === 'title' ? Boolean(state.draft.title) : (state.done as readonly string[]).includes(step);
  if (!answered) return null;
  const row = rawRows(state).find((r) => r.field === step);
  if (!row || row.value === t(state.language, 'review.none')) return null;
  // One line, without the closing stop the message adds itself; a choice as it is labelled.
  const value = row.value.replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  const shown = isChoiceStep(step) ? value.charAt(0).toUpperCase() + value.slice(1) : value;
  return shown.length > ANSWER_NOW_MAX ? `${shown.slice(0, ANSWER_NOW_MAX - 1)}…` : shown;
}

/** The review summary: every field with its current value. */
export function reviewRows(state: IntakeState): ReviewRow[] {
  return rawRows(state).map((row) => ({
    ...row,
    label: row.label.charAt(0).toUpperCase() + row.label.slice(1),
  }));
}

function rawRows(state: IntakeState): ReviewRow[] {
  const { draft, language } = state;
  const none = t(language, 'review.none');
  const text = (v: string | null | undefined) => (v ? v : none);
  const model = priorityModelOf(state);
  const rows: ReviewRow[] = [];
  if (state.partner) {
    rows.push(
      { field: 'customer', label: t(language, 'field.customer'), value: text(draft.company) },
      {
        field: 'partnerReference',
        label: t(language, 'field.partnerReference'),
        value: text(draft.partnerReference),
      },
    );
  } else {
    rows.push({ field: 'company', label: t(language, 'field.company'), value: text(draft.company) });
  }
  rows.push(
    {
      field: 'environments',
      label: t(language, 'field.environments'),
      value: text(draft.environments?.join(', ')),
    },
    { field: 'usernames', label: t(language, 'field.usernames'), value: text(draft.usernames?.join(', ')) },
    {
      field: 'startedAt',
      label: t(language, 'field.startedAt'),
      value: draft.startedAt === undefined ? none : formatLocalDateTime(draft.startedAt, state.timeZone),
    },
    { field: 'title', label: t(language, 'field.title'), value: text(draft.title) },
    { field: 'description', label: t(language, 'field.description'), value: text(draft.description) },
    {
      field: 'security',
      label: t(language, 'field.security'),
      value: draft.security === undefined ? none : t(language, draft.security ? 'review.yes' : 'review.no'),
    },
  );
  if (model !== 'urgency') {
    rows.push({
      field: 'impact',
      label: t(language, 'field.impact'),
      value: draft.impact ? IMPACT_DEFINITIONS[draft.impact].label[language] : none,
    });
  }
  rows.push({
    field: 'urgency',
    label: t(language, 'field.urgency'),
    value: draft.urgency ? urgencyLabel(language, draft.urgency, model) : none,
  });
  const decision = draftDecision(state);
  if (decision && draft.urgency) {
    const proposed = decision.proposed ? ` (${t(language, 'review.proposed')})` : '';
    rows.push({
      field: 'priority',
      label: t(language, 'field.priority'),
      value: `${decision.priority}${proposed} (${priorityReasonLabel(language, decision.impact, draft.urgency)}${draft.security ? `, ${t(language, 'field.security')}` : ''})`,
    });
  }
  rows.push(
    {
      field: 'stepsToReproduce',
      label: t(language, 'field.stepsToReproduce'),
      value: text(draft.stepsToReproduce),
    },
    { field: 'errorMessages', label: t(language, 'field.errorMessages'), value: text(draft.errorMessages) },
    {
      field: 'attachments',
      label: t(language, 'field.attachments'),
      value: draft.attachments.length
        ? draft.attachments.map((a) => `${a.name} (${formatSize(a.size)})`).join(', ')
        : draft.attachmentsSkipped
          ? t(language, 'intake.skippedBecause', { reason: draft.attachmentsSkipped })
          : none,
    },
    {
      field: 'additionalInfo',
      label: t(language, 'field.additionalInfo'),
      value: text(draft.additionalInfo),
    },
  );
  return rows;
}
