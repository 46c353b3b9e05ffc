import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { SlackEndpoint } from '../adapters/slack/slack-endpoint.js';
import type { TeamsEndpoint } from '../adapters/teams/teams-endpoint.js';
import type { Config } from '../config/config.js';

export interface StartupFacts {
  readonly address: AddressInfo;
  readonly config: Pick<Config, 'dataDir' | 'mongodbUri'>;
  readonly teams: TeamsEndpoint | null;
  readonly slack: SlackEndpoint | null;
  readonly slackProblem?: string | undefined;
}

/**
 * The MongoDB URI without user, password or options: enough to know which server.
 * Everything up to the last "@" goes, so even a password with an unescaped "@" or "/"
 * (a URI the driver refuses) is never shown.
 */
export function mongoServer(uri: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(uri)?.[0] ?? '';
  const rest = uri.slice(scheme.length);
  return scheme + rest.slice(rest.lastIndexOf('@') + 1).replace(/\?.*$/, '');
}

function teamsState(teams: TeamsEndpoint | null): string {
  if (!teams) return 'off';
  return teams.mode === 'development' ? 'on (development mode, unauthenticated)' : 'on';
}

function slackState(slack: SlackEndpoint | null, problem: string | undefined): string {
  if (slack) return slack.mode === 'socket' ? 'on (Socket Mode)' : 'on (HTTP)';
  return problem ? `off (${problem})` : 'off';
}

/**
 * The first line of the server's log: where it listens, where tickets are kept and
 * which channels are on. A newcomer reads the message; programs read the fields.
 */
export function startupSummary(facts: StartupFacts): { fields: Record<string, unknown>; message: string } {
  const url = `http://localhost:${facts.address.port}`;
  const { mongodbUri, dataDir } = facts.config;
  const store = mongodbUri
    ? { store: 'mongodb', mongodb: mongoServer(mongodbUri) }
    : { store: 'sqlite', dataDir: resolve(dataDir) };
  const where = mongodbUri
    ? `MongoDB at ${mongoServer(mongodbUri)}`
    : `SQLite at ${join(resolve(dataDir), 'ticketbot.db')}`;
  const channels = { teams: teamsState(facts.teams), slack: slackState(facts.slack, facts.slackProblem) };
  return {
    fields: { url, ...store, channels },
    message: `ticketbot listening on ${url}; tickets in ${where}; Teams ${channels.teams}, Slack ${channels.slack}`,
  };
}
