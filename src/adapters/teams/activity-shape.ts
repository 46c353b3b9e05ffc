/*
 * What no Bot Framework activity looks like, checked after the token and before
 * botbuilder runs the turn. botbuilder copies the conversation reference (conversation,
 * from, recipient, locale) into every reply and reads membersAdded and entities without
 * checking them, so a body in another shape would fail inside the turn or in a reply.
 */

type Body = Record<string, unknown>;

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isTextOrAbsent = (value: unknown) => value === undefined || value === null || typeof value === 'string';
const isListOrAbsent = (value: unknown, item: (v: unknown) => boolean) =>
  value === undefined || value === null || (Array.isArray(value) && value.every(item));

/**
 * Bot Framework ids (conversations, users, activities): printable ASCII. botbuilder puts
 * the conversation id in a request header, where anything else cannot go.
 */
const isId = (value: unknown) => typeof value === 'string' && /^[\x21-\x7e]{1,256}$/.test(value);

/** A party (from, recipient, a member): an object with an id, and a name if any. */
const isParty = (value: unknown) => isObject(value) && isId(value.id) && isTextOrAbsent(value.name);

/** Why this parsed body cannot be a Bot Framework activity, or null when it may be one. */
export function activityShapeProblem(activity: Body): string | null {
  if (typeof activity.type !== 'string' || !activity.type) return 'the activity has no type';
  const conversation = activity.conversation;
  if (!isObject(conversation) || !isId(conversation.id))
    return 'the activity needs a "conversation" with an id';
  if (!isTextOrAbsent(conversation.tenantId) || !isTextOrAbsent(conversation.conversationType))
    return 'the conversation’s tenantId and conversationType must be text';
  if (!isParty(activity.from) || !isObject(activity.from) || !isParty(activity.recipient))
    return 'the activity needs "from" and "recipient" with ids (and names, if any, as text)';
  for (const key of ['locale', 'text', 'name', 'localTimezone'] as const)
    if (!isTextOrAbsent(activity[key])) return `the activity’s "${key}" must be text`;
  const idOrAbsent = (value: unknown) => value === undefined || value === null || isId(value);
  if (!idOrAbsent(activity.id) || !idOrAbsent(activity.replyToId) || !idOrAbsent(activity.from.aadObjectId))
    return 'the activity’s id, replyToId and aadObjectId must be ids';
  if (!isListOrAbsent(activity.membersAdded, isParty) || !isListOrAbsent(activity.membersRemoved, isParty))
    return 'membersAdded and membersRemoved must be lists of members with ids';
  if (!isListOrAbsent(activity.entities, isObject) || !isListOrAbsent(activity.attachments, isObject))
    return 'entities and attachments must be lists of objects';
  return null;
}
