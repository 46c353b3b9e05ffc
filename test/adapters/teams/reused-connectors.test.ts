import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ReusedConnectorsAuthentication } from '../../../src/adapters/teams/reused-connectors.js';
import { TeamsThrottledError, teamsError } from '../../../src/adapters/teams/teams-publisher.js';
import { UncertainDeliveryError } from '../../../src/ports/chat-publisher.js';

type Claims = Parameters<ReusedConnectorsAuthentication['createConnectorFactory']>[0];

const APP = '00000000-1111-2222-3333-444444444444';
const SERVICE = 'https://smba.trafficmanager.net/emea/';
const AUDIENCE = 'https://api.botframework.com';

/** What botbuilder builds for a proactive turn of `appId` (continueConversationAsync). */
function claimsOf(appId: string): Claims {
  const claims = [{ type: 'aud', value: appId }];
  return {
    claims,
    isAuthenticated: true,
    getClaimValue: (type: string) => claims.find((c) => c.type === type)?.value ?? null,
  } as unknown as Claims;
}

function authentication(): ReusedConnectorsAuthentication {
  return new ReusedConnectorsAuthentication({
    MicrosoftAppId: APP,
    MicrosoftAppPassword: 'app-secret',
    MicrosoftAppType: 'MultiTenant',
  });
}

describe('connector clients reused across turns', () => {
  it('hands every turn of one app on one service URL the same client, and others their own', async () => {
    const auth = authentication();
    const first = await auth.createConnectorFactory(claimsOf(APP)).create(SERVICE, AUDIENCE);
    const again = await auth.createConnectorFactory(claimsOf(APP)).create(SERVICE, AUDIENCE);
    expect(again).toBe(first);
    const otherRegion = await auth
      .createConnectorFactory(claimsOf(APP))
      .create('https://smba.trafficmanager.net/amer/', AUDIENCE);
    expect(otherRegion).not.toBe(first);
    // Another app's client cannot be made here (no credentials for it): the failure is not kept.
    const otherApp = claimsOf('99999999-1111-2222-3333-444444444444');
    const refused = auth.createConnectorFactory(otherApp).create(SERVICE, AUDIENCE);
    await expect(refused).rejects.toThrow('Invalid appId');
    const refusedAgain = auth.createConnectorFactory(otherApp).create(SERVICE, AUDIENCE);
    expect(refusedAgain).not.toBe(refused);
    await expect(refusedAgain).rejects.toThrow('Invalid appId');
    expect(await auth.createUserTokenClient(claimsOf(APP))).toBe(
      await auth.createUserTokenClient(claimsOf(APP)),
    );
  });

  it("reuses an inbound turn's client for the next turn (local development, no token)", async () => {
    const auth = new ReusedConnectorsAuthentication({});
    const turn = async () => {
      const inbound = await auth.authenticateRequest(
        { type: 'message', channelId: 'msteams', serviceUrl: SERVICE } as never,
        '',
      );
      return inbound.connectorFactory!.create(SERVICE, inbound.audience);
    };
    expect(await turn()).toBe(await turn());
    // A proactive send (no audience given, as continueConversationAsync does) has its own, reused too.
    const proactive = () => auth.createConnectorFactory(claimsOf('')).create(SERVICE);
    expect(await proactive()).toBe(await proactive());
  });

  it('keeps at most 64 clients: a flood of service URLs does not grow it without end', async () => {
    const auth = authentication();
    const factory = auth.createConnectorFactory(claimsOf(APP));
    const first = await factory.create(SERVICE, AUDIENCE);
    for (let i = 0; i < 64; i++) await factory.create(`https://region-${i}.example/`, AUDIENCE);
    // The oldest went; asked again, it is built anew (and kept).
    const rebuilt = await factory.create(SERVICE, AUDIENCE);
    expect(rebuilt).not.toBe(first);
    expect(await factory.create(SERVICE, AUDIENCE)).toBe(rebuilt);
  });

  it.each([
    [500, {}],
    [503, {}],
    [429, { 'retry-after': '7' }],
  ] as const)('posts once on a %s and leaves the retry to the outbox', async (status, headers) => {
    let received = 0;
    const failing = createServer((req, res) => {
      received += 1;
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'failed' } }));
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const auth = new ReusedConnectorsAuthentication({});
      const url = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/`;
      const connector = await auth.createConnectorFactory(claimsOf('')).create(url);
      const sent = connector.conversations.sendToConversation('a:failing', {
        type: 'message',
        text: 'hi',
      } as never);
      const error = await sent.then(
        () => null,
        (err: unknown) => err,
      );
      expect((error as { statusCode?: number }).statusCode).toBe(status);
      expect(received).toBe(1);
      const forOutbox = teamsError(error);
      if (status === 429) {
        expect(forOutbox).toBeInstanceOf(TeamsThrottledError);
        expect((forOutbox as TeamsThrottledError).retryAfterMs).toBe(7_000);
      } else expect(forOutbox).toBeInstanceOf(UncertainDeliveryError);
    } finally {
      failing.closeAllConnections();
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });

  it('gives up on a connector that never answers, saying it timed out, instead of waiting for ever', async () => {
    let received = 0;
    const hanging = createServer(() => {
      received += 1; // never answered
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const auth = new ReusedConnectorsAuthentication({});
      auth.connectorTimeoutMs = 300;
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
      const connector = await auth.createConnectorFactory(claimsOf('')).create(url);
      const started = Date.now();
      await expect(
        connector.conversations.sendToConversation('a:hanging', { type: 'message', text: 'hi' } as never),
      ).rejects.toThrow('the Teams connector did not answer within 0.3 s (timeout)');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(received).toBe(1);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});
