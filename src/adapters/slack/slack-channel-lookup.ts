import type { WebClient } from '@slack/web-api';

/** conversations.list pages: Slack's largest page, and a bound on how many are read. */
const PAGE_LIMIT = 1000;
const MAX_PAGES = 50;

/**
 * Finds an unarchived public channel by its exact name and tells whether the bot made
 * it: after an unclear conversations.create, "name_taken" may be the bot's own channel.
 */
export class SlackChannelLookup {
  private botUserId: Promise<string | null> | undefined;

  constructor(private readonly client: WebClient) {}

  /** The channel's id when it exists, is not archived, and was created by the bot. */
  async ownChannelNamed(name: string): Promise<string | null> {
    const bot = await this.botUser();
    if (!bot) return null;
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.client.conversations.list({
        exclude_archived: true,
        types: 'public_channel',
        limit: PAGE_LIMIT,
        ...(cursor ? { cursor } : {}),
      });
      const found = answer.channels?.find((c) => c.name === name);
      if (found) return found.creator === bot && found.id ? found.id : null;
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) return null;
    }
    return null;
  }

  private botUser(): Promise<string | null> {
    // Kept once known; a failed auth.test fails this try (retried later) and is asked again.
    this.botUserId ??= this.client.auth.test().then(
      (a) => a.user_id ?? null,
      (err: unknown) => {
        this.botUserId = undefined;
        throw err;
      },
    );
    return this.botUserId;
  }
}
