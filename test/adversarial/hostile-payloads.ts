import fc, { type Arbitrary } from 'fast-check';
import {
  type Drawn,
  field,
  free,
  hostile,
  malformedText,
  notSlackChannel,
  notSlackTeamId,
  notSlackUserId,
  objectField,
  shape,
  slackChannel,
  slackTeamId,
  slackTs,
  slackUserId,
} from './hostile-values.js';

/*
 * Generated payloads for each endpoint. Every generated payload has at least one field in
 * no shape the platform sends (flagged bad), so none of them may be stored; the other
 * fields are plausible or hostile at random, so the code behind the checks runs too.
 */

const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('hi', 'Acme BV, login broken since 9:00', 'form', 'P1 everything down'),
);
const notText = hostile.filter((v) => typeof v !== 'string');
const onlyBad = (d: Drawn) => d.bad;

const slackFile = shape({
  id: free(fc.constantFrom('F1', 'F2')),
  name: free(anyText),
  mimetype: free(fc.constantFrom('image/png', 'text/plain')),
  size: free(fc.integer()),
});

const slackEvent = objectField({
  type: field(
    fc.constantFrom('message', 'app_mention'),
    fc.oneof(hostile, fc.constantFrom('pin_added', 'reaction_added', 'app_home_opened', 'team_join')),
  ),
  user: field(slackUserId, notSlackUserId),
  channel: field(slackChannel, notSlackChannel),
  channel_type: free(fc.constantFrom('im', 'channel', 'group')),
  text: field(anyText, notText, { optional: true }),
  ts: free(slackTs),
  thread_ts: free(slackTs),
  subtype: free(fc.constantFrom('file_share', 'bot_message', 'message_changed')),
  files: free(
    fc.array(
      slackFile.map((d) => d.value),
      { maxLength: 2 },
    ),
  ),
  item: free(fc.record({ type: fc.constant('message'), channel: slackChannel, ts: slackTs })),
  reaction: free(anyText),
  event_ts: free(slackTs),
});

/** Events API bodies (JSON). */
export const slackEventBodies: Arbitrary<string> = fc.oneof(
  {
    weight: 19,
    arbitrary: fc
      .record({
        type: field(
          fc.constant('event_callback'),
          fc.oneof(hostile, fc.constantFrom('url_verification', 'app_rate_limited', 'block_actions')),
        ),
        team: field(slackTeamId, notSlackTeamId),
        event: slackEvent,
        eventId: free(fc.string({ minLength: 1, maxLength: 12 })),
        authorizations: fc.boolean(),
        challenge: free(anyText),
      })
      .map(({ type, team, event, eventId, authorizations, challenge }) => {
        const body: Record<string, unknown> = { token: 'legacy', api_app_id: 'A1' };
        const put = (key: string, d: Drawn) => {
          if (typeof d.value !== 'symbol') body[key] = d.value;
        };
        put('type', type);
        put('team_id', team);
        put('event', event);
        put('event_id', eventId);
        put('challenge', challenge);
        // Bolt reads the team from the authorizations first: the same drawn value goes there.
        if (authorizations && typeof team.value !== 'symbol')
          body.authorizations = [{ team_id: team.value, user_id: 'UBOT', is_bot: true }];
        return { bad: type.bad || team.bad || event.bad, value: body };
      })
      .filter(onlyBad)
      .map((d) => JSON.stringify(d.value)),
  },
  { weight: 1, arbitrary: malformedText },
);

const actionIds = fc.constantFrom(
  'intake_choice_0',
  'intake_choice_3',
  'intake_select',
  'ticket_acknowledge',
  'ticket_pause',
  'ticket_resolve',
  'ticket_changePriority',
  'ticket_nonsense',
  'ticket_form',
  'unknown_action',
);
const actionValues = fc.constantFrom(
  '{"step":"impact","choice":"high"}',
  '{"choice":5}',
  '{"choice":{"$gt":""}}',
  'TCK-000001',
  'not json',
  '',
);

const slackAction = shape({
  type: free(fc.constantFrom('button', 'static_select')),
  action_id: free(actionIds),
  block_id: free(anyText),
  value: free(actionValues),
  action_ts: free(slackTs),
  text: free(fc.record({ type: fc.constant('plain_text'), text: anyText })),
  selected_option: free(fc.record({ value: actionValues, text: fc.record({ text: anyText }) })),
}).map((d) => d.value);

const user = objectField({ id: field(slackUserId, notSlackUserId) });
const team = objectField({ id: field(slackTeamId, notSlackTeamId) });

const blockActions = fc
  .record({
    type: field(
      fc.constant('block_actions'),
      fc.constantFrom('shortcut', 'message_action', 'block_suggestion', 'interactive_message'),
    ),
    user,
    team,
    channel: objectField({ id: field(slackChannel, notSlackChannel) }),
    // No channel_id here: it would stand in for a channel drawn bad.
    container: free(fc.record({ type: fc.constant('message'), message_ts: slackTs })),
    trigger_id: free(fc.string({ minLength: 1, maxLength: 20 })),
    message: free(
      fc.record({
        ts: slackTs,
        text: anyText,
        blocks: fc.array(fc.record({ type: fc.constantFrom('actions', 'section') }), { maxLength: 2 }),
      }),
    ),
    actions: free(fc.array(slackAction, { maxLength: 3 })),
  })
  .map(objectOf);

const formValue = fc.record({ value: fc.record({ type: fc.constant('plain_text_input'), value: anyText }) });
const viewState = objectField({
  values: field(
    fc.dictionary(
      fc.constantFrom('company', 'impact', 'urgency', 'description', 'reason', 'pauseReason', 'priority'),
      formValue,
    ),
  ),
});

const viewSubmission = fc
  .record({
    type: field(fc.constant('view_submission'), fc.constantFrom('view_closed', 'dialog_submission')),
    user,
    team,
    view: objectField({
      id: field(fc.constantFrom('V1', 'V2FUZZ'), fc.oneof(hostile, fc.constant(`V${'9'.repeat(300)}`))),
      callback_id: free(
        fc.constantFrom('ticket_form', 'ticket_pause', 'ticket_respond', 'ticket_changePriority', 'nope'),
      ),
      private_metadata: free(
        fc.constantFrom('{"language":"nl","timeZone":"Europe/Amsterdam"}', '{', '"x"', 'TCK-000001', ''),
      ),
      state: viewState,
      hash: free(anyText),
    }),
  })
  .map(objectOf);

function objectOf(fields: Record<string, Drawn>): Drawn {
  const value: Record<string, unknown> = { api_app_id: 'A1', token: 'legacy' };
  let bad = false;
  for (const [key, d] of Object.entries(fields)) {
    bad ||= d.bad;
    if (typeof d.value !== 'symbol') value[key] = d.value;
  }
  return { bad, value };
}

/** Interactivity bodies: a form with a JSON `payload` (block actions, view submissions). */
export const slackInteractionBodies: Arbitrary<string> = fc.oneof(
  {
    weight: 19,
    arbitrary: fc
      .oneof(
        blockActions,
        viewSubmission,
        hostile.map((value) => ({ bad: true, value })),
      )
      .filter(onlyBad)
      .map((d) => `payload=${encodeURIComponent(JSON.stringify(d.value) ?? 'undefined')}`),
  },
  { weight: 1, arbitrary: malformedText },
);

const formString = (arb: Arbitrary<unknown>) =>
  arb.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))));

/** Slash command bodies: plain form fields. */
export const slackCommandBodies: Arbitrary<string> = fc.oneof(
  {
    weight: 19,
    arbitrary: fc
      .record({
        command: field(fc.constant('/ticket'), fc.constantFrom('/other', '', '/TICKET', 'ticket')),
        text: free(anyText),
        user_id: field(slackUserId, formString(notSlackUserId)),
        team_id: field(slackTeamId, formString(notSlackTeamId)),
        trigger_id: field(
          fc.constantFrom('13345224609.738474920.8088930838d88f008e0'),
          fc.constantFrom('', 'x'.repeat(300)),
        ),
        channel_id: free(slackChannel),
        response_url: free(fc.constant('https://hooks.slack.invalid/commands/1')),
      })
      .map((fields) => {
        const form = new URLSearchParams();
        let bad = false;
        for (const [key, d] of Object.entries(fields)) {
          bad ||= d.bad;
          if (typeof d.value === 'symbol') continue;
          form.append(key, typeof d.value === 'string' ? d.value : (JSON.stringify(d.value) ?? ''));
        }
        return { bad, value: form.toString() };
      })
      .filter(onlyBad)
      .map((d) => String(d.value)),
  },
  { weight: 1, arbitrary: malformedText },
);

/** Bot Framework activities for /api/messages, sent with a valid token for `serviceUrl`. */
export function teamsActivityBodies(serviceUrl: string): Arbitrary<string> {
  // Mostly strings in no id's shape, which get past the first check to the bot's own.
  const notId = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('', 'x'.repeat(300), 'a:bad\u0000id', 'a:bad\r\nid', 'a: spaced', 'a:🧨'),
    },
    // Bot Framework ids are opaque printable ASCII: "undefined" or "__proto__" could be one,
    // so only values outside that shape count as bad.
    {
      weight: 1,
      arbitrary: hostile.filter((v) => typeof v !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(v)),
    },
  );
  const id = (plausible: string) => field(fc.constant(plausible), notId);
  // Where replies would go, in no usable shape: not text, no URL, not https, with credentials.
  const notServiceUrl = fc.oneof(
    notText,
    fc.constantFrom('', 'smba trafficmanager', 'http://smba.example/teams/', 'ftp://smba.example/'),
    fc.constant('https://user:pass@smba.example/'),
  );
  // Entities botbuilder cannot read: no list, or a list with an entity whose type is no
  // text, that is no object, or a mention of no one.
  const notEntities = fc.oneof(
    hostile.filter((v) => !Array.isArray(v)),
    fc.array(
      fc.oneof(
        hostile.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        fc.record({ type: notText }),
        fc.constant({ type: 'mention', text: '<at>ticketbot</at>' }),
      ),
      { minLength: 1, maxLength: 2 },
    ),
  );
  const activity = fc
    .record({
      serviceUrl: field(fc.constant(serviceUrl), notServiceUrl),
      channelId: field(fc.constant('msteams'), notId),
      type: field(
        fc.constant('message'),
        fc.oneof(
          { weight: 1, arbitrary: hostile },
          {
            weight: 3,
            arbitrary: fc.constantFrom(
              'invoke',
              'conversationUpdate',
              'messageReaction',
              'event',
              'installationUpdate',
            ),
          },
        ),
      ),
      id: field(fc.constantFrom('act-1', 'act-2'), notId, { optional: true }),
      name: free(
        fc.constantFrom(
          'adaptiveCard/action',
          'signin/verifyState',
          'task/fetch',
          'application/search',
          'x/y',
        ),
      ),
      from: objectField({
        id: id('29:fuzz'),
        name: field(anyText, notText, { optional: true }),
        aadObjectId: field(fc.constant('aad-fuzz'), notId, { optional: true }),
      }),
      conversation: objectField({
        id: id('a:fuzz-personal'),
        conversationType: free(fc.constantFrom('personal', 'groupChat', 'channel')),
        tenantId: free(fc.constant('tenant-1')),
      }),
      recipient: free(fc.record({ id: fc.constant('28:ticketbot'), name: fc.constant('ticketbot') })),
      // null is how Bot Framework leaves a text out: not bad here.
      text: field(
        anyText,
        notText.filter((v) => v !== null),
        { optional: true },
      ),
      value: free(
        fc.oneof(
          fc.record({ choice: anyText, intakeStep: anyText }),
          fc.record({
            action: fc.record({
              type: fc.constant('Action.Execute'),
              verb: fc.oneof(
                fc.constantFrom('refresh', 'acknowledge', 'pause', 'resolve', 'nonsense'),
                hostile,
              ),
              data: fc.oneof(fc.record({ ticketId: fc.oneof(fc.constant('TCK-000001'), hostile) }), hostile),
            }),
            trigger: fc.constant('manual'),
          }),
        ),
      ),
      attachments: free(
        fc.array(
          fc.record({
            contentType: fc.oneof(
              fc.constantFrom('image/png', 'application/vnd.microsoft.teams.file.download.info'),
              hostile,
            ),
            content: fc.oneof(fc.record({ downloadUrl: fc.oneof(fc.webUrl(), hostile) }), hostile),
            contentUrl: fc.oneof(fc.webUrl(), hostile),
            name: fc.oneof(anyText, hostile),
          }),
          { maxLength: 2 },
        ),
      ),
      entities: field(
        fc.array(
          fc.record({
            type: fc.constant('clientInfo'),
            timezone: fc.oneof(fc.constant('Europe/Amsterdam'), hostile),
          }),
          { maxLength: 2 },
        ),
        notEntities,
        { optional: true },
      ),
      channelData: free(fc.record({ tenant: fc.record({ id: fc.oneof(fc.constant('tenant-1'), hostile) }) })),
      locale: free(fc.constantFrom('en-US', 'nl-NL')),
      membersAdded: free(
        fc.array(fc.record({ id: fc.oneof(fc.constant('28:ticketbot'), hostile) }), { maxLength: 2 }),
      ),
      timestamp: free(fc.constantFrom('2026-12-03T10:00:00.000Z', 'yesterday')),
      localTimezone: free(fc.constant('Europe/Amsterdam')),
      replyToId: free(fc.constant('bot-act-1')),
    })
    .map((fields) => {
      const drawn = objectOf(fields);
      const value = drawn.value as Record<string, unknown>;
      delete value.api_app_id;
      delete value.token;
      return { bad: drawn.bad, value };
    })
    .filter(onlyBad)
    .map((d) => JSON.stringify(d.value));
  // Well formed but no message (nothing of it may be stored), with hostile contents where
  // the first check does not look: these reach the bot's own code.
  const wellFormed = fc
    .record({
      type: fc.constantFrom('invoke', 'conversationUpdate', 'messageReaction', 'event', 'installationUpdate'),
      id: fc.constantFrom('act-1', 'act-2'),
      name: fc.constantFrom('adaptiveCard/action', 'signin/verifyState', 'task/fetch', 'x/y'),
      from: fc.record({ id: fc.constant('29:fuzz'), name: anyText, aadObjectId: fc.constant('aad-fuzz') }),
      conversation: fc.record({
        id: fc.constant('a:fuzz-personal'),
        conversationType: fc.constantFrom('personal', 'groupChat', 'channel'),
        tenantId: fc.constant('tenant-1'),
      }),
      recipient: fc.constant({ id: '28:ticketbot', name: 'ticketbot' }),
      value: fc.oneof(
        hostile,
        fc.record({
          action: fc.oneof(
            hostile,
            fc.record({
              type: fc.oneof(fc.constant('Action.Execute'), hostile),
              verb: fc.oneof(fc.constantFrom('refresh', 'acknowledge', 'pause', 'nonsense'), hostile),
              data: fc.oneof(
                hostile,
                fc.dictionary(fc.constantFrom('ticketId', 'reason', 'priority'), hostile),
              ),
            }),
          ),
          trigger: fc.oneof(fc.constant('manual'), hostile),
        }),
      ),
      entities: fc.array(fc.record({ type: fc.constant('clientInfo'), timezone: hostile }), { maxLength: 2 }),
      channelData: hostile,
      membersAdded: fc.array(fc.record({ id: fc.constantFrom('28:ticketbot', '29:other') }), {
        maxLength: 2,
      }),
      timestamp: hostile,
    })
    .map((a) => JSON.stringify({ ...a, serviceUrl, channelId: 'msteams' }));
  return fc.oneof(
    { weight: 10, arbitrary: activity },
    { weight: 9, arbitrary: wellFormed },
    { weight: 1, arbitrary: malformedText },
  );
}
