import { describe, expect, it } from 'vitest';
import { parseDescription } from '../../../src/core/intake/field-parsers.js';
import { parseUsernames } from '../../../src/core/intake/usernames.js';
import { Conversation, ENGLISH_HAPPY_PATH } from '../../helpers/conversation.js';

describe('usernames named by who people are, not by their accounts', () => {
  it.each([
    'me and a colleague',
    'j.doe and me',
    'ik en een collega',
    'someone from finance',
    'mijn collega Piet',
  ])('"%s" is asked back, never stored as names', (answer) => {
    expect(parseUsernames(answer)).toMatchObject({ ok: false, error: 'invalid.usernamesSelf' });
  });

  it('real accounts and full names are still taken', () => {
    expect(parseUsernames('j.doe and k.smit')).toEqual({ ok: true, value: ['j.doe', 'k.smit'] });
    expect(parseUsernames('Jan de Vries')).toEqual({ ok: true, value: ['Jan de Vries'] });
  });
});

describe('usernames with words around them, left out, or counted', () => {
  it.each([
    ['k.smit as well', ['k.smit']],
    ['also k.smit', ['k.smit']],
    ['both j.doe and k.smit', ['j.doe', 'k.smit']],
    ['k.smit ook', ['k.smit']],
    ['Jan de Vries too', ['Jan de Vries']],
    ['j.doe, not k.smit', ['j.doe']],
    ['j.doe, niet k.smit', ['j.doe']],
    ['j.doe, k.smit but not p.jansen', ['j.doe', 'k.smit']],
    ['j.doe, k.smit maar niet p.jansen', ['j.doe', 'k.smit']],
    ['j.doe, k.smit cannot log in', ['j.doe', 'k.smit']],
  ])('"%s" gives %j', (answer, expected) => {
    expect(parseUsernames(answer)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['j.doe and 3 others', '3 others'],
    ['about 20 people', 'about 20 people'],
    ['j.doe en nog 3 anderen', 'nog 3 anderen'],
    ['2', '2'],
    ['two', 'two'],
  ])('"%s" names no account: asked again, naming "%s"', (answer, value) => {
    expect(parseUsernames(answer)).toEqual({ ok: false, error: 'invalid.usernamesCount', params: { value } });
  });

  it('says the names taken back, and why a count is asked again', () => {
    const c = new Conversation('en').answer(ENGLISH_HAPPY_PATH.slice(0, 2));
    expect(c.step).toBe('usernames');
    c.say('j.doe and 3 others');
    expect(c.step).toBe('usernames');
    expect(c.said).toContain('"3 others" names no account.');
    c.say('j.doe, not k.smit');
    expect(c.state?.draft.usernames).toEqual(['j.doe']);
    expect(c.said).toContain('Noted username(s): j.doe');
  });
});

describe('a labelled answer to the description question', () => {
  it.each([
    [
      'description: nobody can log in since the update this morning',
      'nobody can log in since the update this morning',
    ],
    [
      'probleem: niemand kan inloggen sinds de update van gisteren',
      'niemand kan inloggen sinds de update van gisteren',
    ],
  ])('"%s" keeps the text without its label', (answer, expected) => {
    expect(parseDescription(answer)).toEqual({ ok: true, value: expected });
  });
});
