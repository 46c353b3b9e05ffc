import { describe, expect, it } from 'vitest';
import { type IntakeContext, IntakeEngine, type UserTurn } from '../../../src/core/intake/intake-engine.js';
import type { IntakePartner, IntakeState } from '../../../src/core/intake/intake-state.js';
import type { ReplyPart } from '../../../src/core/intake/reply.js';
import type { TicketSubmission } from '../../../src/core/tickets/ticket.js';
import { NOW } from '../../helpers/conversation.js';

const RESELLER: IntakePartner = {
  id: 'reseller-x',
  name: 'Reseller X',
  referencePattern: '^RX-[0-9]+$',
  customers: [
    // Globex has no policy of its own: the partner's (urgency model). Initech has its own matrix policy.
    { id: 'globex', company: 'Globex NV', priorityModel: 'urgency' },
    { id: 'initech', company: 'Initech BV', priorityModel: 'matrix' },
  ],
};

/** Drives the engine with an intake context (partner, priority model). */
class Chat {
  private readonly engine = new IntakeEngine();
  state: IntakeState | null;
  reply: ReplyPart[];
  submission: TicketSubmission | undefined;

  constructor(extra: Partial<IntakeContext> = {}, language: 'en' | 'nl' = 'en') {
    const outcome = this.engine.start({
      conversationKey: 'test:partner',
      requester: { platform: 'slack', id: 'U0PARTNER1', name: 'Pat Partner' },
      language,
      timeZone: 'Europe/Amsterdam',
      intakeId: 'intake-p',
      now: NOW,
      ...extra,
    });
    this.state = outcome.state;
    this.reply = outcome.reply;
  }

  get step(): string | null {
    return this.state?.step ?? null;
  }

  get said(): string {
    return this.reply
      .map((p) =>
        p.type === 'ticket'
          ? p.ticket.id
          : p.type === 'review'
            ? [p.text, ...p.rows.map((r) => `${r.label}: ${r.value}`)].join('\n')
            : [p.text, ...(p.type === 'question' ? [...p.help, p.hint ?? ''] : [])].join('\n'),
      )
      .join('\n');
  }

  get question(): Extract<ReplyPart, { type: 'question' }> | undefined {
    return this.reply.find((p): p is Extract<ReplyPart, { type: 'question' }> => p.type === 'question');
  }

  say(text: string, extra: Partial<UserTurn> = {}): this {
    if (!this.state) throw new Error('the intake has ended');
    const outcome = this.engine.handle(this.state, { text, at: NOW, ...extra });
    this.state = outcome.state;
    this.reply = outcome.reply;
    this.submission = outcome.submission;
    return this;
  }

  answer(steps: ReadonlyArray<[string, string]>): this {
    for (const [expected, text] of steps) {
      if (this.step !== expected)
        throw new Error(`expected ${expected}, was asked ${this.step}: ${this.said}`);
      this.say(text);
    }
    return this;
  }
}

const COMMON_EN: ReadonlyArray<[string, string]> = [
  ['environments', 'https://globex.workspace365.net'],
  ['usernames', 'j.doe@globex.example'],
  ['startedAt', 'today 9:15'],
  ['description', 'Nobody at Globex can open the documents app since this morning.'],
  ['security', 'no'],
];

describe('partner intake (seed 001)', () => {
  it('asks which customer, offering only the partner’s own, and refuses any other', () => {
    const c = new Chat({ partner: RESELLER });
    expect(c.step).toBe('customer');
    expect(c.said).toContain('Which of your customers (Reseller X) is this ticket for?');
    expect(c.question?.choices.map((x) => x.label)).toEqual(['Globex NV', 'Initech BV']);
    c.say('Acme BV');
    expect(c.step).toBe('customer');
    expect(c.said).toContain('"Acme BV" is not one of the customers of Reseller X');
    expect(c.said).toContain('1) Globex NV, 2) Initech BV');
    // A button value that is not one of the partner's customers is refused too.
    c.say('acme', { choice: 'acme', choiceFor: 'customer' });
    expect(c.step).toBe('customer');
    expect(c.state?.draft.customer).toBeUndefined();
    c.say('3');
    expect(c.step).toBe('customer');
    c.say('globex nv');
    expect(c.state?.draft).toMatchObject({ customer: 'globex', company: 'Globex NV' });
    // The company comes from the customer: it is not asked.
    expect(c.step).toBe('partnerReference');
  });

  it('re-asks a reference that does not have the partner’s form, naming the form', () => {
    const c = new Chat({ partner: RESELLER }).answer([['customer', '1']]);
    expect(c.said).toContain('in the form RX-[0-9]+');
    c.say('4711');
    expect(c.step).toBe('partnerReference');
    expect(c.said).toContain('"4711" is not a Reseller X reference number: it must have the form RX-[0-9]+.');
    c.say('skip');
    expect(c.step).toBe('partnerReference');
    c.say('RX-4711');
    expect(c.state?.draft.partnerReference).toBe('RX-4711');
    expect(c.step).toBe('environments');
  });

  it('asks errors, logs/screenshots and steps; a skip needs a reason, which is stored', () => {
    const c = new Chat({ partner: RESELLER }).answer([
      ['customer', 'Initech BV'],
      ['partnerReference', 'RX-1'],
      ...COMMON_EN,
      ['impact', 'single user'],
      ['urgency', 'low'],
    ]);
    expect(c.step).toBe('stepsToReproduce');
    expect(c.question?.optional).toBe(false);
    expect(c.said).toContain("type 'skip because' and the reason");
    c.say('skip');
    expect(c.step).toBe('stepsToReproduce');
    expect(c.said).toContain('can only be skipped with a reason');
    c.say('none');
    expect(c.step).toBe('stepsToReproduce');
    c.say('skip because the customer could not reproduce it');
    expect(c.state?.draft.stepsToReproduce).toBe('skipped: the customer could not reproduce it');
    expect(c.step).toBe('errorMessages');
    c.say('None of the users can log in: AADSTS50011');
    expect(c.state?.draft.errorMessages).toBe('None of the users can log in: AADSTS50011');
    expect(c.step).toBe('attachments');
    c.say('done');
    expect(c.step).toBe('attachments');
    expect(c.said).toContain('can only be skipped with a reason');
    c.say('n/a: the laptop was wiped by the customer');
    expect(c.step).toBe('additionalInfo');
    // Additional information stays freely optional.
    c.say('skip');
    expect(c.step).toBe('review');
    expect(c.said).toContain('Customer: Initech BV');
    expect(c.said).toContain('Partner reference: RX-1');
    expect(c.said).toContain('Attachments: skipped: the laptop was wiped by the customer');
    c.say('submit');
    expect(c.submission).toMatchObject({
      customer: 'initech',
      partnerReference: 'RX-1',
      company: 'Initech BV',
      stepsToReproduce: 'skipped: the customer could not reproduce it',
      errorMessages: 'None of the users can log in: AADSTS50011',
      additionalInfo: 'Screenshots/log files skipped: the laptop was wiped by the customer',
      impact: 'single-user',
      urgency: 'low',
      priority: 'P4',
      priorityReason: 'single-user x low',
    });
    expect(c.submission?.priorityProposed).toBeUndefined();
  });

  it('"submit" does not skip the fields a partner must give or explain', () => {
    const c = new Chat({ partner: RESELLER }).answer([
      ['customer', 'Initech BV'],
      ['partnerReference', 'RX-2'],
      ...COMMON_EN,
      ['impact', 'department'],
      ['urgency', 'normal'],
    ]);
    c.say('submit');
    expect(c.step).toBe('stepsToReproduce');
    expect(c.submission).toBeUndefined();
  });

  it('takes a customer picked by button and speaks Dutch throughout', () => {
    const c = new Chat({ partner: RESELLER }, 'nl');
    expect(c.said).toContain('Voor welke van je klanten (Reseller X) is dit ticket?');
    c.say('Umbrella');
    expect(c.said).toContain(
      '"Umbrella" is geen klant van Reseller X. Kies een van: 1) Globex NV, 2) Initech BV.',
    );
    c.say('initech', { choice: 'initech', choiceFor: 'customer' });
    expect(c.state?.draft.customer).toBe('initech');
    expect(c.said).toContain('in de vorm RX-[0-9]+');
    c.say('RX12');
    expect(c.said).toContain(
      '"RX12" is geen referentienummer van Reseller X: het moet de vorm RX-[0-9]+ hebben.',
    );
    c.answer([
      ['partnerReference', 'RX-12'],
      ['environments', 'initech.workspace365.net'],
      ['usernames', 'piet@initech.nl'],
      ['startedAt', 'gisteren 14:00'],
      ['description', 'De documenten-app laadt niet meer sinds de update.'],
      ['security', 'nee'],
      ['impact', 'Meerdere gebruikers'],
      ['urgency', 'Normaal'],
      ['stepsToReproduce', 'Open de app en klik op Documenten'],
    ]);
    c.say('overslaan');
    expect(c.step).toBe('errorMessages');
    expect(c.said).toContain('kan dit alleen met een reden worden overgeslagen');
    c.say('overslaan omdat de klant geen foutmelding ziet');
    expect(c.state?.draft.errorMessages).toBe('overgeslagen: de klant geen foutmelding ziet');
    c.say('scherm.png', {
      text: '',
      files: [{ name: 'scherm.png', contentType: 'image/png', size: 2048, ref: 'F1' }],
    });
    c.say('klaar');
    expect(c.step).toBe('additionalInfo');
    c.say('nee');
    expect(c.said).toContain('Klant: Initech BV');
    expect(c.said).toContain('Partnerreferentie: RX-12');
    c.say('Indienen');
    expect(c.submission).toMatchObject({
      customer: 'initech',
      partnerReference: 'RX-12',
      errorMessages: 'overgeslagen: de klant geen foutmelding ziet',
      attachments: [{ name: 'scherm.png' }],
      additionalInfo: null,
    });
  });

  it('a customer under the urgency model gets only the urgency question', () => {
    const c = new Chat({ partner: RESELLER }).answer([
      ['customer', 'Globex'],
      ['partnerReference', 'RX-3'],
      ...COMMON_EN,
    ]);
    expect(c.step).toBe('urgency');
    c.say('Middle');
    expect(c.said).toContain('Priority: Urgency Middle = P2');
    expect(c.state?.done).not.toContain('impact');
    expect(c.step).toBe('stepsToReproduce');
  });

  it('changing the customer from the review changes the company and the priority model', () => {
    const c = new Chat({ partner: RESELLER }).answer([
      ['customer', 'Initech BV'],
      ['partnerReference', 'RX-5'],
      ...COMMON_EN,
      ['impact', 'organisation'],
      ['urgency', 'low'],
      ['stepsToReproduce', 'Open the app'],
      ['errorMessages', 'Error 500'],
      ['attachments', 'skip because the user is on leave'],
      ['additionalInfo', 'no'],
    ]);
    expect(c.said).toContain('Priority: P3 (Organisation x Low)');
    c.say('edit company');
    expect(c.step).toBe('customer');
    c.say('Globex NV');
    expect(c.step).toBe('review');
    expect(c.said).toContain('Customer: Globex NV');
    expect(c.said).toContain('Priority: P3 (Urgency Low)');
    c.say('submit');
    expect(c.submission).toMatchObject({
      customer: 'globex',
      company: 'Globex NV',
      impact: null,
      priorityReason: 'urgency Low = P3',
    });
  });

  it('a non-partner intake is unchanged: company first, no customer or reference', () => {
    const c = new Chat();
    expect(c.step).toBe('company');
    expect(c.state?.partner).toBeUndefined();
  });
});

describe('priority models', () => {
  const plain: ReadonlyArray<[string, string]> = [
    ['company', 'Acme BV'],
    ['environments', 'https://acme.workspace365.net'],
    ['usernames', 'j.jansen'],
    ['startedAt', 'today 9:15'],
    ['description', 'Nobody can sign in after the Microsoft login. The page stays blank.'],
  ];
  const rest: ReadonlyArray<[string, string]> = [
    ['stepsToReproduce', 'skip'],
    ['errorMessages', 'skip'],
    ['attachments', 'done'],
    ['additionalInfo', 'no'],
  ];

  it('urgency: asks only urgency with seed 001’s definitions; High -> P1', () => {
    const c = new Chat({ priorityModel: 'urgency' }).answer([...plain, ['security', 'no']]);
    expect(c.step).toBe('urgency');
    expect(c.question?.choices.map((x) => x.label)).toEqual(['High', 'Middle', 'Low']);
    expect(c.question?.choices[0]?.help).toContain('more than 80% of the users');
    expect(c.question?.choices[1]?.help).toContain('10% to 80% of the users');
    expect(c.question?.choices[2]?.help).toContain('hardly influences the availability and performance');
    c.say('1');
    expect(c.said).toContain('Priority: Urgency High = P1');
    c.answer(rest);
    expect(c.said).not.toContain('Impact:');
    expect(c.said).toContain('Priority: P1 (Urgency High)');
    c.say('submit');
    expect(c.submission).toMatchObject({
      impact: null,
      urgency: 'high',
      priority: 'P1',
      priorityReason: 'urgency High = P1',
    });
  });

  it('urgency: Middle -> P2, Low -> P3, and a security report is P1', () => {
    const middle = new Chat({ priorityModel: 'urgency' }).answer([
      ...plain,
      ['security', 'no'],
      ['urgency', 'middle'],
      ...rest,
    ]);
    middle.say('submit');
    expect(middle.submission).toMatchObject({ priority: 'P2', priorityReason: 'urgency Middle = P2' });
    const low = new Chat({ priorityModel: 'urgency' }).answer([
      ...plain,
      ['security', 'no'],
      ['urgency', 'low'],
      ...rest,
    ]);
    low.say('submit');
    expect(low.submission).toMatchObject({ priority: 'P3', priorityReason: 'urgency Low = P3' });
    const security = new Chat({ priorityModel: 'urgency' }).answer([
      ...plain,
      ['security', 'yes'],
      ['urgency', 'low'],
      ...rest,
    ]);
    security.say('submit');
    expect(security.submission).toMatchObject({
      priority: 'P1',
      security: true,
      priorityReason: 'security incident (urgency Low = P3)',
    });
  });

  it('agent: the matrix proposes, marked as proposed in the review and the submission', () => {
    const c = new Chat({ priorityModel: 'agent' }).answer([
      ...plain,
      ['security', 'no'],
      ['impact', 'department'],
      ['urgency', 'high'],
    ]);
    expect(c.said).toContain('P2 is a proposal: a support agent confirms or changes it.');
    c.answer(rest);
    expect(c.said).toContain('Priority: P2 (proposed) (Department x High)');
    c.say('submit');
    expect(c.submission).toMatchObject({ priority: 'P2', priorityProposed: true, impact: 'department' });
  });

  it('agent: a security report is P1 outright, not a proposal', () => {
    const c = new Chat({ priorityModel: 'agent' }).answer([
      ...plain,
      ['security', 'yes'],
      ['impact', 'single user'],
      ['urgency', 'low'],
      ...rest,
    ]);
    c.say('submit');
    expect(c.submission?.priority).toBe('P1');
    expect(c.submission?.priorityProposed).toBeUndefined();
  });
});
