// Legal forms that mark a company name: "Acme BV", "Contoso Ltd", "Fabrikam GmbH".
const LEGAL_FORM =
  /(?:^|\s)(b\.?v\.?|n\.?v\.?|ltd\.?|limited|inc\.?|gmbh|llc|v\.o\.f\.|vof|bvba|corp\.?|PLC|AG|SA)(?=$|[\s,;:!?)])/gi;

const HAS_LEGAL_FORM = new RegExp(LEGAL_FORM.source, 'i');

/** True when the text names a legal form ("Globex NV"): a company name, not prose. */
export function hasLegalForm(text: string): boolean {
  return HAS_LEGAL_FORM.test(text);
}

// Capitalised words that start a sentence rather than a name.
const NOT_A_NAME = new Set(
  "i im i'm we our the this that hi hello hey dear at from for with since namens van bij wij ons onze ik het de een hoi hallo beste sinds vanaf and en our my mijn".split(
    ' ',
  ),
);

const NAME_WORD = /^[\p{Lu}\p{N}][\p{L}\p{N}&'’.-]*$/u;
const JOINER = /^(?:&|and|en|de|van|der|den|het|'t|of)$/i;

/** The name words right before a legal form: "from Contoso Ltd" gives "Contoso". */
function nameBefore(words: string[], allowLowercase: boolean): string[] {
  const taken: string[] = [];
  for (let i = words.length - 1; i >= 0 && taken.length < 5; i--) {
    const word = words[i]!;
    if (/[,;:!?]$/.test(word)) break;
    if (NAME_WORD.test(word) || (taken.length > 0 && JOINER.test(word))) taken.unshift(word);
    else break;
  }
  // "from Acme": drop words that start a sentence; a capitalised "Van" or "De" is part of the name.
  const startsName = (w: string) => /^(Van|De|Der|Den|Het|Ter|Ten)$/.test(w);
  while (
    taken.length &&
    !startsName(taken[0]!) &&
    (JOINER.test(taken[0]!) || NOT_A_NAME.has(taken[0]!.toLowerCase()))
  )
    taken.shift();
  if (taken.length === 0 && allowLowercase) {
    const last = words.at(-1);
    if (last && /^[\p{L}\p{N}][\p{L}\p{N}&'’-]*$/u.test(last) && !NOT_A_NAME.has(last.toLowerCase()))
      return [last];
  }
  return taken;
}

// "sync from Dropbox Inc", "our supplier Contoso Ltd": a company that is someone else.
const THIRD_PARTY =
  /^(from|to|with|by|via|of|for|supplier|vendor|partner|leverancier|naar|met|door|voor|van)$/i;
// ...unless the writer introduces themselves: "I'm from Contoso Ltd", "Jan here from Acme BV".
const INTRODUCED =
  /\b(i'?m|i am|we'?re|we are|this is|here|writing|ik ben|wij zijn|we zijn|namens|behalf|work|werk|werken)\b/i;

/** Every company with a legal form in the text, each as "name form". */
function legalNames(text: string, allowLowercase: boolean, withThirdParties = false): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(LEGAL_FORM)) {
    const form = m[1]!;
    // "AG", "SA" and "PLC" only in capitals: as lowercase words they mean other things.
    if (/^(ag|sa|plc)$/i.test(form) && form !== form.toUpperCase()) continue;
    const before = text.slice(0, m.index).trim().split(/\s+/).filter(Boolean);
    const name = nameBefore(before, allowLowercase);
    // "Inc." at the end of a sentence: the dot is the sentence's; "B.V." keeps its dots.
    const bareForm = /^[a-z]+\.$/i.test(form) ? form.slice(0, -1) : form;
    if (!name.length) continue;
    const previous = before[before.length - name.length - 1] ?? '';
    const lead = before
      .slice(Math.max(0, before.length - name.length - 6), before.length - name.length)
      .join(' ');
    if (!withThirdParties && THIRD_PARTY.test(previous) && !INTRODUCED.test(lead)) continue;
    names.push(`${name.join(' ')} ${bareForm}`.replace(/\s+/g, ' '));
  }
  return names;
}

/** The one company with a legal form; none when the text names two different ones. */
function withLegalForm(text: string, allowLowercase: boolean): string | null {
  const names = [...new Set(legalNames(text, allowLowercase))];
  return names.length === 1 ? names[0]! : null;
}

/** How many different companies with a legal form the text names, third parties included. */
export function countLegalNames(text: string): number {
  return new Set(legalNames(text, false, true)).size;
}

// A capitalised name of one to four words, read case-sensitively after an introduction.
const NAME =
  /^\s*([\p{Lu}\p{N}](?:[\p{L}\p{N}&'’-]|\.(?=\p{L}))*(?:\s+(?:&\s+|de\s+|van\s+)?[\p{Lu}\p{N}](?:[\p{L}\p{N}&'’-]|\.(?=\p{L}))*){0,3})/u;
// "I'm from Contoso", "on behalf of Fabrikam", "namens Bakkerij De Vries", "ik werk bij Acme".
const INTRODUCTIONS: readonly RegExp[] = [
  /\b(?:i'?m|i am|we'?re|we are|this is [\p{L}]+|[\p{L}]+ here|writing|calling|reaching out|contacting you)\s+(?:[\p{L}]+\s+)?(?:from|at|with)\s+/iu,
  /\b(?:on behalf of|namens)\s+/iu,
  /\b(?:[Ww]e are|[Ww]e're|[Ww]ij zijn|[Ww]e zijn)\s+(?=\p{Lu})/u,
  /\b(?:i work|we work|ik werk|wij werken|we werken)\s+(?:at|for|bij|voor)\s+/iu,
  /\b(?:ik ben|wij zijn|we zijn|hier is)\s+(?:[\p{L}]+\s+)?(?:van|bij)\s+/iu,
];

function tidyName(name: string): string {
  return name.replace(/[.,;:!?'’]+$/, '').trim();
}

/**
 * The company named in a message: one with a legal form ("Acme BV"), or introduced
 * ("I'm from Contoso", "namens Fabrikam"). Null when nothing says so for sure.
 * `short` allows a lowercase name before the form ("acme bv") in a terse message.
 */
export function findCompany(text: string, short = false): string | null {
  const legal = withLegalForm(text, short);
  if (legal) return legal.replace(/[,;:!?]+$/, '');
  for (const pattern of INTRODUCTIONS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const named = NAME.exec(text.slice(m.index + m[0].length));
    if (!named) continue;
    const name = tidyName(named[1]!);
    const words = name.split(/\s+/);
    if (!NOT_A_NAME.has(words[0]!.toLowerCase()) && name.length >= 2) return name;
  }
  return null;
}
