// Openers people put before their report, and words that only ask the bot to start.
const GREETING =
  /^(?:(?:hi|hello|hey|hiya|howdy|hoi|hallo|hai|hey there|goedemorgen|goedemiddag|goedenavond|good morning|good afternoon|good evening|morning|dear|beste|yo)\b[\s,!.]*(?:there|team|all|everyone|everybody|allemaal|support|servicedesk|service desk|helpdesk|ticketbot|bot|guys|folks|iedereen|jullie|collega'?s)?[\s,!.:;-]*)+/i;

const ONLY_START =
  /^(?:help|hulp|menu|start|begin|ticket|new ticket|nieuw ticket|report|report an issue|melding|probleem melden|i have a problem|ik heb een probleem|\?)?[\s!.?]*$/i;

const SIGN_OFF_WORDS =
  '(?:thanks?(?: you)?(?: in advance)?|many thanks|cheers|regards|kind regards|best regards|br|bedankt|alvast bedankt|dank je(?: wel)?|dankjewel|groet(?:en|jes)?|met vriendelijke groet(?:en)?|mvg|vriendelijke groet(?:en)?)\\b';
// After the last sentence: "... since 16:00. Thanks, Jan".
const SIGN_OFF = new RegExp(`[\\n.!?]\\s*${SIGN_OFF_WORDS}[\\s\\S]{0,60}$`, 'i');
const SIGN_OFF_START = new RegExp(`^${SIGN_OFF_WORDS}`, 'i');

/** The message without a greeting in front ("Hi team, ..."). */
export function stripGreeting(text: string): string {
  return text.replace(GREETING, '').trim();
}

/** The message without a sign-off after its last sentence ("... 16:00. Thanks, Jan"). */
export function stripSignOff(text: string): string {
  return text.replace(SIGN_OFF, (m) => m.charAt(0)).trim();
}

/**
 * The parts of a message before its sign-off: a part after the first that starts
 * with "Kind regards" or "Met vriendelijke groet" ends the message.
 */
export function beforeSignOff(parts: readonly string[]): string[] {
  const end = parts.findIndex((part, i) => i > 0 && SIGN_OFF_START.test(part));
  return end < 0 ? [...parts] : parts.slice(0, end);
}

/** "hi", "hallo!", "help", "good morning team": a message that only opens the conversation. */
export function isOnlyGreeting(text: string): boolean {
  return ONLY_START.test(stripGreeting(text.trim()));
}
