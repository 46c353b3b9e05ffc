import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Conversation, ENGLISH_HAPPY_PATH } from '../../helpers/conversation.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toMillis();

function atStep(step: string, language: 'en' | 'nl' = 'en'): Conversation {
  const c = new Conversation(language);
  const answers = new Map(ENGLISH_HAPPY_PATH);
  while (c.step !== step) c.say(answers.get(c.step!)!);
  return c;
}

describe('issue 9: a bare hour is asked back, not read as night', () => {
  it.each([
    ['en', 'last friday around 3', '20-11-2026 03:00', '20-11-2026 15:00'],
    ['en', 'yesterday around 3', '22-11-2026 03:00', '22-11-2026 15:00'],
    ['nl', 'vrijdag rond 3', '20-11-2026 03:00', '20-11-2026 15:00'],
    ['nl', 'gisteren 3 uur', '22-11-2026 03:00', '22-11-2026 15:00'],
  ] as const)('%s %j: asks which of the two hours', (language, text, night, day) => {
    const c = atStep('startedAt', language).say(text);
    expect(c.step).toBe('startedAt');
    expect(c.state?.draft.startedAt).toBeUndefined();
    expect(c.said).toContain(`"${text}"`);
    expect(c.said).toContain(`${night} `);
    expect(c.said).toContain(`${day}?`);
    c.say('15:00');
    expect(
      DateTime.fromMillis(c.state!.draft.startedAt!, { zone: 'Europe/Amsterdam' }).toFormat(
        'dd-MM-yyyy HH:mm',
      ),
    ).toBe(day);
    expect(c.step).toBe('description');
  });

  it('takes the hour from a button, a number or a part of the day', () => {
    const button = atStep('startedAt').say('yesterday around 3');
    button.say('', { choice: 'second', choiceFor: 'startedAt' });
    expect(button.state?.draft.startedAt).toBe(at('2026-11-22T15:00'));
    const number = atStep('startedAt').say('yesterday around 3').say('1');
    expect(number.state?.draft.startedAt).toBe(at('2026-11-22T03:00'));
    const part = atStep('startedAt', 'nl').say('gisteren 3 uur').say("'s middags");
    expect(part.state?.draft.startedAt).toBe(at('2026-11-22T15:00'));
    const ordinal = atStep('startedAt').say('yesterday around 3').say('the second one');
    expect(ordinal.state?.draft.startedAt).toBe(at('2026-11-22T15:00'));
    const eerste = atStep('startedAt', 'nl').say('gisteren 3 uur').say('de eerste');
    expect(eerste.state?.draft.startedAt).toBe(at('2026-11-22T03:00'));
  });

  it('reads an hour alone as today: taken and said back when only one has passed', () => {
    // NOW is 10:30: 9 is 09:00 (21:00 has not come yet), said back as any typed time.
    const c = atStep('startedAt').say('since 9');
    expect(c.state?.draft.startedAt).toBe(at('2026-11-23T09:00'));
    expect(c.said).toContain('Noted started at: 23-11-2026 09:00');
  });

  it('repeats a time typed as a direct answer', () => {
    const c = atStep('startedAt').say('yesterday 14:00');
    expect(c.said).toContain('Noted started at: 22-11-2026 14:00 (Europe/Amsterdam)');
  });

  it('refuses tomorrow as in the future, and a time the clocks skip with the reason', () => {
    const c = atStep('startedAt').say('tomorrow 9:00');
    expect(c.said).toContain('24-11-2026 09:00 (Europe/Amsterdam) is in the future');
    c.say('29-03-2026 02:30');
    expect(c.said).toContain('29-03-2026 02:30 does not exist in Europe/Amsterdam');
    expect(c.state?.draft.startedAt).toBeUndefined();
    expect(c.step).toBe('startedAt');
  });

  it('gives an example that fits the part of the day: "vanochtend 9:00", not "vanochtend 14:00"', () => {
    const c = atStep('startedAt', 'nl').say('sinds vanochtend');
    expect(c.said).toContain("bijv. 'vanochtend 9:00'");
    expect(c.said).not.toContain("'vanochtend 14:00'");
  });

  it('reads the Dutch and English phrasings people use', () => {
    const cases: Array<[string, string]> = [
      ['gisteren half drie', '2026-11-22T14:30'],
      ['vorige week vrijdag 15:00', '2026-11-20T15:00'],
      ['22/11 14:00', '2026-11-22T14:00'],
      ['yesterday at noon', '2026-11-22T12:00'],
      ['vanochtend kwart over negen', '2026-11-23T09:15'],
    ];
    for (const [text, iso] of cases) {
      const c = atStep('startedAt').say(text);
      if (c.state?.pending) c.say('2'); // "half drie" is asked back: 02:30 or 14:30
      expect(c.state?.draft.startedAt, text).toBe(at(iso));
    }
  });
});

describe('issue 9: choices from free text honour "and", "not" and "no idea"', () => {
  it('asks back on "just me and Sanne" and names the option taken', () => {
    const c = atStep('impact').say('just me and Sanne');
    expect(c.state?.draft.impact).toBeUndefined();
    expect(c.said).toContain('You said "just me and Sanne": do you mean Multiple users?');
    c.say('yes');
    expect(c.state?.draft.impact).toBe('multiple-users');
    expect(c.said).toContain('Impact: Multiple users.');
  });

  it('asks back on a negation and takes the option that is left', () => {
    const en = atStep('impact').say('not the whole company, just finance');
    expect(en.state?.draft.impact).toBeUndefined();
    expect(en.said).toContain('do you mean Department?');
    en.say('yes');
    expect(en.state?.draft.impact).toBe('department');
    const nl = atStep('impact', 'nl');
    nl.say('taal nl').say('niet iedereen, alleen financiën');
    expect(nl.state?.draft.impact).toBeUndefined();
    expect(nl.said).toContain('bedoel je Afdeling?');
    nl.say('nee');
    expect(nl.state?.draft.impact).toBeUndefined();
    expect(nl.step).toBe('impact');
  });

  it('does not read "not very urgent" or "niet zo urgent" as High', () => {
    const en = atStep('urgency').say('not very urgent');
    expect(en.state?.draft.urgency).toBeUndefined();
    expect(en.said).toContain('So not High. Which one is it then: 2) Normal, 3) Low?');
    en.say('3');
    expect(en.state?.draft.urgency).toBe('low');
    const nl = atStep('urgency').say('taal nl').say('niet zo urgent');
    expect(nl.state?.draft.urgency).toBeUndefined();
    expect(nl.said).toContain('Dus niet Hoog');
  });

  it('does not read "no idea" as No for security, and explains', () => {
    const c = atStep('security').say('no idea');
    expect(c.state?.draft.security).toBeUndefined();
    expect(c.said).toContain('Not sure? Answer Yes when there are signs of misuse');
    const nl = atStep('security').say('taal nl').say('geen idee');
    expect(nl.state?.draft.security).toBeUndefined();
  });

  it.each(['dringend', 'spoed', 'asap', 'blocker', "it's a blocker"])(
    'reads %j as High and says so',
    (text) => {
      const c = atStep('urgency').say(text);
      expect(c.state?.draft.urgency).toBe('high');
      expect(c.said).toContain('Urgency: High.');
    },
  );
});

describe('issue 9: the usernames question', () => {
  it('keeps a full name as one user', () => {
    expect(atStep('usernames').say('Jan de Vries').state?.draft.usernames).toEqual(['Jan de Vries']);
    expect(atStep('usernames').say('Jan de Vries and Piet Jansen').state?.draft.usernames).toEqual([
      'Jan de Vries',
      'Piet Jansen',
    ]);
  });

  it('takes only the accounts a sentence names, or asks for them', () => {
    const named = atStep('usernames').say('the users j.doe and k.smit cannot log in since this morning');
    expect(named.state?.draft.usernames).toEqual(['j.doe', 'k.smit']);
    const none = atStep('usernames').say('nobody in the office can log in since this morning');
    expect(none.state?.draft.usernames).toBeUndefined();
    expect(none.said).toContain('I found no user names in that');
  });

  it.each(['all users', 'everyone', 'iedereen'])('does not store %j as a user name', (text) => {
    const c = atStep('usernames').say(text);
    expect(c.state?.draft.usernames).toBeUndefined();
    expect(c.step).toBe('usernames');
    expect(c.said).toContain('give one or two of their user names');
  });
});

describe('issue 9: later questions keep the other answers a message carries', () => {
  it('keeps a start time typed at the environment question and asks the environment again', () => {
    const c = atStep('environments').say('since 9:00 this morning');
    expect(c.step).toBe('environments');
    expect(c.state?.draft.startedAt).toBe(at('2026-11-23T09:00'));
    expect(c.state?.done).toContain('startedAt');
    expect(c.said).toContain('Noted started at: 23-11-2026 09:00');
    c.say('acme.workspace365.net');
    expect(c.step).toBe('usernames');
  });

  it('takes accounts and a start time from one answer to the usernames question', () => {
    const c = atStep('usernames').say('j.doe, k.smit, since yesterday 14:00');
    expect(c.state?.draft.usernames).toEqual(['j.doe', 'k.smit']);
    expect(c.state?.draft.startedAt).toBe(at('2026-11-22T14:00'));
    expect(c.step).toBe('description');
  });
});

describe('a time written on a 24-hour clock is taken, and said back', () => {
  it.each([
    ['en', 'yesterday 02:30', '22-11-2026 02:30'],
    ['en', '22-11-2026 02:30', '22-11-2026 02:30'],
    ['en', '2026-11-22 02:30', '22-11-2026 02:30'],
    ['nl', 'gisteren 02:30', '22-11-2026 02:30'],
    ['nl', '22-11-2026 2:30', '22-11-2026 02:30'],
    ['nl', 'gisteren 7.45', '22-11-2026 07:45'],
  ] as const)('%s %j', (language, text, shown) => {
    const c = atStep('startedAt', language).say(text);
    expect(c.state?.pending).toBeUndefined();
    expect(c.step).toBe('description');
    expect(c.said).toContain(
      `${language === 'en' ? 'Noted started at' : 'Genoteerd, begonnen op'}: ${shown} (Europe/Amsterdam)`,
    );
  });

  it('still asks for "2:30" in English (it may be 14:30) and for a bare hour in Dutch', () => {
    for (const [language, text] of [
      ['en', 'yesterday 2:30'],
      ['en', '22-11-2026 2:30'],
      ['nl', 'gisteren 3 uur'],
      ['nl', 'gisteren half drie'],
    ] as const) {
      const c = atStep('startedAt', language).say(text);
      expect(c.state?.pending?.kind, text).toBe('hour');
      expect(c.state?.draft.startedAt, text).toBeUndefined();
    }
  });

  it('reads a Dutch first message the same way', () => {
    const c = new Conversation('nl').say('Bakkerij Jansen B.V., jansen.workspace365.net, gisteren 2:30');
    expect(c.state?.pending).toBeUndefined();
    expect(c.state?.draft.startedAt).toBe(at('2026-11-22T02:30'));
    expect(c.said).toContain('22-11-2026 02:30');
  });
});
