import { LogLevel } from '@slack/bolt';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from 'vitest';
import { slackSdkLogger } from '../../../src/adapters/slack/slack-logger.js';
import type { Logger } from '../../../src/ports/logger.js';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { SlackUser, slackEnv } from '../../helpers/slack-user.js';

describe('the Slack SDKs’ logger', () => {
  function recording() {
    const lines: Array<{ level: string; fields: object; message: string | undefined }> = [];
    const port: Logger = {
      info: (fields, message) => lines.push({ level: 'info', fields, message }),
      warn: (fields, message) => lines.push({ level: 'warn', fields: fields as object, message }),
      error: (fields, message) => lines.push({ level: 'error', fields, message }),
      child: () => port,
    };
    return { port, lines };
  }

  it('writes what Bolt logs through our Logger port: text as the message, errors and values as fields', () => {
    const { port, lines } = recording();
    const log = slackSdkLogger(port, 'bolt', LogLevel.WARN);
    log.warn('Could not determine the type of an incoming event.', 'No listeners will be called.');
    log.error('Slack API error: invalid_auth', new Error('An API error occurred: invalid_auth'));
    log.warn({ response_metadata: { warnings: ['missing_charset'] } });
    expect(lines).toEqual([
      {
        level: 'warn',
        fields: { sdk: 'bolt' },
        message: 'Could not determine the type of an incoming event. No listeners will be called.',
      },
      {
        level: 'error',
        fields: { sdk: 'bolt', err: 'An API error occurred: invalid_auth' },
        message: 'Slack API error: invalid_auth',
      },
      {
        level: 'warn',
        fields: { sdk: 'bolt', details: ["{ response_metadata: { warnings: [ 'missing_charset' ] } }"] },
        message: 'Slack SDK log entry',
      },
    ]);
  });

  it('keeps the level Bolt sets and the name it gives', () => {
    const { port, lines } = recording();
    const log = slackSdkLogger(port, 'bolt', LogLevel.WARN);
    log.info('dropped at warn');
    log.debug('never: the port has no debug');
    expect(log.getLevel()).toBe(LogLevel.WARN);
    log.setLevel(LogLevel.INFO);
    log.setName('web-api:WebClient:1');
    log.info('kept at info');
    expect(log.getLevel()).toBe(LogLevel.INFO);
    expect(lines).toEqual([
      { level: 'info', fields: { sdk: 'web-api:WebClient:1' }, message: 'kept at info' },
    ]);
  });
});

describe('on the wire: Slack SDK lines are JSON in our log, never plain text on the console', () => {
  let api: FakeSlackApi;
  let server: RunningServer;
  const consoleSpies: MockInstance[] = [];

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    server = await startServer({
      ...slackEnv(api),
    });
  });
  afterAll(async () => {
    await server?.close();
    await api?.stop();
  });
  // @slack/logger's ConsoleLogger writes "[WARN]  bolt-app ..." with console.warn and its kin.
  beforeEach(() => {
    for (const method of ['debug', 'info', 'warn', 'error', 'log'] as const)
      consoleSpies.push(vi.spyOn(console, method).mockImplementation(() => undefined));
  });
  afterEach(() => {
    for (const spy of consoleSpies.splice(0)) spy.mockRestore();
  });
  const consoleLines = () => consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => args.join(' ')));
  const user = () => new SlackUser(server.url, api, 'ULOGS');

  it('app_rate_limited is acknowledged and logged as a JSON warning', async () => {
    const logsBefore = server.logs.length;
    const response = await user().send(
      JSON.stringify({
        token: 'legacy',
        type: 'app_rate_limited',
        team_id: 'T1',
        minute_rate_limited: 1_518_467_820,
        api_app_id: 'A1',
      }),
      'application/json',
    );
    expect(response.status).toBe(200);
    const lines = server.logs.slice(logsBefore).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, teamId: 'T1', minuteRateLimited: 1_518_467_820 }),
    ]);
    expect(consoleLines()).toEqual([]);
  });

  it.each([
    ['an empty form', '', 'application/x-www-form-urlencoded'],
    ['an empty JSON object', '{}', 'application/json'],
    ['a JSON body of an unknown type', '{"type":"nonsense","team_id":"T1"}', 'application/json'],
    [
      'an interaction of an unknown type',
      `payload=${encodeURIComponent('{"type":"nonsense","user":{"id":"ULOGS"}}')}`,
      'application/x-www-form-urlencoded',
    ],
  ])('%s no listener takes is a 400, and nothing is written on the console', async (_name, body, type) => {
    const response = await user().send(body, type);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request' });
    expect(consoleLines()).toEqual([]);
  });

  it('a warning in a Web API answer (read by Bolt’s client) is a JSON line', async () => {
    api.override('chat.postEphemeral', {
      ok: true,
      response_metadata: { warnings: ['superfluous_charset'] },
    });
    const logsBefore = server.logs.length;
    // Someone presses a card button of a ticket that does not exist: told so in an ephemeral.
    const response = await user().send(
      user().interaction({
        type: 'block_actions',
        trigger_id: 'trigger-logs',
        channel: { id: 'CSUPPORT' },
        container: { type: 'message', message_ts: '1700000001.000100', channel_id: 'CSUPPORT' },
        message: { ts: '1700000001.000100', text: 'card', blocks: [] },
        actions: [{ type: 'button', action_id: 'ticket_acknowledge', value: 'TCK-999999', action_ts: '1' }],
      }),
      'application/x-www-form-urlencoded',
    );
    expect(response.status).toBe(200);
    // A press is answered first; the ephemeral follows, and its answer is read after that.
    const lines = () =>
      server.logs.slice(logsBefore).map((line) => JSON.parse(line) as Record<string, unknown>);
    for (let i = 0; i < 150 && !lines().some((l) => l.msg === 'superfluous_charset'); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.of('chat.postEphemeral')).toHaveLength(1);
    expect(lines()).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'superfluous_charset', sdk: 'bolt' }),
    );
    expect(consoleLines()).toEqual([]);
  });
});
