import { decodeEntities } from '../../core/text/html-entities.js';
import { linkAsTyped } from '../../core/text/link-as-typed.js';
import { shorten } from '../../core/text/text-hygiene.js';

// Slack mrkdwn and plain text only need &, < and > escaped: with them escaped, a
// user's <!channel>, <@U123> or <https://link|text> stays literal text.

export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to a length limit of Slack, at a word boundary where possible, marking the cut. */
export function clip(text: string, max: number): string {
  const short = shorten(text, max);
  // Never end inside an escape such as "&am".
  return short === text
    ? text
    : `${short
        .slice(0, -1)
        .replace(/&[a-z]{0,4}$/, '')
        .trimEnd()}…`;
}

/** Escaped and fitted: what every user-provided value rendered in Slack goes through. */
export function slackText(text: string, max: number): string {
  return clip(slackEscape(text), max);
}

/** One <...> of Slack's markup as the text it stands for. */
function plainOfMarkup(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : inner.slice(bar + 1);
  // <@U123> and <#C123|general>: a person or channel, as a name that pings nobody here.
  if (target.startsWith('@') || target.startsWith('#')) return `${target[0]}${label || target.slice(1)}`;
  // <!here>, <!subteam^S1|@team>, <!date^1700000000^{date}|fallback>: the fallback, else the word.
  if (target.startsWith('!')) return label || `@${target.slice(1).split('^')[0]}`;
  return linkAsTyped(label, target);
}

/**
 * What a user typed, from the text Slack sends: Slack turns typed hosts, e-mail
 * addresses, mentions and channel names into markup (`<http://acme.nl|acme.nl>`,
 * `<mailto:a@acme.nl|a@acme.nl>`, `<@U123>`) and escapes &, < and > (a typed "<" arrives
 * as "&lt;", so every "<...>" is markup). The core reads plain text.
 */
export function slackPlainText(text: string): string {
  // Slack escapes every & a user types, so one decoding pass gives back what was typed.
  return decodeEntities(text.replace(/<([^<>]*)>/g, (_all, inner: string) => plainOfMarkup(inner)));
}
