import { describe, expect, it } from 'vitest';
import { LIMITS, replyMessages, ticketCardMessage } from '../../../src/adapters/slack/block-kit.js';
import { slackEscape, slackText } from '../../../src/adapters/slack/slack-text.js';
import { PolicyRegistry } from '../../../src/core/sla/policy-registry.js';
import type { Ticket } from '../../../src/core/tickets/ticket.js';
import { anyoneActions } from '../../../src/core/tickets/ticket-permissions.js';
import { Conversation, ENGLISH_HAPPY_PATH } from '../../helpers/conversation.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

const long = (n: number) => '<!channel> & <@U123> '.repeat(Math.ceil(n / 21)).slice(0, n);

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return sampleTicket({
    title: long(80),
    priority: 'P2',
    impact: 'department',
    company: long(10_000),
    environments: Array.from({ length: 50 }, (_, i) => `https://env${i}.workspace365.net`),
    description: long(10_000),
    requester: { platform: 'slack', id: 'U1', name: long(500) },
    ...overrides,
  });
}

/** Checks every Block Kit limit the bot relies on, recursively. */
function expectWithinLimits(message: {
  text: string;
  blocks?: unknown[];
  attachments?: Array<{ blocks: unknown[] }>;
}): void {
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallback);
  const blocks = (message.blocks ?? message.attachments?.[0]?.blocks ?? []) as Array<Record<string, any>>;
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  for (const block of blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.header);
    if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.text);
    if (block.fields) {
      expect(block.fields.length).toBeLessThanOrEqual(LIMITS.fields);
      for (const f of block.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.field);
    }
    for (const e of block.elements ?? []) {
      if (e.type === 'button') {
        expect(e.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
        expect(e.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
      }
      if (e.type === 'mrkdwn') expect(e.text.length).toBeLessThanOrEqual(2000);
    }
    if (block.type === 'actions') expect(block.elements.length).toBeLessThanOrEqual(LIMITS.actionsElements);
  }
}

const PRESETS = PolicyRegistry.create();

describe('Block Kit rendering', () => {
  it('escapes &, < and > so mentions and links stay text', () => {
    expect(slackEscape('<!channel> <@U1> <https://x|y> & co')).toBe(
      '&lt;!channel&gt; &lt;@U1&gt; &lt;https://x|y&gt; &amp; co',
    );
    expect(slackText('a & b', 3)).toBe('a…');
  });

  it('keeps the ticket card within Slack limits for huge values, for every status', () => {
    for (const status of ['open', 'acknowledged', 'paused', 'resolved', 'cancelled'] as const) {
      const message = ticketCardMessage(ticket({ status }), {
        timeZone: 'Europe/Amsterdam',
        now: Date.now(),
        notice: long(5000),
        policy: PRESETS.get('workspace365-basic'),
        actions: anyoneActions(ticket({ status })),
      });
      expectWithinLimits(message);
      // plain_text (the header) is never parsed; everything else must be escaped.
      const parsed = JSON.stringify(message, (key, value) =>
        key === 'text' && value?.type === 'plain_text' ? null : value,
      );
      expect(parsed).not.toContain('<!channel>');
    }
  });

  it('shows priority as text and emoji as well as colour, and buttons only while the ticket is open', () => {
    const open = ticketCardMessage(ticket(), {
      timeZone: 'UTC',
      now: Date.now(),
      policy: undefined,
      actions: anyoneActions(ticket()),
    });
    expect(open.text).toContain('🟠');
    expect(open.text).toContain('P2');
    expect(open.attachments![0]!.color).toBe('#F7630C');
    expect(JSON.stringify(open)).toContain('ticket_acknowledge');
    const resolved = ticket({ status: 'resolved' });
    const verifying = ticketCardMessage(resolved, {
      timeZone: 'UTC',
      now: Date.now(),
      policy: undefined,
      actions: anyoneActions(resolved),
    });
    // Resolved: only the requester's verification buttons are left.
    expect(JSON.stringify(verifying)).toContain('ticket_confirmFixed');
    expect(JSON.stringify(verifying)).not.toContain('ticket_acknowledge');
    const closed = ticket({ status: 'closed' });
    const done = ticketCardMessage(closed, {
      timeZone: 'UTC',
      now: Date.now(),
      policy: undefined,
      actions: anyoneActions(closed),
    });
    expect(JSON.stringify(done)).not.toContain('"actions"');
  });

  it('keeps every intake message within limits, with buttons or a select for long lists', () => {
    const c = new Conversation('en');
    const all = [...c.reply];
    for (const [, text] of ENGLISH_HAPPY_PATH) all.push(...c.say(text).reply);
    c.say('edit description').say(long(9_000));
    all.push(...c.reply);
    all.push(...c.say('2').reply);
    const messages = replyMessages(all);
    for (const m of messages) expectWithinLimits(m);
    const edit = messages.at(-1)!;
    expect(JSON.stringify(edit.blocks)).toContain('static_select');
  });
});
