import { formatShortMoment } from '../core/cards/card-time.js';
import { formatSpan } from '../core/cards/countdown.js';
import { t } from '../core/i18n/catalogue.js';
import type { Language } from '../core/i18n/language.js';
import type { Incident } from '../core/incidents/incident.js';
import type { SlaPolicy } from '../core/sla/sla-policy.js';
import type { Ticket } from '../core/tickets/ticket.js';
import { type ChatAddress, laneOf } from '../ports/chat-address.js';
import type { OutboxDraft } from '../ports/outbox.js';
import { type SupportChannels, supportChannelAddresses } from './support-channels.js';
import { DEFAULT_ZONE } from './ticket-flows.js';

export interface IncidentSettings {
  /** Platform-qualified ids ("slack:U1", "teams:<aad>"). */
  readonly incidentManagers: readonly string[];
  readonly securityOfficers: readonly string[];
  readonly support: SupportChannels;
  /** Platforms where an incident channel can be opened, in order of preference. */
  readonly channelPlatforms: readonly ('slack' | 'teams')[];
  readonly archiveOnClose: boolean;
  readonly language: Language;
}

type Event = { readonly type: string; readonly data: Record<string, unknown> };

function text(key: string, to: ChatAddress, body: string): OutboxDraft {
  return { key, lane: laneOf(to), message: { kind: 'text', to, text: body } };
}

/** Where the incident runs, as an address the outbox can post to. */
export function incidentAddress(incident: Incident | null | undefined): ChatAddress | null {
  const channel = incident?.channel;
  if (!channel) return null;
  return channel.platform === 'slack'
    ? {
        platform: 'slack',
        kind: 'channel',
        id: channel.id,
        ...(channel.threadId ? { threadId: channel.threadId } : {}),
      }
    : {
        platform: 'teams',
        kind: 'conversation',
        id: channel.id,
        ...(channel.reference ? { reference: channel.reference } : {}),
      };
}

/**
 * The app's decisions for P1 escalations (SPEC.md "P1 escalation"): where the incident
 * channel opens and who is invited and told, what each incident manager action tells
 * the requester and the channel, reminders at the cadence, and the RCA after closure.
 */
export class IncidentFlows {
  constructor(private readonly settings: IncidentSettings) {}

  /** People on a platform, by their platform ids, from qualified ids. */
  private idsOn(platform: string, qualified: readonly string[]): string[] {
    return qualified.filter((id) => id.startsWith(`${platform}:`)).map((id) => id.slice(platform.length + 1));
  }

  /** Direct messages where the platform has them without a stored conversation (Slack), else the support channels. */
  private tell(keyBase: string, people: readonly string[], body: string): OutboxDraft[] {
    const drafts: OutboxDraft[] = [];
    let needsSupport = false;
    for (const person of people) {
      if (person.startsWith('slack:')) {
        drafts.push(
          text(`${keyBase}:${person}`, { platform: 'slack', kind: 'user', id: person.slice(6) }, body),
        );
      } else needsSupport = true;
    }
    if (needsSupport || people.length === 0) {
      for (const channel of supportChannelAddresses(this.settings.support))
        drafts.push(text(`${keyBase}:support:${channel.platform}`, channel, body));
    }
    return drafts;
  }

  /**
   * A ticket just became P1 (created as one, or its priority changed): open its
   * incident channel, tell the incident managers, and the security officer for a
   * security report. `ref` is the ticket id, or NEW_TICKET inside a creating commit.
   */
  opened(ref: string, ticket: Pick<Ticket, 'requester' | 'title' | 'security'>): OutboxDraft[] {
    const drafts: OutboxDraft[] = [];
    const platform =
      this.settings.channelPlatforms.find((p) => p === ticket.requester.platform) ??
      this.settings.channelPlatforms[0];
    if (platform) {
      const invite = [
        ...(ticket.requester.platform === platform ? [ticket.requester.id] : []),
        ...this.idsOn(platform, this.settings.incidentManagers),
      ];
      drafts.push({
        key: `incident:${ref}:open`,
        lane: `incident:${ref}`,
        message: { kind: 'openIncident', platform, ticketId: ref, invite: [...new Set(invite)] },
      });
    }
    // With a channel to open, the incident managers are told once it exists (channelOpened),
    // naming the real place; without one, now.
    if (!platform)
      drafts.push(...this.newIncident(ref, ticket, t(this.settings.language, 'notice.whereSupport')));
    return drafts;
  }

  /** "New P1 escalation ... Assess it in {where}" to the incident managers, once per incident. */
  newIncident(ref: string, ticket: Pick<Ticket, 'requester' | 'title'>, where: string): OutboxDraft[] {
    return this.tell(
      `incident:${ref}:im`,
      this.settings.incidentManagers,
      t(this.settings.language, 'notice.newIncident', {
        id: ref,
        requester: ticket.requester.name,
        title: ticket.title,
        where,
      }),
    );
  }

  /**
   * The incident channel exists (or its fallback thread): the incident managers are sent
   * there, by its name as the platform writes it (`label`, "#inc-..." on Slack) and a link
   * that opens it where the platform gives one, and told why when it is not where it
   * should be.
   */
  channelOpened(
    ticket: Ticket,
    place: {
      readonly label?: string | undefined;
      readonly link: string | null;
      readonly supportThread: boolean;
    },
  ): OutboxDraft[] {
    const channel = ticket.incident?.channel;
    if (!channel) return [];
    const name = place.supportThread
      ? t(this.settings.language, 'notice.whereSupportThread')
      : (place.label ?? channel.name);
    const where = place.link ? `${name} (${place.link})` : name;
    return [
      ...this.newIncident(ticket.id, ticket, where),
      ...(channel.fallbackReason ? this.fallbackTaken(ticket, channel.fallbackReason, where) : []),
    ];
  }

  /**
   * No route for the incident channel worked, and its outbox entry (`key`) was given up:
   * the incident managers still hear of the P1, why it has no channel, and how to open it
   * once the cause is fixed (then channelOpened sends them there as usual).
   */
  channelUnopened(ticket: Ticket, reason: string, key: string): OutboxDraft[] {
    const body = t(this.settings.language, 'notice.incidentUnopened', {
      id: ticket.id,
      requester: ticket.requester.name,
      title: ticket.title,
      reason,
      key,
    });
    return this.tell(`incident:${ticket.id}:unopened`, this.settings.incidentManagers, body);
  }

  /**
   * People the platform would not add to the incident channel: the incident managers and
   * the support channel hear who is missing and why, so someone adds them by hand.
   */
  inviteRefused(ticket: Ticket, refused: readonly { user: string; reason: string }[]): OutboxDraft[] {
    const channel = ticket.incident?.channel;
    if (!channel || refused.length === 0) return [];
    const requester = ticket.requester;
    const where = channel.name;
    return refused.flatMap(({ user, reason }) => {
      const ours = user === requester.id && channel.platform === requester.platform;
      const body = t(this.settings.language, 'notice.inviteRefused', {
        id: ticket.id,
        who: ours ? `${requester.name} (${user})` : user,
        where,
        reason,
      });
      const key = `incident:${ticket.id}:refused:${user}`;
      const managers = this.tell(key, this.settings.incidentManagers, body);
      // The support channels once, whether or not tell() already chose them.
      const keys = new Set(managers.map((d) => d.key));
      const support = supportChannelAddresses(this.settings.support)
        .map((to) => text(`${key}:support:${to.platform}`, to, body))
        .filter((d) => !keys.has(d.key));
      return [...managers, ...support];
    });
  }

  /** A security report: its officer(s) are told once (a deterministic key per officer). */
  security(ref: string, ticket: Pick<Ticket, 'requester' | 'title'>): OutboxDraft[] {
    if (this.settings.securityOfficers.length === 0) return [];
    const body = t(this.settings.language, 'notice.securityReport', {
      id: ref,
      requester: ticket.requester.name,
      title: ticket.title,
    });
    return this.tell(`security:${ref}`, this.settings.securityOfficers, body);
  }

  /** What an action on a ticket means for its escalation. */
  changed(
    before: Ticket,
    after: Ticket,
    event: Event,
    policy: SlaPolicy | undefined,
    requesterAt: ChatAddress | null,
  ): OutboxDraft[] {
    const drafts: OutboxDraft[] = [];
    const key = `ticket:${after.id}:v${after.version}`;
    const language = after.language;
    const toRequester = (body: string) =>
      requesterAt ? [text(`${key}:incident:requester`, requesterAt, body)] : [];
    const channel = incidentAddress(after.incident);
    const inChannel = (body: string) => (channel ? [text(`${key}:incident:channel`, channel, body)] : []);
    const topic = (): OutboxDraft[] =>
      after.incident?.channel
        ? [
            {
              key: `${key}:topic`,
              lane: `incident:${after.id}`,
              message: { kind: 'incidentTopic', ticketId: after.id },
            },
          ]
        : [];
    switch (event.type) {
      case 'priorityChanged':
        if (after.priority === 'P1' && before.priority !== 'P1' && !before.incident)
          drafts.push(...this.opened(after.id, after));
        break;
      case 'escalationRequested':
        drafts.push(
          ...this.tell(
            `${key}:escalate`,
            this.settings.incidentManagers,
            t(this.settings.language, 'notice.escalationRequested', {
              id: after.id,
              priority: after.priority,
              requester: after.requester.name,
              reason: String(event.data.reason ?? '-'),
            }),
          ),
          ...toRequester(t(language, 'notice.phoneBilled', { id: after.id })),
        );
        break;
      case 'incidentAccepted': {
        const cadence = policy?.cadence[after.priority];
        drafts.push(
          ...toRequester(
            t(language, 'notice.escalationAccepted', {
              id: after.id,
              cadence: cadence ? formatSpan(cadence.ms, language) : '-',
            }),
          ),
          ...topic(),
        );
        break;
      }
      case 'incidentDowngraded':
        drafts.push(
          ...toRequester(
            t(language, 'notice.escalationDowngraded', {
              id: after.id,
              priority: after.priority,
              reason: String(event.data.reason ?? ''),
            }),
          ),
          ...topic(),
        );
        break;
      case 'incidentIncomplete':
        drafts.push(
          ...toRequester(
            t(language, 'notice.incomplete', { id: after.id, text: String(event.data.text ?? '') }),
          ),
        );
        break;
      case 'statusUpdate': {
        const body = t(language, 'notice.statusUpdate', {
          id: after.id,
          text: String(event.data.text ?? ''),
        });
        // Everyone who joined with the same outage hears it too (Slack: by direct message).
        const affected = (after.incident?.affected ?? [])
          .filter((p) => p.id.startsWith('slack:'))
          .map((p) =>
            text(`${key}:affected:${p.id}`, { platform: 'slack', kind: 'user', id: p.id.slice(6) }, body),
          );
        drafts.push(...toRequester(body), ...inChannel(body), ...affected);
        break;
      }
      case 'roleAssigned':
        drafts.push(...topic());
        break;
      case 'resolved':
        drafts.push(...topic());
        break;
      case 'confirmedFixed':
      case 'closed':
        drafts.push(...this.closed(after, key, policy?.calendar.definition.timeZone ?? DEFAULT_ZONE));
        break;
      case 'notFixed':
        drafts.push(...topic());
        break;
    }
    return drafts;
  }

  /** After closure: the RCA due date and draft in the channel, and the channel archived when configured. */
  closed(after: Ticket, key: string, zone: string): OutboxDraft[] {
    const incident = after.incident;
    const channel = incidentAddress(incident);
    if (!incident || !channel) return [];
    const language = this.settings.language;
    const intro = t(language, 'notice.rcaDue', {
      id: after.id,
      time: incident.rca ? formatShortMoment(incident.rca.dueAt, zone, language) : '-',
      owner: incident.rca?.owner?.name ?? '-',
    });
    const drafts: OutboxDraft[] = [
      {
        key: `${key}:rca`,
        lane: laneOf(channel),
        message: { kind: 'rcaDraft', ticketId: after.id, to: channel, intro },
      },
    ];
    if (this.settings.archiveOnClose) {
      drafts.push({
        key: `${key}:archive`,
        lane: laneOf(channel),
        message: { kind: 'archiveIncident', ticketId: after.id },
      });
    }
    return drafts;
  }

  /** Someone reported the same outage and joined the incident: the channel (or the managers) hear of it. */
  reporterJoined(incident: Ticket, person: { id: string; name: string }, description: string): OutboxDraft[] {
    const body = t(this.settings.language, 'notice.reporterJoined', {
      name: person.name,
      id: incident.id,
      text: description.slice(0, 300),
    });
    // One notice per person: the key does not depend on the version the join lands on.
    const key = `incident:${incident.id}:joined:${person.id}`;
    const channel = incidentAddress(incident.incident);
    return channel ? [text(key, channel, body)] : this.tell(key, this.settings.incidentManagers, body);
  }

  /** The next status update is due: the incident manager (and the channel) are reminded. */
  updateDue(ticket: Ticket, timerId: string, policy: SlaPolicy): OutboxDraft[] {
    const cadence = policy.cadence[ticket.priority];
    const body = t(this.settings.language, 'notice.updateDue', {
      id: ticket.id,
      cadence: cadence ? formatSpan(cadence.ms, this.settings.language) : '-',
    });
    const manager = ticket.incident?.manager?.id;
    const channel = incidentAddress(ticket.incident);
    return [
      ...this.tell(`timer:${timerId}:im`, manager ? [manager] : this.settings.incidentManagers, body),
      ...(channel ? [text(`timer:${timerId}:channel`, channel, body)] : []),
    ];
  }

  /** The incident channel could not be opened where it should: the incident managers are told why. */
  fallbackTaken(ticket: Ticket, reason: string, where: string): OutboxDraft[] {
    const body = t(this.settings.language, 'notice.channelFallback', { id: ticket.id, reason, where });
    return this.tell(`incident:${ticket.id}:fallback`, this.settings.incidentManagers, body);
  }
}
