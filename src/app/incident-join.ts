import { t } from '../core/i18n/catalogue.js';
import type { Language } from '../core/i18n/language.js';
import { isIncidentOpen } from '../core/incidents/incident.js';
import { environmentHost } from '../core/incidents/same-outage.js';
import type { ReplyPart } from '../core/intake/reply.js';
import type { Ticket } from '../core/tickets/ticket.js';
import type { Store } from '../ports/store.js';

/** An open P1 incident on one of these environments, if there is one (the newest). */
export async function openIncidentOn(store: Store, environments: readonly string[]): Promise<Ticket | null> {
  const hosts = [...new Set(environments.map(environmentHost))];
  if (hosts.length === 0) return null;
  const candidates = await store.tickets.openIncidentsOn(hosts);
  return (
    candidates.find(
      (t) => isIncidentOpen(t.incident) && t.environments.some((e) => hosts.includes(environmentHost(e))),
    ) ?? null
  );
}

/** The question that offers to join the open incident instead of reporting a duplicate. */
export function joinQuestion(language: Language, incident: Ticket): ReplyPart {
  return {
    type: 'question',
    step: 'review',
    text: t(language, 'intake.joinIncident', { id: incident.id, title: incident.title }),
    help: [],
    choices: [
      { value: 'join', label: t(language, 'choice.joinIncident', { id: incident.id }) },
      { value: 'separate', label: t(language, 'choice.reportSeparately') },
    ],
    optional: false,
    acceptsFiles: false,
    hint: null,
  };
}

/** The answer to the join question: a button, a number or a word in either language. */
export function readJoinAnswer(turn: {
  readonly text: string;
  readonly choice?: string;
}): 'join' | 'separate' | null {
  if (turn.choice === 'join' || turn.choice === 'separate') return turn.choice;
  const text = turn.text.trim().toLowerCase();
  if (/^(1|y|yes|ja|j|join|sluit aan|aansluiten|meedoen)\b/.test(text)) return 'join';
  if (/^(2|n|no|nee|separate|separately|apart|los|nieuw|new)\b/.test(text)) return 'separate';
  return null;
}
