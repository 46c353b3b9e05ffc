import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../helpers/fake-connector.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { type MongoTarget, mongoUnavailableReason, startMongo } from '../helpers/jongodb.js';
import { mongoView, type StoreView, sqliteView } from '../helpers/replica-store.js';
import {
  newCounts,
  SlackReplicaUser,
  TeamsReplicaUser,
  type TrafficCounts,
} from '../helpers/replica-traffic.js';
import { type ReplicaSet, startReplicas } from '../helpers/replicas.js';
import { SIGNING_SECRET } from '../helpers/slack-user.js';
import { startSerializingProxy } from '../helpers/transaction-serializing-proxy.js';

// Three `npm start` replicas on one store, behind no sticky sessions: every event, retry
// and click goes to a replica at random. Their clocks are minutes apart, far more than
// a lease (leases and timers run on the store's time), and the SLA targets are seconds,
// so timers fire during the test. Whatever arrives where, nothing happens twice.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * One replica on time, one 4 minutes ahead, one 4 minutes behind (leases last 30 and 60 s).
 * Not 5: Slack's signatures hold for 5 minutes, so a replica whose clock is 5 minutes
 * off rightly refuses Slack's requests as stale or future.
 */
const SKEW = 4 * 60_000;
const OFFSETS = [0, SKEW, -SKEW];
const TARGETS = {
  response: { within: 'PT2S', clock: '24x7' },
  resolution: { within: 'PT4S', clock: '24x7' },
};
const POLICIES = {
  policies: [
    {
      name: 'seconds',
      description: 'Test policy: targets of seconds around the clock',
      calendar: {
        timeZone: 'Europe/Amsterdam',
        hours: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '23:59']]]),
        ),
      },
      targets: { P1: TARGETS, P2: TARGETS, P3: TARGETS, P4: TARGETS },
    },
  ],
};

function slackAnswers(i: number, p1: boolean): Array<[RegExp, string]> {
  return [
    [/review your ticket/, 'button:Submit'],
    [/name of your company/, `Company ${i} BV`],
    // Each reporter has an environment of their own: no one is offered to join another's incident.
    [/environment\(s\) are affected/, `https://slack${i}.workspace365.net`],
    [/username\(s\)/, `user${i}`],
    [/When did the issue start/, 'yesterday 9:15'],
    [/describe the issue/, `Reporter ${i} cannot open the documents app since this morning.`],
    [/security incident/, 'button:No'],
    [/What is the impact/, p1 ? 'button:Organisation' : 'button:Multiple users'],
    [/How urgent/, p1 ? 'button:High' : 'button:Low'],
    [/steps to reproduce/, 'skip'],
    [/error messages/, 'skip'],
    [/screenshots or log files/, 'done'],
    [/additional information/, 'skip'],
  ];
}

function teamsAnswers(i: number, p1: boolean): Record<string, string> {
  return {
    // The review repeats every field name, so it is recognised first.
    'review your ticket': 'button:Submit',
    'name of your company': `Teams Company ${i}`,
    'environment(s) are affected': `https://teams${i}.workspace365.net`,
    'username(s)': `teamsuser${i}`,
    'When did the issue start': 'yesterday 9:15',
    'describe the issue': `Teams reporter ${i} cannot sign in since this morning.`,
    'security incident': 'button:No',
    'What is the impact': p1 ? 'button:Organisation' : 'button:Multiple users',
    'How urgent': p1 ? 'button:High' : 'button:Low',
    'steps to reproduce': 'skip',
    'error messages': 'skip',
    'screenshots or log files': 'done',
    'additional information': 'skip',
  };
}

interface StoreUnderTest {
  readonly env: Record<string, string>;
  readonly view: () => Promise<StoreView>;
  stop(): Promise<void>;
}

/**
 * Several replicas need a MongoDB that keeps its own promises under concurrent writers.
 * jongodb, the MongoDB-wire test server, runs every command but isolates nothing: two
 * concurrent findOneAndUpdate calls with one filter both win, and two concurrent
 * transactions changing one document both commit, so even one replica loses and repeats
 * turns on it. A real replica set makes single writes atomic and aborts one of two
 * conflicting transactions. In front of jongodb the test puts a wire-protocol proxy that
 * gives that outcome (one command at a time, one transaction at a time); against a real
 * server (MONGODB_URI) it talks to the server directly.
 */
const noMongo = mongoUnavailableReason();
if (noMongo) console.warn(`three replicas on MongoDB skipped: ${noMongo}`);

const STORES: Array<{ name: string; skip: boolean; open: () => Promise<StoreUnderTest> }> = [
  {
    name: 'one SQLite file',
    skip: false,
    open: async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'ticketbot-replicas-')), 'data');
      return { env: { DATA_DIR: dataDir }, view: async () => sqliteView(dataDir), stop: async () => {} };
    },
  },
  {
    name: `one MongoDB replica set${noMongo ? ` (skipped: ${noMongo})` : ''}`,
    skip: noMongo !== null,
    open: async () => {
      const target: MongoTarget = await startMongo(`ticketbot_replicas_${process.pid}`);
      // A database of its own on the shared server, so earlier runs' tickets do not count.
      const direct = withDatabase(target.uri, `ticketbot_replicas_${process.pid}_${Date.now()}`);
      const proxy = target.kind === 'jongodb' ? await startSerializingProxy(direct) : null;
      const uri = proxy?.uri ?? direct;
      return {
        env: { MONGODB_URI: uri },
        view: () => mongoView(uri),
        stop: async () => {
          await proxy?.stop();
          await target.stop();
        },
      };
    },
  },
];

/** The connection string with its database (the path) replaced, options kept. */
function withDatabase(uri: string, database: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`not a MongoDB connection string: ${uri}`);
  return `${m[1]}/${database}${m[2] ?? ''}`;
}

/** Message keys (the outbox key travels in the Slack message's metadata) sent more than once. */
function repeatedSlackKeys(api: FakeSlackApi): string[] {
  const seen = new Map<string, number>();
  for (const post of api.succeeded('chat.postMessage')) {
    const raw = post.metadata;
    const metadata = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
      | { event_payload?: { key?: string } }
      | undefined;
    const key = metadata?.event_payload?.key;
    if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

/** The first truthy value of `probe` within 15 s (messages go out after the answer). */
async function until<T>(probe: () => T | undefined): Promise<T | undefined> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = probe();
    if (value || Date.now() > deadline) return value;
    await sleep(50);
  }
}

const repeated = (values: readonly string[]) =>
  [...new Set(values.filter((v, i) => values.indexOf(v) !== i))].sort();

for (const kind of STORES) {
  describe.skipIf(kind.skip)(`three replicas on ${kind.name}`, () => {
    let store: StoreUnderTest;
    let api: FakeSlackApi;
    let connector: FakeConnector;
    let set: ReplicaSet;

    beforeAll(async () => {
      store = await kind.open();
      api = await new FakeSlackApi().start();
      connector = await new FakeConnector().start();
      const dir = mkdtempSync(join(tmpdir(), 'ticketbot-replicas-policy-'));
      writeFileSync(join(dir, 'policies.json'), JSON.stringify(POLICIES));
      set = await startReplicas(
        {
          ...store.env,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_BOT_TOKEN: 'xoxb-test',
          SLACK_API_URL: api.url,
          SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
          TICKETBOT_DEV: '1',
          TICKETBOT_AGENTS: 'slack:UAGENT1,slack:UAGENT2',
          TICKETBOT_INCIDENT_MANAGERS: 'slack:UIM',
          SLA_POLICIES_FILE: join(dir, 'policies.json'),
          DEFAULT_SLA_POLICY: 'seconds',
          LOG_LEVEL: 'warn',
        },
        OFFSETS,
      );
    }, 60_000);

    afterAll(async () => {
      await set?.stop();
      await api?.stop();
      await connector?.stop();
      await store?.stop();
    });

    it('takes intakes, retries and clicks at any replica, and does nothing twice', async () => {
      const counts: TrafficCounts = newCounts();
      const duplicates = 0.3;
      const slackUsers = Array.from(
        { length: 6 },
        (_, i) => new SlackReplicaUser(set, api, `UREP${i}`, counts, duplicates),
      );
      const teamsUsers = Array.from(
        { length: 3 },
        (_, i) =>
          new TeamsReplicaUser(
            set,
            connector,
            { id: `29:rep-${i}`, aadObjectId: `aad-rep-${i}`, name: `Teams Reporter ${i}` },
            counts,
            duplicates,
          ),
      );
      // Every third reporter has a P1: an incident channel is opened (the escalation).
      const ids = await Promise.all([
        ...slackUsers.map((u, i) => u.intake(slackAnswers(i, i % 3 === 0))),
        ...teamsUsers.map((u, i) => u.intake(teamsAnswers(i, i % 3 === 0))),
      ]);
      const output = () => set.output();
      expect(new Set(ids).size, output()).toBe(ids.length);

      // Two agents press Acknowledge on the support channel's copy at the same moment,
      // through different replicas, and the first click arrives twice.
      const [agent1, agent2] = ['UAGENT1', 'UAGENT2'].map(
        (id) => new SlackReplicaUser(set, api, id, counts, duplicates),
      );
      await Promise.all(
        ids.map(async (id) => {
          const card = await until(() =>
            api
              .succeeded('chat.postMessage')
              .find((p) => p.channel === 'CSUPPORT' && JSON.stringify(p.attachments ?? '').includes(id)),
          );
          expect(card, `${id}: no card in the support channel\n${output()}`).toBeDefined();
          await Promise.all([
            agent1!.press(card!, 'Acknowledge', 'CSUPPORT', true),
            agent2!.press(card!, 'Acknowledge', 'CSUPPORT'),
          ]);
        }),
      );

      // The SLA timers of every ticket opened by the store's clock fire (4 s resolution
      // targets), and the outbox runs dry.
      const view = await store.view();
      try {
        const deadline = Date.now() + 25_000;
        let settled = 0;
        for (;;) {
          const now = Date.now();
          const [timers, outbox, tickets] = await Promise.all([view.timers(), view.outbox(), view.tickets()]);
          const dueOpen = timers.filter((t) => t.status === 'pending' && t.dueAt <= now - 1_000);
          const lastTarget = Math.max(
            ...tickets.filter((t) => t.createdAt <= now).map((t) => t.createdAt + 4_000),
          );
          settled =
            dueOpen.length === 0 && outbox.pending === 0 && now > lastTarget + 1_500 ? settled + 1 : 0;
          if (settled >= 3) break;
          if (now > deadline)
            throw new Error(
              `not settled: ${dueOpen.length} due timers, ${outbox.pending} pending messages\n${output()}`,
            );
          await sleep(250);
        }

        const now = Date.now();
        const [tickets, timeline, timers, outbox] = await Promise.all([
          view.tickets(),
          view.timeline(),
          view.timers(),
          view.outbox(),
        ]);
        console.info(
          `${kind.name}: ${counts.events} events (${counts.retries} retried at another replica), ` +
            `${counts.clicks} clicks (${counts.replays} replayed), ${tickets.length} tickets, ` +
            `${timers.filter((t) => t.status === 'fired').length} timers fired`,
        );

        // No double ticket: one per reporter.
        const requesters = [...slackUsers.map((u) => u.id), ...teamsUsers.map((u) => u.identity.aadObjectId)];
        expect(tickets).toHaveLength(requesters.length);
        for (const requester of requesters)
          expect(
            tickets.filter((t) => t.requesterId.endsWith(requester)),
            requester,
          ).toHaveLength(1);

        // No double transition: each ticket's versions are 1..n once each, one acknowledgement.
        for (const ticket of tickets) {
          const entries = timeline.filter((e) => e.ticketId === ticket.id);
          expect(
            entries.map((e) => e.version).sort((a, b) => a - b),
            ticket.id,
          ).toEqual(entries.map((_, i) => i + 1));
          expect(
            entries.filter((e) => e.type === 'created'),
            ticket.id,
          ).toHaveLength(1);
          expect(
            entries.filter((e) => e.type === 'acknowledged'),
            ticket.id,
          ).toHaveLength(1);
        }

        // No double message: every Slack message (its outbox key rides along) was posted once,
        // each Teams reporter was asked each question and told of the ticket once.
        expect(repeatedSlackKeys(api)).toEqual([]);
        expect(outbox).toEqual({ pending: 0, dead: 0 });
        for (const user of teamsUsers) {
          const texts = user
            .sent()
            .filter((a) => a.type === 'message')
            .map((a) => JSON.stringify([a.text ?? '', a.attachments ?? []]));
          expect(repeated(texts), user.identity.name).toEqual([]);
        }
        for (const user of slackUsers) {
          const texts = user.posts().map((p) => `${p.text}`);
          expect(repeated(texts.filter((t) => /\?|created/.test(t))), user.id).toEqual([]);
        }

        // No timer fired twice, none early: every timer due by the store's clock has fired,
        // none that is not yet due has, and each breach was announced once.
        const fired = timers.filter((t) => t.status === 'fired');
        expect(fired.length).toBeGreaterThan(0);
        expect(timers.filter((t) => t.status === 'pending' && t.dueAt <= now - 1_000)).toEqual([]);
        expect(fired.filter((t) => t.dueAt > now || (t.firedAt ?? 0) < t.dueAt)).toEqual([]);
        const breaches = api
          .succeeded('chat.postMessage')
          .filter((p) => p.channel === 'CSUPPORT' && /breached its/.test(String(p.text)))
          .map((p) => String(p.text).match(/TCK-\d{6} \(P\d\) breached its \w+/)?.[0] ?? String(p.text));
        expect(breaches.length).toBeGreaterThan(0);
        expect(repeated(breaches)).toEqual([]);
        // Tickets opened on the replica ahead are due minutes later by the store's clock: not yet breached.
        const ahead = tickets.filter((t) => t.createdAt > now + 60_000);
        for (const ticket of ahead) expect(breaches.join('\n')).not.toContain(ticket.id);

        // No double escalation: one incident channel per P1, none for the others.
        const creates = api.of('conversations.create').map((c) => String(c.name));
        for (const ticket of tickets) {
          const slug = ticket.id.toLowerCase();
          expect(
            creates.filter((name) => name.startsWith(`inc-${slug}`)),
            ticket.id,
          ).toHaveLength(ticket.priority === 'P1' ? 1 : 0);
        }
        expect(tickets.filter((t) => t.priority === 'P1').length).toBeGreaterThan(0);
      } finally {
        await view.close();
      }
    }, 75_000);
  });
}
