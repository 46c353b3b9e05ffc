import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Conversation, ENGLISH_HAPPY_PATH, NOW } from '../../helpers/conversation.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toMillis();

describe('intake conversation', () => {
  it('collects every field in English, reviews and submits with priority and reason', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH);
    expect(c.step).toBe('review');
    expect(c.said).toContain('Priority: P1 (Organisation x High)');
    c.say('1');
    expect(c.state).toBeNull();
    expect(c.submission).toMatchObject({
      intakeId: 'intake-1',
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.jansen', 'p.devries'],
      startedAt: at('2026-11-23T09:15'),
      description: 'Nobody can sign in after the Microsoft login. The page stays blank.',
      title: 'Nobody can sign in after the Microsoft login',
      stepsToReproduce: 'Open the portal and click Sign in',
      errorMessages: null,
      additionalInfo: null,
      attachments: [],
      security: false,
      impact: 'organisation',
      urgency: 'high',
      priority: 'P1',
      priorityReason: 'organisation x high',
      language: 'en',
    });
  });

  it('collects every field in Dutch, with Dutch labels and answers', () => {
    const c = new Conversation('nl');
    expect(c.said).toContain('Wat is de naam van je bedrijf?');
    c.answer([
      ['company', 'Bakkerij De Vries'],
      ['environments', 'devries.workspace365.net'],
      ['usernames', 'piet@devries.nl'],
      ['startedAt', 'gisteren 14:00'],
      ['description', 'De documenten-app laadt niet meer sinds de update.'],
      ['security', 'nee'],
      ['impact', 'Meerdere gebruikers'],
      ['urgency', 'Normaal'],
      ['stepsToReproduce', 'overslaan'],
      ['errorMessages', 'geen'],
      ['attachments', 'klaar'],
      ['additionalInfo', 'nee'],
    ]);
    expect(c.said).toContain('Controleer je ticket');
    expect(c.said).toContain('Prioriteit: P3 (Meerdere gebruikers x Normaal)');
    c.say('Indienen');
    expect(c.submission).toMatchObject({
      company: 'Bakkerij De Vries',
      environments: ['https://devries.workspace365.net'],
      usernames: ['piet@devries.nl'],
      startedAt: at('2026-11-22T14:00'),
      impact: 'multiple-users',
      urgency: 'normal',
      priority: 'P3',
      language: 'nl',
    });
  });

  it('takes several answers from one message and asks only for what is missing', () => {
    const c = new Conversation('en').say('Acme BV, https://acme.workspace365.net, since 9:15 this morning');
    expect(c.said).toContain('Noted environment(s): https://acme.workspace365.net');
    expect(c.said).toContain('Noted started at: 23-11-2026 09:15');
    expect(c.step).toBe('usernames');
    c.say('j.jansen');
    expect(c.step).toBe('description');
    expect(c.state?.draft).toMatchObject({ company: 'Acme BV', startedAt: at('2026-11-23T09:15') });
  });

  it.each([
    ['en', 'acme-test.workspace365.net too', ['https://acme-test.workspace365.net']],
    ['en', 'also acme-test.workspace365.net', ['https://acme-test.workspace365.net']],
    [
      'en',
      'both acme.workspace365.net and acme-test.workspace365.net as well',
      ['https://acme.workspace365.net', 'https://acme-test.workspace365.net'],
    ],
    ['nl', 'acme-test.workspace365.net ook', ['https://acme-test.workspace365.net']],
    [
      'nl',
      'zowel acme.workspace365.net als acme-test.workspace365.net',
      ['https://acme.workspace365.net', 'https://acme-test.workspace365.net'],
    ],
  ] as const)('takes the addresses from %s "%s" and says them back', (language, reply, expected) => {
    const c = new Conversation(language).answer([['company', 'Acme BV']]);
    c.say(reply);
    expect(c.state?.draft.environments).toEqual(expected);
    expect(c.said).toContain(expected.join(', '));
    expect(c.step).toBe('usernames');
  });

  it.each([
    ['en', 9, 'sorry, the impact is department', { impact: 'department' }, 'Noted impact: Department'],
    ['en', 8, 'the urgency should be high', { urgency: 'high' }, 'Noted urgency: High'],
    ['en', 8, 'the impact should be the whole finance team', { impact: 'department' }, 'Noted impact'],
    ['en', 4, 'the company should be Globex NV', { company: 'Globex NV' }, 'Noted company: Globex NV'],
    ['en', 4, 'sorry, the urgency is high', { urgency: 'high' }, 'Noted urgency: High'],
    ['nl', 8, 'sorry, de urgentie is hoog', { urgency: 'high' }, 'Genoteerd, urgentie: Hoog'],
    ['nl', 9, 'nee wacht, de impact is afdeling', { impact: 'department' }, 'Genoteerd, impact: Afdeling'],
    ['nl', 4, 'het bedrijf moet Globex NV zijn', { company: 'Globex NV' }, 'Genoteerd, bedrijf: Globex NV'],
  ] as const)(
    '%s: at a free-text question "%s" corrects that field, said back, and asks the question again',
    (language, answered, reply, changed, said) => {
      const c = new Conversation(language).answer(ENGLISH_HAPPY_PATH.slice(0, answered));
      const step = c.step;
      c.say(reply);
      expect(c.state?.draft).toMatchObject(changed);
      expect(c.said).toContain(said);
      expect(c.step).toBe(step);
      const field = step as 'description' | 'stepsToReproduce' | 'errorMessages';
      expect(c.state?.draft[field] ?? null).not.toBe(reply);
    },
  );

  it('keeps a description that only sounds like a change', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 4));
    c.say('the company should be able to log in without the MFA prompt');
    expect(c.state?.draft.company).toBe('Acme BV');
    expect(c.state?.draft.description).toBe('the company should be able to log in without the MFA prompt');
  });

  it.each([
    ['environment: acme-test.workspace365.net too', 'environments'],
    ['change the environment to acme-test.workspace365.net too', 'environments'],
    ['omgeving: acme-test.workspace365.net ook', 'environments'],
    ['users: k.smit too', 'usernames'],
  ] as const)('at the review "%s" adds to the list, said back whole', (reply, field) => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH);
    const before = [...c.state!.draft[field]!];
    c.say(reply);
    const after = c.state!.draft[field]!;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    expect(c.said).toContain(after.join(', '));
    // Without "too" the answer replaces the list.
    c.say(reply.replace(/ (too|ook)$/, ''));
    expect(c.state!.draft[field]).toHaveLength(1);
  });

  it('says why a start time in the first message was not taken, and asks for it at its question', () => {
    const c = new Conversation('en');
    c.say(
      'Acme BV, acme.workspace365.net, users j.doe, since 11:15 this morning nobody can open the documents app',
    );
    expect(c.said).toContain('Not taken, started at: 23-11-2026 11:15 (Europe/Amsterdam) is in the future.');
    expect(c.state?.draft.startedAt).toBeUndefined();
    expect(c.step).toBe('startedAt');
  });

  it('asks again when the environments are an either-or or filler alone', () => {
    const c = new Conversation('en').answer([['company', 'Acme BV']]);
    c.say('acme.workspace365.net or acme-test.workspace365.net');
    expect(c.step).toBe('environments');
    expect(c.said).toContain('"or" is not a valid environment URL');
    c.say('too');
    expect(c.step).toBe('environments');
    expect(c.said).toContain('"too" is not a valid environment URL');
  });

  it('re-asks with a clear reason after an invalid answer and keeps nothing from it', () => {
    const c = new Conversation('en').answer([['company', 'Acme BV']]);
    c.say('not a url at all');
    expect(c.step).toBe('environments');
    expect(c.said).toContain('"not" is not a valid environment URL');
    c.say('ftp://acme.workspace365.net');
    expect(c.said).toContain('not a valid environment URL');
    c.say('acme.workspace365.net');
    expect(c.state?.draft.environments).toEqual(['https://acme.workspace365.net']);
    c.say('j.jansen <script>');
    expect(c.said).toContain('"<script>" is not a valid username');
    c.say('j.jansen');
    c.say('tomorrow 10:00');
    expect(c.step).toBe('startedAt');
    expect(c.said).toContain('24-11-2026 10:00 (Europe/Amsterdam) is in the future');
    c.say('whenever it was');
    expect(c.said).toContain('could not read');
    c.say('today 11:30');
    expect(c.said).toContain('is in the future');
    c.say('01-01-2025 10:00');
    expect(c.said).toContain('more than a year ago');
    c.say('31-02-2026 10:00');
    expect(c.said).toContain('does not exist');
    c.say('yesterday');
    expect(c.said).toContain("Please add a time, e.g. 'yesterday 14:00'");
    c.say('2 hours ago');
    expect(c.state?.draft.startedAt).toBe(NOW - 2 * 3_600_000);
    c.say('too short');
    expect(c.said).toContain('at least 20 characters (you gave 9)');
    expect(c.step).toBe('description');
    c.say('The documents app shows an error after opening a file.');
    c.say('maybe');
    expect(c.said).toContain('Please choose one of the options: 1) Yes, 2) No');
  });

  it('goes back, skips only optional questions, and edits from the review', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 3));
    c.say('back');
    expect(c.step).toBe('usernames');
    c.say('k.klaassen');
    expect(c.state?.draft.usernames).toEqual(['k.klaassen']);
    c.say('skip');
    expect(c.said).toContain('cannot be skipped');
    expect(c.step).toBe('startedAt');
    c.answer(ENGLISH_HAPPY_PATH.slice(3, 8));
    c.say('skip').say('skip').say('skip').say('skip');
    expect(c.step).toBe('review');
    c.say('2');
    expect(c.step).toBe('editWhich');
    c.say('company');
    expect(c.step).toBe('company');
    c.say('Acme Holding BV');
    expect(c.step).toBe('review');
    c.say('edit title');
    c.say('Sign-in broken for everyone');
    c.say('edit urgency');
    c.say('low');
    expect(c.said).toContain('Organisation x Low');
    c.say('submit');
    expect(c.submission).toMatchObject({
      company: 'Acme Holding BV',
      usernames: ['k.klaassen'],
      title: 'Sign-in broken for everyone',
      urgency: 'low',
      priority: 'P3',
      stepsToReproduce: null,
    });
  });

  it('says what a question holds when the user returns to it, and keep leaves it', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 3));
    c.say('back');
    expect(c.step).toBe('usernames');
    expect(c.said).toContain("Your answer now: j.jansen, p.devries. Type a new one, or 'keep' to leave it.");
    c.say('keep');
    expect(c.step).toBe('startedAt');
    expect(c.state?.draft.usernames).toEqual(['j.jansen', 'p.devries']);
    // A question not answered yet says nothing of the kind.
    expect(c.said).not.toContain('Your answer now');
    c.answer(ENGLISH_HAPPY_PATH.slice(3));
    expect(c.step).toBe('review');
    c.say('edit impact');
    expect(c.said).toContain('Your answer now: Organisation.');
    c.say('keep');
    expect(c.step).toBe('review');
    // A long answer is said back shortened, on one line.
    c.say('edit description').say(
      `Nobody can sign in.\n${'The page stays blank after the login. '.repeat(20)}`,
    );
    c.say('edit description');
    const line = c.said.split('\n').find((l) => l.startsWith('Your answer now:'))!;
    expect(line).toMatch(/^Your answer now: Nobody can sign in\. The page stays blank .*…\. Type a new one/);
    expect(line.length).toBeLessThan(300);
    // A choice as labelled, and no doubled stop after an answer that ends with one.
    c.say('keep').say('edit security');
    expect(c.said).toContain('Your answer now: No. Type a new one');
    c.say('keep').say('edit steps to reproduce');
    expect(c.said).toContain('Your answer now: Open the portal and click Sign in. Type a new one');
    c.say('Open the portal. Click Sign in.');
    c.say('edit steps to reproduce');
    expect(c.said).toContain('Your answer now: Open the portal. Click Sign in. Type a new one');
    // Skipped optional questions hold nothing to say back.
    c.say('keep').say('edit error messages');
    expect(c.said).not.toContain('Your answer now');
  });

  it('goes back question by question after a first message that answered several', () => {
    const c = new Conversation('en');
    c.say(
      'Acme BV, acme.workspace365.net, users j.doe, since 9:15 this morning, nobody can open the documents app since the update',
    );
    expect(c.step).toBe('security');
    const visited: Array<string | null> = [];
    for (let i = 0; i < 5; i++) visited.push(c.say('back').step);
    expect(visited).toEqual(['description', 'startedAt', 'usernames', 'environments', 'company']);
    c.say('back');
    expect(c.step).toBe('company');
    expect(c.said).toContain('first question');
    // Answered again, the intake goes on where it was.
    c.say('keep');
    expect(c.step).toBe('security');
  });

  it('says what a question holds when the user returns to it, in Dutch', () => {
    const c = new Conversation('nl').answer([
      ['company', 'Acme BV'],
      ['environments', 'https://acme.workspace365.net'],
    ]);
    c.say('terug');
    expect(c.step).toBe('environments');
    expect(c.said).toContain(
      "Je antwoord nu: https://acme.workspace365.net. Typ een nieuw antwoord, of 'houden' om het te laten staan.",
    );
    c.say('houden');
    expect(c.state?.draft.environments).toEqual(['https://acme.workspace365.net']);
  });

  it('keeps an edited title when the description changes, and follows the description otherwise', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH);
    c.say('edit description').say('Printing fails for the whole finance team. Since this morning.');
    expect(c.state?.draft.title).toBe('Printing fails for the whole finance team');
    c.say('edit title').say('Printing broken');
    c.say('edit description').say('Printing fails for everyone in finance, every time.');
    expect(c.state?.draft.title).toBe('Printing broken');
  });

  it('cancels at any point, in either language', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 2)).say('cancel');
    expect(c.state).toBeNull();
    expect(c.said).toContain('Ticket cancelled');
    const n = new Conversation('nl').say('annuleren');
    expect(n.state).toBeNull();
    expect(n.said).toContain('geannuleerd');
    const r = new Conversation('en').answer(ENGLISH_HAPPY_PATH).say('3');
    expect(r.state).toBeNull();
    expect(r.submission).toBeUndefined();
  });

  it('helps, with seed 003 examples at the priority questions, and switches language', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 6));
    c.say('help');
    expect(c.said).toContain('Examples of P1 (Critical (major incident))');
    expect(c.step).toBe('impact');
    c.say('taal nl');
    expect(c.said).toContain('Ik ga verder in het Nederlands.');
    expect(c.said).toContain('Wat is de impact');
    c.say('Organisation');
    expect(c.state?.draft.impact).toBe('organisation');
  });

  it('makes a security incident P1 whatever the matrix says', () => {
    const c = new Conversation('en').answer([
      ...ENGLISH_HAPPY_PATH.slice(0, 5),
      ['security', 'yes'],
      ['impact', 'single user'],
      ['urgency', 'low'],
    ]);
    expect(c.said).toContain('always P1');
    c.answer(ENGLISH_HAPPY_PATH.slice(8)).say('submit');
    expect(c.submission).toMatchObject({
      security: true,
      priority: 'P1',
      impact: 'single-user',
      urgency: 'low',
    });
    expect(c.submission?.priorityReason).toContain('security incident');
  });

  it('records files at any point and refuses what the platform rejected', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 10));
    expect(c.step).toBe('attachments');
    c.say('', { files: [{ name: 'screen.png', contentType: 'image/png', size: 2048, ref: 'F123' }] });
    expect(c.said).toContain('Attached screen.png (2 KB)');
    expect(c.step).toBe('attachments');
    c.say('', { rejectedFiles: [{ name: 'huge.zip', reason: 'larger than 25 MB' }] });
    expect(c.said).toContain('Cannot attach "huge.zip": larger than 25 MB');
    c.say('here it is');
    expect(c.said).toContain("type 'done'");
    c.say('done').say('skip').say('submit');
    expect(c.submission?.attachments).toEqual([
      { name: 'screen.png', contentType: 'image/png', size: 2048, ref: 'F123' },
    ]);
  });

  describe('bad input', () => {
    it('re-asks an empty or whitespace answer', () => {
      const c = new Conversation('en').say('   \t  ');
      expect(c.step).toBe('company');
      expect(c.said).toContain('I did not get an answer');
    });

    it('refuses answers over 10,000 characters without storing them', () => {
      const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 4));
      c.say('x'.repeat(10_001));
      expect(c.said).toContain('too long (10001 characters; at most 10000)');
      expect(c.state?.draft.description).toBeUndefined();
    });

    it('strips control characters and keeps mentions, markdown and templates as literal text', () => {
      const description = '<!channel> @everyone **bold** [link](http://evil.example) ${user.password} fails';
      const c = new Conversation('en').answer([
        ['company', 'Acme\u0000 BV\u0007\u202E'],
        ['environments', 'acme.workspace365.net'],
        ['usernames', 'j.jansen'],
        ['startedAt', 'now'],
        ['description', description],
      ]);
      expect(c.state?.draft.company).toBe('Acme BV');
      expect(c.state?.draft.description).toBe(description);
    });

    it('stores MongoDB operator shapes as plain text', () => {
      const c = new Conversation('en').say('{"$gt": ""}');
      expect(c.state?.draft.company).toBe('{"$gt": ""}');
      c.say('{"$ne": null}');
      expect(c.step).toBe('environments');
      expect(c.said).toContain('not a valid environment URL');
    });

    it('refuses a URL with credentials or a script scheme', () => {
      const c = new Conversation('en').say('Acme');
      c.say('https://user:pw@acme.workspace365.net');
      expect(c.step).toBe('environments');
      c.say('javascript:alert(1)');
      expect(c.step).toBe('environments');
    });
  });
});

describe('answers in a person’s own words', () => {
  it('reads sentences that name one option, and short refusals of optional questions', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 5));
    c.say("No, it isn't");
    expect(c.state?.draft.security).toBe(false);
    c.say('Multiple users are affected');
    expect(c.state?.draft.impact).toBe('multiple-users');
    c.say('high - nobody in finance can work');
    expect(c.state?.draft.urgency).toBe('high');
    c.say('none').say('nothing').say('no files').say('nothing to add');
    expect(c.step).toBe('review');
    c.say('yes');
    expect(c.submission?.priority).toBe('P2');
  });

  it('does not guess when a sentence names two options', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 6));
    c.say('a department, or maybe a single user');
    expect(c.step).toBe('impact');
    expect(c.said).toContain('Please choose one of the options');
  });
});

describe('buttons pressed late', () => {
  it('does not take a press on an older question as the answer to the current one', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 7));
    expect(c.step).toBe('urgency');
    c.say('', { choice: 'department', choiceFor: 'impact' });
    expect(c.step).toBe('urgency');
    expect(c.state?.draft.impact).toBe('organisation');
    c.say('', { choice: 'high', choiceFor: 'urgency' });
    expect(c.state?.draft.urgency).toBe('high');
  });
});
