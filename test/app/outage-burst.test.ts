import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../helpers/server-harness.js';
import { SIGNING_SECRET, SlackUser, textOf } from '../helpers/slack-user.js';

let api: FakeSlackApi;
let server: RunningServer;

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  server = await startServer({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: api.url,
    SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
    TICKETBOT_INCIDENT_MANAGERS: 'slack:UIM',
  });
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

const REPORTERS = 40;

// Typed answers, as people in a hurry would give them: every report is a P1 on one environment.
const ANSWERS: Array<[RegExp, string]> = [
  [/already an open P1 incident/, '1'],
  [/review your ticket/, 'submit'],
  [/name of your company/, 'Acme BV'],
  [/environment\(s\) are affected/, 'https://acme.workspace365.net'],
  [/username\(s\)/, 'j.jansen'],
  [/When did the issue start/, 'yesterday 9:15'],
  [/describe the issue/, 'Nobody can sign in, the page stays blank.'],
  [/security incident/, 'no'],
  [/What is the impact/, 'organisation'],
  [/How urgent/, 'high'],
  [/steps to reproduce/, 'skip'],
  [/error messages/, 'skip'],
  [/screenshots or log files/, 'done'],
  [/additional information/, 'skip'],
];

const ENDED = /Ticket TCK-\d+ created|added to incident/;

/** The bot's newest message in this person's DM (after `after`) that asks something or ends the intake. */
async function nextQuestion(user: SlackUser, after: number): Promise<{ text: string; index: number }> {
  for (let i = 0; i < 1500; i++) {
    const calls = api.calls;
    for (let j = calls.length - 1; j > after; j--) {
      const call = calls[j]!;
      if (call.method !== 'chat.postMessage' || call.args.channel !== user.dm) continue;
      const text = textOf([call.args]);
      if (ENDED.test(text) || ANSWERS.some(([question]) => question.test(text))) return { text, index: j };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${user.id} got no question`);
}

/** Answers the bot until it asks `stopAt` (left unanswered) or the intake ends; returns that message. */
async function answerUntil(user: SlackUser, first: string, stopAt: RegExp | null): Promise<string> {
  let before = api.calls.length - 1;
  await user.dmText(first);
  for (let i = 0; i < 30; i++) {
    const { text, index } = await nextQuestion(user, before);
    if (stopAt?.test(text) || ENDED.test(text)) return text;
    const entry = ANSWERS.find(([question]) => question.test(text))!;
    before = index;
    await user.dmText(entry[1]);
  }
  throw new Error('the intake did not end');
}

describe('an outage reported by many people at once', () => {
  it('ends as one incident with every reporter on it: no duplicate ticket or channel, no report lost', async () => {
    const users = Array.from({ length: REPORTERS }, (_, i) => new SlackUser(server.url, api, `UOUT${i}`));
    // Everybody reaches the review at the same time, then all submit in the same instant.
    const atReview = await Promise.all(users.map((u) => answerUntil(u, 'hi', /review your ticket/)));
    expect(atReview.every((q) => /review your ticket/.test(q))).toBe(true);
    const ends = await Promise.all(users.map((u) => answerUntil(u, 'submit', null)));

    const tickets = await server.context.store.tickets.list();
    expect(tickets).toHaveLength(1);
    const incident = tickets[0]!;
    expect(incident.priority).toBe('P1');
    const reporters = new Set([
      `slack:${incident.requester.id}`,
      ...incident.incident!.affected.map((a) => a.id),
    ]);
    expect(reporters.size).toBe(REPORTERS);
    expect(ends.filter((e) => /Ticket TCK-\d+ created/.test(e))).toHaveLength(1);
    expect(ends.filter((e) => e.includes(incident.id))).toHaveLength(REPORTERS);
    const timeline = await server.context.store.tickets.timeline(incident.id);
    expect(timeline.filter((e) => e.type === 'reporterJoined')).toHaveLength(REPORTERS - 1);
    // One incident channel, whatever the order the submits landed in.
    for (let i = 0; i < 100 && api.channels.size === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(api.channels.size).toBe(1);
    expect(await server.context.store.conversations.countOpen()).toBe(0);
  }, 120_000);
});
