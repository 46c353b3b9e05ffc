/*
 * What no Slack payload looks like, checked before Bolt sees the body. Bolt reads the
 * payload's fields without checking them (`'channel' in event`, `body.user.team_id`, its
 * client pools keyed by team id), so a correctly signed body in another shape would
 * throw inside Bolt: such a body is refused with 400 here instead.
 */

type Body = Record<string, unknown>;

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Workspace and enterprise ids: Bolt uses them as object keys, so only Slack's alphabet. */
const isIdOrNone = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && /^[A-Z0-9]{1,32}$/.test(value));

const isObjectOrAbsent = (value: unknown) => value === undefined || isObject(value);
const isObjectOrNone = (value: unknown) => value === undefined || value === null || isObject(value);
const isTextOrNone = (value: unknown) => value === undefined || value === null || typeof value === 'string';
/** An object (or nothing) whose named fields are text (or nothing). */
const hasTextFields = (value: unknown, keys: readonly string[]) =>
  value === undefined || value === null || (isObject(value) && keys.every((key) => isTextOrNone(value[key])));

/**
 * Slack's event ids are "Ev" and a dozen capitals and digits ("Ev08MFMKH6"). The inbox
 * keys redeliveries on them, so an event without one would be applied again on each
 * retry: it is refused. Letters, digits, "-", "_" and "." up to 64 characters leave room
 * for a longer id some day, not for megabytes.
 */
const EVENT_ID = /^Ev[A-Za-z0-9._-]{1,62}$/;

function eventProblem(body: Body): string | null {
  if (body.type !== 'event_callback') return 'a body with an "event" must be an event_callback';
  const event = body.event;
  if (!isObject(event)) return 'an event_callback needs an "event" object';
  if (typeof body.event_id !== 'string' || !EVENT_ID.test(body.event_id))
    return 'an event_callback needs an "event_id" in Slack’s form (Ev and up to 62 letters, digits, ".", "_" or "-")';
  if (event.channel !== undefined && typeof event.channel !== 'string' && !isObject(event.channel))
    return 'the event’s "channel" must be an id or an object';
  if (event.user !== undefined && typeof event.user !== 'string' && !isObject(event.user))
    return 'the event’s "user" must be an id or an object';
  if (!isObjectOrAbsent(event.item) || !isObjectOrAbsent(event.subteam))
    return 'the event’s "item" and "subteam" must be objects';
  // Slack sends these as text; the inbox, threads and replies key on them.
  for (const key of ['type', 'subtype', 'text', 'ts', 'thread_ts', 'event_ts', 'channel_type', 'bot_id'])
    if (!isTextOrNone(event[key])) return `the event’s "${key}" must be text`;
  const authorizations = body.authorizations;
  if (authorizations !== undefined) {
    if (!Array.isArray(authorizations) || !authorizations.every(isObject))
      return '"authorizations" must be a list of objects';
    for (const a of authorizations as Body[])
      if (!isIdOrNone(a.team_id) || !isIdOrNone(a.enterprise_id))
        return 'an authorization’s team and enterprise ids must be Slack ids';
  }
  return null;
}

function interactionProblem(body: Body): string | null {
  if (!isObject(body.user)) return `a ${String(body.type)} payload needs a "user" object`;
  if (!isIdOrNone(body.user.team_id)) return 'the user’s team id must be a Slack id';
  if (!isObjectOrAbsent(body.channel)) return 'the "channel" must be an object';
  for (const key of ['team', 'enterprise'] as const) {
    const value = body[key];
    if (!isObjectOrNone(value)) return `the "${key}" must be an object`;
    if (isObject(value) && (!isIdOrNone(value.id) || !isIdOrNone(value.enterprise_id)))
      return `the "${key}" ids must be Slack ids`;
  }
  // Bolt matches listeners with action_id.match(...) and block_id.match(...).
  const isAction = (a: unknown) =>
    isObject(a) &&
    typeof a.action_id === 'string' &&
    (a.block_id === undefined || typeof a.block_id === 'string');
  if (body.actions !== undefined && (!Array.isArray(body.actions) || !body.actions.every(isAction)))
    return '"actions" must be a list of actions with ids';
  const fieldsProblem = readFieldsProblem(body);
  if (fieldsProblem) return fieldsProblem;
  if (body.type === 'view_submission' || body.type === 'view_closed') {
    if (!isObject(body.view) || typeof body.view.callback_id !== 'string')
      return `a ${body.type} needs a "view" object with a callback_id`;
    if (!isIdOrNone(body.view.app_installed_team_id)) return 'the view’s team id must be a Slack id';
  } else if (body.view !== undefined && !isObject(body.view)) return 'the "view" must be an object';
  return null;
}

/**
 * The fields our listeners read from a button press (SlackBot): Slack sends them as text,
 * objects and a list of blocks, so anything else is no Slack payload and never reaches a
 * listener (where `blocks.filter` or `String(value)` would throw on it).
 */
function readFieldsProblem(body: Body): string | null {
  if (!isTextOrNone(body.trigger_id)) return 'the "trigger_id" must be text';
  if (!hasTextFields(body.user, ['id'])) return 'the user’s id must be text';
  if (!hasTextFields(body.channel, ['id'])) return 'the channel’s id must be text';
  if (!hasTextFields(body.container, ['channel_id', 'message_ts']))
    return 'the "container" must be an object with text ids';
  const message = body.message;
  if (!hasTextFields(message, ['ts', 'thread_ts', 'text']))
    return 'the "message" must be an object with a text ts, thread_ts and text';
  const blocks = isObject(message) ? message.blocks : undefined;
  if (
    blocks !== undefined &&
    blocks !== null &&
    (!Array.isArray(blocks) || !blocks.every((b) => isObject(b) && isTextOrNone(b.type)))
  )
    return 'the message’s "blocks" must be a list of blocks';
  for (const action of (body.actions ?? []) as Body[]) {
    if (!isTextOrNone(action.value) || !isTextOrNone(action.action_ts))
      return 'an action’s value and action_ts must be text';
    if (!hasTextFields(action.text, ['text'])) return 'an action’s "text" must be an object with text';
    const option = action.selected_option;
    if (!hasTextFields(option, ['value']) || (isObject(option) && !hasTextFields(option.text, ['text'])))
      return 'an action’s "selected_option" must have a text value and label';
  }
  return null;
}

/** The interaction types Bolt routes besides those with `name` or `actions` (its getTypeAndConversation). */
const INTERACTION_TYPES = new Set<unknown>([
  'block_suggestion',
  'dialog_submission',
  'shortcut',
  'message_action',
  'view_submission',
  'view_closed',
]);

/** Why this parsed body cannot be a Slack payload, or null when it may be one. */
export function slackShapeProblem(body: unknown): string | null {
  if (!isObject(body)) return 'the body must be a JSON object or a form';
  if (!isIdOrNone(body.team_id) || !isIdOrNone(body.enterprise_id))
    return 'the team and enterprise ids must be Slack ids';
  if (body.event !== undefined || body.type === 'event_callback') return eventProblem(body);
  if (body.command !== undefined) return typeof body.command === 'string' ? null : 'a command must be text';
  // Answered by the receiver itself (the challenge is echoed, so it must be text).
  if (body.type === 'url_verification')
    return typeof body.challenge === 'string' ? null : 'a url_verification needs a text "challenge"';
  if (body.type === 'app_rate_limited' || body.ssl_check !== undefined) return null;
  // Interactions: everything Bolt routes by `name`, `actions` or `type`. Any other body
  // would reach no listener (Bolt only logs that it could not tell the type).
  if (body.name !== undefined || body.actions !== undefined || INTERACTION_TYPES.has(body.type))
    return interactionProblem(body);
  return 'no event, command or interaction of a type Slack sends here';
}
