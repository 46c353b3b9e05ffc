import type { Priority } from '../sla/priority.js';
import type { Impact, Urgency } from './priority-matrix.js';

/** Text in each language the bot speaks. */
export interface Localized {
  readonly en: string;
  readonly nl: string;
}

export interface Definition {
  readonly label: Localized;
  readonly help: Localized;
}

// Seed 000 / 002 wording, shown as help with the impact and urgency questions.
export const IMPACT_DEFINITIONS: Readonly<Record<Impact, Definition>> = {
  organisation: {
    label: { en: 'Organisation', nl: 'Organisatie' },
    help: { en: 'The whole organisation is affected.', nl: 'De hele organisatie wordt getroffen.' },
  },
  department: {
    label: { en: 'Department', nl: 'Afdeling' },
    help: { en: 'One department or location is affected.', nl: 'Eén afdeling of locatie wordt getroffen.' },
  },
  'multiple-users': {
    label: { en: 'Multiple users', nl: 'Meerdere gebruikers' },
    help: { en: 'Several users are affected.', nl: 'Meerdere gebruikers worden getroffen.' },
  },
  'single-user': {
    label: { en: 'Single user', nl: 'Enkele gebruiker' },
    help: { en: 'One user is affected.', nl: 'Eén gebruiker wordt getroffen.' },
  },
};

export const URGENCY_DEFINITIONS: Readonly<Record<Urgency, Definition>> = {
  high: {
    label: { en: 'High', nl: 'Hoog' },
    help: {
      en: 'A very serious disruption: a large part of the users cannot use the service, or hardly (e.g. 75% not operational, or a business-critical situation).',
      nl: 'Een zeer ernstige verstoring: een groot deel van de gebruikers kan de service niet of nauwelijks gebruiken (bijv. 75% niet operationeel, of een bedrijfskritieke situatie).',
    },
  },
  normal: {
    label: { en: 'Normal', nl: 'Normaal' },
    help: {
      en: 'A non-critical disruption: the service is partly available and/or performs poorly.',
      nl: 'Een niet-kritische verstoring: de service is gedeeltelijk beschikbaar en/of presteert slecht.',
    },
  },
  low: {
    label: { en: 'Low', nl: 'Laag' },
    help: {
      en: 'A disruption that hardly influences the availability or performance of the service.',
      nl: 'Een verstoring die de beschikbaarheid en prestaties van de service nauwelijks beïnvloedt.',
    },
  },
};

export interface PriorityExamples {
  readonly title: Localized;
  readonly examples: readonly Localized[];
}

// Seed 003's example situations per priority, shown as help.
export const PRIORITY_EXAMPLES: Readonly<Record<Priority, PriorityExamples>> = {
  P1: {
    title: { en: 'Critical (major incident)', nl: 'Kritiek (major incident)' },
    examples: [
      { en: 'Production is (largely) unavailable', nl: 'Productie is (grotendeels) onbeschikbaar' },
      {
        en: 'Security incident or suspected active compromise',
        nl: 'Beveiligingsincident of vermoeden van actieve compromittering',
      },
      {
        en: 'Data loss threatens or a restore is needed now',
        nl: 'Dataverlies dreigt of een restore is direct nodig',
      },
      {
        en: 'Payment or critical chain processes are down',
        nl: 'Betaal- of kritieke ketenprocessen liggen stil',
      },
    ],
  },
  P2: {
    title: { en: 'High (serious impact)', nl: 'Hoog (ernstige impact)' },
    examples: [
      {
        en: 'The service is available but partly not working',
        nl: 'De service is beschikbaar maar werkt gedeeltelijk niet',
      },
      {
        en: 'Performance so poor that business processes are hindered',
        nl: 'Prestaties zo slecht dat bedrijfsprocessen worden gehinderd',
      },
      {
        en: 'An important integration fails without a direct workaround',
        nl: 'Een belangrijke koppeling faalt zonder directe workaround',
      },
    ],
  },
  P3: {
    title: { en: 'Normal (limited impact)', nl: 'Normaal (beperkte impact)' },
    examples: [
      { en: 'Non-critical functionality does not work', nl: 'Niet-kritieke functionaliteit werkt niet' },
      {
        en: 'Small performance issues without business impact',
        nl: 'Kleine prestatieproblemen zonder bedrijfsimpact',
      },
      {
        en: 'Support questions, configuration, small changes',
        nl: 'Supportvragen, configuratie, kleine wijzigingen',
      },
    ],
  },
  P4: {
    title: { en: 'Low (request / nice-to-have)', nl: 'Laag (verzoek / nice-to-have)' },
    examples: [
      { en: 'Feature requests', nl: 'Featureverzoeken' },
      { en: 'Improvement wishes', nl: 'Verbeterwensen' },
      { en: '"Can you take a look at..."', nl: '"Kunnen jullie even kijken naar..."' },
    ],
  },
};

// Seed 001 (the `urgency` priority model): urgency alone sets the priority, with its own wording.
export const SEED001_URGENCY_DEFINITIONS: Readonly<Record<Urgency, Definition>> = {
  high: {
    label: { en: 'High', nl: 'Hoog' },
    help: {
      en: 'A very serious disruption: more than 80% of the users cannot use the service, or hardly.',
      nl: 'Een zeer ernstige verstoring: meer dan 80% van de gebruikers kan de service niet of nauwelijks gebruiken.',
    },
  },
  normal: {
    label: { en: 'Middle', nl: 'Middel' },
    help: {
      en: 'A non-critical disruption: the service is partly available to 10% to 80% of the users, and/or performs poorly.',
      nl: 'Een niet-kritische verstoring: de service is gedeeltelijk beschikbaar voor 10% tot 80% van de gebruikers, en/of presteert slecht.',
    },
  },
  low: {
    label: { en: 'Low', nl: 'Laag' },
    help: {
      en: 'A disruption that hardly influences the availability and performance of the service.',
      nl: 'Een verstoring die de beschikbaarheid en prestaties van de service nauwelijks beïnvloedt.',
    },
  },
};
