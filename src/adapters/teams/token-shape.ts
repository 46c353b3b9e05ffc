/** The algorithms Bot Framework signs with (botbuilder's own allowed list): all RSA. */
const SIGNING_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
/** Real Bot Framework tokens are 1-2 KB; anything much larger is not one. */
const MAX_TOKEN_CHARS = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodePart(part: string): Record<string, unknown> | null {
  if (!BASE64URL.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const isTime = (value: unknown) =>
  value === undefined || (typeof value === 'number' && Number.isFinite(value));
const isText = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 2048;

/**
 * Why an Authorization header cannot hold a Bot Framework token, or null when it might.
 * Checked before botbuilder sees it: a token in a shape jsonwebtoken refuses with a plain
 * error (another algorithm, an `exp` that is no number) is a refusal, not a fault, and is
 * answered as one without depending on how a library words its errors.
 */
export function tokenShapeProblem(authorization: string | undefined): string | null {
  if (!authorization) return 'no Authorization header';
  const match = /^Bearer ([^\s]+)$/.exec(authorization);
  if (!match) return 'the Authorization header is not "Bearer <token>"';
  const token = match[1]!;
  if (token.length > MAX_TOKEN_CHARS) return 'the token is too long';
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[2]) return 'the token is not a signed JWT';
  const header = decodePart(parts[0]!);
  const claims = decodePart(parts[1]!);
  if (!header || !claims) return 'the token is not a JWT';
  if (typeof header.alg !== 'string' || !SIGNING_ALGORITHMS.has(header.alg))
    return 'the token is not signed with an RSA key';
  if (!isText(header.kid)) return 'the token names no signing key';
  if (!isText(claims.iss)) return 'the token has no issuer';
  if (!isText(claims.aud)) return 'the token has no audience';
  if (typeof claims.exp !== 'number' || !isTime(claims.exp)) return 'the token has no expiry time';
  if (!isTime(claims.nbf) || !isTime(claims.iat)) return 'the token’s times are not numbers';
  if (claims.serviceurl !== undefined && !isText(claims.serviceurl))
    return 'the token’s serviceurl is no URL';
  return null;
}
