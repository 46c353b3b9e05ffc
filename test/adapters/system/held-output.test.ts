import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HeldOutput } from '../../../src/adapters/system/held-output.js';
import { createLogger } from '../../../src/adapters/system/logger.js';

describe('HeldOutput', () => {
  it('keeps log lines until released, then writes them in order and passes the rest through', () => {
    const target = new PassThrough();
    let written = '';
    target.setEncoding('utf8').on('data', (d: string) => {
      written += d;
    });
    const held = new HeldOutput(target);
    const logger = createLogger({ level: 'info', destination: held });
    logger.warn('first');
    logger.warn('second');
    const before = written;
    target.write('summary\n');
    held.release();
    logger.info('third');
    const messages = written
      .trim()
      .split('\n')
      .map((l) => (l.startsWith('{') ? (JSON.parse(l) as { msg: string }).msg : l));
    expect(before).toBe('');
    expect(messages).toEqual(['summary', 'first', 'second', 'third']);
  });
});
