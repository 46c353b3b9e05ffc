import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildTicketCard, type CardView } from '../../core/cards/ticket-card.js';
import { t } from '../../core/i18n/catalogue.js';
import type { Language } from '../../core/i18n/language.js';
import type { Choice } from '../../core/intake/choices.js';
import type { ReplyPart } from '../../core/intake/reply.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import { ACTION_KINDS, type ActionKind } from '../../core/tickets/ticket-permissions.js';
import { cardText } from './card-text.js';

export type AdaptiveCard = Record<string, unknown>;
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

interface CardTemplate {
  expand(context: { $root: unknown }): unknown;
}
// The package's own typings import its dependency's TypeScript sources, which do not
// compile under this project's settings; this is the one class used.
const { Template } = createRequire(import.meta.url)('adaptivecards-templating') as {
  Template: new (payload: unknown) => CardTemplate;
};

// cards/ sits at the project root, both beside src/ and beside dist/src/.
const TEMPLATE_PATH = fileURLToPath(new URL('../../../cards/ticket-card.template.json', import.meta.url));
const DIST_TEMPLATE_PATH = fileURLToPath(
  new URL('../../../../cards/ticket-card.template.json', import.meta.url),
);
let template: CardTemplate | undefined;

function ticketTemplate(): CardTemplate {
  if (!template) {
    let text: string;
    try {
      text = readFileSync(TEMPLATE_PATH, 'utf8');
    } catch {
      text = readFileSync(DIST_TEMPLATE_PATH, 'utf8');
    }
    template = new Template(JSON.parse(text));
  }
  return template;
}

const TONE_TO_STYLE = { attention: 'attention', warning: 'warning', accent: 'accent', good: 'good' } as const;

export interface TicketCardView extends CardView {
  /** What this reader may do (empty: a read-only copy). */
  readonly actions: readonly ActionKind[];
  /** Teams user ids whose clients refresh the card to their own view. */
  readonly refreshUserIds: readonly string[];
  readonly notice?: string;
}

/** The ticket card for one reader, expanded from cards/ticket-card.template.json. */
export function ticketAdaptiveCard(ticket: Ticket, view: TicketCardView): AdaptiveCard {
  const model = buildTicketCard(ticket, view);
  const { language } = view;
  const can = Object.fromEntries(ACTION_KINDS.map((a) => [a, view.actions.includes(a)]));
  const data = {
    id: model.id,
    heading: cardText(model.heading),
    title: cardText(model.title),
    priority: model.priority,
    priorityText: `${model.style.emoji} ${cardText(model.priorityText)}`,
    color: model.style.tone,
    style: TONE_TO_STYLE[model.style.tone],
    facts: model.facts.map((f) => ({ label: f.label, value: cardText(f.value) || '-' })),
    deadlines: model.deadlines.map((d) => ({
      label: d.label,
      text: cardText(d.dueAt ? `${d.dueAt}, ${d.countdown}` : d.countdown),
      color: d.state === 'breached' ? 'attention' : 'default',
      weight: d.state === 'breached' ? 'bolder' : 'default',
    })),
    notice: view.notice ? cardText(view.notice) : '',
    refreshUserIds: [...view.refreshUserIds],
    can,
    labels: {
      acknowledge: t(language, 'button.acknowledge'),
      respond: t(language, 'button.respond'),
      hotfix: t(language, 'button.hotfix'),
      unhotfix: t(language, 'button.unhotfix'),
      responseText: t(language, 'input.responseText'),
      expectedResolution: t(language, 'input.expectedResolution'),
      pauseReason: t(language, 'input.pauseReason'),
      resolutionText: t(language, 'input.resolutionText'),
      confirmFixed: t(language, 'button.confirmFixed'),
      askInfo: t(language, 'button.askInfo'),
      note: t(language, 'button.note'),
      logTime: t(language, 'button.logTime'),
      question: t(language, 'input.question'),
      noteText: t(language, 'input.noteText'),
      minutes: t(language, 'input.minutes'),
      logText: t(language, 'input.logText'),
      confirmPriority: t(language, 'button.confirmPriority'),
      notFixed: t(language, 'button.notFixed'),
      escalate: t(language, 'button.escalate'),
      acceptIncident: t(language, 'button.acceptIncident'),
      downgradeIncident: t(language, 'button.downgradeIncident'),
      incompleteIncident: t(language, 'button.incompleteIncident'),
      statusUpdate: t(language, 'button.statusUpdate'),
      assignRole: t(language, 'button.assignRole'),
      escalationReason: t(language, 'input.escalationReason'),
      missingText: t(language, 'input.missingText'),
      updateText: t(language, 'input.updateText'),
      role: t(language, 'input.role'),
      person: t(language, 'input.person'),
      roleManager: t(language, 'role.manager'),
      roleCommunications: t(language, 'role.communications'),
      roleResponder: t(language, 'role.responder'),
      resolve: t(language, 'button.resolve'),
      pause: t(language, 'button.pause'),
      resume: t(language, 'button.resume'),
      changePriority: t(language, 'button.changePriority'),
      addInfo: t(language, 'button.addInfo'),
      cancel: t(language, 'button.cancel'),
      newPriority: t(language, 'input.newPriority'),
      reason: t(language, 'input.reason'),
      information: t(language, 'input.information'),
    },
  };
  const card = ticketTemplate().expand({ $root: data }) as AdaptiveCard;
  // Full width in Teams; "refresh" only when someone is to receive user-specific views.
  const result: AdaptiveCard = { ...card, msteams: { width: 'Full' } };
  if (view.refreshUserIds.length === 0) delete result.refresh;
  return result;
}

const MAX_BUTTONS = 5;

function choiceActions(step: string, choices: readonly Choice[]): AdaptiveCard[] {
  return choices.map((c) => ({
    type: 'Action.Submit',
    title: c.label,
    data: { intakeStep: step, choice: c.value },
  }));
}

/** A choice question (impact, urgency, security, review, edit) as a card with one button per option. */
export function questionAdaptiveCard(
  part: Extract<ReplyPart, { type: 'question' | 'review' }>,
  language: Language,
): AdaptiveCard {
  const body: AdaptiveCard[] = [
    { type: 'TextBlock', text: cardText(part.text), wrap: true, weight: 'Bolder' },
  ];
  if (part.type === 'review') {
    body.push({
      type: 'FactSet',
      facts: part.rows.map((r) => ({ title: cardText(r.label), value: cardText(r.value) || '-' })),
    });
  } else {
    for (const help of part.help)
      body.push({ type: 'TextBlock', text: cardText(help), wrap: true, isSubtle: true });
    const described = part.choices.filter((c) => c.help);
    if (described.length) {
      body.push({
        type: 'FactSet',
        facts: described.map((c) => ({ title: cardText(c.label), value: cardText(c.help ?? '') })),
      });
    }
    if (part.hint)
      body.push({ type: 'TextBlock', text: cardText(part.hint), wrap: true, isSubtle: true, size: 'Small' });
  }
  const step = part.type === 'review' ? 'review' : part.step;
  // Hosts show at most 5 card actions: longer lists become a compact choice set.
  if (part.choices.length > MAX_BUTTONS) {
    body.push({
      type: 'Input.ChoiceSet',
      id: 'choice',
      style: 'compact',
      isRequired: true,
      label: cardText(part.text),
      errorMessage: cardText(part.text),
      choices: part.choices.map((c) => ({ title: c.label, value: c.value })),
    });
    return {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body,
      actions: [{ type: 'Action.Submit', title: t(language, 'button.ok'), data: { intakeStep: step } }],
    };
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: choiceActions(step, part.choices),
  };
}
