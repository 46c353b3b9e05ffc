import { isKnownTimeZone } from '../core/sla/zone-offsets.js';

/** A setting that is present but wrong: the process refuses to start and says which. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** pino's levels, most verbose first; "silent" turns logging off. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly dataDir: string;
  readonly mongodbUri: string | null;
  readonly defaultSlaPolicy: string;
  readonly slaPoliciesFile: string | null;
  /** Customers and partners (CONTRACTS.md section 7); null = every company gets the default policy. */
  readonly tenantsFile: string | null;
  /** Turns on /dashboard and /api/tickets; null = both answer 404. */
  readonly dashboardToken: string | null;
  readonly devMode: boolean;
  readonly teams: {
    readonly appId: string | null;
    readonly appPassword: string | null;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId: string | null;
    readonly supportChannel: string | null;
    /** Where the bot reaches Teams without an incoming activity (the support channel). */
    readonly serviceUrl: string;
    /** TEAMS_INCIDENT_TEAM_ID: the team (group id) P1 incident channels are created in through Graph. */
    readonly incidentTeamId: string | null;
    /** TEAMS_ESCALATION_CHANNEL: a channel conversation id; incidents run in a thread there when Graph refuses. */
    readonly escalationChannel: string | null;
    /** GRAPH_API_URL: the Microsoft Graph base URL, ending in "/". */
    readonly graphApiUrl: string;
  };
  readonly slack: {
    readonly signingSecret: string | null;
    readonly botToken: string | null;
    readonly appToken: string | null;
    readonly apiUrl: string | null;
    readonly supportChannel: string | null;
  };
  readonly incidents: {
    /** INCIDENT_ARCHIVE_ON_CLOSE=1: archive (never delete) an incident channel once closed. */
    readonly archiveOnClose: boolean;
    /** A message marked with this reaction in an incident channel goes on its timeline. */
    readonly timelineReaction: string;
  };
  readonly roles: {
    readonly agents: readonly string[];
    readonly incidentManagers: readonly string[];
    readonly securityOfficers: readonly string[];
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function optional(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function idList(env: NodeJS.ProcessEnv, name: string): string[] {
  const ids = (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!/^(slack|teams|terminal):\S+$/.test(id)) {
      throw new ConfigError(
        `${name}: "${id}" is not a platform-qualified id such as slack:U123 or teams:<aadObjectId>`,
      );
    }
  }
  return ids;
}

function loadLogLevel(env: NodeJS.ProcessEnv): LogLevel {
  const text = env.LOG_LEVEL?.trim() || 'info';
  const level = text.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL: "${text}" is not a log level (use ${LOG_LEVELS.join(', ')})`);
  }
  return level as LogLevel;
}

/** TICKETBOT_CLOCK_OFFSET_MS (a drill knob, see offsetClock): checked here, applied by the wiring. */
function checkClockOffset(env: NodeJS.ProcessEnv): void {
  const text = env.TICKETBOT_CLOCK_OFFSET_MS?.trim();
  if (text && !Number.isSafeInteger(Number(text))) {
    throw new ConfigError(
      `TICKETBOT_CLOCK_OFFSET_MS: "${text}" is not a whole number of milliseconds (such as -240000)`,
    );
  }
}

/** Reads and validates the environment once, at start-up, into a frozen object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = env.PORT?.trim() || '3978';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT: "${portText}" is not a port number`);
  const logLevel = loadLogLevel(env);
  checkClockOffset(env);
  const appType = env.MicrosoftAppType?.trim() || 'MultiTenant';
  if (appType !== 'MultiTenant' && appType !== 'SingleTenant' && appType !== 'UserAssignedMSI') {
    throw new ConfigError(
      `MicrosoftAppType: "${appType}" must be MultiTenant, SingleTenant or UserAssignedMSI`,
    );
  }
  const apiUrl = optional(env, 'SLACK_API_URL');
  if (apiUrl && !/^https?:\/\/.+\/api\/$/.test(apiUrl)) {
    throw new ConfigError(`SLACK_API_URL: "${apiUrl}" must be an http(s) URL ending in /api/`);
  }
  const graphApiUrl = optional(env, 'GRAPH_API_URL') ?? 'https://graph.microsoft.com/v1.0/';
  if (!/^https?:\/\/[^/\s]+\/(?:\S*\/)?$/.test(graphApiUrl)) {
    throw new ConfigError(
      `GRAPH_API_URL: "${graphApiUrl}" must be an http(s) URL ending in /, such as https://graph.microsoft.com/v1.0/`,
    );
  }
  const incidentTeamId = optional(env, 'TEAMS_INCIDENT_TEAM_ID');
  if (incidentTeamId && !GUID.test(incidentTeamId)) {
    throw new ConfigError(
      `TEAMS_INCIDENT_TEAM_ID: "${incidentTeamId}" must be the team's group id (a GUID, the groupId in the team's link)`,
    );
  }
  const escalationChannel = optional(env, 'TEAMS_ESCALATION_CHANNEL');
  if (escalationChannel && !/^19:\S+$/.test(escalationChannel)) {
    throw new ConfigError(
      `TEAMS_ESCALATION_CHANNEL: "${escalationChannel}" must be a channel conversation id such as 19:abc@thread.tacv2`,
    );
  }
  return Object.freeze({
    port,
    logLevel,
    dataDir: env.DATA_DIR?.trim() || './data',
    mongodbUri: optional(env, 'MONGODB_URI'),
    defaultSlaPolicy: env.DEFAULT_SLA_POLICY?.trim() || 'workspace365-basic',
    slaPoliciesFile: optional(env, 'SLA_POLICIES_FILE'),
    tenantsFile: optional(env, 'TENANTS_FILE'),
    dashboardToken: optional(env, 'DASHBOARD_TOKEN'),
    devMode: env.TICKETBOT_DEV === '1',
    teams: Object.freeze({
      appId: optional(env, 'MicrosoftAppId'),
      appPassword: optional(env, 'MicrosoftAppPassword'),
      appType,
      tenantId: optional(env, 'MicrosoftAppTenantId'),
      supportChannel: optional(env, 'TEAMS_SUPPORT_CHANNEL'),
      serviceUrl: optional(env, 'TEAMS_SERVICE_URL') ?? 'https://smba.trafficmanager.net/teams/',
      incidentTeamId,
      escalationChannel,
      graphApiUrl,
    }),
    slack: Object.freeze({
      signingSecret: optional(env, 'SLACK_SIGNING_SECRET'),
      botToken: optional(env, 'SLACK_BOT_TOKEN'),
      appToken: optional(env, 'SLACK_APP_TOKEN'),
      apiUrl,
      supportChannel: optional(env, 'SLACK_SUPPORT_CHANNEL'),
    }),
    incidents: Object.freeze({
      archiveOnClose: env.INCIDENT_ARCHIVE_ON_CLOSE?.trim() === '1',
      timelineReaction: (optional(env, 'INCIDENT_TIMELINE_REACTION') ?? 'pushpin').replace(/^:|:$/g, ''),
    }),
    roles: Object.freeze({
      agents: Object.freeze(idList(env, 'TICKETBOT_AGENTS')),
      incidentManagers: Object.freeze(idList(env, 'TICKETBOT_INCIDENT_MANAGERS')),
      securityOfficers: Object.freeze(idList(env, 'SECURITY_OFFICER')),
    }),
  });
}

/** The user's zone for the terminal: --tz, then TZ, then the system's. */
export function resolveTimeZone(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    explicit,
    env.TZ?.replace(/^:/, ''),
    Intl.DateTimeFormat().resolvedOptions().timeZone,
    'UTC',
  ];
  for (const zone of candidates) if (zone && isKnownTimeZone(zone)) return zone;
  return 'UTC';
}
