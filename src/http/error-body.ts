import type restify from 'restify';

/** The JSON body of every error answer: a stable code for programs, a sentence for people. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
}

const CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** "PayloadTooLarge" -> "payload_too_large", for restify errors without an entry above. */
function snakeCase(code: string): string {
  return code.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * The body for an error restify raises itself (no route, wrong method, body too large,
 * malformed body), in the shape our own routes answer with instead of restify's
 * `{code, message}`.
 */
export function clientErrorBody(
  req: restify.Request,
  res: restify.Response,
  err: Error & { statusCode?: number; restCode?: string },
): ErrorBody {
  const status = err.statusCode ?? 400;
  const error = CODES[status] ?? snakeCase(err.restCode ?? 'BadRequest');
  const target = `${req.method} ${req.getUrl().pathname}`;
  if (status === 404) return { error, message: `${target}: no such endpoint` };
  if (status === 405) {
    const allowed = String(res.getHeader('allow') ?? '');
    return { error, message: `${target}: method not allowed${allowed ? `; use ${allowed}` : ''}` };
  }
  return { error, message: err.message };
}
