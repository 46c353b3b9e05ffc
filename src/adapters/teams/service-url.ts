/** Real service URLs are short (https://smba.trafficmanager.net/emea/); this bounds odd ones. */
const MAX_SERVICE_URL_CHARS = 2048;

/** Hosts of this machine: the Bot Framework Emulator and local fakes listen there on plain http. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Why `value` cannot be an activity's serviceUrl, or null when it can. Every reply of the
 * turn and every later send to the conversation goes there: without a usable one botbuilder
 * falls back to api.botframework.com, where the send fails for ever and blocks the
 * conversation's outbox lane. https only, except on a loopback host.
 */
export function serviceUrlProblem(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return 'the activity needs a "serviceUrl" (where replies go)';
  if (value.length > MAX_SERVICE_URL_CHARS) return 'the activity’s "serviceUrl" is too long';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'the activity’s "serviceUrl" is no URL';
  }
  if (url.username || url.password) return 'the activity’s "serviceUrl" must not carry credentials';
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
  if (!secure) return 'the activity’s "serviceUrl" must be an https URL';
  return null;
}
