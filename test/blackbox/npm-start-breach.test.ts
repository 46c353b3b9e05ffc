import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { spawnMain } from '../helpers/run-main.js';
import { dmIntake, SIGNING_SECRET, SlackUser } from '../helpers/slack-user.js';

// The real program as `npm start` runs it: an SLA breach happens by itself (the durable
// timers and the workers of the running server), with no message from anyone.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const week = (open: string[][]) => ({
  mon: open,
  tue: open,
  wed: open,
  thu: open,
  fri: open,
  sat: [],
  sun: [],
});

/** workspace365-basic replaced by one whose P1 is breached after 2 s (response) and 4 s (resolution). */
const POLICIES = {
  policies: [
    {
      name: 'workspace365-basic',
      description: 'Test policy: seconds-long P1 targets on a 24x7 clock',
      calendar: {
        timeZone: 'Europe/Amsterdam',
        hours: week([['08:00', '18:00']]),
        holidays: { country: 'NL', types: ['public'] },
      },
      targets: {
        P1: { response: { within: 'PT2S', clock: '24x7' }, resolution: { within: 'PT4S', clock: '24x7' } },
        P2: { response: { within: 'PT1H' }, resolution: { within: 'PT8H' } },
        P3: { response: { within: 'PT4H' }, resolution: { within: 'PT24H' } },
        P4: { response: { within: 'PT8H' }, resolution: { within: 'PT40H' } },
      },
      goals: { response: 0.99, resolution: 0.9 },
    },
  ],
};

const P1_ANSWERS: Array<[RegExp, string]> = [
  [/review your ticket/, 'button:Submit'],
  [/name of your company/, 'Acme BV'],
  [/environment\(s\) are affected/, 'https://acme.workspace365.net'],
  [/username\(s\)/, 'j.jansen'],
  [/When did the issue start/, 'yesterday 9:15'],
  [/describe the issue/, 'Nobody in the company can sign in to the workspace since this morning.'],
  [/security incident/, 'button:No'],
  [/What is the impact/, 'button:Organisation'],
  [/How urgent/, 'button:High'],
  [/steps to reproduce/, 'skip'],
  [/error messages/, 'skip'],
  [/screenshots or log files/, 'done'],
  [/additional information/, 'skip'],
];

let api: FakeSlackApi;
let child: ChildProcessWithoutNullStreams | undefined;
let url = '';
let output = '';

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  const dir = mkdtempSync(join(tmpdir(), 'ticketbot-breach-'));
  const policies = join(dir, 'policies.json');
  writeFileSync(policies, JSON.stringify(POLICIES));
  const port = await freePort();
  child = spawnMain({
    PORT: String(port),
    DATA_DIR: join(dir, 'data'),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: api.url,
    SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
    SLA_POLICIES_FILE: policies,
  });
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
    await sleep(100);
  }
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('close', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child?.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  await api?.stop();
});

describe('npm start: an SLA breach on its own', () => {
  it('updates the card copies to "breached" and tells the support channel, with no further message', async () => {
    const user = new SlackUser(url, api, 'UBREACH');
    const id = await dmIntake(user, P1_ANSWERS);
    const createdAt = Date.now();
    const cards = () =>
      api
        .succeeded('chat.postMessage')
        .filter(
          (p) =>
            JSON.stringify(p.attachments ?? '').includes(id) &&
            /^(CSUPPORT|DUBREACH)$/.test(String(p.channel)),
        );
    const deadline = createdAt + 10_000;
    const breachedCopies = () => {
      const copies = cards();
      return copies.filter((card) =>
        api
          .succeeded('chat.update')
          .some(
            (u) =>
              u.channel === card.channel &&
              u.ts === card.ts &&
              JSON.stringify(u.attachments ?? '').includes('breached'),
          ),
      );
    };
    const notices = () =>
      api
        .succeeded('chat.postMessage')
        .filter(
          (p) =>
            p.channel === 'CSUPPORT' &&
            /breached its .* target/.test(String(p.text)) &&
            String(p.text).includes(id),
        );
    while (Date.now() < deadline && !(breachedCopies().length === 2 && notices().length > 0))
      await sleep(100);
    expect(
      cards()
        .map((c) => c.channel)
        .sort(),
      output,
    ).toEqual(['CSUPPORT', 'DUBREACH']);
    expect(
      breachedCopies()
        .map((c) => c.channel)
        .sort(),
      output,
    ).toEqual(['CSUPPORT', 'DUBREACH']);
    expect(notices().length, output).toBeGreaterThan(0);
    expect(String(notices()[0]!.text)).toMatch(new RegExp(`${id} \\(P1\\) breached its .* target`));
  }, 60_000);
});
