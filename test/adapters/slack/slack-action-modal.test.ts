import { describe, expect, it } from 'vitest';
import { modalInputs, ticketActionModal } from '../../../src/adapters/slack/slack-form.js';
import { actionFromInputs } from '../../../src/core/tickets/action-input.js';

type Block = { block_id: string; element: { type: string; options?: Array<{ value: string }> } };
const blocksOf = (verb: 'assignRole' | 'downgradeIncident') =>
  ticketActionModal(verb, 'TCK-000001', 'nl').blocks as unknown as Block[];

describe('Slack action modals', () => {
  it('picks the downgrade priority (P2-P4), the incident role and the person instead of free text', () => {
    const [priority] = blocksOf('downgradeIncident');
    expect(priority!.element.type).toBe('static_select');
    expect(priority!.element.options!.map((o) => o.value)).toEqual(['P2', 'P3', 'P4']);
    const [role, person] = blocksOf('assignRole');
    expect(role!.element.type).toBe('static_select');
    expect(role!.element.options!.map((o) => o.value)).toEqual(['manager', 'communications', 'responder']);
    expect(person!.element.type).toBe('users_select');
  });

  it('an assign-role submission with a picked user becomes an action on that Slack user', () => {
    const inputs = modalInputs({
      role: { value: { type: 'static_select', selected_option: { value: 'responder' } } },
      person: { value: { type: 'users_select', selected_user: 'UOPS' } },
    });
    expect(actionFromInputs('assignRole', inputs, { now: 0, timeZone: 'UTC', platform: 'slack' })).toEqual({
      kind: 'assignRole',
      role: 'responder',
      person: { id: 'slack:UOPS', name: 'UOPS' },
    });
  });
});
