import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import type { PriorityModel } from '../sla/sla-policy.js';
import { cleanText, MAX_ANSWER_LENGTH } from '../text/text-hygiene.js';
import type { TicketSubmission } from '../tickets/ticket.js';
import { isOnlyGreeting } from './greetings.js';
import { readCommand } from './intake-commands.js';
import { questionFor } from './intake-questions.js';
import {
  type Attachment,
  firstStep,
  type IntakePartner,
  type IntakeState,
  markDone,
  type Requester,
  restarted,
} from './intake-state.js';
import {
  advance,
  answerCorrections,
  answerPending,
  askCommandOrAnswer,
  askedAgain,
  info,
  runCommand,
  warning,
} from './intake-turns.js';
import { correctionAsLabelledLine } from './labelled-lines.js';
import type { ReplyPart } from './reply.js';
import { draftDecision, formatSize } from './review-rows.js';
import { answerStep, type StepResult } from './step-answers.js';

export const MAX_ATTACHMENTS = 20;

/** One message from the user. */
export interface UserTurn {
  readonly text: string;
  /** A button or select value; wins over the text for choice questions. */
  readonly choice?: string;
  /** The step whose button was pressed: a press on an older question is not an answer now. */
  readonly choiceFor?: string;
  readonly files?: readonly Attachment[];
  /** Files the platform could not accept, with the reason, so the bot can say so. */
  readonly rejectedFiles?: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
  /** When the user sent it (epoch ms). */
  readonly at: number;
}

export interface IntakeContext {
  readonly conversationKey: string;
  readonly requester: Requester;
  readonly language: Language;
  readonly timeZone: string;
  readonly intakeId: string;
  readonly now: number;
  /**
   * The requester is a named contact of this partner (seed 001): the intake asks which of
   * its customers the ticket is for, the partner's reference, and error messages, logs or
   * screenshots and steps to reproduce (skippable only with a reason).
   */
  readonly partner?: IntakePartner;
  /**
   * How the priority is decided: the policy's model (absent: `matrix`). For a partner it is
   * replaced by the model of the customer picked, when the partner context gives one.
   */
  readonly priorityModel?: PriorityModel;
}

export interface IntakeOutcome {
  /** The state to keep, or null when the intake ended (submitted or cancelled). */
  readonly state: IntakeState | null;
  readonly reply: ReplyPart[];
  /** Present when the user confirmed: the app turns it into a ticket. */
  readonly submission?: TicketSubmission;
  /** A button of a question no longer asked was pressed: nothing was taken from it. */
  readonly staleChoice?: true;
}

/**
 * The guided intake: a pure state machine from one user turn to the next question.
 * It validates every answer, takes several answers from one message where it can,
 * and supports back, skip, edit from the review, cancel, help and a language switch.
 */
export class IntakeEngine {
  /**
   * Starts an intake. A first message with content (the user usually speaks first, and
   * says most in that message) is taken as the answer(s) right after the welcome; a
   * bare greeting or "help" only gets the welcome and the first question.
   */
  start(context: IntakeContext, firstTurn?: UserTurn): IntakeOutcome {
    const state: IntakeState = {
      schema: 1,
      intakeId: context.intakeId,
      conversationKey: context.conversationKey,
      requester: context.requester,
      language: context.language,
      timeZone: context.timeZone,
      ...(context.partner ? { partner: context.partner } : {}),
      ...(context.priorityModel && context.priorityModel !== 'matrix'
        ? { priorityModel: context.priorityModel }
        : {}),
      step: firstStep(context),
      history: [],
      done: [],
      returnToReview: false,
      draft: { attachments: [] },
      createdAt: context.now,
      updatedAt: context.now,
    };
    const welcome = info(t(state.language, 'intake.welcome'));
    const first = firstTurn ? cleanText(firstTurn.text) : '';
    const command = first ? readCommand(first) : null;
    if (command?.kind === 'language') state.language = command.language;
    const answers =
      firstTurn &&
      !command &&
      firstTurn.choice === undefined &&
      (!isOnlyGreeting(first) || firstTurn.files?.length);
    if (!answers) return { state, reply: [info(t(state.language, 'intake.welcome')), questionFor(state)] };
    const outcome = this.take(state, firstTurn, true);
    return { state: outcome.state ?? state, reply: [welcome, ...outcome.reply] };
  }

  /**
   * Greets a returning user and asks the pending question again. With `language` (the
   * language this session asks for) a different stored language is switched, and said.
   */
  resume(previous: IntakeState, now: number, language?: Language): IntakeOutcome {
    const state = structuredClone(previous);
    state.updatedAt = now;
    const reply = [info(t(state.language, 'intake.resumed'))];
    if (language && language !== state.language) {
      state.language = language;
      reply.push(info(t(language, 'intake.languageSwitched')));
    }
    return { state, reply: [...reply, questionFor(state)] };
  }

  handle(previous: IntakeState, turn: UserTurn): IntakeOutcome {
    return this.take(previous, turn, false);
  }

  /** One turn; `unprompted` for a first message the user sent before the bot asked anything. */
  private take(previous: IntakeState, turn: UserTurn, unprompted: boolean): IntakeOutcome {
    const state = structuredClone(previous);
    state.updatedAt = turn.at;
    const reply: ReplyPart[] = [];
    const { language } = state;

    for (const rejected of turn.rejectedFiles ?? []) {
      reply.push(
        warning(t(language, 'invalid.attachPath', { value: rejected.name, reason: rejected.reason })),
      );
    }
    const added = this.addFiles(state, turn.files ?? [], reply);

    if (turn.choice !== undefined && turn.choiceFor !== undefined && turn.choiceFor !== state.step) {
      const stale = info(t(language, 'intake.staleChoice'));
      return { state, reply: [...reply, stale, questionFor(state)], staleChoice: true };
    }
    const raw = turn.choice ?? turn.text;
    if (raw.length > MAX_ANSWER_LENGTH) {
      reply.push(warning(t(language, 'invalid.tooLong', { length: raw.length, max: MAX_ANSWER_LENGTH })));
      return { state, reply: [...reply, questionFor(state)] };
    }
    const text = cleanText(raw);
    if (!text) {
      // A message with only files answers nothing else; keep asking.
      if (!added && !(turn.rejectedFiles ?? []).length) {
        reply.push(warning(t(language, 'invalid.empty', { ask: '' }).trim()));
      }
      return { state, reply: [...reply, questionFor(state)] };
    }

    // "change the company to Globex NV" is a change with its value, not the bare "change company".
    const fromButton = turn.choice !== undefined;
    const sentence = fromButton ? null : correctionAsLabelledLine(text, state.step === 'review');
    const command = !fromButton && !sentence ? readCommand(text) : null;
    if (command && askCommandOrAnswer(state, text)) return { state, reply: [...reply, questionFor(state)] };
    if (command) {
      const handled = runCommand(state, command, reply);
      if (handled)
        return handled.kind === 'outcome' ? handled.outcome : this.apply(state, handled.result, reply);
    }
    const checked =
      state.pending?.step === state.step ? answerPending(state, text, turn.at, fromButton) : null;
    if (checked) return this.apply(state, checked, reply);
    if (state.pending?.step === state.step) delete state.pending;
    const corrected = fromButton ? null : answerCorrections(state, text, turn.at, sentence);
    const result = corrected ?? answerStep(state, text, turn.at, fromButton, unprompted);
    return this.apply(state, result, reply);
  }

  private addFiles(state: IntakeState, files: readonly Attachment[], reply: ReplyPart[]): boolean {
    for (const file of files) {
      if (state.draft.attachments.length >= MAX_ATTACHMENTS) {
        reply.push(warning(t(state.language, 'invalid.tooManyFiles', { max: MAX_ATTACHMENTS })));
        break;
      }
      state.draft.attachments.push(file);
      reply.push(
        info(t(state.language, 'intake.attached', { name: file.name, size: formatSize(file.size) })),
      );
    }
    return files.length > 0;
  }

  private apply(state: IntakeState, result: StepResult, reply: ReplyPart[]): IntakeOutcome {
    const { language } = state;
    switch (result.kind) {
      case 'invalid':
        return { state, reply: [...reply, warning(result.message), questionFor(state)] };
      case 'stay':
        return { state, reply: [...reply, ...result.notes.map(info), questionFor(state)] };
      case 'goto':
        state.history.push(state.step);
        state.step = result.step;
        state.returnToReview = result.returnToReview;
        return { state, reply: [...reply, ...askedAgain(state)] };
      case 'cancel':
        return {
          state: null,
          reply: [...reply, { type: 'text', text: t(language, 'intake.cancelled'), tone: 'warning' }],
        };
      case 'restart': {
        const fresh = restarted(state);
        return { state: fresh, reply: [...reply, info(t(language, 'intake.restarted')), questionFor(fresh)] };
      }
      case 'submit':
        return { state: null, reply, submission: this.submission(state) };
      case 'answered':
        for (const field of result.fields) markDone(state, field);
        reply.push(...result.notes.map(info));
        return advance(state, reply);
    }
  }

  private submission(state: IntakeState): TicketSubmission {
    const d = state.draft;
    const decision = draftDecision(state);
    if (!decision) throw new Error(`intake ${state.intakeId} submitted without its priority answers`);
    const skippedFiles = d.attachmentsSkipped
      ? t(state.language, 'intake.attachmentsSkippedNote', { reason: d.attachmentsSkipped })
      : null;
    const additionalInfo =
      [d.additionalInfo ?? null, d.attachments.length ? null : skippedFiles].filter(Boolean).join('\n') ||
      null;
    return {
      intakeId: state.intakeId,
      title: d.title!,
      company: d.company!,
      environments: d.environments!,
      usernames: d.usernames!,
      startedAt: d.startedAt!,
      description: d.description!,
      stepsToReproduce: d.stepsToReproduce ?? null,
      errorMessages: d.errorMessages ?? null,
      additionalInfo,
      attachments: d.attachments,
      security: d.security === true,
      impact: decision.impact,
      urgency: decision.urgency,
      priority: decision.priority,
      priorityReason: decision.reason,
      ...(decision.proposed ? { priorityProposed: true } : {}),
      language: state.language,
      requester: state.requester,
      ...(state.partner
        ? { customer: d.customer ?? null, partnerReference: d.partnerReference ?? null }
        : {}),
    };
  }
}
