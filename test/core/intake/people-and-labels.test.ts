import { describe, expect, it } from 'vitest';
import { parseDescription } from '../../../src/core/intake/field-parsers.js';
import { parseUsernames } from '../../../src/core/intake/usernames.js';

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
