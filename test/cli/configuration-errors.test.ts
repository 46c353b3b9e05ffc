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
});
