import type { Language } from './language.js';
import { TICKET_MESSAGES } from './ticket-messages.js';

// Every user-facing string of the bot, in each language it speaks. Placeholders are
// {name}; values are inserted as plain text (renderers escape them for their platform).
const MESSAGES = {
  'intake.welcome': {
    en: "Let's report your issue. I'll ask a few questions; type 'back', 'skip' (optional questions), 'restart', 'cancel' or 'help' at any time.",
    nl: "Laten we je probleem melden. Ik stel een paar vragen; typ op elk moment 'terug', 'overslaan' (optionele vragen), 'opnieuw', 'annuleren' of 'help'.",
  },
  'intake.resumed': {
    en: "Welcome back: let's continue your unfinished ticket where you left off (type 'restart' to start over, or 'cancel' to stop).",
    nl: "Welkom terug: we gaan verder met je onafgeronde ticket waar je gebleven was (typ 'opnieuw' om opnieuw te beginnen, of 'annuleren' om te stoppen).",
  },
  'intake.cancelled': {
    en: 'Ticket cancelled. Nothing was submitted.',
    nl: 'Ticket geannuleerd. Er is niets ingediend.',
  },
  'intake.restarted': {
    en: 'Starting over: your answers so far are discarded.',
    nl: 'We beginnen opnieuw: je antwoorden tot nu toe zijn weggegooid.',
  },
  'intake.staleChoice': {
    en: 'That question was already answered, so that button changed nothing.',
    nl: 'Die vraag is al beantwoord, dus die knop heeft niets veranderd.',
  },
  'intake.staleChoiceFinished': {
    en: 'That button belongs to no report of yours in progress (already submitted or cancelled, or someone else’s), so it changed nothing.',
    nl: 'Die knop hoort bij geen melding van jou die nog loopt (al ingediend of geannuleerd, of van iemand anders), dus hij heeft niets veranderd.',
  },
  'intake.submitted': { en: 'Ticket {id} created', nl: 'Ticket {id} aangemaakt' },
  'intake.languageSwitched': { en: 'I will continue in English.', nl: 'Ik ga verder in het Nederlands.' },
  'intake.noted': { en: 'Noted {field}: {value}', nl: 'Genoteerd, {field}: {value}' },
  'intake.notTaken': { en: 'Not taken, {field}: {reason}', nl: 'Niet overgenomen, {field}: {reason}' },
  'intake.notAnOption': {
    en: '"{value}" is not one of the options.',
    nl: '"{value}" is geen van de opties.',
  },
  'intake.cannotGoBack': { en: 'This is the first question.', nl: 'Dit is de eerste vraag.' },
  'intake.cannotSkip': {
    en: 'This question is required, so it cannot be skipped.',
    nl: 'Deze vraag is verplicht en kan niet worden overgeslagen.',
  },
  'intake.help': {
    en: "Answer the question in your own words; you may give several answers in one message. Commands: 'back' (previous question), 'keep' (keep the earlier answer), 'skip' (optional questions only), 'review' (see everything so far), 'submit' (once the required questions are answered), 'edit title' (or another field), 'restart' (start over), 'cancel' (stop), 'language nl' (Nederlands). To correct a field, type e.g. 'company: Contoso BV'.",
    nl: "Beantwoord de vraag in je eigen woorden; je mag meerdere antwoorden in één bericht geven. Opdrachten: 'terug' (vorige vraag), 'houden' (het eerdere antwoord houden), 'overslaan' (alleen optionele vragen), 'overzicht' (alles tot nu toe), 'indienen' (als de verplichte vragen beantwoord zijn), 'wijzig titel' (of een ander veld), 'opnieuw' (opnieuw beginnen), 'annuleren' (stoppen), 'taal en' (English). Een veld verbeteren: typ bijv. 'bedrijf: Contoso BV'.",
  },
  'intake.optionalHint': {
    en: "(optional: type 'skip' to leave it out)",
    nl: "(optioneel: typ 'overslaan' om over te slaan)",
  },
  'intake.choiceHint': {
    en: 'Answer with a number or the option.',
    nl: 'Antwoord met een nummer of de optie.',
  },
  'intake.priorityDecided': {
    en: 'Priority: {reason} = {priority}',
    nl: 'Prioriteit: {reason} = {priority}',
  },
  'intake.securityPriority': {
    en: 'A security incident or suspected compromise is always P1, and the ticket is marked as a security incident.',
    nl: 'Een beveiligingsincident of vermoedelijke compromittering is altijd P1, en het ticket wordt gemarkeerd als beveiligingsincident.',
  },
  'intake.correctHint': {
    en: "Not right? Type the field and the value to correct it, e.g. 'company: Contoso BV'.",
    nl: "Klopt iets niet? Typ het veld en de waarde om het te verbeteren, bijv. 'bedrijf: Contoso BV'.",
  },
  'intake.tookChoice': { en: '{field}: {value}.', nl: '{field}: {value}.' },
  'intake.negatedChoice': {
    en: 'So not {excluded}. Which one is it then: {options}?',
    nl: 'Dus niet {excluded}. Welke is het dan: {options}?',
  },
  'intake.unsureSecurity': {
    en: 'Not sure? Answer Yes when there are signs of misuse (someone else signed in, unexpected password resets, data seen by the wrong people, malware); otherwise No. It can be changed at the review.',
    nl: 'Twijfel je? Antwoord Ja als er tekenen van misbruik zijn (iemand anders ingelogd, onverwachte wachtwoordresets, gegevens gezien door de verkeerde mensen, malware); anders Nee. Je kunt het bij het overzicht nog wijzigen.',
  },
  'intake.unsupportedLanguage': {
    en: "I speak English and Dutch (type 'language en' or 'language nl').",
    nl: "Ik spreek Nederlands en Engels (typ 'taal nl' of 'taal en').",
  },
  'intake.answerNow': {
    en: "Your answer now: {value}. Type a new one, or 'keep' to leave it.",
    nl: "Je antwoord nu: {value}. Typ een nieuw antwoord, of 'houden' om het te laten staan.",
  },
  'intake.nothingToKeep': {
    en: 'There is no earlier answer to keep here yet.',
    nl: 'Er is hier nog geen eerder antwoord om te houden.',
  },
  'intake.requiredOpen': {
    en: 'A few required questions are still open; those come first.',
    nl: 'Er staan nog een paar verplichte vragen open; die komen eerst.',
  },
  'intake.descriptionKept': {
    en: 'That sounds like the problem itself, so I kept it as the description.',
    nl: 'Dat klinkt als het probleem zelf, dus ik heb het als beschrijving bewaard.',
  },
  'ask.hourWhich': {
    en: 'You said "{phrase}": do you mean {first} or {second}?',
    nl: 'Je schreef "{phrase}": bedoel je {first} of {second}?',
  },
  'ask.timeOfDay': {
    en: 'You said "{phrase}": at what time, roughly? For example \'{example}\'.',
    nl: 'Je schreef "{phrase}": hoe laat ongeveer? Bijvoorbeeld \'{example}\'.',
  },
  'ask.commandOrAnswer': {
    en: 'Do you want to {action}, or is "{phrase}" your answer?',
    nl: 'Wil je {action}, of is "{phrase}" je antwoord?',
  },
  'choice.myAnswer': { en: 'It is my answer', nl: 'Het is mijn antwoord' },
  'action.cancelTicket': { en: 'cancel the ticket', nl: 'het ticket annuleren' },
  'action.restartTicket': { en: 'start the ticket over', nl: 'het ticket opnieuw beginnen' },
  'action.submitTicket': { en: 'go to submitting the ticket', nl: 'naar het indienen van het ticket' },
  'ask.confirmChoice': {
    en: 'You said "{phrase}": do you mean {value}?',
    nl: 'Je schreef "{phrase}": bedoel je {value}?',
  },
  'intake.attached': { en: 'Attached {name} ({size}).', nl: '{name} ({size}) bijgevoegd.' },

  'field.company': { en: 'company', nl: 'bedrijf' },
  'field.environments': { en: 'environment(s)', nl: 'omgeving(en)' },
  'field.usernames': { en: 'username(s)', nl: 'gebruikersnaam/-namen' },
  'field.startedAt': { en: 'started at', nl: 'begonnen op' },
  'field.description': { en: 'description', nl: 'beschrijving' },
  'field.title': { en: 'title', nl: 'titel' },
  'field.security': { en: 'security incident', nl: 'beveiligingsincident' },
  'field.impact': { en: 'impact', nl: 'impact' },
  'field.urgency': { en: 'urgency', nl: 'urgentie' },
  'field.stepsToReproduce': { en: 'steps to reproduce', nl: 'stappen om te reproduceren' },
  'field.errorMessages': { en: 'error messages', nl: 'foutmeldingen' },
  'field.attachments': { en: 'attachments', nl: 'bijlagen' },
  'field.additionalInfo': { en: 'additional information', nl: 'aanvullende informatie' },
  'field.priority': { en: 'priority', nl: 'prioriteit' },
  'field.customer': { en: 'customer', nl: 'klant' },
  'field.partnerReference': { en: 'partner reference', nl: 'partnerreferentie' },
  'ask.customer': {
    en: 'Which of your customers ({partner}) is this ticket for?',
    nl: 'Voor welke van je klanten ({partner}) is dit ticket?',
  },
  'ask.partnerReference': {
    en: 'What is your own reference number for this issue ({partner}{form})?',
    nl: 'Wat is jullie eigen referentienummer voor dit probleem ({partner}{form})?',
  },
  'ask.partnerReferenceForm': { en: ', in the form {pattern}', nl: ', in de vorm {pattern}' },
  'intake.reasonHint': {
    en: "Needed for partner tickets. If it is not available, type 'skip because' and the reason.",
    nl: "Nodig voor partnertickets. Is het niet beschikbaar, typ dan 'overslaan omdat' en de reden.",
  },
  'intake.skippedBecause': { en: 'skipped: {reason}', nl: 'overgeslagen: {reason}' },
  'intake.attachmentsSkippedNote': {
    en: 'Screenshots/log files skipped: {reason}',
    nl: 'Schermafbeeldingen/logbestanden overgeslagen: {reason}',
  },
  'intake.priorityProposed': {
    en: '{priority} is a proposal: a support agent confirms or changes it.',
    nl: '{priority} is een voorstel: een supportmedewerker bevestigt of wijzigt het.',
  },
  'review.proposed': { en: 'proposed', nl: 'voorgesteld' },
  'invalid.partnerCustomer': {
    en: '"{value}" is not one of the customers of {partner}. Choose one of: {options}.',
    nl: '"{value}" is geen klant van {partner}. Kies een van: {options}.',
  },
  'invalid.partnerReference': {
    en: '"{value}" is not a {partner} reference number: it must have the form {pattern}.',
    nl: '"{value}" is geen referentienummer van {partner}: het moet de vorm {pattern} hebben.',
  },
  'invalid.partnerReferenceEmpty': {
    en: 'The partner reference number is required for a partner ticket.',
    nl: 'Het referentienummer van de partner is verplicht voor een partnerticket.',
  },
  'invalid.skipNeedsReason': {
    en: "For a partner ticket this can only be skipped with a reason: type 'skip because' and why it is not available.",
    nl: "Voor een partnerticket kan dit alleen met een reden worden overgeslagen: typ 'overslaan omdat' en waarom het niet beschikbaar is.",
  },

  'ask.company': { en: 'What is the name of your company?', nl: 'Wat is de naam van je bedrijf?' },
  'ask.environments': {
    en: 'Which environment(s) are affected? Give the Workspace 365 URL, e.g. https://acme.workspace365.net (several: separate them with commas).',
    nl: 'Welke omgeving(en) zijn getroffen? Geef de Workspace 365-URL, bijv. https://acme.workspace365.net (meerdere: scheid ze met komma’s).',
  },
  'ask.usernames': {
    en: 'Which username(s) are affected? User names or e-mail addresses, separated by commas.',
    nl: 'Welke gebruikersnaam/-namen zijn getroffen? Gebruikersnamen of e-mailadressen, gescheiden door komma’s.',
  },
  'ask.startedAt': {
    en: "When did the issue start? For example 'now', 'today 9:15', 'yesterday 14:00', '2 hours ago', 'monday 10:00' or '22-05-2026 14:00' (your time zone: {zone}).",
    nl: "Wanneer begon het probleem? Bijvoorbeeld 'nu', 'vandaag 9:15', 'gisteren 14:00', '2 uur geleden', 'maandag 10:00' of '22-05-2026 14:00' (je tijdzone: {zone}).",
  },
  'ask.description': {
    en: 'Please describe the issue in detail (at least 20 characters): what happens, and what did you expect?',
    nl: 'Beschrijf het probleem zo gedetailleerd mogelijk (minstens 20 tekens): wat gebeurt er, en wat verwachtte je?',
  },
  'ask.title': {
    en: 'What should the title of the ticket be (at most 80 characters)?',
    nl: 'Wat moet de titel van het ticket zijn (maximaal 80 tekens)?',
  },
  'ask.security': {
    en: 'Is this a security incident or a suspected compromise (for example a hacked account, a data leak or malware)?',
    nl: 'Is dit een beveiligingsincident of een vermoedelijke compromittering (bijvoorbeeld een gehackt account, een datalek of malware)?',
  },
  'ask.impact': {
    en: 'What is the impact: who is affected?',
    nl: 'Wat is de impact: wie worden er getroffen?',
  },
  'ask.urgency': {
    en: 'How urgent is it: how much does it disrupt the service?',
    nl: 'Hoe urgent is het: hoe ernstig is de verstoring van de service?',
  },
  'ask.stepsToReproduce': {
    en: 'What are the steps to reproduce the issue?',
    nl: 'Wat zijn de stappen om het probleem te reproduceren?',
  },
  'ask.errorMessages': {
    en: 'Which error messages do you see (copy the text)?',
    nl: 'Welke foutmeldingen zie je (kopieer de tekst)?',
  },
  'ask.attachments': {
    en: "Do you have screenshots or log files? Send them now (in the terminal: 'attach PATH' for each file), then type 'done'.",
    nl: "Heb je schermafbeeldingen of logbestanden? Stuur ze nu (in de terminal: 'attach PAD' per bestand) en typ daarna 'klaar'.",
  },
  'ask.additionalInfo': {
    en: 'Any additional information that can help us solve the issue?',
    nl: 'Is er nog aanvullende informatie die ons kan helpen het probleem op te lossen?',
  },
  'ask.review': {
    en: 'Please review your ticket before it is submitted.',
    nl: 'Controleer je ticket voordat het wordt ingediend.',
  },
  'ask.editWhich': { en: 'Which field do you want to change?', nl: 'Welk veld wil je wijzigen?' },

  'choice.yes': { en: 'Yes', nl: 'Ja' },
  'choice.no': { en: 'No', nl: 'Nee' },
  'choice.submit': { en: 'Submit', nl: 'Indienen' },
  'choice.edit': { en: 'Edit a field', nl: 'Een veld wijzigen' },
  'choice.cancel': { en: 'Cancel', nl: 'Annuleren' },
  'choice.restart': { en: 'Start over', nl: 'Opnieuw beginnen' },
  'choice.done': { en: 'Done', nl: 'Klaar' },
  'choice.skip': { en: 'Skip', nl: 'Overslaan' },

  'help.security': {
    en: 'Examples: someone else signed in with your account, unexpected password resets, data visible to the wrong people, malware.',
    nl: 'Voorbeelden: iemand anders is met je account ingelogd, onverwachte wachtwoordresets, gegevens zichtbaar voor de verkeerde mensen, malware.',
  },
  'help.priorityExamples': {
    en: 'Examples of {priority} ({title}): {examples}',
    nl: 'Voorbeelden van {priority} ({title}): {examples}',
  },

  'invalid.empty': { en: 'I did not get an answer. {ask}', nl: 'Ik heb geen antwoord ontvangen. {ask}' },
  'invalid.tooLong': {
    en: 'That answer is too long ({length} characters; at most {max}). Please shorten it.',
    nl: 'Dat antwoord is te lang ({length} tekens; maximaal {max}). Maak het korter.',
  },
  'invalid.companyWord': {
    en: '"{value}" is not a company name. What is the name of your company (e.g. Acme BV)? Type help to see what you can do here.',
    nl: '"{value}" is geen bedrijfsnaam. Wat is de naam van je bedrijf (bijv. Acme BV)? Typ help om te zien wat je hier kunt doen.',
  },
  'invalid.usernamesUnknown': {
    en: 'We need at least one user name to look into it. If you do not know the others, give your own: the user name or e-mail address you sign in with (e.g. j.doe or j.doe@acme.nl).',
    nl: 'We hebben minstens één gebruikersnaam nodig om het uit te zoeken. Weet je die van de anderen niet, geef dan je eigen: de gebruikersnaam of het e-mailadres waarmee je inlogt (bijv. j.doe of j.doe@acme.nl).',
  },
  'invalid.environmentAccount': {
    en: '"{value}" looks like a user name, not a web address. Which environment is affected? Give its address, e.g. https://acme.workspace365.net',
    nl: '"{value}" lijkt een gebruikersnaam, geen webadres. Welke omgeving is getroffen? Geef het adres, bijv. https://acme.workspace365.net',
  },
  'invalid.company': {
    en: 'Please give the company name (2 to 200 characters, letters or digits).',
    nl: 'Geef de bedrijfsnaam (2 tot 200 tekens, letters of cijfers).',
  },
  'invalid.environment': {
    en: '"{value}" is not a valid environment URL. Give an address such as https://acme.workspace365.net.',
    nl: '"{value}" is geen geldige omgevings-URL. Geef een adres zoals https://acme.workspace365.net.',
  },
  'invalid.username': {
    en: '"{value}" is not a valid username or e-mail address.',
    nl: '"{value}" is geen geldige gebruikersnaam of geldig e-mailadres.',
  },
  'invalid.usernamesEveryone': {
    en: 'Everyone is affected? Then give one or two of their user names or e-mail addresses, so we can check with them (e.g. j.doe, k.smit@acme.nl).',
    nl: 'Is iedereen getroffen? Geef dan een of twee van hun gebruikersnamen of e-mailadressen, zodat we het bij hen kunnen nagaan (bijv. j.doe, k.smit@acme.nl).',
  },
  'invalid.usernamesSelf': {
    en: 'Which user names or e-mail addresses do the affected people sign in with (yours too)? For example: j.doe, k.smit',
    nl: 'Met welke gebruikersnamen of e-mailadressen loggen de getroffen mensen in (jij ook)? Bijvoorbeeld: j.doe, k.smit',
  },
  'invalid.usernamesCount': {
    en: '"{value}" names no account. Give the user names or e-mail addresses of the people affected (e.g. j.doe, k.smit), or only the ones you know.',
    nl: '"{value}" noemt geen account. Geef de gebruikersnamen of e-mailadressen van de getroffen mensen (bijv. j.doe, k.smit), of alleen die je weet.',
  },
  'invalid.usernamesSentence': {
    en: 'I found no user names in that. Give the user names or e-mail addresses, separated by commas (e.g. j.doe, k.smit@acme.nl).',
    nl: 'Ik vond daarin geen gebruikersnamen. Geef de gebruikersnamen of e-mailadressen, gescheiden door komma’s (bijv. j.doe, k.smit@acme.nl).',
  },
  'invalid.dstGap': {
    en: '{value} does not exist in {zone}: the clocks jump forward an hour at that moment. Please give the time as your clock showed it, e.g. an hour earlier or later.',
    nl: '{value} bestaat niet in {zone}: de klok gaat op dat moment een uur vooruit. Geef de tijd zoals je klok die aangaf, bijv. een uur eerder of later.',
  },
  'invalid.tooMany': { en: 'At most {max} entries, please.', nl: 'Maximaal {max} items, alsjeblieft.' },
  'invalid.date': {
    en: "I could not read \"{value}\" as a date and time. Try 'today 9:15', 'yesterday 14:00', '2 hours ago' or '22-05-2026 14:00'.",
    nl: "Ik kon \"{value}\" niet lezen als datum en tijd. Probeer 'vandaag 9:15', 'gisteren 14:00', '2 uur geleden' of '22-05-2026 14:00'.",
  },
  'invalid.dateNeedsTime': {
    en: "Please add a time, e.g. '{value}'.",
    nl: "Voeg een tijd toe, bijv. '{value}'.",
  },
  'invalid.noSuchDate': {
    en: '{value} does not exist in the calendar.',
    nl: '{value} bestaat niet in de kalender.',
  },
  'invalid.future': {
    en: '{value} is in the future. When did the issue start?',
    nl: '{value} ligt in de toekomst. Wanneer begon het probleem?',
  },
  'note.startInFuture': { en: '{value} is in the future.', nl: '{value} ligt in de toekomst.' },
  'note.startTooOld': { en: '{value} is more than a year ago.', nl: '{value} is meer dan een jaar geleden.' },
  'invalid.tooOld': {
    en: '{value} is more than a year ago. Please report issues of the last 12 months.',
    nl: '{value} is meer dan een jaar geleden. Meld problemen van de afgelopen 12 maanden.',
  },
  'invalid.description': {
    en: 'The description needs at least 20 characters (you gave {length}). What happens, and since when?',
    nl: 'De beschrijving moet minstens 20 tekens hebben (je gaf er {length}). Wat gebeurt er, en sinds wanneer?',
  },
  'invalid.title': { en: 'A title has 3 to 80 characters.', nl: 'Een titel heeft 3 tot 80 tekens.' },
  'invalid.choice': {
    en: 'Please choose one of the options: {options}.',
    nl: 'Kies een van de opties: {options}.',
  },
  'invalid.attachPath': {
    en: 'Cannot attach "{value}": {reason}.',
    nl: 'Kan "{value}" niet bijvoegen: {reason}.',
  },
  'invalid.attachExpected': {
    en: "Send a file (in the terminal: 'attach PATH'), or type 'done' when you have none left.",
    nl: "Stuur een bestand (in de terminal: 'attach PAD'), of typ 'klaar' als je er geen meer hebt.",
  },
  'invalid.tooManyFiles': { en: 'At most {max} attachments.', nl: 'Maximaal {max} bijlagen.' },

  'card.title': { en: 'Ticket {id}', nl: 'Ticket {id}' },
  'card.response': { en: 'Response', nl: 'Reactie' },
  'card.resolution': { en: 'Resolution', nl: 'Oplossing' },
  'card.dueIn': { en: 'due in {duration}', nl: 'verloopt over {duration}' },
  'card.breached': { en: 'breached {duration} ago', nl: '{duration} geleden verlopen' },
  'card.noTarget': { en: 'no target', nl: 'geen doel' },
  'card.met': { en: 'met', nl: 'gehaald' },
  'card.paused': { en: 'paused', nl: 'gepauzeerd' },
  'card.suspended': { en: 'suspended (hotfix required)', nl: 'opgeschort (hotfix nodig)' },
  'card.status': { en: 'Status', nl: 'Status' },
  'card.priority': { en: 'Priority', nl: 'Prioriteit' },
  'card.requester': { en: 'Requester', nl: 'Aanvrager' },
  'card.company': { en: 'Company', nl: 'Bedrijf' },
  'card.environment': { en: 'Environment', nl: 'Omgeving' },
  'card.policy': { en: 'SLA policy', nl: 'SLA-beleid' },
  'card.impactUrgency': { en: 'Impact x urgency', nl: 'Impact x urgentie' },
  'status.open': { en: 'Open', nl: 'Open' },
  'status.acknowledged': { en: 'Acknowledged', nl: 'In behandeling' },
  'status.paused': { en: 'Paused (waiting on requester)', nl: 'Gepauzeerd (wacht op aanvrager)' },
  'status.resolved': { en: 'Resolved', nl: 'Opgelost' },
  'status.closed': { en: 'Closed', nl: 'Gesloten' },
  'status.cancelled': { en: 'Cancelled', nl: 'Geannuleerd' },
  'duration.days': { en: '{n} d', nl: '{n} d' },
  'duration.hours': { en: '{n} h', nl: '{n} u' },
  'duration.minutes': { en: '{n} min', nl: '{n} min' },
  'duration.lessThanMinute': { en: 'less than 1 min', nl: 'minder dan 1 min' },

  'action.notAllowed': {
    en: 'You cannot do that on this ticket.',
    nl: 'Dat kun je bij dit ticket niet doen.',
  },
  'action.finished': { en: 'This ticket is already finished.', nl: 'Dit ticket is al afgerond.' },
  'action.emptyInfo': {
    en: 'Please type the information to add.',
    nl: 'Typ de informatie die je wilt toevoegen.',
  },
  'action.badPriority': { en: 'Choose a priority P1 to P4.', nl: 'Kies een prioriteit P1 tot en met P4.' },
  'action.reasonRequired': {
    en: 'Give a reason for the priority change.',
    nl: 'Geef een reden voor de prioriteitswijziging.',
  },
  'action.priorityNotProposed': {
    en: 'The priority of this ticket is not a proposal: it is already confirmed.',
    nl: 'De prioriteit van dit ticket is geen voorstel: die is al bevestigd.',
  },
  'action.done.confirmPriority': {
    en: '{actor} confirmed the priority of {id}.',
    nl: '{actor} heeft de prioriteit van {id} bevestigd.',
  },
  'button.confirmPriority': { en: 'Confirm priority', nl: 'Prioriteit bevestigen' },
  'card.proposed': { en: '(proposed)', nl: '(voorgesteld)' },
  'action.samePriority': {
    en: 'The ticket already has that priority.',
    nl: 'Het ticket heeft die prioriteit al.',
  },
  'action.conflict': {
    en: 'Someone else changed this ticket at the same time; please try again.',
    nl: 'Iemand anders wijzigde dit ticket tegelijk; probeer het opnieuw.',
  },
  'action.notFound': { en: 'That ticket does not exist.', nl: 'Dat ticket bestaat niet.' },
  'action.done.acknowledge': {
    en: '{actor} acknowledged {id}.',
    nl: '{actor} heeft {id} in behandeling genomen.',
  },
  'action.done.pause': {
    en: '{actor} paused {id} (waiting on the requester).',
    nl: '{actor} heeft {id} gepauzeerd (wacht op aanvrager).',
  },
  'action.done.resume': { en: '{actor} resumed {id}.', nl: '{actor} heeft {id} hervat.' },
  'action.done.resolve': { en: '{actor} resolved {id}.', nl: '{actor} heeft {id} opgelost.' },
  'action.done.cancel': { en: '{actor} cancelled {id}.', nl: '{actor} heeft {id} geannuleerd.' },
  'action.done.addInfo': {
    en: '{actor} added information to {id}.',
    nl: '{actor} heeft informatie toegevoegd aan {id}.',
  },
  'action.done.changePriority': {
    en: '{actor} changed the priority of {id}.',
    nl: '{actor} heeft de prioriteit van {id} gewijzigd.',
  },
  'button.acknowledge': { en: 'Acknowledge', nl: 'In behandeling nemen' },
  'button.pause': { en: 'Pause', nl: 'Pauzeren' },
  'button.resume': { en: 'Resume', nl: 'Hervatten' },
  'button.resolve': { en: 'Resolve', nl: 'Oplossen' },
  'button.cancel': { en: 'Cancel ticket', nl: 'Ticket annuleren' },
  'button.addInfo': { en: 'Add information', nl: 'Informatie toevoegen' },
  'button.changePriority': { en: 'Change priority', nl: 'Prioriteit wijzigen' },
  'input.reason': { en: 'Reason', nl: 'Reden' },
  'input.newPriority': { en: 'New priority', nl: 'Nieuwe prioriteit' },
  'input.information': { en: 'Information to add', nl: 'Toe te voegen informatie' },

  'teams.welcome': {
    en: "Hi, I'm ticketbot. Send me a message whenever you want to report an issue, and I'll guide you through it.",
    nl: 'Hoi, ik ben ticketbot. Stuur me een bericht als je een probleem wilt melden, dan help ik je stap voor stap.',
  },
  'error.generic': {
    en: 'Something went wrong (error id {errorId}). Please try again.',
    nl: 'Er ging iets mis (foutcode {errorId}). Probeer het opnieuw.',
  },
  'button.ok': { en: 'OK', nl: 'OK' },
  'form.title': { en: 'Report an issue', nl: 'Probleem melden' },

  'review.none': { en: '(none)', nl: '(geen)' },
  'review.yes': { en: 'yes', nl: 'ja' },
  'review.no': { en: 'no', nl: 'nee' },

  // Told to the support channels when the outbox gives a message up (a dead letter).
  'outbox.deadLetter': {
    en: 'ticketbot could not deliver a message ({kind} to {target}) after {attempts}: {error}. Outbox key {key}: "ticketbot outbox retry {key}" queues it again, "ticketbot outbox drop {key}" gives it up.',
    nl: 'ticketbot kon een bericht ({kind} aan {target}) niet afleveren na {attempts}: {error}. Outbox-sleutel {key}: "ticketbot outbox retry {key}" zet het opnieuw in de wachtrij, "ticketbot outbox drop {key}" geeft het op.',
  },
  'outbox.attempts.one': { en: '1 attempt', nl: '1 poging' },
  'outbox.attempts.other': { en: '{n} attempts', nl: '{n} pogingen' },
  ...TICKET_MESSAGES,
} as const satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof MESSAGES;
export type MessageParams = Readonly<Record<string, string | number>>;

/** The text of a message in a language, with {placeholders} filled in. */
export function t(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const template: string = MESSAGES[key][language];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function hasMessage(key: string): key is MessageKey {
  return key in MESSAGES;
}

export const MESSAGE_KEYS = Object.keys(MESSAGES) as MessageKey[];
