// Openers people put before their report, and words that only ask the bot to start.
const GREETING =
  /^(?:(?:hi|hello|hey|hiya|howdy|hoi|hallo|hai|hey there|goedemorgen|goedemiddag|goedenavond|good morning|good afternoon|good evening|morning|dear|beste|yo)\b[\s,!.]*(?:there|team|all|everyone|everybody|allemaal|support|servicedesk|service desk|helpdesk|ticketbot|bot|guys|folks|iedereen|jullie|collega'?s)?[\s,!.:;-]*)+/i;

const ONLY_START =
  /^(?:help|hulp|menu|start|begin|ticket|new ticket|nieuw ticket|report|report an issue|melding|probleem melden|i have a problem|ik heb een probleem|\?)?[\s!.?]*$/i;

const SIGN_OFF =
  /(?:^|[\n.!?]\s*)(?:thanks?(?: you)?(?: in advance)?|many thanks|cheers|regards|kind regards|best regards|br|bedankt|alvast bedankt|dank je(?: wel)?|dankjewel|groet(?:en|jes)?|met vriendelijke groet(?:en)?|mvg|vriendelijke groet(?:en)?)\b[\s\S]{0,60}$/i;

/** The message without a greeting in front ("Hi team, ..."). */
export function stripGreeting(text: string): string {
  return text.replace(GREETING, '').trim();
}

/** The message without a sign-off at the end ("Thanks, Jan"). */
export function stripSignOff(text: string): string {
  return text.replace(SIGN_OFF, '').trim();
}

/** "hi", "hallo!", "help", "good morning team": a message that only opens the conversation. */
export function isOnlyGreeting(text: string): boolean {
  return ONLY_START.test(stripGreeting(text.trim()));
}
