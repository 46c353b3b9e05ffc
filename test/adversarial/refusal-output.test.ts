import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOT_APP_ID, BotFrameworkKeys, SIGNING_KID } from '../helpers/bot-framework-tokens.js';
import { START_ARGS, spawnMain } from '../helpers/run-main.js';

const keys = new BotFrameworkKeys();
const stub = new URL('./fixtures/bot-framework-keys-stub.mjs', import.meta.url).href;
let child: ReturnType<typeof spawnMain>;
let stdout = '';
let stderr = '';
let url = '';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  const jwk = keys.signing.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  // `npm start` exactly, with the key stub loaded first.
  const main = START_ARGS.at(-1)!;
  child = spawnMain(
    {
      PORT: String(port),
      MicrosoftAppId: BOT_APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'MultiTenant',
      TEST_BOT_FRAMEWORK_JWK: JSON.stringify({ ...jwk, kid: SIGNING_KID }),
    },
    [...START_ARGS.slice(0, -1), '--import', stub, main],
  );
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server did not start:\n${stdout}\n${stderr}`);
});

afterAll(() => {
  child?.kill('SIGKILL');
});

it('a refused Teams token prints nothing on stderr: one JSON log line, without keys or stacks', async () => {
  const serviceUrl = 'https://smba.trafficmanager.net/emea/';
  const activity = {
    type: 'message',
    id: 'act-1',
    serviceUrl,
    channelId: 'msteams',
    from: { id: '29:x', name: 'X', aadObjectId: 'aad-x' },
    conversation: { id: 'a:x', conversationType: 'personal', tenantId: 'tenant-1' },
    recipient: { id: '28:bot', name: 'ticketbot' },
    text: 'hi',
  };
  const now = Math.floor(Date.now() / 1000);
  const forged = [
    // jsonwebtoken refuses the signature: botbuilder prints the signing key's PEM.
    keys.rs256(keys.claims(serviceUrl), { key: keys.other.privateKey }),
    // An expired token: botbuilder prints the error with its stack.
    keys.rs256(keys.claims(serviceUrl, { nbf: now - 7200, exp: now - 3600 })),
    keys.hs256WithPublicKey(keys.claims(serviceUrl)),
    keys.rs256(keys.claims(serviceUrl, { exp: 'tomorrow' })),
  ];
  const logged = stdout.length;
  for (const token of forged) {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(401);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(stderr).toBe('');
  const lines = stdout.slice(logged).trim().split('\n');
  const refusals = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(refusals.filter((l) => l.msg === 'refused a Teams request')).toHaveLength(forged.length);
  const output = stdout.slice(logged);
  expect(output).not.toContain('BEGIN');
  expect(output).not.toMatch(/\n\s+at /);
});
