import type { Language } from './language.js';

// The ticket lifecycle's strings (cards, agents' actions, notices), merged into the catalogue.
export const TICKET_MESSAGES = {
  'card.metAt': { en: 'met {time}', nl: 'gehaald {time}' },
  'card.doneLate': {
    en: 'breached: done {time}, {duration} late',
    nl: 'verlopen: afgerond {time}, {duration} te laat',
  },
  'card.pausedSince': { en: 'paused since {time}', nl: 'gepauzeerd sinds {time}' },
  'card.clockPausedUntil': {
    en: 'clock paused until {time} (outside support hours)',
    nl: 'klok staat stil tot {time} (buiten supporturen)',
  },
  'card.businessLeft': { en: '{duration} of support time left', nl: 'nog {duration} supporttijd' },
  'card.stopped': { en: 'not met (ticket {status})', nl: 'niet gehaald (ticket {status})' },
  'card.assignee': { en: 'Assignee', nl: 'Behandelaar' },
  'card.expectedResolution': { en: 'Expected resolution', nl: 'Verwachte oplossing' },
  'action.responseRequired': {
    en: 'Type the response for the requester (a suggested solution or the next step).',
    nl: 'Typ de reactie voor de aanvrager (een voorgestelde oplossing of de volgende stap).',
  },
  'action.expectedInPast': {
    en: 'The expected resolution time must be in the future.',
    nl: 'De verwachte oplostijd moet in de toekomst liggen.',
  },
  'action.badExpected': {
    en: 'Give the expected resolution time as a date and time, for example 2026-11-24 15:00.',
    nl: 'Geef de verwachte oplostijd als datum en tijd, bijvoorbeeld 24-11-2026 15:00.',
  },
  'action.pauseReasonRequired': {
    en: 'Give a reason for pausing (what you are waiting for).',
    nl: 'Geef een reden voor het pauzeren (waar je op wacht).',
  },
  'action.done.respond': { en: '{actor} responded to {id}.', nl: '{actor} heeft gereageerd op {id}.' },
  'action.done.hotfix': {
    en: '{actor} marked {id} as needing a hotfix.',
    nl: '{actor} heeft aangegeven dat {id} een hotfix nodig heeft.',
  },
  'action.done.unhotfix': {
    en: '{actor} cleared the hotfix mark of {id}.',
    nl: '{actor} heeft de hotfix-markering van {id} opgeheven.',
  },
  'button.respond': { en: 'Respond', nl: 'Reageren' },
  'button.hotfix': { en: 'Hotfix required', nl: 'Hotfix nodig' },
  'button.unhotfix': { en: 'No hotfix needed', nl: 'Geen hotfix nodig' },
  'input.responseText': {
    en: 'Response to the requester (suggested solution or next step)',
    nl: 'Reactie aan de aanvrager (voorgestelde oplossing of volgende stap)',
  },
  'input.expectedResolution': {
    en: 'Expected resolution (date and time)',
    nl: 'Verwachte oplossing (datum en tijd)',
  },
  'input.pauseReason': { en: 'What are you waiting for?', nl: 'Waar wacht je op?' },
  'input.resolutionText': {
    en: 'Solution or workaround for the requester',
    nl: 'Oplossing of workaround voor de aanvrager',
  },
  'notice.responded': {
    en: '{agent} responded to your ticket {id}: {text}',
    nl: '{agent} heeft gereageerd op je ticket {id}: {text}',
  },
  'notice.expectedBy': { en: 'Expected resolution: {time}.', nl: 'Verwachte oplossing: {time}.' },
  'notice.hotfix': {
    en: 'Your ticket {id} can only be solved with a hotfix, which must be built and tested: its resolution target no longer applies. We will keep you informed.',
    nl: 'Je ticket {id} kan alleen met een hotfix worden opgelost, die gebouwd en getest moet worden: de oplostijd is daarom niet meer van toepassing. We houden je op de hoogte.',
  },
  'notice.unhotfix': {
    en: 'Your ticket {id} no longer needs a hotfix: its resolution target applies again (due {time}).',
    nl: 'Je ticket {id} heeft geen hotfix meer nodig: de oplostijd geldt weer (uiterlijk {time}).',
  },
  'notice.paused': {
    en: 'Your ticket {id} is waiting for you: {reason}',
    nl: 'Je ticket {id} wacht op jou: {reason}',
  },
  'notice.resolved': { en: 'Your ticket {id} was resolved.', nl: 'Je ticket {id} is opgelost.' },
  'notice.resolvedWith': {
    en: 'Your ticket {id} was resolved: {text}',
    nl: 'Je ticket {id} is opgelost: {text}',
  },
  'notice.threshold': {
    en: '{id} ({priority}) has used {percent}% of its {target} time: due {time}, {left} left.',
    nl: '{id} ({priority}) heeft {percent}% van de {target}tijd gebruikt: uiterlijk {time}, nog {left}.',
  },
  'notice.breached': {
    en: '{id} ({priority}) breached its {target} target by {duration} (due {time}).',
    nl: '{id} ({priority}) heeft het {target}doel met {duration} overschreden (uiterlijk {time}).',
  },
  'target.response': { en: 'response', nl: 'reactie' },
  'target.resolution': { en: 'resolution', nl: 'oplos' },
  'notice.clockStarts': {
    en: 'You reported this outside support hours: the SLA clock of {id} starts {time} (your time).',
    nl: 'Je meldde dit buiten de supporturen: de SLA-klok van {id} start {time} (jouw tijd).',
  },
  'notice.newTicket': {
    en: 'New ticket {id} ({priority}) from {requester}: {title}',
    nl: 'Nieuw ticket {id} ({priority}) van {requester}: {title}',
  },
} as const satisfies Record<string, Record<Language, string>>;
