import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { customersOfReporter } from '../../src/app/reporter-customers.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import { sampleTicket } from '../helpers/sample-ticket.js';

async function report(store: SqliteStore, overrides: Partial<Ticket>): Promise<void> {
  const { id: _id, version: _v, ...fields } = sampleTicket(overrides);
  await store.tickets.create(fields, { at: fields.createdAt, actor: 'x', type: 'created', data: {} });
}

describe('customersOfReporter', () => {
  it("knows a reporter's company from an old ticket behind 10,000 newer ones of others", async () => {
    const store = SqliteStore.inMemory();
    await report(store, { customer: 'acme', requester: { platform: 'slack', id: 'UOLD', name: 'Old' } });
    await report(store, {
      customer: 'globex',
      requester: { platform: 'teams', id: 'UOLD', name: 'Namesake' },
    });
    for (let i = 0; i < 10_000; i++)
      await report(store, {
        customer: 'initech',
        requester: { platform: 'slack', id: `U${i}`, name: 'Other' },
      });

    expect(await customersOfReporter(store.tickets, 'slack:UOLD')).toEqual(['acme']);
    // Same id on another platform is another person.
    expect(await customersOfReporter(store.tickets, 'teams:UOLD')).toEqual(['globex']);
    expect(await customersOfReporter(store.tickets, 'slack:UNEW')).toEqual([]);
    expect(await customersOfReporter(store.tickets, 'nocolon')).toEqual([]);
    await store.close();
  });

  it('reads Teams ids that contain colons whole', async () => {
    const store = SqliteStore.inMemory();
    const id = '29:1AbC-def';
    await report(store, { customer: 'acme', requester: { platform: 'teams', id, name: 'T' } });
    expect(await customersOfReporter(store.tickets, `teams:${id}`)).toEqual(['acme']);
    await store.close();
  });
});
