import { AsyncLocalStorage } from 'node:async_hooks';

type Sink = (line: string) => void;

const scope = new AsyncLocalStorage<Sink>();
let installed = false;

/** PEM blocks (botbuilder prints the bot's signing keys) never leave this process. */
function redact(text: string): string {
  return text.replace(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[key]');
}

function firstLine(args: unknown[]): string {
  const text = args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' ');
  return redact(text).split('\n', 1)[0]!.slice(0, 300);
}

/**
 * Runs `work` with console.error/warn/log redirected to `sink` (one line, keys removed)
 * for this call chain only. botbuilder prints refused tokens with a stack and the signing
 * keys straight to stderr; our JSON log says what happened instead. Other call chains,
 * even concurrent ones, keep the real console.
 */
export function withLibraryConsole<T>(sink: Sink, work: () => Promise<T>): Promise<T> {
  if (!installed) {
    installed = true;
    for (const method of ['error', 'warn', 'log', 'info'] as const) {
      const original = console[method].bind(console);
      console[method] = (...args: unknown[]) => {
        const to = scope.getStore();
        if (to) to(firstLine(args));
        else original(...args);
      };
    }
  }
  return scope.run(sink, work);
}
