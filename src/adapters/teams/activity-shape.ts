/*
 * What no Bot Framework activity looks like, checked once the token is known good and
 * before botbuilder checks the body against it and runs the turn. botbuilder checks
 * channelId against the signing key's endorsements, sends every reply to serviceUrl,
 * copies the conversation reference (conversation, from, recipient, locale) into every
 * reply and reads membersAdded, entities and value without checking them, so a body in
 * another shape would fail in the token check (a 500), inside the turn or in a reply.
 */

import { serviceUrlProblem } from './service-url.js';

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

/**
 * An entity: an object with a type (botbuilder lower-cases every entity's type looking for
 * mentions); a mention names who is mentioned (compared by id) and its text (cut from the
 * message text) as text.
 */
const isEntity = (value: unknown) =>
  isObject(value) &&
  typeof value.type === 'string' &&
  (value.type.toLowerCase() !== 'mention' || (isObject(value.mentioned) && isTextOrAbsent(value.text)));

/** An attachment: an object whose content type, if any, is text. */
const isAttachment = (value: unknown) => isObject(value) && isTextOrAbsent(value.contentType);

/** Why this parsed body cannot be a Bot Framework activity, or null when it may be one. */
export function activityShapeProblem(activity: Body): string | null {
  if (typeof activity.type !== 'string' || !activity.type) return 'the activity has no type';
  if (!isId(activity.channelId)) return 'the activity needs a "channelId" (such as "msteams")';
  const serviceUrl = serviceUrlProblem(activity.serviceUrl);
  if (serviceUrl) return serviceUrl;
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
  // botbuilder reads entities when they are not undefined: null is no list to it.
  const { entities } = activity;
  if (entities !== undefined && !(Array.isArray(entities) && entities.every(isEntity)))
    return 'entities must be a list of objects with a type (a mention with "mentioned")';
  if (!isListOrAbsent(activity.attachments, isAttachment))
    return 'attachments must be a list of objects (a contentType, if any, as text)';
  if (!(activity.value === undefined || activity.value === null || isObject(activity.value)))
    return 'the activity’s "value" must be an object';
  return null;
}
