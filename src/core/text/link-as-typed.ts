/** A link's address without its scheme and a trailing slash, to compare with what was typed. */
function typedForm(address: string): string {
  return address
    .replace(/^(https?:\/\/|mailto:)/i, '')
    .replace(/\/$/, '')
    .toLowerCase();
}

/**
 * A link in a chat message as the text the user meant: a chat client links a typed host or
 * e-mail address itself (its label is what was typed); a link the user labelled keeps
 * both, so neither the words nor the address is lost.
 */
export function linkAsTyped(label: string, target: string): string {
  const address = target.replace(/^mailto:/i, '');
  if (!label) return address;
  if (typedForm(label) === typedForm(target)) return label;
  // A label that is itself an address other than the target ("acme.nl" pointing elsewhere):
  // the label is what the user read; the hidden target is not taken as theirs.
  if (/^\S+\.\S+$/.test(label)) return label;
  return `${label} (${address})`;
}
