import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackPublisher } from '../../../src/adapters/slack/slack-publisher.js';
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';
import { OutboxDelivery } from '../../../src/app/outbox-delivery.js';
import { PolicyRegistry } from '../../../src/core/sla/policy-registry.js';
import type { ChatAddress } from '../../../src/ports/chat-address.js';
import type { Logger } from '../../../src/ports/logger.js';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';

const quiet: Logger = { info() {}, warn() {}, error() {}, child: () => quiet };

/** An outbox on an in-memory store that sends to the fake Slack, on a clock the test moves. */
function deliveryTo(api: FakeSlackApi, clock: { now: number }) {
  const store = SqliteStore.inMemory();
  const client = new WebClient('xoxb-test', {
    slackApiUrl: api.url,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
  const delivery = new OutboxDelivery({
    store,
    policies: PolicyRegistry.create(),
    publishers: new Map([['slack', new SlackPublisher(client)]]),
    clock: { now: () => clock.now },
    logger: quiet,
    support: { slack: null, teams: null },
    owner: 'test',
  });
  return { store, delivery };
}

describe('a Slack send that may have happened is reconciled, not repeated', () => {
  let api: FakeSlackApi;
  beforeAll(async () => {
    api = await new FakeSlackApi().start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('looks the message up by its outbox key before sending again', async () => {
    const clock = { now: 1_800_000_000_000 };
    const { store, delivery } = deliveryTo(api, clock);
    const to: ChatAddress = { platform: 'slack', kind: 'conversation', id: 'DRECONCILE' };
    await store.commit({
      at: clock.now,
      outbox: [
        {
          key: 'notice-1',
          lane: 'slack:DRECONCILE',
          message: { kind: 'text', to, text: 'Your ticket was resolved.' },
        },
      ],
    });
    // Slack takes the message, but the answer is lost: the outbox cannot know it went out.
    api.loseResponseNext('chat.postMessage');
    expect(await delivery.runOnce()).toBe(1);
    expect(api.of('chat.postMessage').filter((m) => m.channel === 'DRECONCILE')).toHaveLength(1);
    expect((await store.outbox.stats(clock.now)).pending).toBe(1);

    clock.now += 60_000;
    expect(await delivery.runOnce()).toBe(1);
    // Found by its metadata: delivered once, not twice.
    expect(api.of('conversations.history').length).toBeGreaterThan(0);
    expect(api.of('chat.postMessage').filter((m) => m.channel === 'DRECONCILE')).toHaveLength(1);
    expect((await store.outbox.stats(clock.now)).pending).toBe(0);
    await store.close();
  });

  it('sends again after a failure that was certainly not taken (a 500 refused before work)', async () => {
    const clock = { now: 1_800_000_000_000 };
    const { store, delivery } = deliveryTo(api, clock);
    const to: ChatAddress = { platform: 'slack', kind: 'conversation', id: 'DRATE' };
    await store.commit({
      at: clock.now,
      outbox: [{ key: 'notice-2', lane: 'slack:DRATE', message: { kind: 'text', to, text: 'Hello' } }],
    });
    api.failNext('chat.postMessage', 429, 1, 0);
    await delivery.runOnce();
    clock.now += 60_000;
    await delivery.runOnce();
    expect(
      api.of('chat.postMessage').filter((m) => m.channel === 'DRATE' && typeof m.ts === 'string'),
    ).toHaveLength(1);
    expect((await store.outbox.stats(clock.now)).pending).toBe(0);
    await store.close();
  });
});
