import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import { decidePriority, parseImpact, parseUrgency } from '../priority/priority-matrix.js';
import { MAX_ANSWER_LENGTH } from '../text/text-hygiene.js';
import type { TicketSubmission } from '../tickets/ticket.js';
import {
  deriveTitle,
  type Parsed,
  parseCompany,
  parseDescription,
  parseEnvironments,
  parseOptionalText,
  parseTitle,
} from './field-parsers.js';
import type { Requester } from './intake-state.js';
import { formatLocalDateTime } from './review-rows.js';
import { readStartedAt } from './started-at.js';
import { parseUsernames } from './usernames.js';

/** Every field of a report in one go (a Slack modal, a web form): raw text per field. */
export interface TicketFormInput {
  readonly company: string;
  readonly environments: string;
  readonly usernames: string;
  readonly startedAt: string;
  readonly description: string;
  readonly title?: string;
  readonly security: string;
  readonly impact: string;
  readonly urgency: string;
  readonly stepsToReproduce?: string;
  readonly errorMessages?: string;
  readonly additionalInfo?: string;
}

export type FormField = keyof TicketFormInput;

export type FormResult =
  | { readonly ok: true; readonly submission: TicketSubmission }
  | { readonly ok: false; readonly errors: Partial<Record<FormField, string>> };

/**
 * Validates a whole report with the same rules and messages as the conversation,
 * returning every problem at once (per field) or the submission.
 */
export function validateTicketForm(
  input: TicketFormInput,
  context: { now: number; timeZone: string; language: Language; requester: Requester; formId: string },
): FormResult {
  const { language } = context;
  const errors: Partial<Record<FormField, string>> = {};
  const take = <T>(field: FormField, parsed: Parsed<T>): T | undefined => {
    if (parsed.ok) return parsed.value;
    errors[field] = t(language, parsed.error, parsed.params);
    return undefined;
  };
  for (const [field, value] of Object.entries(input) as Array<[FormField, string | undefined]>) {
    if (value && value.length > MAX_ANSWER_LENGTH) {
      errors[field] = t(language, 'invalid.tooLong', { length: value.length, max: MAX_ANSWER_LENGTH });
    }
  }
  const company = take('company', parseCompany(input.company));
  const environments = take('environments', parseEnvironments(input.environments));
  const usernames = take('usernames', parseUsernames(input.usernames));
  const started = readStartedAt(input.startedAt.trim(), context.now, context.timeZone, language);
  if (!started.ok) errors.startedAt = started.message;
  else if (started.alternative.alternativeAt !== undefined) {
    // A form cannot ask back: a bare hour that fits both ways is refused with the two readings.
    const [first, second] = [started.at, started.alternative.alternativeAt].map((at) =>
      formatLocalDateTime(at, context.timeZone),
    );
    errors.startedAt = t(language, 'ask.hourWhich', {
      phrase: input.startedAt.trim(),
      first: first!,
      second: second!,
    });
  }
  const description = take('description', parseDescription(input.description));
  const title = input.title?.trim()
    ? take('title', parseTitle(input.title))
    : description && deriveTitle(description);
  const security = input.security === 'yes' ? true : input.security === 'no' ? false : undefined;
  if (security === undefined)
    errors.security = t(language, 'invalid.choice', {
      options: `${t(language, 'choice.yes')}, ${t(language, 'choice.no')}`,
    });
  const impact = parseImpact(input.impact);
  if (!impact)
    errors.impact = t(language, 'invalid.choice', {
      options: 'organisation, department, multiple-users, single-user',
    });
  const urgency = parseUrgency(input.urgency);
  if (!urgency) errors.urgency = t(language, 'invalid.choice', { options: 'high, normal, low' });
  if (
    Object.keys(errors).length ||
    !company ||
    !environments ||
    !usernames ||
    !started.ok ||
    !description ||
    !title
  ) {
    return { ok: false, errors };
  }
  const decision = decidePriority(impact!, urgency!, security === true);
  return {
    ok: true,
    submission: {
      intakeId: context.formId,
      title,
      company,
      environments,
      usernames,
      startedAt: started.at,
      description,
      stepsToReproduce: parseOptionalText(input.stepsToReproduce ?? ''),
      errorMessages: parseOptionalText(input.errorMessages ?? ''),
      additionalInfo: parseOptionalText(input.additionalInfo ?? ''),
      attachments: [],
      security: security === true,
      impact: decision.impact,
      urgency: decision.urgency,
      priority: decision.priority,
      priorityReason: decision.reason,
      language,
      requester: context.requester,
    },
  };
}
