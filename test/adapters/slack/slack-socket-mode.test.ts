import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';

let api: FakeSlackApi;
let sockets: WebSocketServer;
let server: RunningServer;
const connected: WebSocket[] = [];
const received: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  sockets = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => sockets.once('listening', () => resolve()));
  api.socketUrl = `ws://127.0.0.1:${(sockets.address() as AddressInfo).port}/link`;
  sockets.on('connection', (socket) => {
    connected.push(socket);
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake' },
        connection_info: { app_id: 'A1' },
      }),
    );
  });
  // Socket Mode: no signing secret, no public URL.
  server = await startServer({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_APP_TOKEN: 'xapp-test',
    SLACK_API_URL: api.url,
  });
});
afterAll(async () => {
  await server?.close();
  for (const s of connected) s.terminate();
  await new Promise<void>((resolve) => sockets?.close(() => resolve()));
  await api?.stop();
});

describe('Slack Socket Mode', () => {
  it('connects through apps.connections.open, acknowledges an events_api envelope and answers', async () => {
    for (let i = 0; i < 100 && connected.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(api.of('apps.connections.open')).toHaveLength(1);
    const before = api.calls.length;
    connected[0]!.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          type: 'event_callback',
          team_id: 'T1',
          api_app_id: 'A1',
          event_id: 'EvSocket1',
          event_time: Math.floor(Date.now() / 1000),
          event: {
            type: 'message',
            channel_type: 'im',
            channel: 'DUSOCK',
            user: 'USOCK',
            text: 'hi',
            ts: '1.1',
          },
        },
      }),
    );
    for (let i = 0; i < 100 && api.of('chat.postMessage', before).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(received.find((m) => m.envelope_id === 'env-1')).toBeDefined();
    const posts = api.of('chat.postMessage', before);
    expect(posts[0]).toMatchObject({ channel: 'DUSOCK' });
    expect(String(posts[0]!.text)).toContain('name of your company');
    // The HTTP endpoint says where Slack is.
    const http = await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(http.status).toBe(404);
    expect(await http.json()).toMatchObject({ error: 'socket_mode' });
  });
});
