/**
 * Slack's ids as Slack makes them: a letter for the kind, then capitals and digits.
 * A value in another shape (missing, an object, megabytes) is not from Slack and never
 * becomes part of a stored key.
 */
const USER = /^[UW][A-Z0-9]{2,20}$/;
const TEAM = /^[TE][A-Z0-9]{1,20}$/;
const CHANNEL = /^[CDG][A-Z0-9]{1,24}$/;
/** Message timestamps: seconds, a dot, microseconds. */
const TS = /^\d{1,12}\.\d{1,8}$/;
/** trigger ids, view ids and event ids are opaque but short. */
const MAX_OPAQUE_ID = 256;

export const isSlackUserId = (value: unknown): value is string =>
  typeof value === 'string' && USER.test(value);
export const isSlackTeamId = (value: unknown): value is string =>
  typeof value === 'string' && TEAM.test(value);
export const isSlackChannelId = (value: unknown): value is string =>
  typeof value === 'string' && CHANNEL.test(value);
export const isSlackTs = (value: unknown): value is string => typeof value === 'string' && TS.test(value);

export function isOpaqueId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_OPAQUE_ID;
}
