import type { ChatPublisher } from '../ports/chat-publisher.js';

/**
 * What this process last heard from each platform about the bot's own credentials. A
 * refused token is an outage of the whole platform, not of one message: /readyz says so
 * while it lasts, and dead letters are not announced through the platform refusing them.
 */
export class CredentialRefusals {
  private readonly refused = new Map<string, { readonly reason: string; readonly at: number }>();

  /** The latest call to `platform` was refused for its credentials. */
  refusedBy(platform: string, reason: string, at: number): void {
    this.refused.set(platform, { reason, at });
  }

  /** A send to `platform` went through: its credentials work (again). */
  accepted(platform: string): void {
    this.refused.delete(platform);
  }

  isRefused(platform: string): boolean {
    return this.refused.has(platform);
  }

  /** The /readyz problem text while `platform` refuses the credentials, else null. */
  problem(platform: string): string | null {
    const refusal = this.refused.get(platform);
    if (!refusal) return null;
    return `${refusal.reason} at ${new Date(refusal.at).toISOString()}; messages are held and retried`;
  }
}

/**
 * `publisher` for `platform`, telling `refusals` when a call goes through: that clears a
 * refusal (the token was fixed). Refusals themselves are recorded where a try fails.
 */
export function watchCredentials(
  platform: string,
  publisher: ChatPublisher,
  refusals: CredentialRefusals,
): ChatPublisher {
  const watch = async <T>(call: () => Promise<T>): Promise<T> => {
    const result = await call();
    refusals.accepted(platform);
    return result;
  };
  return {
    platform: publisher.platform,
    sendReply: (...args) => watch(() => publisher.sendReply(...args)),
    sendText: (...args) => watch(() => publisher.sendText(...args)),
    postCard: (...args) => watch(() => publisher.postCard(...args)),
    updateCard: (...args) => watch(() => publisher.updateCard(...args)),
  };
}
