import { IncidentFlows } from '../../src/app/incident-flows.js';
import type { SupportChannels } from '../../src/app/support-channels.js';

/** Incident flows with no incident managers, officers or incident channels: for tests about something else. */
export function quietIncidents(support: SupportChannels = { slack: null, teams: null }): IncidentFlows {
  return new IncidentFlows({
    incidentManagers: [],
    securityOfficers: [],
    support,
    channelPlatforms: [],
    archiveOnClose: false,
    language: 'en',
  });
}
