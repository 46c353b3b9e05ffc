import { describe, expect, it } from 'vitest';
import { IntakeEngine } from '../../../src/core/intake/intake-engine.js';
import { correctionAsLabelledLine } from '../../../src/core/intake/labelled-lines.js';
import { Conversation, ENGLISH_HAPPY_PATH, NOW } from '../../helpers/conversation.js';

describe('issue 9: command words at every question', () => {
  it('takes "submit" at "steps to reproduce" as submit, not as the steps', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 8));
    expect(c.step).toBe('stepsToReproduce');
    c.say('submit');
    expect(c.state?.draft.stepsToReproduce).toBeNull();
    expect(c.step).toBe('review');
    c.say('submit');
    expect(c.submission?.stepsToReproduce).toBeNull();
  });

  it('refuses "submit" while required questions are open, without storing it', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 4));
    c.say('submit');
    expect(c.step).toBe('description');
    expect(c.state?.draft.description).toBeUndefined();
    expect(c.said).toContain('required questions are still open');
  });

  it('takes "edit title" at the title question as a command, not as the title', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH);
    c.say('edit title');
    expect(c.step).toBe('title');
    c.say('edit title');
    expect(c.step).toBe('title');
    expect(c.state?.draft.title).toBe('Nobody can sign in after the Microsoft login');
    c.say('Sign-in broken');
    expect(c.step).toBe('review');
    expect(c.state?.draft.title).toBe('Sign-in broken');
  });

  it('keeps the earlier answer on "keep" after "back", in English and Dutch', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 3));
    c.say('back');
    expect(c.step).toBe('usernames');
    c.say('keep');
    expect(c.state?.draft.usernames).toEqual(['j.jansen', 'p.devries']);
    expect(c.step).toBe('startedAt');
    c.say('terug').say('zo laten');
    expect(c.state?.draft.usernames).toEqual(['j.jansen', 'p.devries']);
    expect(c.step).toBe('startedAt');
  });

  it('says there is nothing to keep at a question not answered yet', () => {
    const c = new Conversation('en').say('keep');
    expect(c.step).toBe('company');
    expect(c.state?.draft.company).toBeUndefined();
    expect(c.said).toContain('no earlier answer to keep');
  });

  it('does not save "language fr" or "switch to dutch" as the company', () => {
    const fr = new Conversation('en').say('language fr');
    expect(fr.state?.draft.company).toBeUndefined();
    expect(fr.said).toContain('I speak English and Dutch');
    const nl = new Conversation('en').say('switch to dutch');
    expect(nl.state?.draft.company).toBeUndefined();
    expect(nl.state?.language).toBe('nl');
    expect(nl.said).toContain('Wat is de naam van je bedrijf?');
    const en = new Conversation('nl').say('kunnen we in het engels verder');
    expect(en.state?.language).toBe('en');
    expect(new Conversation('en').say('English please').state?.language).toBe('en');
  });

  it('recognises commands with polite words around them', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 2));
    c.say('go back please');
    expect(c.step).toBe('environments');
    c.say('graag overslaan');
    expect(c.said).toContain('cannot be skipped');
    expect(c.state?.draft.environments).toEqual(['https://acme.workspace365.net']);
  });

  it('keeps words that only look like commands as answers', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 4));
    c.say('Change the password and the login page stays blank for everyone');
    expect(c.state?.draft.description).toBe(
      'Change the password and the login page stays blank for everyone',
    );
  });
});

describe('issue 9: resuming in another language', () => {
  it('switches to the language of the new session and says so', () => {
    const engine = new IntakeEngine();
    const c = new Conversation('en').say('Acme BV');
    const resumed = engine.resume(c.state!, NOW + 60_000, 'nl');
    expect(resumed.state?.language).toBe('nl');
    const text = resumed.reply
      .map((p) => (p.type === 'text' || p.type === 'question' ? p.text : ''))
      .join('\n');
    expect(text).toContain('Ik ga verder in het Nederlands.');
    expect(text).toContain('Welke omgeving(en) zijn getroffen?');
    const same = engine.resume(c.state!, NOW + 60_000, 'en');
    expect(same.reply.some((p) => p.type === 'text' && p.text.includes('continue in English'))).toBe(false);
  });
});

describe('issue 9: a command word that could be an answer is confirmed', () => {
  it('asks whether "stop" at the error messages question cancels, and keeps it as the answer on "2"', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9));
    expect(c.step).toBe('errorMessages');
    c.say('stop');
    expect(c.state).not.toBeNull();
    expect(c.said).toContain('Do you want to cancel the ticket, or is "stop" your answer?');
    c.say('2');
    expect(c.state?.draft.errorMessages).toBe('stop');
    expect(c.step).toBe('attachments');
  });

  it.each([
    ["yes, that's the error message"],
    ['it is the error'],
    ['het is de foutmelding'],
    ['no'],
    ["that's my answer"],
  ])('keeps "stop" as the answer on "%s", never the reply itself', (reply) => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9)).say('stop').say(reply);
    expect(c.state?.draft.errorMessages).toBe('stop');
    expect(c.step).toBe('attachments');
  });

  it('asks again on a reply that says neither, and says back a new answer typed instead', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9)).say('stop').say('hmm what');
    expect(c.step).toBe('errorMessages');
    expect(c.said).toContain('Please choose one of the options: 1) Cancel, 2) It is my answer.');
    expect(c.said).toContain('Do you want to cancel the ticket, or is "stop" your answer?');
    c.say('The screen shows STOP 0x0000007B and restarts');
    expect(c.state?.draft.errorMessages).toBe('The screen shows STOP 0x0000007B and restarts');
    expect(c.said).toContain('Noted error messages: The screen shows STOP 0x0000007B and restarts');
    expect(c.step).toBe('attachments');
  });

  it.each([["no, don't cancel"], ['niet annuleren']])('asks again on "%s", cancelling nothing', (reply) => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9)).say('stop').say(reply);
    expect(c.state).not.toBeNull();
    expect(c.step).toBe('errorMessages');
    expect(c.said).toContain('Please choose one of the options');
  });

  it('cancels when the reply names the command', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9)).say('stop').say('yes cancel it');
    expect(c.state).toBeNull();
  });

  it('cancels on "1" or "yes"', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9)).say('stop').say('yes');
    expect(c.state).toBeNull();
    expect(c.said).toContain('Ticket cancelled');
  });

  it('goes to the review on "verstuur" confirmed in Dutch', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9)).say('taal nl').say('verstuur');
    expect(c.said).toContain('Wil je naar het indienen van het ticket, of is "verstuur" je antwoord?');
    c.say('ja');
    expect(c.step).toBe('review');
    expect(c.state?.draft.errorMessages).toBeNull();
  });

  it('still cancels at once on "cancel", and on "stop" where it cannot be an answer', () => {
    expect(new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9)).say('cancel').state).toBeNull();
    expect(new Conversation('en').say('stop').state).toBeNull();
  });
});

describe('restart: start the intake again at any question', () => {
  it.each([
    ['en', 'restart'],
    ['en', 'start again'],
    ['en', 'Start over'],
    ['en', 'begin again'],
    ['en', 'reset'],
    ['en', 'new ticket'],
    ['en', '/restart'],
    ['en', 'restart please'],
    ['nl', 'opnieuw'],
    ['nl', 'begin opnieuw'],
    ['nl', 'opnieuw beginnen'],
    ['nl', 'Opnieuw!'],
  ] as const)('%s %j at the company question is a restart, never the company', (language, text) => {
    const c = new Conversation(language).say(text);
    expect(c.step).toBe('company');
    expect(c.state?.draft).toEqual({ attachments: [] });
    expect(c.said).toContain(
      language === 'en'
        ? 'Starting over: your answers so far are discarded.'
        : 'We beginnen opnieuw: je antwoorden tot nu toe zijn weggegooid.',
    );
    expect(c.said).toContain(language === 'en' ? 'name of your company' : 'naam van je bedrijf');
  });

  it('discards every answer from a later question, the review and a question back', () => {
    const atReview = new Conversation('en').answer(ENGLISH_HAPPY_PATH);
    expect(atReview.step).toBe('review');
    atReview.say('start over');
    expect(atReview.step).toBe('company');
    expect(atReview.state).toMatchObject({ draft: { attachments: [] }, done: [], history: [] });
    expect(atReview.state?.returnToReview).toBe(false);
    atReview.say('Contoso BV');
    expect(atReview.state?.draft.company).toBe('Contoso BV');
    expect(atReview.step).toBe('environments');

    const asked = new Conversation('nl').answer(ENGLISH_HAPPY_PATH.slice(0, 3)).say('gisteren rond 3');
    expect(asked.state?.pending?.kind).toBe('hour');
    asked.say('begin opnieuw');
    expect(asked.state?.pending).toBeUndefined();
    expect(asked.state?.draft).toEqual({ attachments: [] });
    expect(asked.step).toBe('company');
  });

  it('keeps a sentence that contains such a word as the answer', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 4));
    c.say('The reset button fails and we have to restart the app every time');
    expect(c.state?.draft.description).toBe(
      'The reset button fails and we have to restart the app every time',
    );
    expect(c.step).toBe('security');
  });

  it('asks whether a lone "reset" at a free-text question restarts, and keeps it as the answer on "2"', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9));
    expect(c.step).toBe('errorMessages');
    c.say('reset');
    expect(c.said).toContain('Do you want to start the ticket over, or is "reset" your answer?');
    c.say('2');
    expect(c.state?.draft.errorMessages).toBe('reset');
    const again = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9)).say('reset').say('1');
    expect(again.step).toBe('company');
    expect(again.state?.draft).toEqual({ attachments: [] });
  });

  it('says back the company typed as the answer', () => {
    expect(new Conversation('en').say('Acme BV').said).toContain('Noted company: Acme BV');
    expect(new Conversation('nl').say('Bakkerij Jansen').said).toContain(
      'Genoteerd, bedrijf: Bakkerij Jansen',
    );
  });
  it('reads a wish, "exit", "never mind" and a typed slash command as commands, not answers', () => {
    const back = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 3));
    back.say('go back to the previous question');
    expect(back.step).toBe('usernames');
    back.say('keep').say('I want to go back');
    expect(back.step).toBe('usernames');

    const restart = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 3));
    restart.say('let me start over please');
    expect(restart.state?.draft.company).toBeUndefined();

    const help = new Conversation('en');
    help.say('/ticket');
    expect(help.step).toBe('company');
    expect(help.state?.draft.company).toBeUndefined();
    expect(help.said).not.toContain('Noted company');

    for (const word of ['exit', 'quit']) {
      const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 2));
      c.say(word);
      expect(c.said).not.toContain(word);
      // Cancelled at once, or asked to confirm the cancel: never stored as an answer.
      expect(c.state?.draft.usernames).toBeUndefined();
    }
  });
  it('takes a correction said as a sentence at any question, not as the answer to it', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 4));
    expect(c.step).toBe('description');
    c.say('no wait, the customer is Globex NV');
    expect(c.state?.draft.company).toBe('Globex NV');
    expect(c.state?.draft.description).toBeUndefined();
    expect(c.step).toBe('description');
    expect(c.said).toContain('Globex NV');

    const nl = new Conversation('nl').answer(ENGLISH_HAPPY_PATH.slice(0, 1));
    nl.say('sorry, de omgeving is globex.workspace365.net');
    expect(nl.state?.draft.environments).toEqual(['https://globex.workspace365.net']);

    // Without a word that marks a correction it is the answer itself.
    const plain = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 4));
    plain.say('The customer is unable to log in since the update of this morning.');
    expect(plain.state?.draft.description).toContain('The customer is unable to log in');
    expect(plain.state?.draft.company).toBe('Acme BV');
  });
  it('at the review, takes "change X to Y", "X should be Y" and "no, it started ..." as changes', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH);
    expect(c.step).toBe('review');
    c.say('change the company to Globex NV');
    expect(c.state?.draft.company).toBe('Globex NV');
    expect(c.step).toBe('review');
    c.say('the urgency should be low');
    expect(c.state?.draft.urgency).toBe('low');
    c.say('no, it started yesterday 9:15');
    expect(c.said).toContain('22-11-2026 09:15');
    expect(c.step).toBe('review');

    const nl = new Conversation('nl').answer(ENGLISH_HAPPY_PATH);
    nl.say('wijzig de urgentie naar laag');
    expect(nl.state?.draft.urgency).toBe('low');
  });
  it('takes no opinion, prose or count for a correction, and stays fast on a long run of spaces', () => {
    const review = new Conversation('en').answer(ENGLISH_HAPPY_PATH);
    for (const opinion of [
      'the company is fine',
      'the title is too long',
      'the title should be shorter',
      'de titel is te lang',
    ])
      review.say(opinion);
    expect(review.state?.draft.company).toBe('Acme BV');
    expect(review.state?.draft.title).toBe('Nobody can sign in after the Microsoft login');

    for (const prose of [
      'Actually the customer is unable to log in since the update',
      'Sorry, the customer is complaining that invoices are missing',
      'Actually the client is Outlook desktop, open a mail and it crashes',
    ]) {
      const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 4));
      c.say(prose);
      expect(c.state?.draft.company, prose).toBe('Acme BV');
      expect(c.state?.draft.description, prose).toContain(prose.slice(0, 20));
    }

    // "never mind" at an optional question is nothing to add, not a cancelled ticket.
    const optional = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 9));
    expect(optional.step).toBe('errorMessages');
    optional.say('never mind');
    expect(optional.state?.draft.errorMessages).toBeNull();

    // A run of spaces (which made the first version of these patterns backtrack for minutes)
    // is read like any other text: the long one is no correction, the short one still is.
    expect(correctionAsLabelledLine(`wait the company is x${' '.repeat(9_970)}y`)).toBeNull();
    expect(correctionAsLabelledLine(`wait the company is Globex${' '.repeat(200)}NV`)).toMatch(
      /^company: Globex\s+NV$/,
    );
  });
  it('says why a correction at the review is not taken, instead of asking for an option', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH);
    c.say('usernames: k.smit, me');
    expect(c.said).toContain('Not taken, username(s):');
    expect(c.said).not.toContain('Please choose one of the options');
    expect(c.state?.draft.usernames).toEqual(['j.jansen', 'p.devries']);
    expect(c.step).toBe('review');
    c.say('urgency: whenever');
    expect(c.said).toContain('"whenever" is not one of the options');
  });
});
