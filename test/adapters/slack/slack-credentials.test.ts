import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackPublisher } from '../../../src/adapters/slack/slack-publisher.js';
import { CredentialsRefusedError, PermanentDeliveryError } from '../../../src/ports/chat-publisher.js';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';

// How the Slack publisher classifies a refusal on the wire: the bot token refused is the
// platform's outage (CredentialsRefusedError: the app holds and retries), a refusal of this
// message is permanent (dead-lettered at once).

let api: FakeSlackApi | undefined;

afterEach(async () => {
  await api?.stop();
  api = undefined;
});

async function refusedWith(code: string): Promise<unknown> {
  api = await new FakeSlackApi().start();
  api.refuseWhen('chat.postMessage', () => true, code);
  const client = new WebClient('xoxb-test', { slackApiUrl: api.url, retryConfig: { retries: 0 } });
  const publisher = new SlackPublisher(client);
  const to = { platform: 'slack', kind: 'channel', id: 'CTEAM' } as const;
  return publisher.sendText(to, 'hello', 'key-1').then(
    () => null,
    (err: unknown) => err,
  );
}

describe('Slack refusals', () => {
  it.each(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive'])(
    '%s refuses the bot token: a credentials refusal of Slack, not a permanent one',
    async (code) => {
      const err = await refusedWith(code);
      expect(err).toBeInstanceOf(CredentialsRefusedError);
      expect(err).not.toBeInstanceOf(PermanentDeliveryError);
      expect(err).toMatchObject({ platform: 'slack', message: `Slack refused the bot token (${code})` });
    },
  );

  it.each(['channel_not_found', 'not_in_channel', 'is_archived'])('%s is permanent', async (code) => {
    const err = await refusedWith(code);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as Error).message).toBe(`Slack refused: ${code}`);
  });
});
