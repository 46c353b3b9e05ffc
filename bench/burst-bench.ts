import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { progress } from './bench-util.js';
import { postEvent, startTicketbot } from './slack-bench.js';

// Typed answers of people in a hurry: every one reports a P1 on the same environment.
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

interface Api {
  url: string;
  server: Server;
  /** Every message posted in a channel, in order. */
  posts: Map<string, string[]>;
  channelsCreated: () => number;
}

/** A Slack Web API that answers at once and keeps each channel's posts. */
async function startApi(): Promise<Api> {
  const posts = new Map<string, string[]>();
  let created = 0;
  let ts = 1_700_000_000;
  const server = createServer((req, res) => {
    const method = (req.url ?? '').replace('/api/', '');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const args: Record<string, unknown> = raw.startsWith('{')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(raw));
      res.setHeader('content-type', 'application/json');
      ts += 1;
      let body: Record<string, unknown> = { ok: true, ts: `${ts}.0001`, channel: args.channel };
      if (method === 'auth.test') body = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      else if (method === 'users.info')
        body = { ok: true, user: { tz: 'Europe/Amsterdam', locale: 'en-US', real_name: 'Reporter' } };
      else if (method === 'conversations.create') {
        created += 1;
        body = { ok: true, channel: { id: `CINC${created}`, name: args.name } };
      } else if (method === 'conversations.history' || method === 'conversations.replies')
        body = { ok: true, messages: [] };
      else if (method === 'chat.postMessage') {
        const channel = String(args.channel);
        const text = `${String(args.text ?? '')}\n${typeof args.blocks === 'string' ? args.blocks : JSON.stringify(args.blocks ?? '')}`;
        posts.set(channel, [...(posts.get(channel) ?? []), text]);
      }
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    server,
    posts,
    channelsCreated: () => created,
  };
}

/** The newest post in a DM after `seen` posts that asks something or ends the intake. */
async function nextQuestion(api: Api, dm: string, seen: number): Promise<{ text: string; count: number }> {
  for (let i = 0; i < 6000; i++) {
    const posts = api.posts.get(dm) ?? [];
    for (let j = posts.length - 1; j >= seen; j--) {
      const text = posts[j]!;
      if (ENDED.test(text) || ANSWERS.some(([q]) => q.test(text))) return { text, count: posts.length };
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no question in ${dm}`);
}

/**
 * An outage: `reporters` different Slack users report the same environment within
 * `windowSeconds`, each through a whole intake, answering as they read the questions.
 */
export async function burstBench(reporters: number, windowSeconds: number): Promise<void> {
  console.log(
    `\n## Outage burst: ${reporters.toLocaleString('en-US')} Slack users report the same environment within ${windowSeconds} s`,
  );
  const api = await startApi();
  const bot = await startTicketbot(api.url, {
    TICKETBOT_INCIDENT_MANAGERS: 'slack:UIM',
    SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
  });
  const acks: number[] = [];
  let refused = 0;
  const say = async (user: string, text: string) => {
    const t0 = performance.now();
    const status = await postEvent(bot.url, user, text);
    acks.push(performance.now() - t0);
    if (status !== 200) refused += 1;
  };
  const reporter = async (i: number) => {
    await new Promise((r) => setTimeout(r, (i / reporters) * windowSeconds * 1000));
    const user = `UOUT${i}`;
    const dm = `D${user}`;
    let seen = 0;
    await say(user, 'hi');
    for (let turn = 0; turn < 30; turn++) {
      const { text, count } = await nextQuestion(api, dm, seen);
      if (ENDED.test(text)) return text;
      seen = count;
      await say(user, ANSWERS.find(([q]) => q.test(text))![1]);
    }
    throw new Error(`${user}: the intake did not end`);
  };
  progress(`${reporters} reporters arriving over ${windowSeconds} s`);
  const started = performance.now();
  const ends = await Promise.all(Array.from({ length: reporters }, (_, i) => reporter(i)));
  const seconds = (performance.now() - started) / 1000;
  // Let the outbox settle (the incident channel, its card, the join notices).
  await new Promise((r) => setTimeout(r, 2000));
  const tickets = await bot.context.store.tickets.list({ limit: 10_000 });
  const incidents = tickets.filter((t) => t.incident);
  const incident = incidents[0];
  const onIncident = incident ? 1 + incident.incident!.affected.length : 0;
  await bot.stop();
  api.server.close();
  acks.sort((a, b) => a - b);
  const at = (q: number) => acks[Math.min(acks.length - 1, Math.floor(q * acks.length))]!;
  console.log('| events | seconds | ack p50 | ack p99 | ack max | over 3 s | refused |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| ${acks.length} | ${seconds.toFixed(1)} | ${at(0.5).toFixed(1)} ms | ${at(0.99).toFixed(1)} ms | ${acks.at(-1)!.toFixed(1)} ms | ${acks.filter((a) => a > 3000).length} | ${refused} |`,
  );
  console.log(
    `tickets: ${tickets.length}; incidents: ${incidents.length}; reporters on the incident: ${onIncident} of ${reporters}; ` +
      `told "created": ${ends.filter((e) => /created/.test(e)).length}, told "added": ${ends.filter((e) => /added to incident/.test(e)).length}; ` +
      `incident channels created: ${api.channelsCreated()}`,
  );
  const ok =
    tickets.length === 1 && incidents.length === 1 && onIncident === reporters && api.channelsCreated() === 1;
  console.log(ok ? 'one incident, every reporter on it, no duplicate: ok' : 'FAILED: see the figures above');
  if (!ok) process.exitCode = 1;
}
