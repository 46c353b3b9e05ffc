import { describe, expect, it } from 'vitest';
import type { SlackEndpoint } from '../../src/adapters/slack/slack-endpoint.js';
import type { TeamsEndpoint } from '../../src/adapters/teams/teams-endpoint.js';
import { mongoServer, startupSummary } from '../../src/startup/startup-summary.js';

const address = { address: '::', family: 'IPv6', port: 3978 };

describe('the start-up summary', () => {
  it('names MongoDB without the credentials or options of the URI', () => {
    expect(mongoServer('mongodb://bot:s3cret@db1:27017,db2:27017/ticketbot?authSource=admin')).toBe(
      'mongodb://db1:27017,db2:27017/ticketbot',
    );
    const summary = startupSummary({
      address,
      config: { dataDir: './data', mongodbUri: 'mongodb+srv://bot:s3cret@cluster.example.net/tb' },
      teams: { mode: 'authenticated' } as TeamsEndpoint,
      slack: { mode: 'socket' } as SlackEndpoint,
    });
    expect(summary.message).toBe(
      'ticketbot listening on http://localhost:3978; tickets in MongoDB at mongodb+srv://cluster.example.net/tb; Teams on, Slack on (Socket Mode)',
    );
    expect(JSON.stringify(summary.fields)).not.toContain('s3cret');
  });

  it('says why Slack is off when Slack refused the token', () => {
    const summary = startupSummary({
      address,
      config: { dataDir: '/srv/ticketbot', mongodbUri: null },
      teams: null,
      slack: null,
      slackProblem: 'Slack refused the bot token: invalid_auth',
    });
    expect(summary.fields).toEqual({
      url: 'http://localhost:3978',
      store: 'sqlite',
      dataDir: '/srv/ticketbot',
      channels: { teams: 'off', slack: 'off (Slack refused the bot token: invalid_auth)' },
    });
  });
});
