import { ConfigError } from '../config/config.js';
import { mongoServer } from './startup-summary.js';

/**
 * The store could not be reached or used at start. Not a configuration error: the
 * setting may be right and the server down, so the start ends with exit 1 (as for a busy port).
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** The driver refused the URI itself (thrown before any connection is tried). */
const URI_ERRORS = new Set([
  'MongoParseError',
  'MongoInvalidArgumentError',
  'MongoAPIError',
  'MongoMissingCredentialsError',
]);

/** Names by prefix: wiring and start-up never import the driver (it stays in adapters/mongo). */
function isDriverError(err: unknown): err is Error {
  return err instanceof Error && err.name.startsWith('Mongo');
}

/** The URI's password (as written and decoded) replaced, wherever the message repeats it. */
function withoutPassword(text: string, uri: string): string {
  const rest = uri.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const at = rest.lastIndexOf('@');
  const colon = rest.indexOf(':');
  if (at < 0 || colon < 0 || colon > at) return text;
  const password = rest.slice(colon + 1, at);
  if (!password) return text;
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {}
  return text.split(password).join('***').split(decoded).join('***');
}

/**
 * What MongoStore.connect's failure means to the operator, in one line naming the server
 * (never the password): a URI the driver refuses is a configuration error (exit 2), a
 * server that did not answer within `timeoutMs` or refused us a StoreUnavailableError.
 * Anything that is not the driver's (a bug) comes back unchanged.
 */
export function mongoStartError(err: unknown, uri: string, timeoutMs: number): unknown {
  const cause = err instanceof Error ? err.cause : undefined;
  if (!isDriverError(err) && !isDriverError(cause)) return err;
  const reason = withoutPassword((err as Error).message, uri)
    .replace(/\s+/g, ' ')
    .trim();
  const server = mongoServer(uri);
  if (URI_ERRORS.has((err as Error).name)) {
    return new ConfigError(`MONGODB_URI "${server}": not a usable MongoDB connection string (${reason})`);
  }
  if ((err as Error).name === 'MongoServerSelectionError') {
    return new StoreUnavailableError(
      `MongoDB at ${server} did not answer within ${timeoutMs / 1000} s (${reason}): check MONGODB_URI and that the server is running`,
    );
  }
  return new StoreUnavailableError(`MongoDB at ${server} cannot be used: ${reason}`);
}
