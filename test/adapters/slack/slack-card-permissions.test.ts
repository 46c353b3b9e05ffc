import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../src/core/tickets/ticket.js';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { SlackUser, slackEnv } from '../../helpers/slack-user.js';
import { storedRows } from '../../helpers/stored-rows.js';

const dataDir = mkdtempSync(join(tmpdir(), 'ticketbot-card-perms-'));
let api: FakeSlackApi;
let server: RunningServer;
/** An open P3 reported by UJAN, and a cancelled one of UJAN's. */
let open: Ticket;
let cancelled: Ticket;

async function storeTicket(overrides: Partial<Ticket>): Promise<Ticket> {
  const {
    id: _id,
    version: _version,
    ...ticket
  } = sampleTicket({
    priority: 'P3',
    requester: { platform: 'slack', id: 'UJAN', name: 'Jan' },
    idempotencyKey: `perm-${Math.random()}`,
    ...overrides,
  });
  const created = await server.context.store.tickets.create(ticket, {
    at: Date.now(),
    actor: 'slack:UJAN',
    type: 'created',
    data: {},
  });
  return created.ticket;
}

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  server = await startServer({
    DATA_DIR: dataDir,
    ...slackEnv(api),
    TICKETBOT_AGENTS: 'slack:UAGENT',
  });
  open = await storeTicket({});
  cancelled = await storeTicket({ status: 'cancelled' });
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

let presses = 0;

/** Presses a card button in the support channel, as Slack sends it, and says what followed. */
async function press(userId: string, verb: string, ticketId: string) {
  presses += 1;
  const user = new SlackUser(server.url, api, userId);
  const before = api.calls.length;
  const rows = storedRows(dataDir);
  const response = await user.send(
    user.interaction({
      type: 'block_actions',
      trigger_id: `trigger-perm-${presses}`,
      channel: { id: 'CSUPPORT' },
      container: { type: 'message', message_ts: '1700000001.000100', channel_id: 'CSUPPORT' },
      message: { ts: '1700000001.000100', text: 'card', blocks: [] },
      actions: [
        {
          type: 'button',
          action_id: `ticket_${verb}`,
          block_id: `ticket:${ticketId}`,
          value: ticketId,
          action_ts: `${presses}`,
        },
      ],
    }),
    'application/x-www-form-urlencoded',
  );
  expect(response.status).toBe(200);
  // A press is answered first; its ephemeral or its form follows.
  const answered = () => api.of('chat.postEphemeral', before).length + api.of('views.open', before).length;
  for (let i = 0; i < 150 && answered() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    told: api.of('chat.postEphemeral', before).map((e) => e.text),
    modals: api.of('views.open', before).map((v) => (v.view as { callback_id: string }).callback_id),
    stored: JSON.stringify(storedRows(dataDir)) !== JSON.stringify(rows),
  };
}

describe('card buttons that open a form check the presser first', () => {
  const NOT_ALLOWED = 'You cannot do that on this ticket.';

  it.each([
    ['someone with no part in the ticket', 'UMALLORY', 'resolve'],
    ['someone with no part in the ticket', 'UMALLORY', 'escalate'],
    ['someone with no part in the ticket', 'UMALLORY', 'addInfo'],
    ['someone with no part in the ticket', 'UMALLORY', 'note'],
    ['someone with no part in the ticket', 'UMALLORY', 'changePriority'],
    ['the requester (agents only)', 'UJAN', 'resolve'],
    ['the requester (agents only)', 'UJAN', 'note'],
    ['the requester (agents only)', 'UJAN', 'changePriority'],
    ['an agent (requester only)', 'UAGENT', 'addInfo'],
  ])('%s (%s) pressing %s is refused at once, with no form', async (_who, user, verb) => {
    const outcome = await press(user, verb, open.id);
    expect(outcome).toEqual({ told: [NOT_ALLOWED], modals: [], stored: false });
  });

  it.each([
    ['the agent', 'UAGENT', 'resolve'],
    ['the agent', 'UAGENT', 'note'],
    ['the agent', 'UAGENT', 'changePriority'],
    ['the requester', 'UJAN', 'addInfo'],
    ['the requester', 'UJAN', 'escalate'],
  ])('%s (%s) pressing %s gets the form', async (_who, user, verb) => {
    const outcome = await press(user, verb, open.id);
    expect(outcome).toEqual({ told: [], modals: [`ticket_${verb}`], stored: false });
  });

  it('the requester is told their own ticket is finished; others learn nothing of its state', async () => {
    expect((await press('UJAN', 'addInfo', cancelled.id)).told).toEqual(['This ticket is already finished.']);
    expect((await press('UMALLORY', 'addInfo', cancelled.id)).told).toEqual([NOT_ALLOWED]);
  });
});

describe('ticket ids cannot be probed from a card button', () => {
  it.each([
    ['acknowledge (done at once)', 'acknowledge'],
    ['resolve (a form)', 'resolve'],
    ['add information (a form)', 'addInfo'],
  ])('%s: an unknown id and a ticket of someone else get the same answer', async (_name, verb) => {
    const unknown = await press('UMALLORY', verb, 'TCK-999999');
    const existing = await press('UMALLORY', verb, open.id);
    expect(unknown).toEqual({ told: ['You cannot do that on this ticket.'], modals: [], stored: false });
    expect(existing).toEqual(unknown);
  });

  it('an agent, who sees every ticket, is told an id does not exist', async () => {
    expect(await press('UAGENT', 'resolve', 'TCK-999999')).toEqual({
      told: ['That ticket does not exist.'],
      modals: [],
      stored: false,
    });
  });
});
