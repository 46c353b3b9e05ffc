import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { VersionConflictError } from '../ports/ticket-repository.js';

/** Something that happened in an incident channel and belongs on the incident's timeline. */
export interface IncidentChannelEvent {
  /** The platform's event id: a redelivered event is recorded once. */
  readonly eventId: string;
  readonly channelId: string;
  readonly kind: 'pinned' | 'reaction';
  /** Platform-qualified author ("slack:U123"). */
  readonly author: string;
  /** The message's text (as the platform gives it; kept literally, never rendered as markup). */
  readonly text: string;
  /** The reaction's name, for 'reaction'. */
  readonly reaction?: string;
}

const ATTEMPTS = 3;

/**
 * Records pinned messages and messages marked with the configured reaction in an
 * incident channel on the incident's timeline (with time and author), once per event.
 */
export class IncidentChannelEvents {
  constructor(private readonly deps: { store: Store; clock: Clock; timelineReaction: string }) {}

  /** True when the event was recorded; false when it is not for an incident or not the configured reaction. */
  async record(event: IncidentChannelEvent): Promise<boolean> {
    if (event.kind === 'reaction' && event.reaction !== this.deps.timelineReaction) return false;
    for (let attempt = 1; ; attempt++) {
      const ticket = await this.deps.store.tickets.findByIncidentChannel(event.channelId);
      if (!ticket?.incident) return false;
      const now = this.deps.clock.now();
      try {
        const committed = await this.deps.store.commit({
          eventId: event.eventId,
          at: now,
          updateTicket: {
            ticket: { ...ticket, version: ticket.version + 1, updatedAt: now },
            event: {
              at: now,
              actor: event.author,
              type: event.kind === 'pinned' ? 'messagePinned' : 'messageMarked',
              data: {
                text: event.text.slice(0, 4000),
                ...(event.reaction ? { reaction: event.reaction } : {}),
              },
            },
          },
        });
        return !committed.duplicate;
      } catch (err) {
        if (err instanceof VersionConflictError && attempt < ATTEMPTS) continue;
        throw err;
      }
    }
  }
}
