import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMainToExit } from '../helpers/run-main.js';

// A configuration file that is no regular file, or too big, ends the start at once in one
// line naming the path, exit 2 (TENANTS_FILE=/dev/zero used to eat 2 GB and hang); so does
// a TICKETBOT_CLOCK_OFFSET_MS that is no number (it used to print a stack, exit 1).

const scratch = () => mkdtempSync(join(tmpdir(), 'ticketbot-bad-config-file-'));

async function start(env: Record<string, string>) {
  const r = await runMainToExit({ PORT: '0', DATA_DIR: scratch(), ...env }, 20_000);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return r;
}

describe('npm start with a configuration file it must not read', () => {
  it('TENANTS_FILE=/dev/zero: one line, exit 2', async () => {
    const r = await start({ TENANTS_FILE: '/dev/zero' });
    expect(r.stderr).toBe(
      'ticketbot: configuration: TENANTS_FILE /dev/zero is invalid: not a regular file (a character device)\n',
    );
  });

  it('SLA_POLICIES_FILE=/dev/zero: one line, exit 2', async () => {
    const r = await start({ SLA_POLICIES_FILE: '/dev/zero' });
    expect(r.stderr).toBe(
      'ticketbot: configuration: invalid SLA policies: /dev/zero: not a regular file (a character device)\n',
    );
  });

  it('a named pipe and a file over 4 MiB: one line each, without waiting', async () => {
    const dir = scratch();
    const fifo = join(dir, 'tenants.json');
    execFileSync('mkfifo', [fifo]);
    const piped = await start({ TENANTS_FILE: fifo });
    expect(piped.stderr).toBe(
      `ticketbot: configuration: TENANTS_FILE ${fifo} is invalid: not a regular file (a named pipe)\n`,
    );
    const big = join(dir, 'policies.json');
    writeFileSync(big, ' '.repeat(4 * 1024 * 1024 + 1));
    const large = await start({ SLA_POLICIES_FILE: big });
    expect(large.stderr).toBe(
      `ticketbot: configuration: invalid SLA policies: ${big}: larger than 4 MiB, the limit for configuration files\n`,
    );
  });

  it('TICKETBOT_CLOCK_OFFSET_MS that is no number: one line, exit 2', async () => {
    const r = await start({ TICKETBOT_CLOCK_OFFSET_MS: 'abc' });
    expect(r.stderr).toBe(
      'ticketbot: configuration: TICKETBOT_CLOCK_OFFSET_MS: "abc" is not a whole number of milliseconds (such as -240000)\n',
    );
  });
});
