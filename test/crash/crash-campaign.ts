import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signSlackRequest } from '../../src/adapters/slack/slack-signature.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { spawnMain } from '../helpers/run-main.js';
import { SIGNING_SECRET, SlackUser, textOf } from '../helpers/slack-user.js';

// A crash campaign: replicas of the real program (`npm start`'s command) on one SQLite
// DATA_DIR, Slack pointed at a local fake Web API, take a stream of signed intakes
// (direct messages and the /ticket form), button presses and modal submissions on the
// support channel's cards, and SLA timers firing; each replica is SIGKILLed at a random
// moment and a new one started on the same DATA_DIR, while the others keep serving.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const EVERY_DAY = [['00:00', '23:59']];
const SECONDS = {
  response: { within: 'PT2S', clock: '24x7' },
  resolution: { within: 'PT5S', clock: '24x7' },
};

/** The default policy replaced by one whose deadlines pass within seconds: timers fire during the campaign. */
const POLICIES = {
  policies: [
    {
      name: 'workspace365-basic',
      description: 'Crash test: seconds-long targets around the clock',
      calendar: {
        timeZone: 'Europe/Amsterdam',
        hours: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, EVERY_DAY]),
        ),
      },
      targets: { P1: SECONDS, P2: SECONDS, P3: SECONDS, P4: SECONDS },
    },
  ],
};

export const AGENT = 'UAGENT';
export const SUPPORT_CHANNEL = 'CSUPPORT';

/** The settings every replica runs with (the final, in-process restart uses them too). */
export function campaignEnv(dataDir: string, api: FakeSlackApi): Record<string, string> {
  const policies = join(dataDir, '..', 'crash-policies.json');
  writeFileSync(policies, JSON.stringify(POLICIES));
  return {
    DATA_DIR: dataDir,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-crash',
    SLACK_API_URL: api.url,
    SLACK_SUPPORT_CHANNEL: SUPPORT_CHANNEL,
    SLA_POLICIES_FILE: policies,
    TICKETBOT_AGENTS: `slack:${AGENT}`,
  };
}

export interface CampaignOptions {
  readonly dataDir: string;
  readonly api: FakeSlackApi;
  readonly kills: number;
  /** Replicas alive at once (each killed and replaced in turn). */
  readonly replicas?: number;
  /** How long a replica serves after it is up, before its kill: a random moment in [min, max] ms. */
  readonly lifeMs?: readonly [number, number];
  /** Gives up (with what was done) after this long. */
  readonly deadlineMs?: number;
  /** Kills done even past the deadline (a busy machine takes longer, never fewer). */
  readonly minKills?: number;
  readonly log?: (line: string) => void;
  /** Pause between one requester's forms, ms: each ticket brings a few messages to the support channel's lane, which drains about one a worker pass. */
  readonly formPauseMs?: number;
}

export interface CampaignReport {
  kills: number;
  /** Kills that hit a replica before it answered (during its start). */
  killsDuringStart: number;
  seconds: number;
  requests: number;
  /** Requests a replica answered 200 (the others died with their replica, and were retried elsewhere). */
  acknowledged: number;
  /** Forms acknowledged, per requester: each must have become a ticket. */
  formsAcked: Map<string, Set<string>>;
  /** Forms sent at least once, per requester: no more tickets than these. */
  formsSent: Map<string, Set<string>>;
  /** Output of replicas that stopped on their own (a crash that was not ours). */
  unexpectedExits: string[];
}

interface Replica {
  readonly child: ChildProcessWithoutNullStreams;
  url: string | null;
  output: string;
  killed: boolean;
}

function startReplica(env: Record<string, string>, report: CampaignReport): Replica {
  const child = spawnMain({ ...env, PORT: '0', LOG_LEVEL: 'info' });
  const replica: Replica = { child, url: null, output: '', killed: false };
  const keep = (d: string) => {
    replica.output = (replica.output + d).slice(-4000);
    // The summary line says where it listens; the workers start right after it.
    const port = /listening on http:\/\/localhost:(\d+)/.exec(replica.output)?.[1];
    if (port && !replica.url) replica.url = `http://127.0.0.1:${port}`;
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  child.on('exit', () => {
    if (!replica.killed) report.unexpectedExits.push(replica.output);
  });
  return replica;
}

async function kill(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
  replica.killed = true;
  const gone = new Promise((resolve) => replica.child.once('exit', resolve));
  replica.child.kill('SIGKILL');
  await gone;
}

/** Sends one signed request to a live replica, again and again (as Slack and people do) until one answers. */
async function deliver(
  live: () => string | null,
  send: (url: string) => Promise<Response>,
  running: () => boolean,
  report: CampaignReport,
): Promise<Response | null> {
  while (running()) {
    const url = live();
    if (!url) {
      await sleep(30);
      continue;
    }
    report.requests += 1;
    try {
      const response = await send(url);
      if (response.status === 200) {
        report.acknowledged += 1;
        return response;
      }
      await response.text();
    } catch {
      // The replica died under the request: the next one gets it.
    }
    await sleep(20);
  }
  return null;
}

const value = (v: string) => ({ value: { type: 'plain_text_input', value: v } });
const select = (v: string) => ({ value: { type: 'static_select', selected_option: { value: v } } });

const FORM = 'application/x-www-form-urlencoded';

function formSubmission(user: SlackUser, viewId: string, n: number): string {
  return user.interaction({
    type: 'view_submission',
    trigger_id: `t-${viewId}`,
    view: {
      id: viewId,
      callback_id: 'ticket_form',
      private_metadata: JSON.stringify({ language: 'en', timeZone: 'Europe/Amsterdam' }),
      state: {
        values: {
          company: value('Acme BV'),
          environments: value('acme.workspace365.net'),
          usernames: value('j.jansen'),
          startedAt: value('2 hours ago'),
          description: value(`Printing fails for the finance department since the update (${n}).`),
          security: select('no'),
          // Never a P1: an incident channel opened twice after a kill is a known gap (see the report).
          impact: select(n % 3 === 0 ? 'single-user' : 'department'),
          urgency: select(n % 2 === 0 ? 'high' : 'low'),
        },
      },
    },
  });
}

/** Answers of a direct-message intake, by the question they answer. */
const DM_ANSWERS: Array<[RegExp, string]> = [
  [/review your ticket/, 'button:Submit'],
  [/name of your company/, 'Acme BV'],
  [/environment\(s\) are affected/, 'https://acme.workspace365.net'],
  [/username\(s\)/, 'j.jansen'],
  [/When did the issue start/, 'yesterday 9:15'],
  [/describe the issue/, 'The workspace shows a blank page after the Microsoft login since this morning.'],
  [/security incident/, 'button:No'],
  [/What is the impact/, 'button:Single user'],
  [/How urgent/, 'button:Low'],
  [/steps to reproduce/, 'skip'],
  [/error messages/, 'skip'],
  [/screenshots or log files/, 'done'],
  [/additional information/, 'skip'],
];

type Press = { action_id: string; value: string; block_id?: string; text?: { text?: string } };

function buttonsOf(message: Record<string, unknown>): Press[] {
  type Block = { type: string; block_id?: string; elements?: Press[] };
  const blocks = (message.blocks ??
    (message.attachments as Array<{ blocks: unknown[] }> | undefined)?.[0]?.blocks ??
    []) as Block[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) =>
      (b.elements ?? []).map((e) => ({ ...e, ...(b.block_id ? { block_id: b.block_id } : {}) })),
    );
}

/** Runs the campaign until `kills` replicas were killed; the DATA_DIR is left for the checks. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const { api, kills } = options;
  const replicas = options.replicas ?? 2;
  const [minLife, maxLife] = options.lifeMs ?? [150, 900];
  const log = options.log ?? (() => {});
  const formPause = options.formPauseMs ?? 500;
  const minKills = options.minKills ?? 0;
  const env = campaignEnv(options.dataDir, api);
  const started = Date.now();
  const deadline = started + (options.deadlineMs ?? 600_000);
  const report: CampaignReport = {
    kills: 0,
    killsDuringStart: 0,
    seconds: 0,
    requests: 0,
    acknowledged: 0,
    formsAcked: new Map(),
    formsSent: new Map(),
    unexpectedExits: [],
  };
  const alive: Replica[] = [];
  let running = true;
  const isRunning = () => running;
  const live = () => {
    const up = alive.filter((r) => r.url && !r.killed);
    return up.length ? up[Math.floor(Math.random() * up.length)]!.url : null;
  };

  const waitUp = async (replica: Replica, giveUpMs: number) => {
    const startedAt = Date.now();
    while (!replica.url && replica.child.exitCode === null && Date.now() - startedAt < giveUpMs)
      await sleep(20);
  };
  const retire = async (replica: Replica) => {
    if (!replica.url) report.killsDuringStart += 1;
    await kill(replica);
    alive.splice(alive.indexOf(replica), 1);
    report.kills += 1;
    if (report.kills % 25 === 0)
      log(`${report.kills} kills in ${Math.round((Date.now() - started) / 1000)} s`);
  };

  // Each slot keeps a replica serving: its successor starts while it serves, and once the
  // successor is up it is killed at a random moment of its work. Now and then a replica
  // is killed while it is still starting (opening the store, recovering).
  const slot = async (index: number) => {
    let current: Replica | null = null;
    const more = () => report.kills < kills && (Date.now() < deadline || report.kills < minKills);
    for (let generation = index; more(); generation++) {
      const next = startReplica(env, report);
      alive.push(next);
      if (generation % 10 === 9) {
        await sleep(100 + Math.random() * 400);
        await retire(next);
        continue;
      }
      await waitUp(next, 60_000);
      if (!next.url) throw new Error(`a replica did not start:\n${next.output}`);
      if (current) {
        await sleep(minLife + Math.random() * (maxLife - minLife));
        await retire(current);
      }
      current = next;
    }
  };

  // Requesters with the /ticket form: each submission retried (same view id) until acknowledged.
  const formFiler = async (id: string) => {
    const user = new SlackUser('', api, id);
    const sent = new Set<string>();
    const acked = new Set<string>();
    report.formsSent.set(id, sent);
    report.formsAcked.set(id, acked);
    for (let n = 0; running; n++) {
      const viewId = `V${id}N${n}`;
      const body = formSubmission(user, viewId, n);
      sent.add(viewId);
      const answered = await deliver(live, (url) => sendTo(url, body, FORM), isRunning, report);
      if (answered) acked.add(viewId);
      await sleep(formPause * (0.6 + Math.random()));
    }
  };

  // Requesters in a direct message: answer the bot's last question, or say it again when no answer comes.
  const chatter = async (id: string) => {
    const user = new SlackUser('', api, id);
    const dm = user.dm;
    let lastSeen = '';
    let quietSince = Date.now();
    while (running) {
      const posts = api.succeeded('chat.postMessage').filter((p) => p.channel === dm);
      const last = posts.at(-1);
      const lastText = last ? textOf([last]) : '';
      const fresh = last && `${last.ts}` !== lastSeen;
      const entry = fresh ? DM_ANSWERS.find(([question]) => question.test(lastText)) : undefined;
      if (!entry && Date.now() - quietSince < 1000) {
        await sleep(50);
        continue;
      }
      lastSeen = `${last?.ts ?? ''}`;
      quietSince = Date.now();
      const answer = entry?.[1] ?? 'hi';
      if (answer.startsWith('button:') && last) {
        const button = buttonsOf(last).find((b) => b.text?.text === answer.slice(7));
        if (button) {
          const body = interactionBody(user, last, button, dm);
          await deliver(live, (url) => sendTo(url, body, FORM), isRunning, report);
          continue;
        }
      }
      const body = dmBody(user, answer);
      await deliver(live, (url) => sendTo(url, body, 'application/json'), isRunning, report);
    }
  };

  // The agent works the support channel's cards: acknowledges, changes priorities, resolves.
  const agentWork = async () => {
    const agent = new SlackUser('', api, AGENT);
    for (let n = 0; running; n++) {
      const cards = api
        .succeeded('chat.postMessage')
        .filter((p) => p.channel === SUPPORT_CHANNEL && p.attachments);
      const card = cards[Math.floor(Math.random() * cards.length)];
      if (!card) {
        await sleep(100);
        continue;
      }
      const ticketId = /TCK-\d+/.exec(String(card.text))?.[0];
      const buttons = buttonsOf(card);
      const pick = n % 4;
      let body: string | null = null;
      if (pick === 0 && buttons.some((b) => b.action_id === 'ticket_acknowledge')) {
        body = interactionBody(
          agent,
          card,
          buttons.find((b) => b.action_id === 'ticket_acknowledge')!,
          SUPPORT_CHANNEL,
        );
      } else if (pick === 1 && ticketId) {
        body = modal(agent, 'changePriority', `VP${n}`, ticketId, {
          priority: select(`P${2 + Math.floor(Math.random() * 3)}`),
          reason: value('Seen the impact'),
        });
      } else if (pick === 2 && ticketId) {
        body = modal(agent, 'resolve', `VR${n}`, ticketId, { resolutionText: value('Replaced the toner') });
      } else if (buttons.length) {
        body = interactionBody(
          agent,
          card,
          buttons[Math.floor(Math.random() * buttons.length)]!,
          SUPPORT_CHANNEL,
        );
      }
      if (body) {
        const sent = body;
        await deliver(live, (url) => sendTo(url, sent, FORM), isRunning, report);
      }
      await sleep(30 + Math.random() * 70);
    }
  };

  const slots = Array.from({ length: replicas }, (_, i) => slot(i));
  const traffic = [...['UFORM1', 'UFORM2'].map(formFiler), ...['UCHAT1', 'UCHAT2'].map(chatter), agentWork()];
  try {
    await Promise.all(slots);
  } finally {
    running = false;
    await Promise.all(traffic);
    // The last replicas die the same way, mid-traffic.
    report.kills += alive.length;
    await Promise.all(alive.map(kill));
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** One signed Slack request to a replica (any replica takes any request). */
function sendTo(url: string, body: string, contentType: string): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
}

let sequence = 0;

function dmBody(user: SlackUser, text: string): string {
  sequence += 1;
  return user.eventBody(
    {
      type: 'message',
      channel_type: 'im',
      channel: user.dm,
      user: user.id,
      text,
      ts: `${1_800_000_000 + sequence}.0001`,
    },
    `EvCrash${process.pid}x${sequence}`,
  );
}

function interactionBody(
  user: SlackUser,
  message: Record<string, unknown>,
  button: Press,
  channel: string,
): string {
  sequence += 1;
  return user.interaction({
    type: 'block_actions',
    trigger_id: `trigger-crash-${sequence}`,
    channel: { id: channel },
    container: { type: 'message', message_ts: message.ts, channel_id: channel },
    message: { ts: message.ts, text: message.text, blocks: [] },
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: button.block_id,
        value: button.value,
        text: button.text,
        action_ts: `${sequence}`,
      },
    ],
  });
}

function modal(
  user: SlackUser,
  verb: string,
  viewId: string,
  ticketId: string,
  values: Record<string, unknown>,
): string {
  return user.interaction({
    type: 'view_submission',
    trigger_id: `t-${viewId}`,
    view: {
      id: `${viewId}-${process.pid}`,
      callback_id: `ticket_${verb}`,
      private_metadata: ticketId,
      state: { values },
    },
  });
}

/** A fake Slack Web API for a campaign. */
export function startFakeSlack(): Promise<FakeSlackApi> {
  return new FakeSlackApi().start();
}
