import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const TEAM = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('Teams incident channel settings (CONTRACTS.md section 8)', () => {
  it('defaults: no incident team, no escalation channel, Graph v1.0', () => {
    const { teams } = loadConfig({});
    expect([teams.incidentTeamId, teams.escalationChannel, teams.graphApiUrl]).toEqual([
      null,
      null,
      'https://graph.microsoft.com/v1.0/',
    ]);
  });

  it('reads the team, the escalation channel and a Graph URL ending in /', () => {
    const { teams } = loadConfig({
      TEAMS_INCIDENT_TEAM_ID: ` ${TEAM} `,
      TEAMS_ESCALATION_CHANNEL: '19:escalation@thread.tacv2',
      GRAPH_API_URL: 'http://127.0.0.1:4000/v1.0/',
    });
    expect([teams.incidentTeamId, teams.escalationChannel, teams.graphApiUrl]).toEqual([
      TEAM,
      '19:escalation@thread.tacv2',
      'http://127.0.0.1:4000/v1.0/',
    ]);
  });

  it.each([
    [
      { GRAPH_API_URL: 'https://graph.microsoft.com/v1.0' },
      'GRAPH_API_URL: "https://graph.microsoft.com/v1.0" must be an http(s) URL ending in /, such as https://graph.microsoft.com/v1.0/',
    ],
    [{ GRAPH_API_URL: 'graph.microsoft.com/v1.0/' }, 'GRAPH_API_URL: "graph.microsoft.com/v1.0/" must be'],
    [
      { TEAMS_INCIDENT_TEAM_ID: 'Incidents' },
      `TEAMS_INCIDENT_TEAM_ID: "Incidents" must be the team's group id`,
    ],
    [
      { TEAMS_ESCALATION_CHANNEL: 'escalations' },
      'TEAMS_ESCALATION_CHANNEL: "escalations" must be a channel conversation id',
    ],
  ])('refuses %o, saying which and why', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
