import { cleanLine, shorten } from '../text/text-hygiene.js';
import { isEmail, LIST_FILLER, MAX_LIST_ENTRIES, type Parsed, parseEnvironment } from './field-parsers.js';
import { isDontKnow } from './non-answers.js';

// user names: letters, digits and . _ - ' and a DOMAIN\user form; no spaces or markup.
const USERNAME = /^(?:[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}\\)?[\p{L}\p{N}][\p{L}\p{N}._'-]{0,127}$/u;
// What makes a word a user name rather than an ordinary word: a dot, underscore, digit or domain.
const ACCOUNT_MARK = /[._\\\d@]/;
// "Jan", "de", "Vries": the words of a person's name.
const NAME_PART = /^\p{Lu}[\p{L}'’-]*$/u;
const NAME_JOINER = /^(?:van|de|der|den|ter|ten|te|het|'t|in|op|la|le|du|da|von|el)$/i;
const EVERYONE =
  /^(?:all|all users|all of us|everyone|everybody|every user|the whole company|whole company|all staff|iedereen|alle gebruikers|allemaal|het hele bedrijf|hele bedrijf|alle medewerkers|heel het bedrijf)$/i;
// "me": the account is the one the user signs in with, which the bot has to ask for.
const SELF = /^(?:me|myself|i|just me|only me|ik|mij|mezelf|alleen ik|alleen mij|ikzelf)$/i;
// People named by who they are, not by their account: "me and a colleague", "collega Piet".
const RELATIVE_PERSON =
  /^(?:(?:a|my|our|one|two|some|another|een|mijn|onze|nog een)\s+)?(?:colleagues?|co-?workers?|team ?mates?|someone|somebody|users?|people|collega'?s?|iemand|gebruikers?|mensen)\b/i;
// Words that are not names even when capitalised at the start of a sentence.
const NOT_A_NAME = new Set(
  'i we the a an it they he she all everyone nobody cannot can not also ik wij we het de een ze zij hij alle niemand kan niet ook en and or of'.split(
    ' ',
  ),
);

/** The account a token names ("J.Doe@Acme.nl," gives "j.doe@acme.nl"), or null. */
export function accountOf(token: string): string | null {
  const entry = token.replace(/^<mailto:([^|>]+)(?:\|[^>]*)?>$/i, '$1').replace(/^[("']+|[)"'.,;:!?]+$/g, '');
  if (isEmail(entry)) return entry.toLowerCase();
  return USERNAME.test(entry) ? entry : null;
}

/** An account-like word: "j.doe", "k_smit", "ACME\\jdoe", "jan@acme.nl", not a host name. */
export function isAccountToken(token: string): boolean {
  const account = accountOf(token);
  if (!account || !ACCOUNT_MARK.test(account) || !/\p{L}/u.test(account)) return false;
  return isEmail(account) || parseEnvironment(account, true) === null;
}

/** "Jan de Vries": two to four words that together are one person's name. */
function isPersonName(words: readonly string[]): boolean {
  if (words.length < 2 || words.length > 4) return false;
  if (!NAME_PART.test(words[0]!) || !NAME_PART.test(words.at(-1)!)) return false;
  return (
    words.every((w) => NAME_PART.test(w) || NAME_JOINER.test(w)) && !NOT_A_NAME.has(words[0]!.toLowerCase())
  );
}

function splitEntries(answer: string): string[] {
  return cleanLine(answer.replace(/\n/g, ','))
    .split(/\s*[,;]\s*|\s+(?:and|en|&|plus)\s+|\s*\+\s*/i)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A usernames answer: accounts, e-mail addresses or full names ("Jan de Vries" is one
 * user), separated by commas or "and". "everyone" is not a user name, and a sentence
 * gives only the accounts it names.
 */
// "j.doe (me)", "k.smit (dat ben ik)": the account is the user's own; the remark is no name.
const SELF_REMARK = /\s*\((?:me|myself|that'?s me|mine|my account|ik|mij|mezelf|dat ben ik|mijn account)\)/gi;

export function parseUsernames(answer: string): Parsed<string[]> {
  const text = cleanLine(answer.replace(/[’]/g, "'").replace(SELF_REMARK, ''));
  const bare = text.replace(/[.!]+$/, '');
  if (EVERYONE.test(bare)) return { ok: false, error: 'invalid.usernamesEveryone' };
  if (isDontKnow(bare) || /^(?:no|nee)$/i.test(bare)) return { ok: false, error: 'invalid.usernamesUnknown' };
  if (SELF.test(bare)) return { ok: false, error: 'invalid.usernamesSelf' };
  const values: string[] = [];
  const add = (value: string) => {
    if (!values.includes(value)) values.push(value);
  };
  const excluded: string[] = [];
  const entries: string[] = [];
  // "j.doe, not k.smit", "k.smit but not p.jansen": the names after "not" are left out.
  for (const part of splitEntries(text).flatMap((e) => e.split(BEFORE_EXCLUSION))) {
    // "k.smit as well", "ook j.doe": words around a name that name no one.
    const kept = part
      .split(/\s+/)
      .filter((w) => !LIST_FILLER.test(w))
      .join(' ');
    if (!kept) continue;
    const not = EXCLUDED.exec(kept);
    if (not) {
      excluded.push(...not[1]!.split(/\s+/).map((w) => accountOf(w) ?? w));
      continue;
    }
    // "j.doe and 3 others", "about 20 people": a count names no account; asked, not stored.
    if (PEOPLE_COUNTED.test(kept) || COUNT_ALONE.test(kept))
      return { ok: false, error: 'invalid.usernamesCount', params: { value: shorten(kept, 80) } };
    entries.push(kept);
  }
  if (entries.length === 0 && excluded.length > 0) return { ok: false, error: 'invalid.usernamesSentence' };
  // "me and a colleague": no account names at all; asking beats storing "me", "a", "colleague".
  if (entries.some((e) => SELF.test(e.replace(/[.!]+$/, '')) || RELATIVE_PERSON.test(e)))
    return { ok: false, error: 'invalid.usernamesSelf' };
  for (const entry of entries) {
    const words = entry.split(/\s+/);
    if (words.length === 1 || words.every((w) => isAccountToken(w))) {
      for (const word of words) {
        const account = accountOf(word);
        if (account === null)
          return { ok: false, error: 'invalid.username', params: { value: shorten(word, 80) } };
        add(account);
      }
      continue;
    }
    if (isPersonName(words)) {
      add(words.join(' '));
      continue;
    }
    if (
      words.length <= 3 &&
      words.every((w) => accountOf(w) !== null && !COMMON_WORDS.has(w.toLowerCase()))
    ) {
      for (const word of words) add(accountOf(word)!);
      continue;
    }
    const bad = words.find((w) => accountOf(w) === null);
    if (bad) return { ok: false, error: 'invalid.username', params: { value: shorten(bad, 80) } };
    // A sentence: keep the accounts it names, or ask for them.
    // The accounts named before the sentence ("j.doe, k.smit cannot log in") stay.
    const named = values
      .concat(findUsernames(text) ?? words.filter((w) => isAccountToken(w)).map((w) => accountOf(w)!))
      .filter((name, i, all) => !excluded.includes(name) && all.indexOf(name) === i);
    if (!named.length) return { ok: false, error: 'invalid.usernamesSentence' };
    return { ok: true, value: named.slice(0, MAX_LIST_ENTRIES) };
  }
  for (const out of excluded) {
    const at = values.indexOf(out);
    if (at >= 0) values.splice(at, 1);
  }
  if (values.length === 0) return { ok: false, error: 'invalid.username', params: { value: text } };
  if (values.length > MAX_LIST_ENTRIES)
    return { ok: false, error: 'invalid.tooMany', params: { max: MAX_LIST_ENTRIES } };
  return { ok: true, value: values };
}

// "not k.smit", "maar niet p.jansen", "except j.doe": names left out, never stored.
const BEFORE_EXCLUSION = /(?<!\b(?:but|maar))\s+(?=(?:but\s+|maar\s+)?(?:not|niet|except|behalve)\s)/i;
const EXCLUDED = /^(?:but\s+|maar\s+)?(?:not|niet|except|behalve|without|zonder)\s+(\S.*)$/i;
const NUMBER =
  '(?:\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|een paar|enkele)';
const PEOPLE_COUNTED = new RegExp(
  `^(?:(?:about|around|some|roughly|approximately|ca\\.?|circa|ongeveer|zo'?n|nog|and|en)\\s+)*${NUMBER}\\s+(?:(?:more|other|andere|meer)\\s+)?(?:others?|people|persons|users|colleagues|employees|staff|anderen|mensen|personen|gebruikers|collega'?s|medewerkers)$`,
  'i',
);
// "2", "two": a number alone is no account (a stray option number, most often).
const COUNT_ALONE = new RegExp(`^${NUMBER}$`, 'i');

// Short words of a sentence: "jdoe ksmit" is two accounts, "nobody can work" is not.
const COMMON_WORDS = new Set(
  'the is are was can cant not no all and or of in on to for me my we our us it this that with users user everyone nobody works work working niet kan kunnen geen alle de het een en of in op voor mij mijn wij ons onze ik werkt werken niemand iedereen gebruikers'.split(
    ' ',
  ),
);

// "affected:" only with its colon: "the update affected Outlook" names no user.
const CUE =
  /\b(?:(?:users?|usernames?|user names?|accounts?|gebruikers?|gebruikersnamen|gebruikersnaam|logins?)\b\s*:?\s+|(?:affected|getroffen|betrokken)\s*:\s*)/giu;

/**
 * The accounts named after "user(s)", "gebruiker(s)", "accounts" in a sentence: "users
 * j.doe and k.smit can't log in" gives j.doe and k.smit. Plain words count only when
 * capitalised ("users Jan and Piet"). Null when no cue is followed by a name.
 */
export function findUsernames(text: string): string[] | null {
  const found: string[] = [];
  for (const cue of text.matchAll(CUE)) {
    const after = text.slice(cue.index + cue[0].length).split(/\s+/);
    // After "affected:" only accounts count: forms also list systems there ("Outlook desktop").
    const accountsOnly = /^(?:affected|getroffen|betrokken)/i.test(cue[0]);
    let expectName = true;
    for (const raw of after) {
      const word = raw.replace(/[.,;:!?)]+$/, '');
      if (!expectName && /^(and|en|&|plus|,)$/i.test(word)) {
        expectName = true;
        continue;
      }
      if (!expectName) break;
      const account = isAccountToken(word) ? accountOf(word) : null;
      const name =
        account ??
        (!accountsOnly && NAME_PART.test(word) && !NOT_A_NAME.has(word.toLowerCase()) && word.length > 1
          ? word
          : null);
      if (!name) break;
      if (!found.includes(name)) found.push(name);
      expectName = /,$/.test(raw);
      if (/[.;:!?]$/.test(raw)) break;
    }
  }
  return found.length ? found : null;
}
