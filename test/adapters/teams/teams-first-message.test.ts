import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { TeamsUser } from '../../helpers/teams-user.js';

let connector: FakeConnector;
let server: RunningServer;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  server = await startServer({ TICKETBOT_DEV: '1' });
});
afterAll(async () => {
  await server?.close();
  await connector?.stop();
});

const WHOLE_REPORT =
  'Acme BV, https://acme.workspace365.net, users j.doe and k.smit, since 9:15 this morning, nobody can log in to the workspace';

describe('Teams: the user speaks first, and that message counts', () => {
  it('takes a whole report from the first message, says back what it noted, and asks only for what is missing', async () => {
    const user = new TeamsUser(server.url, connector, {
      id: '29:user-first',
      aadObjectId: 'aad-first',
      name: 'Fay First',
    });
    const turn = await user.say(WHOLE_REPORT);
    // Said back at once: what was taken from free text.
    expect(turn.all).toContain('Acme BV');
    expect(turn.all).toContain('https://acme.workspace365.net');
    expect(turn.all).toMatch(/j\.doe/);
    // Not asked again.
    expect(turn.all).not.toContain('name of your company');
    const stored = await server.context.store.conversations.load(`teams:${user.conversationId}`);
    expect(stored?.state.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.doe', 'k.smit'],
    });
    expect(stored?.state.draft.description).toMatch(/nobody can log in/i);
  });

  it('reads rich text as typed: HTML paragraphs, links, mentions and entities become plain text', async () => {
    const user = new TeamsUser(server.url, connector, {
      id: '29:user-rich',
      aadObjectId: 'aad-rich',
      name: 'Rita Rich',
    });
    await user.say(
      '<p>Acme BV, <a href="https://acme.workspace365.net">https://acme.workspace365.net</a>, users <a href="mailto:j.doe@acme.nl">j.doe@acme.nl</a> and k.smit</p><p>The &lt;Documents&gt; app shows an error &amp; <at>Jan</at> cannot open files</p>',
    );
    const stored = await server.context.store.conversations.load(`teams:${user.conversationId}`);
    expect(stored?.state.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.doe@acme.nl', 'k.smit'],
    });
    expect(stored?.state.draft.description).toBe(
      'The <Documents> app shows an error & @Jan cannot open files',
    );
  });

  it('a bare greeting only greets and asks the first question', async () => {
    const user = new TeamsUser(server.url, connector, {
      id: '29:user-hello',
      aadObjectId: 'aad-hello',
      name: 'Hal Hello',
    });
    const turn = await user.say('hi');
    expect(turn.all).toContain('name of your company');
    const stored = await server.context.store.conversations.load(`teams:${user.conversationId}`);
    expect(stored?.state.draft.company).toBeUndefined();
  });
});
