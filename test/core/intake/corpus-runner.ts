import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { IntakeEngine } from '../../../src/core/intake/intake-engine.js';
import type { IntakeState } from '../../../src/core/intake/intake-state.js';
import type { ReplyPart } from '../../../src/core/intake/reply.js';
import { NOW } from '../../helpers/conversation.js';

const ZONE = 'Europe/Amsterdam';
export const TRACKED = [
  'company',
  'environments',
  'usernames',
  'startedAt',
  'description',
  'security',
  'impact',
  'urgency',
] as const;
type Tracked = (typeof TRACKED)[number];

/** What a message really says: null means "nothing for this field", so storing one is wrong. */
export type Expected = Partial<Record<Tracked, string | string[] | boolean | null>>;

export interface CorpusCase {
  readonly id: string;
  readonly language: 'en' | 'nl';
  readonly text: string;
  /** For answers: the question the text answers. Without it, the text is the first message. */
  readonly step?: string;
  readonly expect: Expected;
}

export interface CaseResult {
  readonly id: string;
  /** Fields stored right from the text, without a question. */
  readonly extracted: number;
  /** Fields the bot asked about (a question back, or its question later). */
  readonly asked: number;
  /** Stored with a value the text did not mean, without the bot asking. */
  readonly wrong: string[];
  /** Questions until the review (first messages), or until the field was settled (answers). */
  readonly questions: number;
  /** Fields that still differ once the conversation reached the review. */
  readonly finalMismatches: string[];
}

export function loadCorpus(name: string): CorpusCase[] {
  return JSON.parse(readFileSync(new URL(`./corpus/${name}`, import.meta.url), 'utf8')) as CorpusCase[];
}

const local = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");

function storedValue(state: IntakeState, field: Tracked): unknown {
  const value = state.draft[field];
  return field === 'startedAt' && typeof value === 'number' ? local(value) : value;
}

function matches(field: Tracked, actual: unknown, expected: unknown): boolean {
  if (field === 'description')
    return typeof actual === 'string' && actual.toLowerCase().includes(String(expected).toLowerCase());
  // Lists are sets: the order of the accounts or addresses does not matter.
  const canonical = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...v].sort() : v);
  return canonical(actual) === canonical(expected);
}

function isQuestion(part: ReplyPart | undefined): boolean {
  return part?.type === 'question' && !part.optional;
}

/** Answers the bot like the person who wrote the message would: with the true value. */
function oracle(state: IntakeState, expect: Expected): string {
  const check = state.pending;
  if (check && check.step === state.step) {
    const truth = expect.startedAt;
    if (check.kind === 'command') return '2';
    if (check.kind === 'hour' || check.kind === 'time')
      return typeof truth === 'string' ? truth.slice(11) : check.kind === 'hour' ? '1' : '9:00';
    return expect[check.step] === (check.step === 'security' ? check.value === 'yes' : check.value)
      ? 'yes'
      : 'no';
  }
  const truth = state.step in expect ? expect[state.step as Tracked] : undefined;
  switch (state.step) {
    case 'company':
      return typeof truth === 'string' ? truth : 'Acme BV';
    case 'environments':
      return Array.isArray(truth) ? truth.join(', ') : 'acme.workspace365.net';
    case 'usernames':
      return Array.isArray(truth) ? truth.join(', ') : 'j.doe';
    case 'startedAt':
      return typeof truth === 'string' ? DateTime.fromISO(truth).toFormat('dd-MM-yyyy HH:mm') : 'today 9:00';
    case 'description':
      return typeof truth === 'string'
        ? `Reported: ${truth}, see the first message.`
        : 'The workspace shows an error.';
    case 'security':
      return truth === true ? 'yes' : 'no';
    case 'impact':
      return typeof truth === 'string' ? truth : 'single-user';
    case 'urgency':
      return typeof truth === 'string' ? truth : 'normal';
    case 'attachments':
      return 'done';
    default:
      return 'skip';
  }
}

function judge(state: IntakeState, before: readonly string[], expect: Expected) {
  let extracted = 0;
  let asked = 0;
  const wrong: string[] = [];
  for (const field of TRACKED) {
    const stored = state.done.includes(field) && !before.includes(field);
    const expected = expect[field];
    if (expected === undefined || expected === null) {
      if (stored)
        wrong.push(`${field}: stored ${JSON.stringify(storedValue(state, field))}, the text has none`);
      continue;
    }
    if (!stored) asked++;
    else if (matches(field, storedValue(state, field), expected)) extracted++;
    else
      wrong.push(
        `${field}: stored ${JSON.stringify(storedValue(state, field))}, meant ${JSON.stringify(expected)}`,
      );
  }
  return { extracted, asked, wrong };
}

function finalMismatches(state: IntakeState, expect: Expected): string[] {
  return TRACKED.filter((f) => expect[f] !== undefined && expect[f] !== null)
    .filter((f) => !matches(f, storedValue(state, f), expect[f]))
    .map((f) => `${f}: ${JSON.stringify(storedValue(state, f))}`);
}

function context(language: 'en' | 'nl') {
  return {
    conversationKey: 'corpus:u1',
    requester: { platform: 'terminal' as const, id: 'u1', name: 'Corpus' },
    language,
    timeZone: ZONE,
    intakeId: 'corpus-1',
    now: NOW,
  };
}

/** A first message: what is stored at once, then a full conversation to the review. */
export function runFirstMessage(c: CorpusCase): CaseResult {
  const engine = new IntakeEngine();
  const started = engine.start(context(c.language), { text: c.text, at: NOW });
  let state = started.state!;
  const verdict = judge(state, [], c.expect);
  let reply = started.reply;
  let questions = 0;
  for (let turn = 0; turn < 40 && state.step !== 'review'; turn++) {
    if (isQuestion(reply.at(-1))) questions++;
    const next = engine.handle(state, { text: oracle(state, c.expect), at: NOW });
    if (!next.state) return { id: c.id, ...verdict, questions, finalMismatches: ['the intake ended'] };
    state = next.state;
    reply = next.reply;
  }
  if (state.step !== 'review')
    return { id: c.id, ...verdict, questions, finalMismatches: [`stuck at ${state.step}`] };
  return { id: c.id, ...verdict, questions, finalMismatches: finalMismatches(state, c.expect) };
}

/** An answer to one question: what it stores, and the questions back until it is settled. */
export function runAnswer(c: CorpusCase): CaseResult {
  const engine = new IntakeEngine();
  let state = engine.start(context(c.language)).state!;
  for (let turn = 0; turn < 20 && state.step !== c.step; turn++)
    state = engine.handle(state, { text: oracle(state, {}), at: NOW }).state!;
  if (state.step !== c.step) throw new Error(`${c.id}: never asked ${c.step}`);
  const before = [...state.done];
  let outcome = engine.handle(state, { text: c.text, at: NOW });
  state = outcome.state!;
  const verdict = judge(state, before, c.expect);
  const settled = (s: IntakeState) =>
    TRACKED.every((f) => c.expect[f] === undefined || c.expect[f] === null || s.done.includes(f));
  let questions = 0;
  for (let turn = 0; turn < 5 && !settled(state); turn++) {
    questions++;
    outcome = engine.handle(state, { text: oracle(state, c.expect), at: NOW });
    state = outcome.state!;
  }
  return {
    id: c.id,
    ...verdict,
    questions,
    finalMismatches: settled(state) ? finalMismatches(state, c.expect) : ['not settled'],
  };
}
