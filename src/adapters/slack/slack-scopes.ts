/**
 * The bot token scopes ticketbot uses (manifests/slack/manifest.yaml names the same, with
 * what each is for). An install made before a scope was added lacks it until the app is
 * reinstalled; that is said at start, not found out at the first P1.
 */
export const SLACK_BOT_SCOPES: readonly string[] = Object.freeze([
  'app_mentions:read',
  'channels:history',
  'channels:manage',
  'channels:read',
  'chat:write',
  'commands',
  'groups:history',
  'im:history',
  'im:write',
  'pins:read',
  'pins:write',
  'reactions:read',
  'users:read',
]);

/**
 * The scopes the token lacks, from the scopes Slack says it was granted (auth.test's
 * x-oauth-scopes); none when Slack does not say (some proxies and test servers do not).
 */
export function missingSlackScopes(granted: readonly string[] | undefined): string[] {
  if (!granted || granted.length === 0) return [];
  const have = new Set(granted);
  return SLACK_BOT_SCOPES.filter((scope) => !have.has(scope));
}
