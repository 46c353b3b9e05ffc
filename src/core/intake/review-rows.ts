import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import { IMPACT_DEFINITIONS, URGENCY_DEFINITIONS } from '../priority/priority-definitions.js';
import type { Impact, Urgency } from '../priority/priority-matrix.js';
import { decidePriority } from '../priority/priority-matrix.js';
import type { IntakeState } from './intake-state.js';
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

/** Priority "reason" in words: "Organisation x High". */
export function priorityReasonLabel(language: Language, impact: Impact, urgency: Urgency): string {
  return `${IMPACT_DEFINITIONS[impact].label[language]} x ${URGENCY_DEFINITIONS[urgency].label[language]}`;
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
  const rows: ReviewRow[] = [
    { field: 'company', label: t(language, 'field.company'), value: text(draft.company) },
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
    {
      field: 'impact',
      label: t(language, 'field.impact'),
      value: draft.impact ? IMPACT_DEFINITIONS[draft.impact].label[language] : none,
    },
    {
      field: 'urgency',
      label: t(language, 'field.urgency'),
      value: draft.urgency ? URGENCY_DEFINITIONS[draft.urgency].label[language] : none,
    },
  ];
  if (draft.impact && draft.urgency) {
    const decision = decidePriority(draft.impact, draft.urgency, draft.security === true);
    rows.push({
      field: 'priority',
      label: t(language, 'field.priority'),
      value: `${decision.priority} (${priorityReasonLabel(language, draft.impact, draft.urgency)}${draft.security ? `, ${t(language, 'field.security')}` : ''})`,
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
