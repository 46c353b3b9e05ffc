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
  'card.customer': { en: 'Customer', nl: 'Klant' },
  'card.unknownCustomer': {
    en: 'unknown customer (default SLA policy)',
    nl: 'onbekende klant (standaard-SLA-beleid)',
  },
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
  'action.badDowngrade': {
    en: 'Choose the priority the ticket goes down to: P2, P3 or P4.',
    nl: 'Kies de prioriteit waarnaar het ticket gaat: P2, P3 of P4.',
  },
  'action.missingWhat': {
    en: 'Say what is missing, so the requester can add it.',
    nl: 'Zeg wat er ontbreekt, zodat de aanvrager het kan aanvullen.',
  },
  'action.updateRequired': { en: 'Type the status update.', nl: 'Typ de statusupdate.' },
  'action.badRole': {
    en: 'Choose a role: incident manager, communications or responder.',
    nl: 'Kies een rol: incidentmanager, communicatie of oplosser.',
  },
  'action.personRequired': {
    en: 'Name the person (for example slack:U123 or teams:<id>).',
    nl: 'Noem de persoon (bijvoorbeeld slack:U123 of teams:<id>).',
  },
  'action.done.confirmFixed': {
    en: '{actor} confirmed {id} is fixed: closed.',
    nl: '{actor} bevestigde dat {id} is opgelost: gesloten.',
  },
  'action.done.notFixed': {
    en: '{actor} says {id} is not fixed yet: reopened.',
    nl: '{actor} geeft aan dat {id} nog niet is opgelost: heropend.',
  },
  'intake.joinIncident': {
    en: 'There is already an open P1 incident for this environment: {id} "{title}". Join it as an affected reporter (you get its status updates), or report separately?',
    nl: 'Er loopt al een P1-incident voor deze omgeving: {id} "{title}". Sluit je aan als getroffen melder (je krijgt de statusupdates), of meld je het apart?',
  },
  'choice.joinIncident': { en: 'Join {id}', nl: 'Aansluiten bij {id}' },
  'choice.reportSeparately': { en: 'Report separately', nl: 'Apart melden' },
  'intake.joinAgain': {
    en: "Please choose: 'join' (1) or 'separate' (2).",
    nl: "Kies: 'aansluiten' (1) of 'apart' (2).",
  },
  'intake.joined': {
    en: 'You were added to incident {id} as an affected reporter. You will get its status updates.',
    nl: 'Je bent toegevoegd aan incident {id} als getroffen melder. Je krijgt de statusupdates.',
  },
  'notice.reporterJoined': {
    en: '{name} reports the same problem and joined {id}: {text}',
    nl: '{name} meldt hetzelfde probleem en sloot aan bij {id}: {text}',
  },
  'action.done.closed': {
    en: '{id} closed without an answer to the verification.',
    nl: '{id} gesloten zonder antwoord op de bevestigingsvraag.',
  },
  'action.done.escalate': {
    en: '{actor} asked to escalate {id}.',
    nl: '{actor} vroeg om escalatie van {id}.',
  },
  'action.done.acceptIncident': {
    en: '{actor} accepted the escalation of {id}.',
    nl: '{actor} heeft de escalatie van {id} geaccepteerd.',
  },
  'action.done.downgradeIncident': {
    en: '{actor} downgraded {id} to a regular ticket.',
    nl: '{actor} heeft {id} teruggezet naar een gewoon ticket.',
  },
  'action.done.incompleteIncident': {
    en: '{actor} asked the requester of {id} for more information.',
    nl: '{actor} vroeg de aanvrager van {id} om meer informatie.',
  },
  'action.done.statusUpdate': {
    en: '{actor} posted a status update on {id}.',
    nl: '{actor} plaatste een statusupdate bij {id}.',
  },
  'action.done.assignRole': {
    en: '{actor} changed the roles of {id}.',
    nl: '{actor} heeft de rollen van {id} gewijzigd.',
  },
  'button.confirmFixed': { en: 'Yes, it is fixed', nl: 'Ja, het is opgelost' },
  'button.notFixed': { en: 'Not yet', nl: 'Nog niet' },
  'button.escalate': { en: 'Escalate', nl: 'Escaleren' },
  'button.acceptIncident': { en: 'Accept escalation', nl: 'Escalatie accepteren' },
  'button.downgradeIncident': { en: 'Downgrade', nl: 'Terugzetten' },
  'button.incompleteIncident': { en: 'Ask for missing info', nl: 'Ontbrekende info vragen' },
  'button.statusUpdate': { en: 'Post status update', nl: 'Statusupdate plaatsen' },
  'button.assignRole': { en: 'Assign role', nl: 'Rol toewijzen' },
  'input.updateText': {
    en: 'Status update for the requester and the channel',
    nl: 'Statusupdate voor de aanvrager en het kanaal',
  },
  'input.missingText': { en: 'What is missing?', nl: 'Wat ontbreekt er?' },
  'input.role': { en: 'Role', nl: 'Rol' },
  'input.person': { en: 'Person', nl: 'Persoon' },
  'input.escalationReason': {
    en: 'Why should this be a P1? (An incident manager decides. Escalating a P2-P4 by phone outside this process is billed EUR 250 per call.)',
    nl: 'Waarom zou dit een P1 moeten zijn? (Een incidentmanager beslist. Een P2-P4 telefonisch escaleren buiten dit proces kost EUR 250 per gesprek.)',
  },
  'role.manager': { en: 'Incident manager', nl: 'Incidentmanager' },
  'role.communications': { en: 'Communications', nl: 'Communicatie' },
  'role.responder': { en: 'Responder', nl: 'Oplosser' },
  'card.incident': { en: 'Incident', nl: 'Incident' },
  'incident.assessing': {
    en: 'being assessed by an incident manager',
    nl: 'wordt beoordeeld door een incidentmanager',
  },
  'incident.running': { en: 'running', nl: 'loopt' },
  'incident.downgraded': { en: 'downgraded to a regular ticket', nl: 'teruggezet naar een gewoon ticket' },
  'incident.resolved': { en: 'resolved, awaiting verification', nl: 'opgelost, wacht op bevestiging' },
  'incident.closed': { en: 'closed', nl: 'gesloten' },
  'notice.verify': {
    en: 'Is it fixed? Answer with the buttons on the ticket card: "Yes, it is fixed" closes {id}, "Not yet" reopens it. Without an answer it closes by itself {time}.',
    nl: 'Is het opgelost? Antwoord met de knoppen op de ticketkaart: "Ja, het is opgelost" sluit {id}, "Nog niet" heropent het. Zonder antwoord sluit het vanzelf {time}.',
  },
  'notice.closedUnverified': {
    en: 'Your ticket {id} was closed: no answer came within the verification time. Reply here or report again if the problem is back.',
    nl: 'Je ticket {id} is gesloten: er kwam geen antwoord binnen de bevestigingstijd. Meld het opnieuw als het probleem terugkomt.',
  },
  'notice.escalationOpened': {
    en: 'Your report {id} is a P1: it was escalated to an incident manager, who assesses it first. You will get status updates here.',
    nl: 'Je melding {id} is een P1: ze is geëscaleerd naar een incidentmanager, die haar eerst beoordeelt. Je krijgt hier statusupdates.',
  },
  'notice.escalationAccepted': {
    en: 'The incident manager accepted the escalation of {id}: it is handled as a P1 incident. Updates follow every {cadence}.',
    nl: 'De incidentmanager heeft de escalatie van {id} geaccepteerd: het wordt als P1-incident behandeld. Elke {cadence} volgt een update.',
  },
  'notice.escalationDowngraded': {
    en: 'Your escalation {id} was downgraded to a regular ticket ({priority}): {reason}',
    nl: 'Je escalatie {id} is teruggezet naar een gewoon ticket ({priority}): {reason}',
  },
  'notice.incomplete': {
    en: 'The incident manager needs more information about {id}: {text}. Add it with "Add information" on the ticket card.',
    nl: 'De incidentmanager heeft meer informatie nodig over {id}: {text}. Voeg die toe met "Informatie toevoegen" op de ticketkaart.',
  },
  'notice.statusUpdate': { en: 'Status update on {id}: {text}', nl: 'Statusupdate over {id}: {text}' },
  'notice.escalationRequested': {
    en: 'Escalation requested for {id} ({priority}) by {requester}: "{reason}". An incident manager decides whether it becomes a P1.',
    nl: 'Escalatie gevraagd voor {id} ({priority}) door {requester}: "{reason}". Een incidentmanager beslist of het een P1 wordt.',
  },
  'notice.phoneBilled': {
    en: 'Your request to escalate {id} went to the incident managers. Note: escalating a P2, P3 or P4 by phone outside this process is billed at EUR 250 per call.',
    nl: 'Je verzoek om {id} te escaleren is naar de incidentmanagers gegaan. Let op: een P2, P3 of P4 telefonisch escaleren buiten dit proces kost EUR 250 per gesprek.',
  },
  'notice.newIncident': {
    en: 'New P1 escalation {id} from {requester}: {title}. Assess it in {where}.',
    nl: 'Nieuwe P1-escalatie {id} van {requester}: {title}. Beoordeel haar in {where}.',
  },
  'notice.whereSupport': { en: 'the support channel', nl: 'het supportkanaal' },
  'notice.whereSupportThread': {
    en: 'a thread in the support channel',
    nl: 'een thread in het supportkanaal',
  },
  'notice.inviteRefused': {
    en: 'Could not add {who} to {where}, the incident channel of {id}: {reason}. Please add them by hand.',
    nl: 'Kon {who} niet toevoegen aan {where}, het incidentkanaal van {id}: {reason}. Voeg ze met de hand toe.',
  },
  'notice.securityReport': {
    en: 'Security report {id} from {requester}: {title}. It is handled as a P1.',
    nl: 'Beveiligingsmelding {id} van {requester}: {title}. Ze wordt als P1 behandeld.',
  },
  'notice.updateDue': {
    en: 'A status update on {id} is due now (every {cadence}): post one with "Post status update" on the card.',
    nl: 'Er is nu een statusupdate over {id} nodig (elke {cadence}): plaats er een met "Statusupdate plaatsen" op de kaart.',
  },
  'notice.channelFallback': {
    en: 'The incident channel of {id} could not be made where it should: {reason}. It runs in {where} instead.',
    nl: 'Het incidentkanaal van {id} kon niet op de bedoelde plek worden gemaakt: {reason}. Het loopt in plaats daarvan in {where}.',
  },
  'notice.incidentUnopened': {
    en: 'New P1 escalation {id} from {requester}: {title}. No incident channel could be opened for it: {reason}. `ticketbot tickets show {id}` shows it; once the cause is fixed, `ticketbot outbox retry {key}` opens the channel.',
    nl: 'Nieuwe P1-escalatie {id} van {requester}: {title}. Er kon geen incidentkanaal voor worden geopend: {reason}. `ticketbot tickets show {id}` toont haar; zodra de oorzaak is verholpen, opent `ticketbot outbox retry {key}` het kanaal.',
  },
  'notice.rcaDue': {
    en: '{id} is closed. A root cause analysis is due {time} (owner: {owner}). Draft:',
    nl: '{id} is gesloten. Een root cause analysis is nodig vóór {time} (eigenaar: {owner}). Concept:',
  },
  // Agents' bookkeeping from the command line (askInfo, note, logTime) and the partners' budget.
  'action.done.askInfo': {
    en: '{actor} asked the requester of {id} for information.',
    nl: '{actor} heeft de aanvrager van {id} om informatie gevraagd.',
  },
  'action.done.note': {
    en: '{actor} added an internal note to {id}.',
    nl: '{actor} heeft een interne notitie bij {id} gezet.',
  },
  'action.done.logTime': { en: '{actor} logged time on {id}.', nl: '{actor} heeft tijd geschreven op {id}.' },
  'input.question': { en: 'Question for the requester', nl: 'Vraag aan de aanvrager' },
  'input.noteText': {
    en: 'Internal note (never shown to the requester)',
    nl: 'Interne notitie (nooit zichtbaar voor de aanvrager)',
  },
  'input.minutes': { en: 'Minutes spent', nl: 'Bestede minuten' },
  'input.logText': { en: 'What was done (optional)', nl: 'Wat er gedaan is (optioneel)' },
  'button.askInfo': { en: 'Ask for information', nl: 'Om informatie vragen' },
  'button.note': { en: 'Internal note', nl: 'Interne notitie' },
  'button.logTime': { en: 'Log time', nl: 'Tijd schrijven' },
  'action.questionRequired': {
    en: 'Type the question for the requester.',
    nl: 'Typ de vraag voor de aanvrager.',
  },
  'action.noteRequired': { en: 'Type the note.', nl: 'Typ de notitie.' },
  'action.badMinutes': {
    en: 'Give the time spent in whole minutes, from 1 to 2880.',
    nl: 'Geef de bestede tijd in hele minuten, van 1 tot 2880.',
  },
  'notice.infoRequested': {
    en: '{agent} needs more information about your ticket {id}: {question}\nThe ticket waits for your answer: add it with "Add information" on the ticket card.',
    nl: '{agent} heeft meer informatie nodig over je ticket {id}: {question}\nHet ticket wacht op je antwoord: voeg het toe met "Informatie toevoegen" op de ticketkaart.',
  },
  'notice.budgetReached': {
    en: 'Support-hour budget of {partner}: {used} of {budget} hours used in {month} ({percent}%).',
    nl: 'Supporturenbudget van {partner}: {used} van {budget} uur gebruikt in {month} ({percent}%).',
  },
} as const satisfies Record<string, Record<Language, string>>;
