import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

describe('the CLI with a configuration it cannot use', () => {
  it('an unusable DATA_DIR is one line naming the path, exit 2', async () => {
    const r = await runCli(['tickets', 'list'], { env: { DATA_DIR: '/proc/x' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'ticketbot: configuration: DATA_DIR "/proc/x": cannot create /proc/x (ENOENT: no such file or directory)\n',
    );
  });

  it('a MongoDB that does not answer is one line naming the server without its password, exit 1', async () => {
    const r = await runCli(['tickets', 'list'], {
      env: { MONGODB_URI: 'mongodb://bot:s3cret@127.0.0.1:1/tb?authSource=admin' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^ticketbot: MongoDB at mongodb:\/\/127\.0\.0\.1:1\/tb did not answer within 10 s .*\n$/,
    );
    expect(r.stderr).not.toMatch(/s3cret|\n\s+at /);
  }, 30_000);
});
