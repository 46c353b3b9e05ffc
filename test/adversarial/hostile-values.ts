import fc, { type Arbitrary } from 'fast-check';

/** A key left out of the object altogether. */
export const MISSING = Symbol('missing');

/** A drawn field: its value, and whether it alone must make the whole payload refused. */
export interface Drawn {
  readonly bad: boolean;
  readonly value: unknown;
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Strings that break naive code: control characters, lone surrogates, RTL marks, injections. */
const nastyStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  '\ufeffBOM',
  'e\u0301\u0301\u0301',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧨👩‍👩‍👧‍👦',
  '\r\n\r\nHTTP/1.1 200 OK',
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  "'; DROP TABLE tickets; --",
  '../../../../etc/passwd',
  '%00%0d%0a',
  '__proto__',
  'constructor',
  '[object Object]',
  'undefined',
  'NaN',
  '-0',
  '1e309',
);

/** One big string per payload at most (a body stays under the 1 MiB limit mostly). */
const hugeString = fc.constantFrom('x'.repeat(70_000), 'é'.repeat(100_000), '\u{1F9E8}'.repeat(60_000));

/** Values no well-formed field holds: operator objects, wrong types, huge and deep values. */
export const hostile: Arbitrary<unknown> = fc.oneof(
  {
    weight: 40,
    arbitrary: fc.constantFrom<unknown>(
      { $gt: '' },
      { $ne: null },
      { $where: 'sleep(1000)' },
      { $regex: '.*' },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      { constructor: { prototype: { polluted: true } } },
      null,
      true,
      false,
      0,
      -1,
      1e308,
      -0,
      [],
      {},
      [null],
    ),
  },
  { weight: 30, arbitrary: nastyStrings },
  { weight: 10, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 5, arbitrary: fc.integer() },
  { weight: 5, arbitrary: fc.double() },
  { weight: 5, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }) },
  {
    weight: 5,
    arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  },
  // Rare, so bodies stay small on average: a few per thousand fields.
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.constantFrom(nested(50), nested(1_500)) },
);

/**
 * A field that must be well formed: a plausible value, or (flagged bad) an invalid one.
 * Missing is invalid too, unless the field is optional (then it is plausible).
 */
export function field(
  plausible: Arbitrary<unknown>,
  invalid: Arbitrary<unknown> = hostile,
  options: { optional?: boolean } = {},
): Arbitrary<Drawn> {
  const missing = fc.constant(MISSING).map((value) => ({ bad: !options.optional, value }));
  return fc.oneof(
    { arbitrary: plausible.map((value) => ({ bad: false, value })), weight: 4 },
    { arbitrary: invalid.map((value) => ({ bad: true, value })), weight: 2 },
    { arbitrary: missing, weight: 1 },
  );
}

/**
 * A field whose value may be anything: never flagged. Mostly plausible, so that most
 * payloads get past the first shape check and reach the code behind it.
 */
export function free(plausible: Arbitrary<unknown>): Arbitrary<Drawn> {
  return fc
    .oneof({ arbitrary: plausible, weight: 10 }, hostile, fc.constant(MISSING))
    .map((value) => ({ bad: false, value }));
}

/** An object of drawn fields, bad when any field is; missing keys left out. */
export function shape(fields: Record<string, Arbitrary<Drawn>>): Arbitrary<Drawn> {
  return fc.record(fields).map((drawn) => {
    const value: Record<string, unknown> = {};
    let bad = false;
    for (const [key, d] of Object.entries(drawn)) {
      bad ||= d.bad;
      if (d.value !== MISSING) value[key] = d.value;
    }
    return { bad, value };
  });
}

/** A whole shape, or (flagged bad) something that is no object of that shape at all. */
export function objectField(fields: Record<string, Arbitrary<Drawn>>): Arbitrary<Drawn> {
  return fc.oneof(
    { arbitrary: shape(fields), weight: 4 },
    { arbitrary: fc.oneof(hostile, fc.constant(MISSING)).map((value) => ({ bad: true, value })), weight: 1 },
  );
}

/** Bodies that are no JSON or no form at all. */
export const malformedText: Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    'null',
    '[]',
    '"x"',
    '42',
    '{',
    '{"type":',
    '{"a":1}}',
    '\ufeff{"type":"event_callback"}',
    '{"type":"event_callback","event":{"type":"message"',
    '['.repeat(100_000),
    `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
    'payload=',
    'payload=%7B',
    'payload=null',
    'payload=%5B%5D',
    '%%%%',
    '&&&==&',
    'a=1&a=2&payload=%7B%7D&payload=%7B%7D',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

export const slackUserId = fc.constantFrom('UFUZZ1', 'UFUZZ2', 'W0FUZZ');
export const slackTeamId = fc.constant('T1');
export const slackChannel = fc.constantFrom('DUFUZZ1', 'CGENERAL', 'G0PRIV');
export const slackTs = fc.constantFrom('1700000000.000100', '1700000001.000200');
/** Values in no id's shape: hostile ones, and strings out of Slack's alphabet or too long. */
const notAnyId = fc.oneof(
  hostile,
  fc.constantFrom('u123', 'x', `U${'A'.repeat(30)}`, `D${'A'.repeat(30)}`, 'U-1', 'U\u0000X', 'Ｕ１２３', ''),
);
export const notSlackUserId = fc.oneof(notAnyId, fc.constantFrom('T1', 'DUFUZZ1', 'B123'));
export const notSlackTeamId = fc.oneof(notAnyId, fc.constantFrom('UFUZZ1', 't1'));
export const notSlackChannel = fc.oneof(notAnyId, fc.constantFrom('UFUZZ1', 'T1', 'd1'));
