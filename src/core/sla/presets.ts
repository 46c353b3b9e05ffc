// The shipped presets, written in the policy-file shape of CONTRACTS.md section 1 so
// they pass through the same validation as an operator's file. Values: SPEC.md.

const weekdays = (intervals: string[][]) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: [],
  sun: [],
});

// "CET (GMT+1)" in the seeds means Amsterdam wall-clock time all year.
const dutchCalendar = (open: string, close: string) => ({
  timeZone: 'Europe/Amsterdam',
  hours: weekdays([[open, close]]),
  holidays: { country: 'NL', types: ['public'], extra: [], except: [] },
});

// Seed 000: Thursdays 22:00-00:00, every 3 weeks, announced a week ahead.
const workspace365Maintenance = [
  { weekday: 'thu', from: '22:00', to: '24:00', everyWeeks: 3, noticeDays: 7 },
];

const workspace365Targets = {
  // Seed 000's goals belong to the P1 (>99%) and P2 (>90%) rows, response and resolution alike.
  P1: { response: { within: 'PT5M', goal: 0.99 }, resolution: { within: 'PT4H', goal: 0.99 } },
  P2: { response: { within: 'PT5M', goal: 0.9 }, resolution: { within: 'PT8H', goal: 0.9 } },
  P3: { response: { within: 'PT24H' }, resolution: { within: 'PT24H' } },
  // The seed's P4 response (48 h) is longer than its resolution (40 h); kept as written.
  P4: { response: { within: 'PT48H' }, resolution: { within: 'PT40H' } },
};

// Status updates while an escalation runs (CONTRACTS.md section 1).
const workspace365Cadence = { P1: 'PT30M', P2: 'PT2H' };

const partnerLow = { response: { within: 'PT48H' }, resolution: { within: 'PT40H' } };

export const PRESET_POLICY_DOCUMENT = {
  policies: [
    {
      name: 'workspace365-basic',
      description: 'Workspace 365 Basic support (seed 000): business hours Mon-Fri 08:00-18:00',
      calendar: dutchCalendar('08:00', '18:00'),
      targets: workspace365Targets,
      goals: { response: null, resolution: null },
      maintenance: workspace365Maintenance,
      cadence: workspace365Cadence,
      verifyWithin: 'PT16H',
    },
    {
      name: 'workspace365-extended',
      description: 'Workspace 365 Extended support (seed 000): as Basic, but P1 runs 24x7',
      calendar: dutchCalendar('08:00', '18:00'),
      targets: {
        ...workspace365Targets,
        P1: {
          response: { within: 'PT5M', clock: '24x7', goal: 0.99 },
          resolution: { within: 'PT4H', clock: '24x7', goal: 0.99 },
        },
      },
      goals: { response: null, resolution: null },
      maintenance: workspace365Maintenance,
      cadence: workspace365Cadence,
      verifyWithin: 'PT16H',
    },
    {
      name: 'workspace365-partner',
      description:
        'Workspace 365 white-label partners (seed 001): Mon-Fri 09:00-17:00; High/Middle/Low = P1/P2/P3-P4',
      calendar: dutchCalendar('09:00', '17:00'),
      targets: {
        // Seed 001's >90% goal belongs to the High row.
        P1: { response: { within: 'PT5M', goal: 0.9 }, resolution: { within: 'PT8H', goal: 0.9 } },
        P2: { response: { within: 'PT24H' }, resolution: { within: 'PT24H' } },
        P3: partnerLow,
        P4: partnerLow,
      },
      goals: { response: null, resolution: null },
      // Seed 001 ties priority to urgency alone (High/Middle/Low).
      priorityModel: 'urgency',
      cadence: { P1: 'PT30M' },
      verifyWithin: 'PT16H',
    },
    {
      name: 'spinpanel',
      description:
        "SpinPanel (seed 004): Mon-Fri 08:30-17:00; the seed's target table is lost, set targets in a policy file",
      calendar: dutchCalendar('08:30', '17:00'),
      targets: { P1: null, P2: null, P3: null, P4: null },
      goals: { response: 0.99, resolution: 0.9 },
      // Seed 004: "the level of priority will be determined by SpinPanel".
      priorityModel: 'agent',
    },
    {
      name: 'seed-003',
      description: 'Seed 003: P1 response within 1 h; resolution depends on context',
      calendar: dutchCalendar('09:00', '17:00'),
      targets: {
        P1: { response: { within: 'PT1H' }, resolution: null },
        P2: null,
        P3: null,
        P4: null,
      },
      goals: { response: null, resolution: null },
      // Seed 003: continuous status updates according to the agreed cadence.
      cadence: { P1: 'PT30M' },
      creditExclusions: [
        'planned maintenance within the announced window',
        'issues from customer-side changes outside the change flow',
        'outages of external parties beyond reasonable influence',
        'force majeure or large-scale internet issues',
        'abuse, DDoS or incidents where mitigation is delivered but availability is still affected',
      ],
    },
  ],
};

export const PRESET_NAMES: readonly string[] = PRESET_POLICY_DOCUMENT.policies.map((p) => p.name);
