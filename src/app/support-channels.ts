import type { ChatAddress } from '../ports/chat-address.js';

/** Where agents follow tickets: the configured support channel of each platform. */
export interface SupportChannels {
  readonly slack: string | null;
  readonly teams: {
    readonly channelId: string;
    readonly serviceUrl: string;
    readonly tenantId: string | null;
  } | null;
}

export function supportChannelAddresses(channels: SupportChannels): ChatAddress[] {
  const addresses: ChatAddress[] = [];
  if (channels.slack) addresses.push({ platform: 'slack', kind: 'channel', id: channels.slack });
  if (channels.teams) {
    addresses.push({
      platform: 'teams',
      kind: 'channel',
      id: channels.teams.channelId,
      reference: {
        serviceUrl: channels.teams.serviceUrl,
        ...(channels.teams.tenantId ? { tenantId: channels.teams.tenantId } : {}),
      },
    });
  }
  return addresses;
}
