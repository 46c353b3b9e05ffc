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
