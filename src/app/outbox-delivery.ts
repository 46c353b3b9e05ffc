import { waitAtMost } from '../core/async/with-deadline.js';
import { t } from '../core/i18n/catalogue.js';
import type { Language } from '../core/i18n/language.js';
import { incidentTopic } from '../core/incidents/incident.js';
import { rcaDraft } from '../core/incidents/rca-draft.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import type { Ticket } from '../core/tickets/ticket.js';
import { anyoneActions, incidentCopyActions, sharedCopyActions } from '../core/tickets/ticket-permissions.js';
import {
  type CardRendering,
  type ChatPublisher,
  CredentialsRefusedError,
  PermanentDeliveryError,
  sentNothing,
  UncertainDeliveryError,
} from '../ports/chat-publisher.js';
import type { Clock } from '../ports/clock.js';
import type { CardCopy } from '../ports/delivery-repositories.js';
import type { IncidentChannels } from '../ports/incident-channels.js';
import type { Logger } from '../ports/logger.js';
import type { OutboxEntry, OutboxMessage } from '../ports/outbox.js';
import type { Store } from '../ports/store.js';
import { CredentialRefusals, watchCredentials } from './credential-refusals.js';
import { type IncidentFlows, incidentAddress } from './incident-flows.js';
import { IncidentOpening } from './incident-opening.js';
import { destinationOf } from './outbox-destination.js';
import { type SupportChannels, supportChannelAddresses } from './support-channels.js';
import { DEFAULT_ZONE } from './ticket-flows.js';

/** How long a claimed entry is this process's alone (on the store's clock) before another may try it. */
const LEASE_MS = 60_000;
/**
 * How long a pass waits for one try. A try still waiting for its platform then goes on in
 * the background with its entry still leased to this process, the lease renewed until the
 * try ends (so nobody sends it again beside it), and records its outcome as usual; a
 * hanging platform holds neither the pass nor other conversations. Every platform call
 * also times out by itself (the Teams connector and Slack at 20 s, Graph at 15 s).
 */
export const SEND_DEADLINE_MS = 30_000;
/** A try still running after this many leases is given up (its entry is tried again). */
export const MAX_TRY_LEASES = 5;
/** The longest an event whose entries are held up waits for this process's sends in progress. */
const LANE_WAIT_MS = 1_000;
/** Every platform call times out by then (the Teams connector and Slack at 20 s, Graph at 15 s). */
const PLATFORM_CALL_TIMEOUT_MS = 20_000;
/** How long a clean stop waits for tries in progress before it hands their leases back. */
export const STOP_WAIT_MS = 2_000;
/** Attempts before a message is dead-lettered: 1 + 2 + ... + 256 s, about 8.5 minutes of backing off. */
export const MAX_ATTEMPTS = 10;
const UNCERTAIN = 'may have been sent: ';
/** Kept with the error of a try that certainly sent nothing (a 429 before any part went out). */
const NOT_SENT = 'not sent (try ';
const notSentBy = (attempt: number) => `${NOT_SENT}${attempt}): `;

export interface DeliveryDeps {
  /** Incident channels per platform (Slack channels, Teams channels through Graph). */
  readonly incidentChannels?: ReadonlyMap<string, IncidentChannels>;
  readonly incidents?: IncidentFlows;
  readonly store: Store;
  readonly policies: PolicyRegistry;
  readonly publishers: ReadonlyMap<string, ChatPublisher>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly support: SupportChannels;
  /** This process's lease owner id (unique per process). */
  readonly owner: string;
  /** SEND_DEADLINE_MS unless a test wants a hanging platform to give up sooner. */
  readonly sendDeadlineMs?: number;
  /** LEASE_MS unless a test wants to watch a lease outlived. */
  readonly leaseMs?: number;
  /** The language of the notices to the support channels (English unless set). */
  readonly supportLanguage?: Language;
}

const MAX_BACKOFF_MS = 300_000;

/** Backoff before the next attempt: 1 s, 2 s, 4 s ... at most 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
}

function copyId(copy: CardCopy): string {
  return `${copy.platform}:${copy.conversationId}:${copy.messageId}`;
}

/**
 * An earlier try that failed unclearly, or that never finished (its process was killed
 * mid-send, so no error was kept), may have sent: the publisher looks before it sends.
 * Not after a try known to have sent nothing, when no try before it could have.
 */
function mayHaveBeenSent(entry: OutboxEntry): boolean {
  const last = entry.lastError;
  if (last?.startsWith(UNCERTAIN)) return true;
  if (entry.attempts > 1) return !(last?.startsWith(notSentBy(entry.attempts - 1)) ?? false);
  // A first try with an error kept: a dead letter an operator queued again, tried before.
  return last != null && !last.startsWith(NOT_SENT);
}

/** Kinds whose publisher call says exactly whether a refused try sent any part. */
const TRACKS_WHAT_WENT_OUT: ReadonlySet<OutboxMessage['kind']> = new Set(['reply', 'text']);

/** The longest a platform's Retry-After is honoured: a day-long one is a platform's bug. */
const MAX_NOT_BEFORE_MS = 3_600_000;

/** A platform's own "not before" (Retry-After) stretches the backoff, never shortens it. */
function notBeforeMs(err: unknown): number {
  const ms = (err as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_NOT_BEFORE_MS) : 0;
}

/**
 * Sends what the outbox holds through the platform publishers. Each entry is leased
 * by one process, sent, and completed; a failure is retried with backoff and, after
 * the last try or a permanent refusal, dead-lettered and reported to the support
 * channels. Cards are rendered now, from the ticket as it is now.
 */
export class OutboxDelivery {
  readonly owner: string;
  delivered = 0;
  failed = 0;
  readonly leaseMs: number;
  /** Platforms whose latest answer refused the bot's credentials (shown on /readyz). */
  readonly credentials = new CredentialRefusals();
  /** This process's tries in progress (each settles when its try ends), with their keys. */
  private readonly inFlight = new Map<Promise<void>, string>();
  /** The ticket version (and notice) this process last updated every card copy to, and when it began. */
  private readonly lastRendered = new Map<
    string,
    {
      readonly version: number;
      readonly notice: string | undefined;
      readonly at: number;
      /** The copies that update listed. */
      readonly copies: ReadonlySet<string>;
    }
  >();
  /** Each publisher wrapped to clear a credentials refusal when a call goes through. */
  private readonly watched = new WeakMap<ChatPublisher, ChatPublisher>();
  /** Keys whose leases a clean stop handed back while their tries still ran. */
  private readonly handedBack = new Set<string>();
  private readonly incidentOpening: IncidentOpening;

  constructor(private readonly deps: DeliveryDeps) {
    this.owner = deps.owner;
    this.leaseMs = deps.leaseMs ?? LEASE_MS;
    this.incidentOpening = new IncidentOpening({
      ...(deps.incidentChannels ? { incidentChannels: deps.incidentChannels } : {}),
      ...(deps.incidents ? { incidents: deps.incidents } : {}),
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      support: deps.support,
      publisher: (platform) => this.publisher(platform),
      rendering: (ticket, platform, timeZone) => this.rendering(ticket, platform, timeZone),
    });
  }

  /**
   * Delivers the entries one inbound event wrote, in order, before answering that
   * event where the budget allows; what is left (or fails) goes to the worker.
   */
  async deliverNow(keys: readonly string[], budgetMs: number): Promise<void> {
    if (keys.length === 0) return;
    const until = this.deps.clock.now() + budgetMs;
    const pending = new Set(keys);
    const work = (async () => {
      let waited = false;
      while (pending.size > 0 && this.deps.clock.now() < until) {
        const entries = await this.deps.store.outbox.claim(
          this.owner,
          this.deps.clock.now(),
          this.leaseMs,
          10,
          [...pending],
        );
        if (entries.length === 0) {
          // Nothing of this event could be claimed: most often it is behind its conversation's
          // previous message, which this process is still sending (the user answered before
          // the platform confirmed it). Claimed once more when the sends in progress now have
          // ended (at most LANE_WAIT_MS), not left for the next worker pass. Entries held up
          // after others of the event went out (another lane busy) are left to the worker,
          // so the event's answer does not wait for them.
          if (waited || pending.size < keys.length || this.inFlight.size === 0) return;
          waited = true;
          await waitAtMost(Promise.all([...this.inFlight.keys()]), LANE_WAIT_MS);
          continue;
        }
        const claimedAt = performance.now();
        for (const entry of entries) {
          pending.delete(entry.key);
          await this.deliver(entry, claimedAt);
        }
      }
    })();
    await waitAtMost(work, budgetMs);
  }

  /**
   * A clean stop: waits a little for this process's tries in progress, then hands back the
   * leases of those still running, as perhaps sent (whoever tries next looks before it
   * sends), due once their platform calls have surely ended (each times out by then): a
   * restart waits that, not the rest of a lease of a process that is gone, and a look-up
   * made sooner could miss a copy still on its way.
   */
  async stop(waitMs = STOP_WAIT_MS): Promise<void> {
    await waitAtMost(Promise.all([...this.inFlight.keys()]), waitMs);
    const { store, clock, logger } = this.deps;
    for (const key of new Set(this.inFlight.values())) {
      this.handedBack.add(key);
      try {
        await store.outbox.retry(
          key,
          this.owner,
          clock.now() + PLATFORM_CALL_TIMEOUT_MS,
          `${UNCERTAIN}the process stopped during the send`,
        );
        logger.warn(
          { key },
          'stopped during a send: its lease is handed back; the next try looks before it sends',
        );
      } catch (err) {
        logger.error(
          { key, err: err instanceof Error ? err.message : String(err) },
          'could not hand back a lease',
        );
      }
    }
  }

  /** One pass of the worker: whatever is due, lanes in parallel, each lane in order. */
  async runOnce(limit = 50): Promise<number> {
    const entries = await this.deps.store.outbox.claim(
      this.owner,
      this.deps.clock.now(),
      this.leaseMs,
      limit,
    );
    const claimedAt = performance.now();
    await Promise.all(entries.map((entry) => this.deliver(entry, claimedAt)));
    await this.reportDeadLetters();
    return entries.length;
  }

  /** One entry, claimed at `claimedAt` (performance.now()) with others sent before it. */
  private async deliver(entry: OutboxEntry, claimedAt: number): Promise<void> {
    const { store, logger } = this.deps;
    let leasedAt = claimedAt;
    // Entries sent one after another may find half their lease gone: renewed first, or
    // left alone when it already ran out and another process took the entry.
    if (performance.now() - claimedAt >= this.leaseMs / 2) {
      if (!(await store.outbox.renewLease(entry.key, this.owner, this.leaseMs))) {
        logger.warn({ key: entry.key }, 'the lease ran out before its turn; left to whoever holds it now');
        return;
      }
      leasedAt = performance.now();
    }
    // At most half the lease: a late try's lease is renewed while it still has time to run.
    const deadline = Math.max(
      0,
      Math.min(this.deps.sendDeadlineMs ?? SEND_DEADLINE_MS, leasedAt + this.leaseMs / 2 - performance.now()),
    );
    const attempt = this.attempt(entry);
    // Tracked settled either way: whoever waits for it wants its end, not its error.
    const ended = attempt.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.set(ended, entry.key);
    void ended.then(() => this.inFlight.delete(ended));
    if (await waitAtMost(attempt, deadline)) return;
    logger.warn({ key: entry.key, waitedMs: deadline }, 'no answer yet; the try goes on in the background');
    this.keepLeased(entry.key, attempt);
    attempt.catch((err: unknown) =>
      logger.error(
        { key: entry.key, err: err instanceof Error ? err.message : String(err) },
        'a late try failed',
      ),
    );
  }

  /**
   * Renews a late try's lease now and every third of a lease until the try ends: a send
   * made of many slow calls may outlast one lease, and another process must not start
   * the same send beside it. A try that never ends (a call without a timeout of its
   * own) is let go after MAX_TRY_LEASES leases, so its lane is not held for ever: the
   * next pass tries again, looking first whether the message went out.
   */
  private keepLeased(key: string, attempt: Promise<void>): void {
    const { store, logger } = this.deps;
    const giveUpAt = performance.now() + MAX_TRY_LEASES * this.leaseMs;
    let settled = false;
    const stop = () => {
      settled = true;
      clearInterval(timer);
    };
    const renew = async () => {
      if (performance.now() >= giveUpAt) {
        stop();
        logger.error(
          { key },
          'a try has run for too long; its lease is let go and the next pass tries again',
        );
        return;
      }
      // Handed back by a clean stop: no longer ours to keep.
      if (this.handedBack.has(key)) return stop();
      const held = await store.outbox.renewLease(key, this.owner, this.leaseMs);
      if (held || settled) return;
      stop();
      logger.error({ key }, 'the lease of a late try was lost; another process may try it too');
    };
    const renewQuietly = () =>
      renew().catch((err: unknown) =>
        logger.warn({ key, err: err instanceof Error ? err.message : String(err) }, 'lease renewal failed'),
      );
    attempt.then(stop, stop);
    const timer = setInterval(renewQuietly, this.leaseMs / 3);
    timer.unref();
    void renewQuietly();
  }

  /** One try: sent and completed, or retried with backoff, or dead-lettered. */
  private async attempt(entry: OutboxEntry): Promise<void> {
    const { store, logger, clock } = this.deps;
    try {
      await this.send(entry);
      await store.outbox.complete(entry.key, this.owner);
      this.delivered++;
    } catch (err) {
      this.failed++;
      // An unclear failure is remembered, so the next attempt looks before it sends again.
      const reason = err instanceof Error ? err.message : String(err);
      const message =
        err instanceof UncertainDeliveryError
          ? `${UNCERTAIN}${reason}`
          : sentNothing(err) && TRACKS_WHAT_WENT_OUT.has(entry.message.kind) && !mayHaveBeenSent(entry)
            ? `${notSentBy(entry.attempts)}${reason}`
            : reason;
      const to = destinationOf(entry.message);
      // Refused credentials refuse every message alike: held with the usual backoff (the
      // operator fixes the token), dead-lettered only after the last try like an outage.
      if (err instanceof CredentialsRefusedError)
        this.credentials.refusedBy(err.platform, reason, clock.now());
      if (err instanceof PermanentDeliveryError || entry.attempts >= MAX_ATTEMPTS) {
        logger.error({ key: entry.key, to, attempts: entry.attempts, err: message }, 'message dead-lettered');
        // Told before the entry is given up, so a crash in between tells them on the retry.
        await this.incidentOpening.tellUnopened(entry, reason);
        await store.outbox.deadLetter(entry.key, this.owner, message);
        return;
      }
      const retryAt = clock.now() + Math.max(retryDelayMs(entry.attempts), notBeforeMs(err));
      logger.warn(
        { key: entry.key, to, attempts: entry.attempts, retryAt, err: message },
        'delivery failed; retrying',
      );
      await store.outbox.retry(entry.key, this.owner, retryAt, message);
    }
  }

  private publisher(platform: string): ChatPublisher {
    const publisher = this.deps.publishers.get(platform);
    // Not configured now: it may be tomorrow, so the message waits (and is dead-lettered in the end).
    if (!publisher) throw new Error(`${platform} is not configured on this server`);
    // Wrapped once per platform, not on every send.
    let watched = this.watched.get(publisher);
    if (!watched) {
      watched = watchCredentials(platform, publisher, this.credentials);
      this.watched.set(publisher, watched);
    }
    return watched;
  }

  private rendering(
    ticket: Ticket,
    platform: string,
    timeZone: string | undefined,
    notice?: string,
  ): CardRendering {
    return {
      now: this.deps.clock.now(),
      policy: this.deps.policies.get(ticket.policy),
      // Teams readers get their own view on refresh, so a posted copy shows the agents'
      // buttons; a Slack message is the same for everyone, so it shows both sides'.
      actions: platform === 'teams' ? sharedCopyActions(ticket) : anyoneActions(ticket),
      timeZone: timeZone ?? DEFAULT_ZONE,
      ...(notice ? { notice } : {}),
    };
  }

  private async send(entry: OutboxEntry): Promise<void> {
    const { message } = entry;
    const { store } = this.deps;
    const options = { maybeSent: mayHaveBeenSent(entry) };
    switch (message.kind) {
      case 'reply':
        return this.publisher(message.to.platform).sendReply(
          message.to,
          message.parts,
          message.language,
          entry.key,
          options,
        );
      case 'text':
        return this.publisher(message.to.platform).sendText(message.to, message.text, entry.key, options);
      case 'postCard': {
        const ticket = await store.tickets.get(message.ticketId);
        if (!ticket) throw new PermanentDeliveryError(`no ticket ${message.ticketId}`);
        const posted = await this.publisher(message.to.platform).postCard(
          message.to,
          ticket,
          this.rendering(ticket, message.to.platform, message.timeZone),
          entry.key,
          options,
        );
        if (!posted) return;
        const copy = { ticketId: ticket.id, platform: message.to.platform, ...posted };
        await store.cardCopies.add(copy);
        // A change delivered while this card was on its way did not know the copy, and a card
        // found from an earlier attempt shows the ticket as it was then: bring it up to date.
        const now = await store.tickets.get(ticket.id);
        if (now && (options.maybeSent || now.version !== ticket.version))
          await this.publisher(copy.platform).updateCard(
            copy,
            now,
            this.rendering(now, copy.platform, message.timeZone),
          );
        return;
      }
      case 'openIncident':
        return this.incidentOpening.open(
          message.platform,
          message.ticketId,
          message.invite,
          entry,
          options.maybeSent,
        );
      case 'incidentInvite':
        return this.inviteToIncident(message.ticketId, message.invite, entry.key);
      case 'incidentPin': {
        const ticket = await store.tickets.get(message.ticketId);
        const address = incidentAddress(ticket?.incident);
        if (!ticket?.incident?.channel || !address) return;
        return this.incidentChannels(ticket.incident.channel.platform).pin(address, message.messageId);
      }
      case 'incidentTopic':
      case 'archiveIncident': {
        const ticket = await store.tickets.get(message.ticketId);
        const channel = ticket?.incident?.channel;
        const address = incidentAddress(ticket?.incident);
        if (!ticket || !channel || !address) return;
        const channels = this.incidentChannels(channel.platform);
        if (message.kind === 'incidentTopic') await channels.setTopic(address, incidentTopic(ticket));
        else await channels.archive(address);
        return;
      }
      case 'rcaDraft': {
        const ticket = await store.tickets.get(message.ticketId);
        if (!ticket) throw new PermanentDeliveryError(`no ticket ${message.ticketId}`);
        const draft = rcaDraft(ticket, await store.tickets.timeline(ticket.id), {
          timeZone: this.deps.policies.get(ticket.policy)?.calendar.definition.timeZone ?? DEFAULT_ZONE,
          now: this.deps.clock.now(),
        });
        // In a code block the Markdown stays as written, ready to copy into the RCA document.
        const fence = '`'.repeat(3);
        return this.publisher(message.to.platform).sendText(
          message.to,
          `${message.intro}\n${fence}\n${draft}\n${fence}`,
          entry.key,
          options,
        );
      }
      case 'updateCards': {
        const ticket = await store.tickets.get(message.ticketId);
        if (!ticket) throw new PermanentDeliveryError(`no ticket ${message.ticketId}`);
        const startedAt = this.deps.clock.now();
        const copies = (await store.cardCopies.list(ticket.id)).filter(
          (c) => c.messageId !== message.exceptMessageId,
        );
        if (this.renderedSince(entry, ticket, message.notice, copies)) return;
        const zone = (ticket.requesterAddress as { timeZone?: string } | null | undefined)?.timeZone;
        // Updates are idempotent (a PUT, chat.update): a retry repeats them all safely.
        for (const copy of copies) {
          const rendering = this.rendering(ticket, copy.platform, zone, message.notice);
          // The copy pinned in the incident channel offers the incident manager's buttons.
          const inIncident = copy.conversationId === ticket.incident?.channel?.id;
          await this.publisher(copy.platform).updateCard(
            copy,
            ticket,
            inIncident ? { ...rendering, actions: incidentCopyActions(ticket) } : rendering,
          );
        }
        if (!message.exceptMessageId) this.rendered(ticket, message.notice, startedAt, copies);
        return;
      }
    }
  }

  /**
   * Every copy of this ticket version was updated by this process, with the same notice,
   * after this entry was queued (so after the timer or change that queued it): updates
   * that piled up behind a held lane (timers firing while a replica that died kept the
   * lease) would only repeat it. One queued later (a deadline passing since) still runs,
   * and so does one that finds a copy that update did not list (posted while it ran).
   */
  private renderedSince(
    entry: OutboxEntry,
    ticket: Ticket,
    notice: string | undefined,
    copies: readonly CardCopy[],
  ): boolean {
    const last = this.lastRendered.get(ticket.id);
    return (
      last !== undefined &&
      last.version === ticket.version &&
      last.notice === notice &&
      entry.createdAt < last.at &&
      copies.every((copy) => last.copies.has(copyId(copy)))
    );
  }

  private rendered(
    ticket: Ticket,
    notice: string | undefined,
    startedAt: number,
    copies: readonly CardCopy[],
  ): void {
    if (this.lastRendered.size >= 10_000) this.lastRendered.clear();
    this.lastRendered.set(ticket.id, {
      version: ticket.version,
      notice,
      at: startedAt,
      copies: new Set(copies.map(copyId)),
    });
  }

  private incidentChannels(platform: string): IncidentChannels {
    const channels = this.deps.incidentChannels?.get(platform);
    if (!channels) throw new Error(`incident channels on ${platform} are not configured on this server`);
    return channels;
  }

  /**
   * Adds people to the incident channel. A passing failure throws (retried with backoff,
   * dead-lettered to the support channel after the last try); people the platform refused
   * are named to the incident managers and the support channel, in the same commit that
   * ends the entry's work.
   */
  private async inviteToIncident(ticketId: string, invite: readonly string[], key: string): Promise<void> {
    const { store, clock } = this.deps;
    const ticket = await store.tickets.get(ticketId);
    const address = incidentAddress(ticket?.incident);
    if (!ticket?.incident?.channel || !address) return;
    const refused = await this.incidentChannels(ticket.incident.channel.platform).invite(address, invite);
    if (refused.length === 0 || !this.deps.incidents) return;
    this.deps.logger.warn({ key, refused }, 'people could not be added to the incident channel');
    await store.commit({ at: clock.now(), outbox: this.deps.incidents.inviteRefused(ticket, refused) });
  }

  /**
   * Tells the support channels, once, about each message that could not be delivered, with
   * its outbox key and how to send it again or give it up.
   */
  private async reportDeadLetters(): Promise<void> {
    // While every support channel's platform refuses the bot's credentials, none is taken:
    // they stay unreported in the store, and whichever process sees a platform work again
    // (after a restart too) announces them then.
    const channels = supportChannelAddresses(this.deps.support);
    if (channels.length > 0 && channels.every((c) => this.credentials.isRefused(c.platform))) return;
    const dead = await this.deps.store.outbox.takeUnreportedDead(10);
    const language = this.deps.supportLanguage ?? 'en';
    for (const entry of dead) {
      // A report that failed is not reported again (no loop); it stays visible on /readyz.
      if (entry.key.startsWith('deadletter:')) continue;
      const text = t(language, 'outbox.deadLetter', {
        kind: entry.message.kind,
        target: destinationOf(entry.message),
        attempts:
          entry.attempts === 1
            ? t(language, 'outbox.attempts.one')
            : t(language, 'outbox.attempts.other', { n: entry.attempts }),
        error: entry.lastError ?? 'unknown error',
        key: entry.key,
      });
      for (const channel of channels) {
        // Not through a platform that refuses the bot's credentials: that notice would only
        // wait out the same refusal and die too. The dead letter stays on /readyz.
        if (this.credentials.isRefused(channel.platform)) {
          this.deps.logger.warn(
            { key: entry.key, platform: channel.platform },
            'dead letter not announced on a platform that refuses the bot credentials',
          );
          continue;
        }
        await this.deps.store.commit({
          at: this.deps.clock.now(),
          outbox: [
            {
              key: `deadletter:${entry.key}:${channel.platform}`,
              lane: `deadletter:${channel.platform}`,
              message: { kind: 'text', to: channel, text },
            },
          ],
        });
      }
    }
  }
}
