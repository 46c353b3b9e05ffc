import { describe, expect, it } from 'vitest';
import { IncidentFlows } from '../../src/app/incident-flows.js';
import { newIncident } from '../../src/core/incidents/incident.js';
import { NEW_TICKET } from '../../src/ports/outbox.js';
import { resolveNewTicket } from '../../src/ports/outbox-drafts.js';
import { sampleTicket } from '../helpers/sample-ticket.js';

const flows = (channelPlatforms: ('slack' | 'teams')[]) =>
  new IncidentFlows({
    incidentManagers: ['slack:UIM'],
    securityOfficers: [],
    support: { slack: 'CSUPPORT', teams: null },
    channelPlatforms,
    archiveOnClose: false,
    language: 'en',
  });

const reported = {
  requester: { platform: 'slack' as const, id: 'UJAN', name: 'Jan' },
  title: 'Nobody can sign in',
  security: false,
};

describe('the incident managers told of a P1 reported as one', () => {
  it('names no channel before it exists: only the opening, with the created ticket id', () => {
    const drafts = flows(['slack'])
      .opened(NEW_TICKET, reported)
      .map((d) => resolveNewTicket(d, 'TCK-000042'));
    expect(drafts.map((d) => d.message.kind)).toEqual(['openIncident']);
    expect(drafts[0]!.key).toBe('incident:TCK-000042:open');
    expect(JSON.stringify(drafts)).not.toMatch(/\\u0000/i);
  });

  it('without a platform for a channel: told at once that it runs in the support channel', () => {
    const drafts = flows([])
      .opened(NEW_TICKET, reported)
      .map((d) => resolveNewTicket(d, 'TCK-000042'));
    const told = drafts.find((d) => d.message.kind === 'text');
    const text = told?.message.kind === 'text' ? told.message.text : '';
    expect(text).toBe(
      'New P1 escalation TCK-000042 from Jan: Nobody can sign in. Assess it in the support channel.',
    );
  });

  it('once the channel exists: its real name and link; a fallback thread says so and why', () => {
    const base = sampleTicket({ id: 'TCK-000042' });
    const inChannel = {
      ...base,
      incident: {
        ...newIncident(0),
        channel: { platform: 'slack' as const, id: 'CINC1', name: 'inc-tck-000042-acme-2' },
      },
    };
    const link = 'https://acme.slack.com/archives/CINC1/p1700000000000100';
    const [told] = flows(['slack']).channelOpened(inChannel, {
      label: '#inc-tck-000042-acme-2',
      link,
      supportThread: false,
    });
    expect(told).toMatchObject({
      key: 'incident:TCK-000042:im:slack:UIM',
      message: { to: { kind: 'user', id: 'UIM' } },
    });
    expect(told!.message.kind === 'text' && told!.message.text).toBe(
      `New P1 escalation TCK-000042 from ${base.requester.name}: ${base.title}. Assess it in #inc-tck-000042-acme-2 (${link}).`,
    );

    const inThread = {
      ...base,
      incident: {
        ...newIncident(0),
        channel: {
          platform: 'slack' as const,
          id: 'CSUPPORT',
          threadId: '1700000000.000100',
          name: 'support thread of TCK-000042',
          fallbackReason: 'Slack refused conversations.create: restricted_action',
        },
      },
    };
    const texts = flows(['slack'])
      .channelOpened(inThread, {
        link: 'https://acme.slack.com/archives/CSUPPORT/p1700000000000100',
        supportThread: true,
      })
      .map((d) => (d.message.kind === 'text' ? d.message.text : ''));
    expect(texts[0]).toContain(
      'Assess it in a thread in the support channel (https://acme.slack.com/archives/CSUPPORT/p1700000000000100).',
    );
    expect(texts[0]).not.toContain('#inc-');
    expect(texts[1]).toContain('restricted_action');
  });
});
