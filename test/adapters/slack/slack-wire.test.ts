import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { dmIntake, SIGNING_SECRET, SlackUser, textOf } from '../../helpers/slack-user.js';

let api: FakeSlackApi;
let server: RunningServer;

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  api.locales.set('UPIET', 'nl-NL');
  server = await startServer({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: api.url,
    SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
    TICKETBOT_AGENTS: 'slack:UAGENT',
  });
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

const ENGLISH: Array<[RegExp, string]> = [
  // Every ENGLISH report is a P1 on the same environment: after the first, each is offered
  // to join the open incident; these tests report separately.
  [/already an open P1 incident/, 'button:Report separately'],
  [/review your ticket/, 'button:Submit'],
  [/name of your company/, 'Acme BV'],
  [/environment\(s\) are affected/, 'https://acme.workspace365.net'],
  [/username\(s\)/, 'j.jansen'],
  [/When did the issue start/, 'yesterday 9:15'],
  // Typed literally: Slack sends the user's <, > and & escaped (markup it made itself is read as plain text).
  [
    /describe the issue/,
    '&lt;!channel&gt; everyone: sign-in fails with &lt;https://evil.example|this link&gt; &amp; more',
  ],
  [/security incident/, 'button:No'],
  [/What is the impact/, 'button:Organisation'],
  [/How urgent/, 'button:High'],
  [/steps to reproduce/, 'skip'],
  [/error messages/, 'skip'],
  [/screenshots or log files/, 'done'],
  [/additional information/, 'skip'],
];

/**
 * The three copies of a P1's card (DM, support channel, incident channel): the support
 * channel's may wait behind an earlier incident's notices there, sent by the worker.
 */
async function allCopies(id: string) {
  for (let i = 0; i < 20 && (await server.context.store.cardCopies.list(id)).length < 3; i++)
    await server.bot.delivery.runOnce();
  return server.context.store.cardCopies.list(id);
}

describe('Slack on the wire', () => {
  it('answers url_verification with the challenge', async () => {
    const user = new SlackUser(server.url, api, 'UX');
    const response = await user.send(
      JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' }),
      'application/json',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'abc123' });
  });

  it('guides a whole intake in English in a DM, escapes user text and posts the card in the DM and the support channel', async () => {
    const user = new SlackUser(server.url, api, 'UJAN');
    const before = api.calls.length;
    const id = await dmIntake(user, ENGLISH);
    const ticket = await server.context.store.tickets.get(id);
    expect(ticket).toMatchObject({
      company: 'Acme BV',
      priority: 'P1',
      requester: { platform: 'slack', id: 'UJAN', name: 'User UJAN' },
      description: '<!channel> everyone: sign-in fails with <https://evil.example|this link> & more',
    });
    const posts = api.of('chat.postMessage', before);
    // plain_text (the card header) is never parsed for mentions or links; everything
    // parsed (mrkdwn and the notification text) must carry the user's text escaped.
    const parsed = JSON.stringify(posts, (key, value) =>
      key === 'text' && value?.type === 'plain_text' ? null : value,
    );
    expect(parsed).not.toContain('<!channel>');
    expect(parsed).not.toContain('<https://evil.example');
    expect(parsed).toContain('&lt;!channel&gt;');
    const cards = posts.filter((p) => JSON.stringify(p.attachments ?? '').includes(id));
    // A P1: the card also goes into its incident channel.
    const incidentChannel = ticket?.incident?.channel?.id;
    expect(incidentChannel).toMatch(/^C/);
    expect(cards.map((c) => c.channel).sort()).toEqual([incidentChannel, 'CSUPPORT', 'DUJAN'].sort());
    expect(String(cards[0]!.text)).toContain(`${id} P1`);
    const card = JSON.stringify(cards[0]!.attachments);
    expect(card).toContain('"type":"header","text":{"type":"plain_text"');
    expect(card).toContain('#D13438');
    expect(card).toContain('P1 Critical');
    expect(card).toContain('<!date^');
    expect(await server.context.store.cardCopies.list(id)).toHaveLength(3);
  });

  it('guides a whole intake in Dutch (locale from users.info)', async () => {
    const user = new SlackUser(server.url, api, 'UPIET');
    const id = await dmIntake(user, [
      [/Controleer je ticket/, 'button:Indienen'],
      [/naam van je bedrijf/, 'Bakkerij De Vries'],
      [/omgeving\(en\) zijn getroffen/, 'devries.workspace365.net'],
      [/gebruikersnaam/, 'piet@devries.nl'],
      [/Wanneer begon het probleem/, 'gisteren 14:00'],
      [/Beschrijf het probleem/, 'De documenten-app laadt niet meer sinds de update.'],
      [/beveiligingsincident/, 'button:Nee'],
      [/Wat is de impact/, 'button:Meerdere gebruikers'],
      [/Hoe urgent/, 'button:Laag'],
      [/reproduceren/, 'overslaan'],
      [/foutmeldingen/, 'overslaan'],
      [/schermafbeeldingen/, 'klaar'],
      [/aanvullende informatie/, 'nee'],
    ]);
    expect(await server.context.store.tickets.get(id)).toMatchObject({
      language: 'nl',
      priority: 'P4',
      impact: 'multiple-users',
    });
  });

  it('updates every copy of the card with chat.update when an agent presses a button, and refuses others', async () => {
    const user = new SlackUser(server.url, api, 'UKIM');
    const id = await dmIntake(user, ENGLISH);
    const copies = await allCopies(id);
    const cardPost = api
      .of('chat.postMessage')
      .find((p) => p.channel === 'CSUPPORT' && JSON.stringify(p.attachments ?? '').includes(id))!;
    // The requester may not acknowledge: an ephemeral message, nothing changes.
    const ephemeralBefore = api.of('chat.postEphemeral').length;
    await user.press(cardPost, 'Acknowledge', 'CSUPPORT');
    expect(
      api
        .of('chat.postEphemeral')
        .slice(ephemeralBefore)
        .map((e) => e.text),
    ).toEqual(['You cannot do that on this ticket.']);
    expect((await server.context.store.tickets.get(id))?.status).toBe('open');
    const agent = new SlackUser(server.url, api, 'UAGENT');
    const updatesBefore = api.of('chat.update').length;
    await agent.press(cardPost, 'Acknowledge', 'CSUPPORT');
    const updates = api.of('chat.update').slice(updatesBefore);
    expect(updates.map((u) => `${u.channel}/${u.ts}`).sort()).toEqual(
      copies.map((c) => `${c.conversationId}/${c.messageId}`).sort(),
    );
    expect(JSON.stringify(updates[0]!.attachments)).toContain('Acknowledged');
    expect((await server.context.store.tickets.get(id))?.status).toBe('acknowledged');
  });

  it('retries a card update after 429 (Retry-After) and 500, never dropping it', async () => {
    const user = new SlackUser(server.url, api, 'URETRY');
    const id = await dmIntake(user, ENGLISH);
    await allCopies(id);
    const cardPost = api
      .of('chat.postMessage')
      .find((p) => p.channel === 'DURETRY' && JSON.stringify(p.attachments ?? '').includes(id))!;
    api.failNext('chat.update', 429, 1, 1);
    api.failNext('chat.update', 500, 1);
    const before = api.of('chat.update').length;
    // Resolve asks for the solution in a modal first; its submission resolves.
    const agent = new SlackUser(server.url, api, 'UAGENT');
    const opened = api.of('views.open').length;
    await agent.press(cardPost, 'Resolve', 'DURETRY');
    const modal = api.of('views.open', opened)[0]!.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe('ticket_resolve');
    const submitted = await agent.send(
      agent.interaction({
        type: 'view_submission',
        trigger_id: 't-resolve',
        view: {
          id: 'VRESOLVE',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
          state: {
            values: {
              resolutionText: { value: { type: 'plain_text_input', value: 'Restarted the service' } },
            },
          },
        },
      }),
      'application/x-www-form-urlencoded',
    );
    expect(submitted.status).toBe(200);
    // The failed update is retried by the outbox (with backoff) until every copy shows it.
    const copies = await server.context.store.cardCopies.list(id);
    const resolvedEverywhere = () => {
      const updated = api
        .succeeded('chat.update', before)
        .filter((u) => JSON.stringify(u.attachments ?? '').includes('Resolved'));
      return copies.every((c) => updated.some((u) => u.channel === c.conversationId && u.ts === c.messageId));
    };
    for (let i = 0; i < 150 && !resolvedEverywhere(); i++) {
      await server.bot.delivery.runOnce();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(resolvedEverywhere()).toBe(true);
    // The two refusals happened and were retried: more calls than copies.
    expect(api.of('chat.update', before).length).toBeGreaterThan(copies.length);
    // The DM, the support channel and (a P1) the incident channel.
    expect(copies.map((c) => c.conversationId).sort()).toEqual([
      expect.stringMatching(/^CINC\d+$/),
      'CSUPPORT',
      'DURETRY',
    ]);
  }, 20_000);

  it('never ticks a button of a question already answered, nor of a submitted review', async () => {
    const user = new SlackUser(server.url, api, 'UOLD');
    await user.dmText('hi');
    for (const answer of ['Acme BV', 'oldbutton.workspace365.net', 'j.jansen', 'yesterday 9:15'])
      await user.dmText(answer);
    const security = (await user.dmText('Sign-in fails for the finance team since the update')).at(-1)!;
    const updates = () =>
      api.of('chat.update').map((u) => ({
        ts: u.ts,
        blocks: typeof u.blocks === 'string' ? u.blocks : JSON.stringify(u.blocks ?? ''),
      }));
    const settled = async (ms = 400) => new Promise((r) => setTimeout(r, ms));
    // A press on the current question is taken and ticked.
    const impact = (await user.press(security, 'No')).at(-1)!;
    for (let i = 0; i < 50 && !updates().some((u) => u.ts === security.ts); i++) await settled(20);
    expect(updates().find((u) => u.ts === security.ts)?.blocks).toContain('✓ No');
    expect(textOf([impact])).toContain('What is the impact');
    // The impact answered by typing; then its old button is pressed.
    await user.dmText('2');
    const pressed = await user.press(impact, 'Organisation');
    await settled();
    expect(updates().filter((u) => u.ts === impact.ts)).toEqual([]);
    expect(textOf(pressed)).toContain('That question was already answered, so that button changed nothing.');
    const key = 'slack:T1:UOLD:dm';
    expect((await server.context.store.conversations.load(key))?.state).toMatchObject({
      step: 'urgency',
      draft: { impact: 'department' },
    });
    await user.dmText('low');
    for (const answer of ['skip', 'skip', 'done']) await user.dmText(answer);
    const review = (await user.dmText('skip')).at(-1)!;
    expect(textOf([review])).toContain('review your ticket');
    const created = await user.dmText('submit');
    const id = /Ticket (TCK-\d{6}) created/.exec(textOf(created))?.[1];
    expect(id).toBeDefined();
    const beforeLate = api.calls.length;
    const late = await user.press(review, 'Submit');
    await settled();
    expect(updates().filter((u) => u.ts === review.ts)).toEqual([]);
    expect(late).toEqual([]);
    // Said to the presser alone (ephemeral), nothing posted to the conversation.
    expect(textOf(api.of('chat.postEphemeral', beforeLate))).toContain('already submitted or cancelled');
    expect((await server.context.store.tickets.list({ requesterId: 'UOLD' })).map((t) => t.id)).toEqual([id]);
    expect((await server.context.store.tickets.get(id!))?.impact).toBe('department');
  });

  it('starts an intake from a mention in a channel and continues in its thread', async () => {
    const user = new SlackUser(server.url, api, 'UMEN');
    const first = await user.mention('CGENERAL', 'my sign-in is broken', '1700.0001');
    expect(first[0]).toMatchObject({ channel: 'CGENERAL', thread_ts: '1700.0001' });
    expect(textOf(first)).toContain('name of your company');
    const second = await user.channelText('CGENERAL', 'Acme BV', '1700.0002', '1700.0001');
    expect(second[0]).toMatchObject({ channel: 'CGENERAL', thread_ts: '1700.0001' });
    expect(textOf(second)).toContain('environment(s)');
    expect(
      (await server.context.store.conversations.load('slack:T1:CGENERAL:1700.0001:UMEN'))?.state.draft
        .company,
    ).toBe('Acme BV');
    // Channel chatter outside an intake thread is ignored.
    const other = new SlackUser(server.url, api, 'UOTHER');
    expect(await other.channelText('CGENERAL', 'lunch?', '1700.0003')).toEqual([]);
  });

  it('keeps the colleagues a mention names, and takes a thread reply that mentions one', async () => {
    const user = new SlackUser(server.url, api, 'UMEN2');
    await user.mention(
      'CGENERAL',
      'Acme BV: <@U0COLL1> and <@U0COLL2> cannot open the documents app since this morning',
      '1800.0001',
    );
    const key = 'slack:T1:CGENERAL:1800.0001:UMEN2';
    const draft = async () => (await server.context.store.conversations.load(key))?.state.draft;
    expect((await draft())?.description).toContain('@U0COLL1 and @U0COLL2 cannot open the documents app');
    expect((await draft())?.description).not.toContain('UBOT');
    // A reply in the thread that mentions a colleague (not the bot) is an answer, not chatter.
    const answered = await user.channelText(
      'CGENERAL',
      'acme.workspace365.net <@U0COLL1>',
      '1800.0002',
      '1800.0001',
    );
    expect(answered[0]).toMatchObject({ channel: 'CGENERAL', thread_ts: '1800.0001' });
    expect(textOf(answered)).toContain('"@U0COLL1" is not a valid environment URL');
  });

  it('records files shared in the DM during the intake', async () => {
    const user = new SlackUser(server.url, api, 'UFILE');
    await user.dmText('hi');
    for (const text of [
      'Acme BV',
      'acme.workspace365.net',
      'j.jansen',
      'now',
      'The portal shows a blank page after signing in.',
    ])
      await user.dmText(text);
    const posts = await user.dmText('', {
      subtype: 'file_share',
      files: [
        {
          id: 'F0123',
          name: 'screen.png',
          mimetype: 'image/png',
          size: 4096,
          url_private: 'https://files.slack.com/x',
        },
      ],
    });
    expect(textOf(posts)).toContain('Attached screen.png (4 KB)');
    const state = await server.context.store.conversations.load('slack:T1:UFILE:dm');
    expect(state?.state.draft.attachments).toEqual([
      { name: 'screen.png', contentType: 'image/png', size: 4096, ref: 'F0123' },
    ]);
  });

  it('makes one ticket and one reply when Slack retries an event', async () => {
    const user = new SlackUser(server.url, api, 'URE');
    await user.dmText('hi');
    const body = user.eventBody(
      { type: 'message', channel_type: 'im', channel: user.dm, user: 'URE', text: 'Acme BV', ts: '1.2' },
      'EvRetried',
    );
    const before = api.calls.length;
    expect((await user.send(body, 'application/json')).status).toBe(200);
    expect(
      (
        await user.send(body, 'application/json', {
          headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
        })
      ).status,
    ).toBe(200);
    const posts = await user.postsSince(before);
    expect(posts).toHaveLength(1);
    expect((await server.context.store.conversations.load('slack:T1:URE:dm'))?.state.draft.company).toBe(
      'Acme BV',
    );
  });

  it('refuses forged signatures and old or future timestamps with 401, storing nothing', async () => {
    const user = new SlackUser(server.url, api, 'UEVIL');
    const body = user.eventBody({
      type: 'message',
      channel_type: 'im',
      channel: 'DUEVIL',
      user: 'UEVIL',
      text: 'hi',
      ts: '1.1',
    });
    const before = api.calls.length;
    const forged = await user.send(body, 'application/json', { signature: `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const old = await user.send(body, 'application/json', {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(old.status).toBe(401);
    const future = await user.send(body, 'application/json', {
      timestamp: Math.floor(Date.now() / 1000) + 6 * 60,
    });
    expect(future.status).toBe(401);
    const unsigned = await fetch(`${server.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(api.calls.length).toBe(before);
    expect(await server.context.store.conversations.load('slack:T1:UEVIL:dm')).toBeNull();
  });

  it('refuses malformed JSON and an oversized body with 4xx and stays up', async () => {
    const user = new SlackUser(server.url, api, 'UBAD');
    expect((await user.send('{"type": "event_callback",', 'application/json')).status).toBe(400);
    expect((await user.send('x'.repeat(2 * 1024 * 1024), 'application/json')).status).toBe(413);
    expect((await user.send('hello', 'text/plain')).status).toBe(400);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('/ticket opens a DM and starts the intake; /ticket form opens the modal, which refuses bad fields', async () => {
    const user = new SlackUser(server.url, api, 'UCMD');
    const before = api.calls.length;
    const command = new URLSearchParams({
      token: 'legacy',
      team_id: 'T1',
      channel_id: 'CGENERAL',
      user_id: 'UCMD',
      user_name: 'cmd',
      command: '/ticket',
      text: '',
      response_url: 'https://hooks.slack.invalid/x',
      trigger_id: 'trig-1',
      api_app_id: 'A1',
    });
    expect((await user.send(command.toString(), 'application/x-www-form-urlencoded')).status).toBe(200);
    const posts = await user.postsSince(before);
    expect(posts[0]).toMatchObject({ channel: 'DUCMD' });
    expect(textOf(posts)).toContain('name of your company');

    command.set('text', 'form');
    const formBefore = api.calls.length;
    await user.send(command.toString(), 'application/x-www-form-urlencoded');
    await user.postsSince(formBefore);
    const opened = api.of('views.open', formBefore)[0]!;
    expect(opened.trigger_id).toBe('trig-1');
    const view = opened.view as { callback_id: string; blocks: Array<{ block_id: string }> };
    expect(view.callback_id).toBe('ticket_form');
    const value = (v: string) => ({ value: { type: 'plain_text_input', value: v } });
    const select = (v: string) => ({ value: { type: 'static_select', selected_option: { value: v } } });
    const state = {
      values: {
        company: value('Acme BV'),
        environments: value('not a url'),
        usernames: value('j.jansen'),
        startedAt: value('tomorrow'),
        description: value('too short'),
        security: select('no'),
        impact: select('department'),
        urgency: select('high'),
      },
    };
    const submit = (values: unknown) =>
      user.send(
        user.interaction({
          type: 'view_submission',
          trigger_id: 't',
          view: {
            id: 'VFORM1',
            callback_id: 'ticket_form',
            private_metadata: JSON.stringify({ language: 'en', timeZone: 'Europe/Amsterdam' }),
            state: values,
          },
        }),
        'application/x-www-form-urlencoded',
      );
    const refused = await submit(state);
    expect(refused.status).toBe(200);
    const errors = (await refused.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors).sort()).toEqual(['description', 'environments', 'startedAt']);
    expect(errors.errors.description).toContain('at least 20 characters');

    const accepted = await submit({
      values: {
        ...state.values,
        environments: value('acme.workspace365.net'),
        startedAt: value('2 hours ago'),
        description: value('Printing fails for the finance department since the update.'),
      },
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toBe('');
    await user.postsSince(api.calls.length - 1);
    const tickets = await server.context.store.tickets.list({ requesterId: 'UCMD' });
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ priority: 'P2', impact: 'department', company: 'Acme BV' });
  });

  it('takes a burst of eight messages of one user, sent at once, one after another: no error, none lost', async () => {
    const user = new SlackUser(server.url, api, 'UBURST');
    await user.dmText('hi');
    const before = api.calls.length;
    const answers = ['Acme BV', 'https://acme.workspace365.net', 'j.jansen', 'yesterday 9:15'];
    const bodies = answers.map((text, i) =>
      user.eventBody({
        type: 'message',
        channel_type: 'im',
        channel: user.dm,
        user: user.id,
        text,
        ts: `${1_700_100_000 + i}.0001`,
      }),
    );
    const statuses = await Promise.all(
      [...bodies, ...bodies].map(async (body) => (await user.send(body, 'application/json')).status),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    const posts = await user.postsSince(before);
    expect(textOf(posts)).not.toMatch(/Something went wrong/);
    const stored = await server.context.store.conversations.load('slack:T1:UBURST:dm');
    // Each answer once (the second copy of each is a redelivery), in the order sent.
    expect(stored?.state.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.jansen'],
    });
    expect(stored?.revision).toBe(1 + answers.length);
  });
});
