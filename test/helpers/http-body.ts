import type { IncomingMessage } from 'node:http';

/** The whole request body as text. */
export async function readBodyText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON when it parses, else `fallback(text)`: fakes record what they were sent, whatever it is. */
export function parseJsonOr<T>(text: string, fallback: (text: string) => T): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback(text);
  }
}
