import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { questionAdaptiveCard, ticketAdaptiveCard } from '../../../src/adapters/teams/adaptive-cards.js';
import type { ReplyPart } from '../../../src/core/intake/reply.js';
import { PolicyRegistry } from '../../../src/core/sla/policy-registry.js';
import { PRIORITIES } from '../../../src/core/sla/priority.js';
import { TICKET_STATUSES, type Ticket } from '../../../src/core/tickets/ticket.js';
import type { ActionKind } from '../../../src/core/tickets/ticket-actions.js';
import { Conversation, ENGLISH_HAPPY_PATH } from '../../helpers/conversation.js';
import { readOfficialSchema } from '../../helpers/official-schema.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

// The official Adaptive Cards 1.5 schema (draft-06, "id" instead of "$id").
const schema = readOfficialSchema('ac-1.5.json');
schema.$id = schema.id;
delete schema.id;
const require = createRequire(import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
const validate = ajv.compile(schema);

/** The Teams host extension is not part of the schema: remove it before validating. */
function withoutMsteams(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutMsteams);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== 'msteams')
        .map(([k, v]) => [k, withoutMsteams(v)]),
    );
  }
  return node;
}

type AdaptiveCardsModule = typeof import('adaptivecards');
let AC: AdaptiveCardsModule;

beforeAll(async () => {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const win = dom.window as unknown as Record<string, unknown>;
  const globals: Record<string, unknown> = { window: dom.window, document: dom.window.document };
  // The renderer uses DOM classes (HTMLButtonElement, ...) as globals, as in a browser.
  for (const name of Object.getOwnPropertyNames(win)) {
    if (
      /^(HTML|SVG|Node$|Element$|Text$|DocumentFragment$|Event$|KeyboardEvent$|MouseEvent$|getComputedStyle$)/.test(
        name,
      )
    ) {
      globals[name] = win[name];
    }
  }
  for (const [name, value] of Object.entries(globals)) {
    if (!(name in globalThis) || name === 'window' || name === 'document')
      Object.assign(globalThis, { [name]: value });
  }
  AC = (await import('adaptivecards')) as AdaptiveCardsModule;
});

function renderProblems(card: Record<string, unknown>): string[] {
  const context = new AC.SerializationContext();
  const adaptiveCard = new AC.AdaptiveCard();
  adaptiveCard.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of adaptiveCard.validateProperties().validationEvents)
    problems.push(`validate: ${event.message}`);
  const element = adaptiveCard.render();
  if (!element) problems.push('render: nothing rendered');
  return problems;
}

function expectValid(name: string, card: Record<string, unknown>): void {
  const ok = validate(withoutMsteams(card));
  expect(
    ok
      ? []
      : validate.errors?.map(
          (e: { instancePath: string; message?: string }) => `${name}: ${e.instancePath} ${e.message}`,
        ),
  ).toEqual([]);
  expect(renderProblems(card), name).toEqual([]);
}

function baseTicket(): Ticket {
  return sampleTicket({
    title: 'Nobody can sign in *now* [x](http://evil.example) ${secret}',
    company: 'Acme <at>BV</at>',
    requester: { platform: 'teams', id: 'aad-1', name: 'Jan @everyone' },
  });
}

/** Every question and review card the intake can show, in both languages. */
function questionParts(language: 'en' | 'nl'): Array<Extract<ReplyPart, { type: 'question' | 'review' }>> {
  const parts: Array<Extract<ReplyPart, { type: 'question' | 'review' }>> = [];
  const c = new Conversation(language);
  const collect = () => {
    for (const p of c.reply) if (p.type === 'question' || p.type === 'review') parts.push(p);
  };
  for (const [, text] of ENGLISH_HAPPY_PATH) {
    c.say(text);
    collect();
  }
  c.say('2');
  collect();
  return parts;
}

const PRESETS = PolicyRegistry.create();

describe('every Adaptive Card the bot sends is valid Adaptive Cards 1.5 and renders cleanly', () => {
  for (const language of ['en', 'nl'] as const) {
    it(`question, review and edit cards (${language})`, () => {
      const parts = questionParts(language).filter((p) => p.type === 'review' || p.choices.length > 0);
      expect(parts.map((p) => (p.type === 'review' ? 'review' : p.step))).toEqual(
        expect.arrayContaining(['security', 'impact', 'urgency', 'review', 'editWhich']),
      );
      for (const part of parts) expectValid(`${language} ${part.type}`, questionAdaptiveCard(part, language));
    });
  }

  const viewers: Array<[string, ActionKind[]]> = [
    [
      'agent',
      [
        'acknowledge',
        'respond',
        'pause',
        'hotfix',
        'resolve',
        'changePriority',
        'askInfo',
        'note',
        'logTime',
        'cancel',
      ],
    ],
    ['agent on a paused ticket', ['resume', 'unhotfix', 'resolve', 'changePriority', 'cancel']],
    [
      'agent on a proposed priority',
      ['confirmPriority', 'acknowledge', 'respond', 'pause', 'resolve', 'changePriority'],
    ],
    [
      'incident manager assessing a P1',
      [
        'acceptIncident',
        'downgradeIncident',
        'incompleteIncident',
        'assignRole',
        'acknowledge',
        'respond',
        'pause',
        'hotfix',
        'resolve',
        'changePriority',
      ],
    ],
    [
      'incident manager of a running P1',
      ['statusUpdate', 'assignRole', 'respond', 'pause', 'hotfix', 'resolve', 'changePriority'],
    ],
    ['requester of an open P2', ['addInfo', 'escalate', 'cancel']],
    ['requester of a resolved ticket', ['confirmFixed', 'notFixed']],
    ['requester', ['cancel', 'addInfo']],
    ['anyone else', []],
  ];
  for (const priority of PRIORITIES) {
    for (const status of TICKET_STATUSES) {
      it(`ticket card ${priority} ${status} for every viewer, with and without refresh and notices`, () => {
        for (const [viewer, actions] of viewers) {
          for (const language of ['en', 'nl'] as const) {
            const ticket = { ...baseTicket(), priority, status, language };
            const card = ticketAdaptiveCard(ticket, {
              language,
              timeZone: 'Europe/Amsterdam',
              now: Date.now(),
              policy: PRESETS.get('workspace365-basic'),
              actions,
              refreshUserIds: viewer === 'anyone else' ? [] : ['29:one'],
              ...(viewer === 'requester'
                ? { notice: 'You cannot do that on this ticket. ${x} [y](http://z)' }
                : {}),
            });
            expectValid(`${priority} ${status} ${viewer} ${language}`, card);
          }
        }
      });
    }
  }

  it('keeps user text inert in the card', () => {
    const card = JSON.stringify(
      ticketAdaptiveCard(baseTicket(), {
        language: 'en',
        timeZone: 'UTC',
        now: Date.now(),
        policy: undefined,
        actions: [],
        refreshUserIds: [],
      }),
    );
    expect(card).not.toContain('[x](http://evil.example)');
    expect(card).not.toContain('${secret}');
    expect(card).not.toContain('*now*');
    expect(card).not.toContain('<at>');
    expect(card).not.toContain('@everyone');
  });

  it('the schema check itself refuses a broken card', () => {
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] })).toBe(false);
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Nope', text: 'x' }] })).toBe(
      false,
    );
  });
});
