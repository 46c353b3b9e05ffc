import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { slaDueCommand, WAITING_FOR_LINES } from '../../src/cli/commands/sla-due-command.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.setEncoding('utf8').on('data', (d: string) => {
    text += d;
  });
  return () => text;
}

describe('ticketbot sla due typed in a terminal', () => {
  it('says on stderr that it waits for JSON lines before reading any', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = collect(stdout);
    const err = collect(stderr);
    const running = slaDueCommand([], () => PolicyRegistry.create(), { stdin, stdout, stderr });
    await new Promise((resolve) => setImmediate(resolve));
    // The notice is there while nothing has been typed yet.
    expect(err()).toBe(WAITING_FOR_LINES);
    expect(err()).toContain('{"policy","priority","openedAt"}');
    expect(out()).toBe('');
    stdin.end('{"policy":"workspace365-basic","priority":"P1","openedAt":"2026-05-22T16:00"}\n');
    expect(await running).toBe(0);
    expect(JSON.parse(out()).response.dueAt).toBe('2026-05-22T16:05:00.000+02:00');
  });
});
