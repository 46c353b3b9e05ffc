import { describe, expect, it } from 'vitest';
import { MESSAGE_KEYS, t } from '../../../src/core/i18n/catalogue.js';
import { languageFromLocale } from '../../../src/core/i18n/language.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  it('has every message in English and Dutch with the same placeholders', () => {
    for (const key of MESSAGE_KEYS) {
      const en = t('en', key);
      const nl = t('nl', key);
      expect(en.length, key).toBeGreaterThan(0);
      expect(nl.length, key).toBeGreaterThan(0);
      expect(placeholders(nl), key).toEqual(placeholders(en));
    }
  });

  it('fills placeholders literally, without expanding placeholders inside values', () => {
    expect(t('en', 'intake.submitted', { id: 'TCK-000001' })).toBe('Ticket TCK-000001 created');
    expect(t('nl', 'intake.submitted', { id: '{id}' })).toBe('Ticket {id} aangemaakt');
  });

  it('picks the language from a locale', () => {
    expect(languageFromLocale('nl_NL.UTF-8')).toBe('nl');
    expect(languageFromLocale('nl-BE')).toBe('nl');
    expect(languageFromLocale('en-US')).toBe('en');
    expect(languageFromLocale('de-DE')).toBe('en');
    expect(languageFromLocale(undefined, 'nl')).toBe('nl');
  });
});
