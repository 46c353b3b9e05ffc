import type { Language } from '../i18n/language.js';

export type IntakeCommand =
  | { readonly kind: 'back' | 'skip' | 'cancel' | 'restart' | 'help' | 'review' | 'submit' | 'keep' }
  | { readonly kind: 'language'; readonly language: Language }
  | { readonly kind: 'unsupportedLanguage' }
  /** "edit title", "wijzig bedrijf": go to a field; the engine resolves the name. */
  | { readonly kind: 'edit'; readonly target: string };

const WORDS: ReadonlyArray<[RegExp, IntakeCommand]> = [
  [
    /^(back|go back|previous|previous question|previous one|one back|(?:go )?back to the (?:previous|last) (?:question|one)|terug|vorige|vorige vraag|ga terug|een terug|(?:ga )?terug naar de vorige(?: vraag)?)$/,
    { kind: 'back' },
  ],
  [
    /^(skip|skip it|skip this|skip this one|skip this question|overslaan|sla over|sla maar over|sla dit over|deze overslaan)$/,
    { kind: 'skip' },
  ],
  [
    /^(cancel|cancel it|cancel this|cancel ticket|cancel the ticket|abort|stop|quit|exit|annuleer|annuleren|afbreken|stoppen|ticket annuleren)$/,
    { kind: 'cancel' },
  ],
  // Only a whole message: "the reset button fails" is an answer, not a command.
  [
    /^(restart|reset|start again|start over|start anew|begin again|start from scratch|new ticket|start a new ticket|opnieuw|begin opnieuw|opnieuw beginnen|opnieuw starten|start opnieuw|herstart|herstarten|overnieuw|nieuw ticket|een nieuw ticket)$/,
    { kind: 'restart' },
  ],
  [/^(help|\?|hulp|menu)$/, { kind: 'help' }],
  [/^(review|summary|show summary|overzicht|samenvatting|toon overzicht)$/, { kind: 'review' }],
  [
    /^(submit|submit it|submit ticket|submit the ticket|send it|send ticket|indienen|dien in|dien maar in|verstuur|versturen|insturen)$/,
    { kind: 'submit' },
  ],
  [
    /^(keep|keep it|keep that|keep as is|same|same as before|unchanged|no change|leave it|as is|houden|behouden|zo laten|laat zo|laat staan|ongewijzigd|hetzelfde|blijft zo)$/,
    { kind: 'keep' },
  ],
];

const ENGLISH = '(?:english|engels|en)';
const DUTCH = '(?:dutch|nederlands|nl|hollands)';
const OTHER =
  '(?:french|frans|fr|francais|français|german|duits|de|deutsch|spanish|spaans|es|italian|italiaans|it|polish|pools|pl|turkish|turks|tr|portuguese|portugees|pt)';
// "language nl", "switch to dutch", "in het Nederlands graag", "can we speak English".
const REQUEST =
  '^(?:(?:please\\s+)?(?:switch|change|go|continue|talk|speak|spreek|praat|ga verder|verder|schakel over|can we (?:speak|continue|talk)|could we (?:speak|continue)|kunnen we|kan het|kun je)\\s+)?(?:(?:to|naar|in|op)\\s+)?(?:het\\s+)?';
const LANGUAGE_WORD = '(?:language|lang|taal)\\s+';
const POLITE_END = '(?:\\s+(?:please|graag|verder|praten|spreken|alsjeblieft))?$';

function languageRequest(text: string): IntakeCommand | null {
  const asks = (lang: string) =>
    new RegExp(`^${LANGUAGE_WORD}${lang}$`).test(text) ||
    new RegExp(`${REQUEST}(?:${LANGUAGE_WORD})?${lang}${POLITE_END}`).test(text);
  // A bare "en", "nl", "de" or "it" is not a request; only with a verb or "language".
  const bareCode = /^(en|nl|de|it|es|fr|pl|tr|pt)$/.test(text);
  if (asks(ENGLISH) && !bareCode) return { kind: 'language', language: 'en' };
  if (asks(DUTCH) && !bareCode) return { kind: 'language', language: 'nl' };
  if (asks(OTHER) && !bareCode && !/^(?:in|op|to|naar)\s+(?:het\s+)?(?:de|it)$/.test(text))
    return { kind: 'unsupportedLanguage' };
  return null;
}

// Politeness and filler around a command: "back please", "graag overslaan", "ok, skip".
const FILLER =
  /\b(please|pls|plz|graag|alsjeblieft|alstublieft|aub|a\.u\.b|svp|ok|oké|okay|just|maar|even|now|nu)\b/g;
// A wish before a command: "let me start over", "I want to go back", "ik wil opnieuw beginnen".
const WISH =
  /^(?:let me|let's|lets|i want to|i'd like to|i would like to|can i|can we|could we|laat me|ik wil|ik wil graag|kunnen we|mag ik)\s+/;

/** A command word typed instead of an answer, in English or Dutch. */
export function readCommand(text: string): IntakeCommand | null {
  const normalised = text
    .trim()
    .toLowerCase()
    .replace(/^[/!]/, '')
    .replace(/[.!?]+$/, (m) => (text.trim() === '?' ? m : ''))
    .replace(/\s+/g, ' ');
  if (normalised === '?') return { kind: 'help' };
  const language = languageRequest(normalised);
  if (language) return language;
  const bare = normalised
    .replace(FILLER, ' ')
    .replace(/[,;:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(WISH, '');
  for (const [pattern, command] of WORDS) if (pattern.test(normalised) || pattern.test(bare)) return command;
  // "/ticket", "/status": a slash command typed as an answer is no answer; say what works here.
  if (/^\/(?:[a-z-]+$|(?:ticket|tickets|status|help)\s)/.test(text.trim().toLowerCase()))
    return { kind: 'help' };
  const edit =
    /^(?:edit|change|modify|correct|fix|wijzig|wijzigen|verander|aanpassen|pas)\s+(?:the\s+|de\s+|het\s+)?(.+?)(?:\s+aan)?$/.exec(
      normalised,
    );
  if (edit) return { kind: 'edit', target: edit[1]! };
  return null;
}
