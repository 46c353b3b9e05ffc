import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { IntakeEngine } from '../../../src/core/intake/intake-engine.js';
import { Conversation, NOW } from '../../helpers/conversation.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toMillis();

function firstMessage(text: string, language: 'en' | 'nl' = 'en') {
  return new IntakeEngine().start(
    {
      conversationKey: 'test:u1',
      requester: { platform: 'teams', id: 'u1', name: 'Jan' },
      language,
      timeZone: 'Europe/Amsterdam',
      intakeId: 'intake-1',
      now: NOW,
    },
    { text, at: NOW },
  );
}

const said = (reply: ReturnType<typeof firstMessage>['reply']) =>
  reply.map((p) => (p.type === 'text' || p.type === 'question' ? p.text : '')).join('\n');

describe('issue 9: a whole report in one message', () => {
  it('puts each part of a pasted report in its own field, not all in the company', () => {
    const c = new Conversation('en').say(
      'Acme BV, https://acme.workspace365.net, users j.doe and k.smit, since 9:15 this morning, nobody can log in to the workspace',
    );
    expect(c.state?.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.doe', 'k.smit'],
      startedAt: at('2026-11-23T09:15'),
      description: 'nobody can log in to the workspace',
    });
    expect(c.step).toBe('security');
    // Everything taken from free text is said back at once, with a way to correct it.
    expect(c.said).toContain('Noted company: Acme BV');
    expect(c.said).toContain('Noted username(s): j.doe, k.smit');
    expect(c.said).toContain("'company: Contoso BV'");
  });

  it('keeps the description as it was written: its lines and semicolons, not commas in their place', () => {
    const c = new Conversation('en').say(
      'Initech BV\ninitech.workspace365.net\nUsers get logged out every few minutes.\nIt started after the update; error 500, then a blank page.',
    );
    expect(c.state?.draft).toMatchObject({
      company: 'Initech BV',
      environments: ['https://initech.workspace365.net'],
      description:
        'Users get logged out every few minutes.\nIt started after the update; error 500, then a blank page.',
    });
  });

  it('reads parts separated by dashes', () => {
    const c = new Conversation('en').say('Acme BV - https://acme.workspace365.net - since 9:15');
    expect(c.state?.draft).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      startedAt: at('2026-11-23T09:15'),
    });
  });

  it('reads labelled lines in English and Dutch', () => {
    const en = new Conversation('en').say('company: Acme BV\nusers: j.doe, k.smit\nstarted: yesterday 14:00');
    expect(en.state?.draft).toMatchObject({
      company: 'Acme BV',
      usernames: ['j.doe', 'k.smit'],
      startedAt: at('2026-11-22T14:00'),
    });
    const nl = new Conversation('nl').say(
      'bedrijf: Bakkerij De Vries\ngebruikers: p.devries\nsinds: gisteren 14:00',
    );
    expect(nl.state?.draft).toMatchObject({ company: 'Bakkerij De Vries', usernames: ['p.devries'] });
    expect(nl.said).toContain('Genoteerd, bedrijf: Bakkerij De Vries');
  });

  it('finds the company, environment and start in a chatty sentence and asks for the hour it lacks', () => {
    const c = new Conversation('en').say(
      "Hi there! I'm from Contoso Ltd and since yesterday afternoon our environment contoso.workspace365.net is very slow for everyone.",
    );
    expect(c.state?.draft.company).toBe('Contoso Ltd');
    expect(c.state?.draft.environments).toEqual(['https://contoso.workspace365.net']);
    expect(c.state?.draft.description).toContain('very slow for everyone');
    expect(c.state?.draft.startedAt).toBeUndefined();
    c.say('j.doe');
    expect(c.step).toBe('startedAt');
    expect(c.said).toContain('You said "since yesterday afternoon": at what time, roughly?');
    expect(c.said).toContain("'yesterday afternoon 14:00'");
    c.say('3');
    expect(c.state?.draft.startedAt).toBe(at('2026-11-22T15:00'));
  });

  it('finds plain user names after "users" and "gebruikers", not only e-mail addresses', () => {
    const c = new Conversation('nl').say('Jansen BV, gebruikers k.jansen en l.jansen, sinds gisteren 14:00');
    expect(c.state?.draft.usernames).toEqual(['k.jansen', 'l.jansen']);
  });

  it('does not guess a company from a sentence that names none, and asks for it', () => {
    const c = new Conversation('en').say(
      'The printer integration has been failing since yesterday morning 8:30.',
    );
    expect(c.state?.draft.company).toBeUndefined();
    expect(c.state?.draft.startedAt).toBe(at('2026-11-22T08:30'));
    expect(c.step).toBe('company');
    expect(c.said).toContain('What is the name of your company?');
  });

  it('reads a pasted e-mail: the company from the signature, the description without it', () => {
    const c = new Conversation('nl').say(
      'Goedemiddag,\n\nSinds gisteren 15:30 kunnen onze medewerkers niet meer inloggen op de werkplek.\n\nMet vriendelijke groet,\nPetra de Boer\nDe Boer Advocaten B.V.\n06-12345678',
    );
    expect(c.state?.draft.company).toBe('De Boer Advocaten B.V.');
    expect(c.state?.draft.startedAt).toBe(at('2026-11-22T15:30'));
    expect(c.state?.draft.description).toBe(
      'Sinds gisteren 15:30 kunnen onze medewerkers niet meer inloggen op de werkplek.',
    );
    const thanks = new Conversation('en').say(
      'Thanks for the help, the workspace is down since 9:00 for all of us',
    );
    expect(thanks.state?.draft.description).toBe(
      'Thanks for the help, the workspace is down since 9:00 for all of us',
    );
  });

  it('corrects a field in the next message with "field: value"', () => {
    const c = new Conversation('en').say('Acme BV, acme.workspace365.net, since 9:15 this morning');
    expect(c.step).toBe('usernames');
    c.say('company: Acme Holding BV');
    expect(c.state?.draft.company).toBe('Acme Holding BV');
    expect(c.step).toBe('usernames');
    expect(c.said).toContain('Noted company: Acme Holding BV');
  });
});

describe('issue 9: the first message of a conversation', () => {
  it('greets and takes a first message with content as the answers', () => {
    const outcome = firstMessage('Acme BV, acme.workspace365.net, users j.doe, since 9:15 this morning');
    expect(said(outcome.reply)).toContain("Let's report your issue");
    expect(outcome.state?.draft).toMatchObject({ company: 'Acme BV', usernames: ['j.doe'] });
    expect(outcome.state?.step).toBe('description');
  });

  it('only greets on a bare "hi", "hallo" or "help"', () => {
    for (const text of ['hi', 'Hallo!', 'help', 'good morning team']) {
      const outcome = firstMessage(text);
      expect(outcome.state?.step, text).toBe('company');
      expect(outcome.state?.draft.company, text).toBeUndefined();
      expect(said(outcome.reply), text).toContain('What is the name of your company?');
    }
  });

  it('takes an unasked short text as the company only when it looks like a name, and says so', () => {
    const name = firstMessage('Northwind Traders');
    expect(name.state?.draft.company).toBe('Northwind Traders');
    expect(said(name.reply)).toContain('Noted company: Northwind Traders');
    expect(said(name.reply)).toContain("'company: Contoso BV'");
    const sentence = firstMessage('Outlook crashes');
    expect(sentence.state?.draft.company).toBeUndefined();
    expect(sentence.state?.step).toBe('company');
    expect(said(sentence.reply)).not.toContain('Please give the company name');
  });

  it('takes a language request as the language of the intake', () => {
    const outcome = firstMessage('switch to dutch');
    expect(outcome.state?.language).toBe('nl');
    expect(said(outcome.reply)).toContain('Wat is de naam van je bedrijf?');
  });
});

describe('issue 9: titles', () => {
  it.each([
    ['Hi team, the portal is down for everyone. Please help.', 'The portal is down for everyone'],
    ['URGENT: nobody can log in since 9:00', 'Nobody can log in since 9:00'],
    ['Hi team! The VPN drops e.g. every 5 minutes. Annoying.', 'The VPN drops e.g. every 5 minutes'],
    [
      "I'm Jan from Acme BV. Our mail sync stopped working yesterday.",
      'Our mail sync stopped working yesterday',
    ],
  ])('derives the title of %j from what it says, not the greeting', (description, title) => {
    const c = new Conversation('en').answer([
      ['company', 'Acme BV'],
      ['environments', 'acme.workspace365.net'],
      ['usernames', 'j.doe'],
      ['startedAt', 'today 9:00'],
    ]);
    c.say(description);
    expect(c.state?.draft.title).toBe(title);
  });
});
