import type { WebClient } from '@slack/web-api';
import { type Language, languageFromLocale } from '../../core/i18n/language.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';

export const DEFAULT_ZONE = 'Europe/Amsterdam';
const PROFILE_TTL_MS = 60 * 60 * 1000;
/** Profiles kept at most: the oldest go first, so odd or many user ids cannot fill memory. */
const MAX_PROFILES = 5_000;

export interface Profile {
  readonly language: Language;
  readonly timeZone: string;
  readonly name: string;
  readonly at: number;
}

/** Each user's language, time zone and name from users.info, cached for an hour. */
export class SlackProfiles {
  private readonly profiles = new Map<string, Profile>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** The profile, or the defaults when users.info fails or takes longer than `timeoutMs`. */
  async get(client: WebClient, user: string, timeoutMs?: number): Promise<Profile> {
    const cached = this.profiles.get(user);
    if (cached && this.clock.now() - cached.at < PROFILE_TTL_MS) return cached;
    try {
      const lookup = client.users.info({ user, include_locale: true });
      // If the timeout wins, a later failure of the lookup must not go unhandled.
      lookup.catch(() => undefined);
      const info = await (timeoutMs === undefined
        ? lookup
        : Promise.race([
            lookup,
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error(`users.info took over ${timeoutMs} ms`)), timeoutMs).unref(),
            ),
          ]));
      const u = info.user as { tz?: string; locale?: string; real_name?: string; name?: string } | undefined;
      const profile: Profile = {
        language: languageFromLocale(u?.locale),
        timeZone: u?.tz ?? DEFAULT_ZONE,
        name: u?.real_name || u?.name || user,
        at: this.clock.now(),
      };
      this.profiles.delete(user);
      this.profiles.set(user, profile);
      if (this.profiles.size > MAX_PROFILES)
        this.profiles.delete(this.profiles.keys().next().value as string);
      return profile;
    } catch (err) {
      this.logger.warn(
        { user, err: (err as Error).message },
        'users.info failed: English and Amsterdam time assumed',
      );
      return { language: 'en', timeZone: DEFAULT_ZONE, name: user, at: this.clock.now() };
    }
  }
}
