import { zoneOffsets } from '../sla/zone-offsets.js';
import { parseDateTimePhrase } from './datetime-phrases.js';
import { isEmail, parseEnvironment, splitList } from './field-parsers.js';
import type { IntakeDraft } from './intake-state.js';

/** The parts of one message that answer other questions than the one asked. */
export interface Extracted {
  /** What is left for the question asked, segments joined again. */
  readonly rest: string;
  readonly found: Partial<Pick<IntakeDraft, 'environments' | 'usernames' | 'startedAt'>>;
}

/**
 * Splits "Acme BV, https://acme.workspace365.net, since 9:15 this morning" into the
 * company and the other answers it carries. Only segments that are clearly an
 * address, an e-mail address or a date-time phrase are taken; the rest stays.
 */
export function extractOtherAnswers(
  answer: string,
  wanted: ReadonlySet<'environments' | 'usernames' | 'startedAt'>,
  now: number,
  timeZone: string,
): Extracted {
  const segments = splitList(answer);
  if (segments.length < 2) return { rest: answer, found: {} };
  const zone = zoneOffsets(timeZone);
  const rest: string[] = [];
  const environments: string[] = [];
  const usernames: string[] = [];
  let startedAt: number | undefined;
  for (const segment of segments) {
    if (wanted.has('usernames') && isEmail(segment)) {
      usernames.push(segment.toLowerCase());
      continue;
    }
    const env = wanted.has('environments') ? parseEnvironment(segment, true) : null;
    if (env) {
      environments.push(env);
      continue;
    }
    if (wanted.has('startedAt') && startedAt === undefined && /\d|now|nu\b/i.test(segment)) {
      const parsed = parseDateTimePhrase(segment, now, zone);
      if (parsed.ok) {
        startedAt = parsed.at;
        continue;
      }
    }
    rest.push(segment);
  }
  const found: Extracted['found'] = {
    ...(environments.length ? { environments } : {}),
    ...(usernames.length ? { usernames } : {}),
    ...(startedAt !== undefined ? { startedAt } : {}),
  };
  return { rest: rest.join(', '), found };
}
