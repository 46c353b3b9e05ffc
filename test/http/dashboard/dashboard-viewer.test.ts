import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/system/logger.js';
import type { TenantDirectory } from '../../../src/core/tenants/tenants.js';
import { createHttpServer } from '../../../src/http/server.js';
import { presets } from '../../helpers/policies.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

const TOKEN = 'dashboard-viewer-token-0123456789';
const directory: TenantDirectory = {
  partners: [
    {
      id: 'rx',
      name: 'Reseller X',
      policy: null,
      contacts: ['slack:UPX'],
      users: 1000,
      referencePattern: null,
    },
  ],
  customers: ['acme', 'globex'].map((id) => ({
    id,
    company: id,
    aliases: [],
    environments: [],
    policy: null,
    timeZone: null,
    language: null,
    slackTeamIds: [],
    teamsTenantIds: [],
    partner: id === 'globex' ? 'rx' : null,
  })),
};
const tickets = [
  sampleTicket({
    id: 'TCK-000001',
    customer: 'acme',
    requester: { platform: 'slack', id: 'UA1', name: 'a' },
  }),
  sampleTicket({
    id: 'TCK-000002',
    customer: 'globex',
    requester: { platform: 'slack', id: 'UG1', name: 'g' },
  }),
  sampleTicket({
    id: 'TCK-000003',
    customer: 'acme',
    requester: { platform: 'slack', id: 'UA2', name: 'b' },
  }),
];

describe('GET /api/tickets?as=: what one viewer may see', () => {
  let url = '';
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const server = createHttpServer({
      logger: createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) }),
      teams: null,
      readiness: [],
      dashboard: {
        token: TOKEN,
        tickets: async () => tickets,
        policies: presets,
        timeZone: 'Europe/Amsterdam',
        viewers: { roles: { agents: ['slack:UAGENT'], incidentManagers: [] }, directory },
      },
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((done) => server.close(() => done()));
  });
  afterAll(() => close());

  const get = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const ids = async (path: string) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    return ((await res.json()) as Array<{ id: string }>).map((t) => t.id);
  };

  it('the token alone is the admin view; ?as= narrows it to the viewer', async () => {
    expect(await ids('/api/tickets')).toEqual(['TCK-000001', 'TCK-000002', 'TCK-000003']);
    expect(await ids('/api/tickets?as=slack:UAGENT')).toEqual(['TCK-000001', 'TCK-000002', 'TCK-000003']);
    expect(await ids('/api/tickets?as=slack:UPX')).toEqual(['TCK-000002']);
    expect(await ids('/api/tickets?as=slack:UA2')).toEqual(['TCK-000001', 'TCK-000003']);
    expect(await ids('/api/tickets?as=slack:UNOBODY')).toEqual([]);
  });

  it('the page follows the same viewer, and a malformed viewer is a 400', async () => {
    const page = await (await get('/dashboard?as=slack:UPX')).text();
    expect(page).toContain('TCK-000002');
    expect(page).not.toContain('TCK-000001');
    const bad = await get('/api/tickets?as=nobody');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('bad_request');
  });
});
