// Keys under which customers are looked up: what a person types in an intake is
// rarely spelled like the contract ("ACME b.v", "acme.workspace365.net/").

/** Legal forms that do not tell two companies apart ("Acme BV" is "Acme"). */
const LEGAL_FORMS = new Set(['bv', 'nv', 'vof', 'cv', 'inc', 'ltd', 'llc', 'gmbh', 'ag', 'sa', 'plc', 'co']);

/**
 * A company name folded for comparison: case, accents, punctuation and a trailing legal
 * form are ignored, so "Acme B.V.", "ACME BV", "Acme B.V" and "Acme" share one key.
 */
export function companyKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // "B.V." and "B. V." become "bv": dots between letters join them.
    .replace(/\b([a-z])\.\s?(?=[a-z]\b)/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/**
 * The host of an environment, given as a URL or a bare host ("acme.workspace365.net",
 * "https://ACME.workspace365.net/login"); null when it is not one.
 */
export function environmentHost(text: string): string | null {
  const trimmed = text.trim().replace(/^[<(]+|[)>,;]+$/g, '');
  if (!trimmed || /\s/.test(trimmed)) return null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

/** Whether the text is an absolute http(s) URL with a host (what the file must contain). */
export function isEnvironmentUrl(text: string): boolean {
  return /^https?:\/\//i.test(text.trim()) && environmentHost(text) !== null;
}
