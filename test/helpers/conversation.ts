import { DateTime } from 'luxon';
import { IntakeEngine, type IntakeOutcome, type UserTurn } from '../../src/core/intake/intake-engine.js';
import type { IntakeState } from '../../src/core/intake/intake-state.js';
import type { ReplyPart } from '../../src/core/intake/reply.js';
import type { TicketSubmission } from '../../src/core/tickets/ticket.js';

// Monday 23 November 2026, 10:30 in Amsterdam: the "now" of conversation tests.
export const NOW = DateTime.fromISO('2026-11-23T10:30', { zone: 'Europe/Amsterdam' }).toMillis();

/** Drives the engine like a chat user: answers, and remembers what the bot asked last. */
export class Conversation {
  readonly engine = new IntakeEngine();
  state: IntakeState | null;
  reply: ReplyPart[];
  submission: TicketSubmission | undefined;

  constructor(language: 'en' | 'nl' = 'en', timeZone = 'Europe/Amsterdam') {
    const outcome = this.engine.start({
      conversationKey: 'test:u1',
      requester: { platform: 'terminal', id: 'u1', name: 'Jan Jansen' },
      language,
      timeZone,
      intakeId: 'intake-1',
      now: NOW,
    });
    this.state = outcome.state;
    this.reply = outcome.reply;
  }

  /** The step the bot is asking now (question or review). */
  get step(): string | null {
    return this.state?.step ?? null;
  }

  /** Every text the bot said in its last turn, joined. */
  get said(): string {
    return this.reply
      .map((p) =>
        p.type === 'ticket'
          ? p.ticket.id
          : p.type === 'review'
            ? [p.text, ...p.rows.map((r) => `${r.label}: ${r.value}`)].join('\n')
            : p.text,
      )
      .join('\n');
  }

  say(text: string, extra: Partial<UserTurn> = {}): this {
    if (!this.state) throw new Error('the intake has ended');
    const outcome: IntakeOutcome = this.engine.handle(this.state, { text, at: NOW, ...extra });
    this.state = outcome.state;
    this.reply = outcome.reply;
    this.submission = outcome.submission;
    return this;
  }

  /** Answers a sequence, checking that each answer goes to the expected question. */
  answer(steps: ReadonlyArray<[string, string]>): this {
    for (const [expectedStep, text] of steps) {
      if (this.step !== expectedStep)
        throw new Error(`expected to be asked ${expectedStep}, was asked ${this.step}: ${this.said}`);
      this.say(text);
    }
    return this;
  }
}

export const ENGLISH_HAPPY_PATH: ReadonlyArray<[string, string]> = [
  ['company', 'Acme BV'],
  ['environments', 'https://acme.workspace365.net'],
  ['usernames', 'j.jansen, p.devries'],
  ['startedAt', 'today 9:15'],
  ['description', 'Nobody can sign in after the Microsoft login. The page stays blank.'],
  ['security', 'no'],
  ['impact', '1'],
  ['urgency', 'high'],
  ['stepsToReproduce', 'Open the portal and click Sign in'],
  ['errorMessages', 'skip'],
  ['attachments', 'done'],
  ['additionalInfo', 'no'],
];
