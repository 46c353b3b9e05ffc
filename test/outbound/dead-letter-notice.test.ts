import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { OutboxDelivery } from '../../src/app/outbox-delivery.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';
import { type ChatPublisher, PermanentDeliveryError } from '../../src/ports/chat-publisher.js';
import type { Logger } from '../../src/ports/logger.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../helpers/server-harness.js';
import { SIGNING_SECRET } from '../helpers/slack-user.js';

// The notice the support channel gets about a dead letter says which message (its outbox
// key) and what the operator can do about it, in the support desk's language.

let api: FakeSlackApi | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  await api?.stop();
  server = api = undefined;
});

const quiet: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quiet,
};

describe('the dead-letter notice', () => {
  it('on the wire: names the key, the destination, "1 attempt", and the retry and drop commands', async () => {
    api = await new FakeSlackApi().start();
    api.refuseWhen('chat.postMessage', (args) => args.channel === 'CGONE', 'channel_not_found');
    server = await startServer(
      {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-notice',
        SLACK_API_URL: api.url,
        SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
      },
      { workers: false },
    );
    const to = { platform: 'slack', kind: 'channel', id: 'CGONE' } as const;
    await server.context.store.commit({
      at: Date.now(),
      outbox: [{ key: 'notice:gone', lane: 'slack:CGONE', message: { kind: 'text', to, text: 'hello' } }],
    });

    await server.bot.delivery.runOnce();
    await server.bot.delivery.runOnce();

    const notices = api
      .succeeded('chat.postMessage')
      .filter((p) => p.channel === 'CSUPPORT')
      .map((p) => String(p.text));
    expect(notices).toEqual([
      'ticketbot could not deliver a message (text to slack channel CGONE) after 1 attempt: Slack refused: channel_not_found. ' +
        'Outbox key notice:gone: "ticketbot outbox retry notice:gone" queues it again, "ticketbot outbox drop notice:gone" gives it up.',
    ]);
  }, 30_000);

  it('in Dutch for a Dutch support desk, with the plural of attempts', async () => {
    const store = SqliteStore.inMemory();
    const texts: string[] = [];
    const publisher = {
      platform: 'slack',
      async sendText(to: { id: string }, text: string) {
        if (to.id === 'CGONE') throw new PermanentDeliveryError('Slack refused: channel_not_found');
        texts.push(text);
      },
    } as unknown as ChatPublisher;
    const delivery = new OutboxDelivery({
      store,
      policies: PolicyRegistry.create(),
      publishers: new Map([['slack', publisher]]),
      clock: { now: () => Date.now() },
      logger: quiet,
      support: { slack: 'CSUPPORT', teams: null },
      owner: 'test',
      supportLanguage: 'nl',
    });
    const to = { platform: 'slack', kind: 'channel', id: 'CGONE' } as const;
    await store.commit({
      at: Date.now(),
      outbox: [{ key: 'notice:nl', lane: 'slack:CGONE', message: { kind: 'text', to, text: 'hallo' } }],
    });
    // Two tries went before (as after an outage): the third is refused for good.
    const [entry] = await store.outbox.claim('test', Date.now(), 60_000, 1);
    await store.outbox.retry(entry!.key, 'test', 0, 'earlier');
    const [again] = await store.outbox.claim('test', Date.now(), 60_000, 1);
    await store.outbox.retry(again!.key, 'test', 0, 'earlier');

    await delivery.runOnce();
    await delivery.runOnce();

    expect(texts).toEqual([
      'ticketbot kon een bericht (text aan slack channel CGONE) niet afleveren na 3 pogingen: Slack refused: channel_not_found. ' +
        'Outbox-sleutel notice:nl: "ticketbot outbox retry notice:nl" zet het opnieuw in de wachtrij, "ticketbot outbox drop notice:nl" geeft het op.',
    ]);
    await store.close();
  });
});
