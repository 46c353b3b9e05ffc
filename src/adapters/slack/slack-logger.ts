import { inspect } from 'node:util';
import { LogLevel, type Logger as SlackSdkLogger } from '@slack/bolt';
import type { Logger } from '../../ports/logger.js';

const SEVERITY: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/** A value Bolt logs, kept short: an API error can carry a whole response. */
const MAX_DETAIL_CHARS = 1_000;

/** Bolt's and the Web API client's log arguments as one message and fields. */
function entry(name: string, args: unknown[]): { fields: Record<string, unknown>; message: string } {
  const words: string[] = [];
  const details: string[] = [];
  let err: string | undefined;
  for (const arg of args) {
    if (typeof arg === 'string') words.push(arg);
    else if (arg instanceof Error) err ??= arg.message;
    else
      details.push(
        inspect(arg, { depth: 2, breakLength: Number.POSITIVE_INFINITY }).slice(0, MAX_DETAIL_CHARS),
      );
  }
  return {
    fields: {
      sdk: name,
      ...(err !== undefined ? { err } : {}),
      ...(details.length > 0 ? { details } : {}),
    },
    message: words.join(' ') || err || 'Slack SDK log entry',
  };
}

/**
 * The Slack SDKs' logger (Bolt, its Web API clients, Socket Mode) writing through our
 * Logger port, so their lines are JSON like every other line, never plain text on
 * stderr. Their own level still applies; debug lines are dropped (the port has none).
 */
export function slackSdkLogger(logger: Logger, initialName: string, initialLevel: LogLevel): SlackSdkLogger {
  let level = initialLevel;
  let name = initialName;
  const enabled = (at: LogLevel) => SEVERITY[at] >= SEVERITY[level];
  return {
    debug: () => undefined,
    info: (...args: unknown[]) => {
      if (!enabled(LogLevel.INFO)) return;
      const { fields, message } = entry(name, args);
      logger.info(fields, message);
    },
    warn: (...args: unknown[]) => {
      if (!enabled(LogLevel.WARN)) return;
      const { fields, message } = entry(name, args);
      logger.warn(fields, message);
    },
    error: (...args: unknown[]) => {
      const { fields, message } = entry(name, args);
      logger.error(fields, message);
    },
    setLevel: (next: LogLevel) => {
      if (next in SEVERITY) level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}
