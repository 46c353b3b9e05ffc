import type { Language } from '../i18n/language.js';

export type IntakeCommand =
  | { readonly kind: 'back' | 'skip' | 'cancel' | 'help' | 'review' }
  | { readonly kind: 'language'; readonly language: Language };

const WORDS: ReadonlyArray<[RegExp, IntakeCommand]> = [
  [/^(back|go back|previous|terug|vorige|ga terug)$/, { kind: 'back' }],
  [/^(skip|overslaan|sla over)$/, { kind: 'skip' }],
  [/^(cancel|abort|stop|quit|annuleer|annuleren|afbreken|stoppen)$/, { kind: 'cancel' }],
  [/^(help|\?|hulp|menu)$/, { kind: 'help' }],
  [/^(review|summary|overzicht|samenvatting)$/, { kind: 'review' }],
  [
    /^(language|lang|taal)\s+(en|english|engels)$|^(english|in english)$/,
    { kind: 'language', language: 'en' },
  ],
  [
    /^(language|lang|taal)\s+(nl|dutch|nederlands)$|^(nederlands|in het nederlands|dutch)$/,
    { kind: 'language', language: 'nl' },
  ],
];

/** A command word typed instead of an answer, in English or Dutch. */
export function readCommand(text: string): IntakeCommand | null {
  const normalised = text
    .trim()
    .toLowerCase()
    .replace(/^[/!]/, '')
    .replace(/[.!]+$/, '');
  for (const [pattern, command] of WORDS) if (pattern.test(normalised)) return command;
  return null;
}
