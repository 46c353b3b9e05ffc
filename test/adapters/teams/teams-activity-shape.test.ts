import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHENTICATED_TEAMS_ENV, BotFrameworkKeys } from '../../helpers/bot-framework-tokens.js';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { storedRows } from '../../helpers/stored-rows.js';
import { TeamsUser } from '../../helpers/teams-user.js';

// Activities sent with a valid token whose shape botbuilder cannot take: refused with 400
// before the turn, nothing stored, nothing sent, nothing logged as an error.

const keys = new BotFrameworkKeys();
const dataDir = mkdtempSync(join(tmpdir(), 'ticketbot-teams-shape-'));
let connector: FakeConnector;
let server: RunningServer;
let sequence = 0;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  keys.serve();
  server = await startServer({
    DATA_DIR: dataDir,
    ...AUTHENTICATED_TEAMS_ENV,
  });
});

afterAll(async () => {
  await server?.close();
  await connector?.stop();
  BotFrameworkKeys.unserve();
});

function user(): TeamsUser {
  sequence += 1;
  return new TeamsUser(server.url, connector, {
    id: `29:shape-${sequence}`,
    aadObjectId: `aad-shape-${sequence}`,
    name: 'Shape',
  });
}

/** Posts `activity` with a valid token (for the activity's serviceUrl when it has a usable one). */
async function post(u: TeamsUser, activity: Record<string, unknown>) {
  const claimed =
    typeof activity.serviceUrl === 'string' && activity.serviceUrl ? activity.serviceUrl : connector.url;
  const response = await u.post(activity, {
    authorization: `Bearer ${keys.rs256(keys.claims(claimed))}`,
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as unknown };
}

const errorLogs = (from: number) =>
  server.logs.slice(from).filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

/** The refusal and its absence of effects: 400, no rows, no sends, no error logged. */
async function expectRefused(activity: (u: TeamsUser) => Record<string, unknown>, message: RegExp) {
  const u = user();
  const rows = storedRows(dataDir);
  const calls = connector.calls.length;
  const logs = server.logs.length;
  const answer = await post(u, activity(u));
  expect(answer.status).toBe(400);
  expect(answer.body).toEqual({ error: 'bad_request', message: expect.stringMatching(message) });
  // A turn failing would log and send the generic error in the background: give it time.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(storedRows(dataDir)).toEqual(rows);
  expect(connector.calls.length).toBe(calls);
  expect(errorLogs(logs)).toEqual([]);
  return u;
}

const without = (activity: Record<string, unknown>, key: string) => {
  const copy = { ...activity };
  delete copy[key];
  return copy;
};

describe('serviceUrl: where replies go, so it must be a usable https address', () => {
  it.each<[string, (u: TeamsUser) => Record<string, unknown>]>([
    ['a message without serviceUrl', (u) => without(u.activity({ text: 'hi' }), 'serviceUrl')],
    [
      'a conversationUpdate without serviceUrl',
      (u) =>
        without(
          u.activity({ type: 'conversationUpdate', membersAdded: [{ id: '28:ticketbot' }] }),
          'serviceUrl',
        ),
    ],
    ['a serviceUrl that is a number', (u) => u.activity({ text: 'hi', serviceUrl: 443 })],
    ['a serviceUrl that is an object', (u) => u.activity({ text: 'hi', serviceUrl: { $gt: '' } })],
    ['a serviceUrl that is empty', (u) => u.activity({ text: 'hi', serviceUrl: '' })],
    ['a serviceUrl that is no URL', (u) => u.activity({ text: 'hi', serviceUrl: 'smba trafficmanager' })],
    ['a plain http serviceUrl', (u) => u.activity({ text: 'hi', serviceUrl: 'http://smba.example/teams/' })],
    ['an ftp serviceUrl', (u) => u.activity({ text: 'hi', serviceUrl: 'ftp://smba.example/' })],
    [
      'a serviceUrl with credentials in it',
      (u) => u.activity({ text: 'hi', serviceUrl: 'https://user:pass@smba.example/' }),
    ],
  ])('%s: 400, nothing stored', async (_name, activity) => {
    await expectRefused(activity, /serviceUrl/);
  });

  it('a refused activity without serviceUrl leaves the user’s replies flowing', async () => {
    const u = await expectRefused((u) => without(u.activity({ text: 'hi' }), 'serviceUrl'), /serviceUrl/);
    const before = connector.calls.length;
    const answer = await post(u, u.activity({ text: 'hi' }));
    expect(answer.status).toBe(200);
    const replies = connector.calls
      .slice(before)
      .filter((c) => decodeURIComponent(c.path).includes(u.conversationId));
    expect(JSON.stringify(replies.map((r) => r.body))).toContain('name of your company');
  });
});

describe('channelId: checked against the signing key’s endorsements, so it must be text', () => {
  it.each<[string, unknown]>([
    ['missing', undefined],
    ['an object', { $gt: '' }],
    ['a number', 5],
    ['empty', ''],
  ])('channelId %s: 400, not 500', async (_name, channelId) => {
    await expectRefused((u) => u.activity({ text: 'hello', channelId }), /channelId/);
  });
});

describe('entities: botbuilder reads every entity’s type (and a mention’s "mentioned") unchecked', () => {
  it.each<[string, unknown]>([
    ['an entity whose type is a number', [{ type: 5 }]],
    ['an entity whose type is an object', [{ type: { $gt: '' } }]],
    ['an entity without type', [{ locale: 'en-US' }]],
    ['an entity that is null', [null]],
    ['an entity that is a string', ['mention']],
    ['entities that are an object', { type: 'mention' }],
    ['entities that are null', null],
    ['a mention without "mentioned"', [{ type: 'mention', text: '<at>ticketbot</at>' }]],
    ['a mention whose "mentioned" is text', [{ type: 'Mention', mentioned: '28:ticketbot' }]],
  ])('%s: 400 before the turn, no "turn failed"', async (_name, entities) => {
    await expectRefused((u) => u.activity({ text: 'hi', entities }), /entit|mention/);
  });

  it('a well-formed mention of the bot is taken out of the text and the message processed', async () => {
    const u = user();
    const before = connector.calls.length;
    const answer = await post(
      u,
      u.activity({
        text: '<at>ticketbot</at> hi',
        entities: [
          { type: 'clientInfo', locale: 'en-US', timezone: 'Europe/Amsterdam' },
          {
            type: 'mention',
            text: '<at>ticketbot</at>',
            mentioned: { id: '28:ticketbot', name: 'ticketbot' },
          },
        ],
      }),
    );
    expect(answer.status).toBe(200);
    expect(JSON.stringify(connector.calls.slice(before).map((c) => c.body))).toContain(
      'name of your company',
    );
  });
});

describe('other fields botbuilder or the bot read', () => {
  it.each<[string, (u: TeamsUser) => Record<string, unknown>, RegExp]>([
    ['an id that is an object', (u) => u.activity({ text: 'hi', id: { $gt: '' } }), /id/],
    ['a type that is a number', (u) => u.activity({ type: 7 }), /type/],
    ['from that is text', (u) => u.activity({ text: 'hi', from: '29:x' }), /from/],
    ['recipient that is missing', (u) => without(u.activity({ text: 'hi' }), 'recipient'), /recipient/],
    ['conversation that is a list', (u) => u.activity({ text: 'hi', conversation: ['a:1'] }), /conversation/],
    [
      'attachments that are an object',
      (u) => u.activity({ text: 'hi', attachments: { a: 1 } }),
      /attachments/,
    ],
    [
      'an attachment whose contentType is a number',
      (u) =>
        u.activity({ text: 'hi', attachments: [{ contentType: 5, contentUrl: 'https://x.example/a.png' }] }),
      /attachments/,
    ],
    ['a value that is text', (u) => u.activity({ text: undefined, value: 'choice' }), /value/],
    ['a value that is a list', (u) => u.activity({ text: undefined, value: [1] }), /value/],
  ])('%s: 400', async (_name, activity, message) => {
    await expectRefused(activity, message);
  });
});
