import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { FORM, runChild, writeTinyPolicies } from '../helpers/lifecycle-processes.js';

interface CreateReport {
  ticketId: string;
  outboxKeys: string[];
}

interface DeliveryReport {
  sends: Array<{ kind: string; key?: string; to?: string; ticketId?: string; texts?: string[] }>;
  completed: string[];
  failed: number;
}

describe('a process killed between commit and delivery', () => {
  it('leaves the confirmation and cards to the next process, which sends each exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-crash-'));
    const policiesFile = writeTinyPolicies(dir);

    const crashed = await runChild<CreateReport>('create-and-crash', dir, policiesFile, {
      // A P2: no escalation messages, only the confirmation and the two cards.
      env: { TICKET_FORM: JSON.stringify({ ...FORM, impact: 'department' }) },
    });
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(crashed.report).toEqual({
      pid: expect.any(Number),
      ticketId: 'TCK-000001',
      outboxKeys: [
        'ticket:TCK-000001:confirmation',
        'ticket:TCK-000001:card:requester',
        'ticket:TCK-000001:card:support:slack',
      ],
    });

    // The commit survived the kill: ticket and outbox, nothing delivered yet.
    const store = SqliteStore.open(dir);
    expect(await store.tickets.get('TCK-000001')).toMatchObject({ status: 'open', policy: 'tiny' });
    expect((await store.outbox.stats(Date.now())).pending).toBe(3);
    await store.close();

    // Two processes come up and deliver what is left.
    const startAt = Date.now() + 800;
    const runs = await Promise.all([
      runChild<DeliveryReport>('deliver', dir, policiesFile, { startAt }),
      runChild<DeliveryReport>('deliver', dir, policiesFile, { startAt }),
    ]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    const sends = runs.flatMap((r) => r.report!.sends);
    expect(sends).toHaveLength(3);
    expect(sends).toEqual(
      expect.arrayContaining([
        {
          kind: 'reply',
          key: 'ticket:TCK-000001:confirmation',
          to: 'DREQ',
          texts: expect.arrayContaining(['Ticket TCK-000001 created']),
        },
        { kind: 'postCard', key: 'ticket:TCK-000001:card:requester', to: 'DREQ', ticketId: 'TCK-000001' },
        {
          kind: 'postCard',
          key: 'ticket:TCK-000001:card:support:slack',
          to: 'CSUPPORT',
          ticketId: 'TCK-000001',
        },
      ]),
    );
    // A later restart finds nothing left to send.
    const again = await runChild<DeliveryReport>('deliver', dir, policiesFile);
    expect(again.code, again.stderr).toBe(0);
    expect(again.report!.sends).toEqual([]);

    const after = SqliteStore.open(dir);
    expect(await after.cardCopies.list('TCK-000001')).toHaveLength(2);
    expect(await after.tickets.list()).toHaveLength(1);
    await after.close();
  });
});
