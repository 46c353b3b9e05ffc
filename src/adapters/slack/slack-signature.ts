import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses requests whose timestamp is more than 5 minutes from now, either way. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/** The whole header: version 0 and an HMAC-SHA256 in lowercase hex. */
const SIGNATURE_FORMAT = /^v0=([0-9a-f]{64})$/;

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Checks X-Slack-Signature (v0, HMAC-SHA256 of "v0:<timestamp>:<raw body>") and
 * X-Slack-Request-Timestamp against the signing secret, before anything is parsed.
 */
export function verifySlackSignature(
  signingSecret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer,
  nowSeconds: number,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp)
    return { ok: false, reason: 'missing X-Slack-Signature or X-Slack-Request-Timestamp' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed X-Slack-Request-Timestamp' };
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'X-Slack-Request-Timestamp is outside the 5-minute window' };
  }
  // Exactly what Slack sends: "v0=" and 64 lowercase hex digits, nothing before or after.
  const hash = SIGNATURE_FORMAT.exec(signature)?.[1];
  if (!hash) return { ok: false, reason: 'malformed X-Slack-Signature' };
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest();
  const given = Buffer.from(hash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true }
    : { ok: false, reason: 'signature mismatch' };
}

/** Signs a body as Slack does (for tests and tools). */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string | Buffer): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}
