import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_BOT_SCOPES } from '../../../src/adapters/slack/slack-scopes.js';
import { readOfficialSchema } from '../../helpers/official-schema.js';

const manifest = parse(readFileSync('manifests/slack/manifest.yaml', 'utf8')) as Record<string, any>;

describe('Slack app manifest', () => {
  it('is valid against the official manifest schema 1.0.0', () => {
    const schema = readOfficialSchema('slack-manifest-1.0.0.json');
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    const ok = validate(manifest);
    expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    expect(validate({ ...manifest, display_information: {} })).toBe(false);
  });

  it('names exactly the scopes, events and command the bot uses', () => {
    // Exactly the scopes the bot uses: the list its start-up check asks Slack for.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_mention',
      'message.channels',
      'message.im',
      'pin_added',
      'reaction_added',
    ]);
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/ticket']);
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      manifest.features.slash_commands[0].url,
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
  });

  it('every Web API method the bot calls is covered by a scope in the manifest', () => {
    // Every file of the Slack adapter, so no call escapes the check.
    const source = readdirSync('src/adapters/slack')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(`src/adapters/slack/${f}`, 'utf8'))
      .join('\n');
    const methods = [
      ...new Set([...source.matchAll(/client\.([a-z]+)\.([a-zA-Z]+)\(/g)].map((m) => `${m[1]}.${m[2]}`)),
    ].sort();
    expect(methods).toEqual(
      expect.arrayContaining([
        'chat.postMessage',
        'chat.update',
        'conversations.history',
        'conversations.create',
        'pins.add',
      ]),
    );
    const scopeOf: Record<string, readonly string[]> = {
      'chat.postMessage': ['chat:write'],
      'chat.update': ['chat:write'],
      'chat.postEphemeral': ['chat:write'],
      'conversations.open': ['im:write'],
      'users.info': ['users:read'],
      // Reconciling an unclear send (the bot's own message by its metadata, in DMs and
      // channels, private support channels too) and reading a message marked with a reaction
      // in an incident channel.
      'conversations.history': ['im:history', 'channels:history', 'groups:history'],
      'conversations.replies': ['channels:history', 'groups:history'],
      // P1 incident channels (public channels).
      'conversations.create': ['channels:manage'],
      'conversations.invite': ['channels:manage'],
      'conversations.setTopic': ['channels:manage'],
      'conversations.archive': ['channels:manage'],
      'conversations.list': ['channels:read'],
      // The permalink of the incident card, sent to the incident managers.
      'chat.getPermalink': [],
      'pins.add': ['pins:write'],
      'views.open': [],
      'auth.test': [],
    };
    for (const method of methods) {
      expect(Object.keys(scopeOf), `unknown Web API method ${method}`).toContain(method);
      for (const scope of scopeOf[method]!) expect(manifest.oauth_config.scopes.bot).toContain(scope);
    }
  });

  it('every bot event is covered by its scope in the manifest', () => {
    const scopeOfEvent: Record<string, string> = {
      app_mention: 'app_mentions:read',
      'message.channels': 'channels:history',
      'message.im': 'im:history',
      pin_added: 'pins:read',
      reaction_added: 'reactions:read',
    };
    for (const event of manifest.settings.event_subscriptions.bot_events as string[]) {
      expect(Object.keys(scopeOfEvent), `unknown bot event ${event}`).toContain(event);
      expect(manifest.oauth_config.scopes.bot).toContain(scopeOfEvent[event]);
    }
  });
});
