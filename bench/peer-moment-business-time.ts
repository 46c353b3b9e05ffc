// The peer: moment-business-time computing the same business-hour deadlines.
// Set up fairly: one locale per calendar, defined once; run with TZ set to the
// calendars' zone, since moment works in the process's local time.
import { createRequire } from 'node:module';
import { answerLines } from '../src/tools/line-streams.js';

interface PeerConfig {
  locales: Record<string, { workinghours: Record<number, string[] | null>; holidays: string[] }>;
  /** policy -> priority -> { locale, response minutes | null, resolution minutes | null } */
  targets: Record<
    string,
    Record<string, { locale: string; response: number | null; resolution: number | null }>
  >;
}

interface MomentLike {
  clone(): MomentLike;
  addWorkingTime(n: number, unit: string): MomentLike;
  format(f: string): string;
}
type MomentFactory = ((input: string) => MomentLike) & {
  updateLocale(name: string, data: unknown): void;
  defineLocale(name: string, data: unknown): void;
  locale(name: string): string;
};

const require = createRequire(import.meta.url);
const moment = require('moment-business-time') as MomentFactory;
const config = JSON.parse(process.argv[2]!) as PeerConfig;
for (const [name, data] of Object.entries(config.locales)) {
  moment.defineLocale(name, { parentLocale: 'en', ...data });
}
const FORMAT = 'YYYY-MM-DDTHH:mm:ss.SSSZ';

let current = '';
function answer(line: string): string {
  const { policy, priority, openedAt } = JSON.parse(line) as Record<string, string>;
  const t = config.targets[policy!]?.[priority!];
  if (!t) return '{}';
  // moment-business-time reads the global locale's working hours, so switch it.
  if (t.locale !== current) current = moment.locale(t.locale);
  const opened = moment(openedAt!);
  const response =
    t.response === null ? null : opened.clone().addWorkingTime(t.response, 'minutes').format(FORMAT);
  const resolution =
    t.resolution === null ? null : opened.clone().addWorkingTime(t.resolution, 'minutes').format(FORMAT);
  return JSON.stringify({ response, resolution });
}
await answerLines(process.stdin, process.stdout, answer);
