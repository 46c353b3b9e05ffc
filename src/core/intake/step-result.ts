import type { IntakeField, IntakeStep } from './intake-state.js';

/** What an answer to the current step leads to. */
export type StepResult =
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'answered'; readonly fields: IntakeField[]; readonly notes: string[] }
  | { readonly kind: 'stay'; readonly notes: string[] }
  | { readonly kind: 'goto'; readonly step: IntakeStep; readonly returnToReview: boolean }
  | { readonly kind: 'cancel' }
  /** Discard every answer and begin the intake again. */
  | { readonly kind: 'restart' }
  | { readonly kind: 'submit' };
