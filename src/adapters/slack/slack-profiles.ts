import type { WebClient } from '@slack/web-api';
import { withDeadline } from '../../core/async/with-deadline.js';
import { type Language, languageFromLocale } from '../../core/i18n/language.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { isSlackUserId } from './slack-ids.js';

export const DEFAULT_ZONE = 'Europe/Amsterdam';
const PROFILE_TTL_MS = 60 * 60 * 1000;
const FAILED_LOOKUP_TTL_MS = 60 * 1000;

/** How much the cache may hold: the least recently used profiles go first past either bound. */
export interface ProfileCacheLimits {
  readonly maxEntries: number;
  /** The characters of ids, names and zones together (a stand-in for bytes). */
  readonly maxChars: number;
}

const DEFAULT_LIMITS: ProfileCacheLimits = { maxEntries: 5_000, maxChars: 2_000_000 };
/** A name longer than Slack allows is cut: users.info answers are trusted, not unbounded. */
const MAX_NAME = 256;

export interface Profile {
  readonly language: Language;
  readonly timeZone: string;
  readonly name: string;
  readonly at: number;
}

const sizeOf = (user: string, p: Profile) => user.length + p.name.length + p.timeZone.length + 16;

/** Each user's language, time zone and name from users.info, cached for an hour. */
export class SlackProfiles {
  /** In use order: a Map iterates oldest first, and a hit is moved to the end. */
  private readonly profiles = new Map<string, Profile>();
  private chars = 0;

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly limits: ProfileCacheLimits = DEFAULT_LIMITS,
  ) {}

  /** How much is held now, to show the bounds hold. */
  get size(): { entries: number; chars: number } {
    return { entries: this.profiles.size, chars: this.chars };
  }

  /** The profile, or the defaults when users.info fails or takes longer than `timeoutMs`. */
  async get(client: WebClient, user: string, timeoutMs?: number): Promise<Profile> {
    const defaults = (): Profile => ({
      language: 'en',
      timeZone: DEFAULT_ZONE,
      name: user,
      at: this.clock.now(),
    });
    // No lookup and no cache entry for what cannot be a Slack user.
    if (!isSlackUserId(user)) return defaults();
    const cached = this.profiles.get(user);
    if (cached && this.clock.now() - cached.at < PROFILE_TTL_MS) {
      this.remember(user, cached);
      return cached;
    }
    // An answer that comes after the deadline still fills the cache for the next turn.
    const lookup = client.users.info({ user, include_locale: true }).then((info) => {
      const u = info.user as { tz?: string; locale?: string; real_name?: string; name?: string } | undefined;
      const profile: Profile = {
        language: languageFromLocale(u?.locale),
        timeZone: u?.tz ?? DEFAULT_ZONE,
        name: (u?.real_name || u?.name || user).slice(0, MAX_NAME),
        at: this.clock.now(),
      };
      this.remember(user, profile);
      return profile;
    });
    try {
      return await (timeoutMs === undefined
        ? lookup
        : withDeadline(lookup, timeoutMs, () => new Error(`users.info took over ${timeoutMs} ms`)));
    } catch (err) {
      this.logger.warn(
        { user, err: (err as Error).message },
        'users.info failed: English and Amsterdam time assumed',
      );
      lookup.catch(() => undefined);
      // Not asked again for a minute: during a Slack outage every event asked anew (each
      // with its client's retries) and added to the storm.
      const assumed = defaults();
      if (!this.profiles.has(user))
        this.remember(user, { ...assumed, at: assumed.at - PROFILE_TTL_MS + FAILED_LOOKUP_TTL_MS });
      return assumed;
    }
  }

  private remember(user: string, profile: Profile): void {
    const old = this.profiles.get(user);
    if (old) {
      this.profiles.delete(user);
      this.chars -= sizeOf(user, old);
    }
    this.profiles.set(user, profile);
    this.chars += sizeOf(user, profile);
    while (
      this.profiles.size > 0 &&
      (this.profiles.size > this.limits.maxEntries || this.chars > this.limits.maxChars)
    ) {
      const [oldest, entry] = this.profiles.entries().next().value as [string, Profile];
      this.profiles.delete(oldest);
      this.chars -= sizeOf(oldest, entry);
    }
  }
}
