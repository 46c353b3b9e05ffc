import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { terminalTurn } from '../../adapters/terminal/terminal-input.js';
import { renderForTerminal } from '../../adapters/terminal/terminal-renderer.js';
import type { ChatSession, IntakeResult } from '../../app/intake-service.js';
import { resolveTimeZone } from '../../config/config.js';
import { LANGUAGES, type Language, languageFromLocale } from '../../core/i18n/language.js';
import { createAppContext } from '../../wiring/app-context.js';
import { CliError } from '../cli-error.js';

function defaultUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'user';
  }
}

/**
 * `ticketbot chat`: the intake in a terminal. Piped, it prints a line ">" whenever it
 * waits for an answer and reads one line per answer; EOF ends the session and an
 * unfinished intake resumes next time.
 */
export async function chatCommand(
  args: string[],
  io: { stdin: NodeJS.ReadableStream & { isTTY?: boolean }; stdout: NodeJS.WritableStream },
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { lang: { type: 'string' }, user: { type: 'string' }, tz: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.lang !== undefined && !(LANGUAGES as readonly string[]).includes(values.lang)) {
    throw new CliError(`unknown language "${values.lang}" (expected en or nl)`);
  }
  const language: Language =
    (values.lang as Language | undefined) ?? languageFromLocale(process.env.LC_ALL || process.env.LANG);
  const user = values.user?.trim() || defaultUser();
  const timeZone = resolveTimeZone(values.tz);
  if (values.tz && timeZone !== values.tz) throw new CliError(`unknown time zone "${values.tz}"`);

  const context = await createAppContext();
  const session: ChatSession = {
    conversationKey: `terminal:${user}`,
    requester: { platform: 'terminal', id: user, name: user },
    language,
    timeZone,
  };
  const interactive = Boolean(io.stdin.isTTY);
  const print = (result: IntakeResult) => {
    const lines = renderForTerminal(result.reply, {
      language: session.language,
      timeZone,
      now: context.clock.now(),
      policyOf: (name) => context.policies.get(name),
    });
    io.stdout.write(`${lines.join('\n')}\n`);
  };
  const rl = createInterface({
    input: io.stdin,
    output: interactive ? io.stdout : undefined,
    terminal: interactive,
  });
  const prompt = () => {
    if (interactive) rl.prompt();
    else io.stdout.write('>\n');
  };
  rl.setPrompt('> ');
  // Taken before the first await: readline emits lines as soon as it reads them, and a
  // script that pipes every answer at once would otherwise lose those read meanwhile.
  const lines = rl[Symbol.asyncIterator]();
  try {
    let result = await context.intake.open(session);
    print(result);
    prompt();
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      result = await context.intake.handle(session, await terminalTurn(next.value));
      print(result);
      if (!result.open) break;
      prompt();
    }
  } finally {
    rl.close();
    await context.store.close();
  }
  return 0;
}
