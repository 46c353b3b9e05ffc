import { describe, expect, it } from 'vitest';
import { IncidentFlows } from '../../src/app/incident-flows.js';
import { NEW_TICKET } from '../../src/ports/outbox.js';
import { resolveNewTicket } from '../../src/ports/outbox-drafts.js';

describe('the incident managers told of a P1 reported as one', () => {
  it('names the channel with the created ticket id, not the placeholder', () => {
    const flows = new IncidentFlows({
      incidentManagers: ['slack:UIM'],
      securityOfficers: [],
      support: { slack: 'CSUPPORT', teams: null },
      channelPlatforms: ['slack'],
      archiveOnClose: false,
      language: 'en',
    });
    const drafts = flows
      .opened(NEW_TICKET, {
        requester: { platform: 'slack', id: 'UJAN', name: 'Jan' },
        title: 'Nobody can sign in',
        security: false,
      })
      .map((d) => resolveNewTicket(d, 'TCK-000042'));
    const told = drafts.find((d) => d.message.kind === 'text');
    const text = told?.message.kind === 'text' ? told.message.text : '';
    expect(text).toContain('#inc-tck-000042');
    expect(JSON.stringify(drafts)).not.toMatch(/\\u0000/i);
  });
});
