import { pino } from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; LOG_LEVEL sets the level (default info). */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  return options.destination ? pino({ level }, options.destination) : pino({ level });
}
