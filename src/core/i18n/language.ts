export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Picks a supported language from a locale such as "nl-NL", "nl_BE.UTF-8" or "en-US". */
export function languageFromLocale(locale: string | undefined | null, fallback: Language = 'en'): Language {
  if (!locale) return fallback;
  const code = locale.trim().toLowerCase().slice(0, 2);
  return (LANGUAGES as readonly string[]).includes(code) ? (code as Language) : fallback;
}
