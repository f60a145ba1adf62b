/**
 * What the client must make of a server answer, written from the contract and not from
 * src/ (nothing here imports it), so that the fuzz and fault tests compare two independent
 * readings of the same rules. Sources, by the paths they have beside this repository:
 * - ../shared/DESIGN.md section 2, "Events": `error` is the server's `errorCode ?? error`,
 *   passed through; the element's own codes (`network_error`: no answer; `invalid_response`:
 *   not JSON, or required fields missing); `status` is the HTTP status when there was one;
 *   `retryAfter` is seconds, on every `too_many_requests`: from a Retry-After header when it
 *   is usable (an HTTP date read against the response's `Date` header when it has one), else
 *   the default of 30; never more than 3,600.
 * - ../shared/DESIGN.md section 3: after a 429 the controls wait `retryAfter` (at most an
 *   hour) with a visible countdown.
 * - ../shared/spec/CLIENT-API-NOTES.md: the Client API's error bodies are 400
 *   `invalid_request`, 401 `unauthorized`, 404 `not_found`, 429 `too_many_requests`; so an
 *   answer whose body lost its code still means what its status documents.
 * - README.md "Error codes": `server_error` is a 5xx whose body did not say more; the token
 *   goes to the configured server without redirects (a redirect is no answer at all).
 * - RFC 9110 section 10.2.3 (Retry-After: delay-seconds or an HTTP-date) and RFC 9111
 *   section 1.2.2 (a delta-seconds too large to hold is still "a very long time").
 */
import { bodyText, type Answer, type Route } from './fake-server.js';
import { failure } from './fuzz.js';

/** The longest wait a Retry-After may impose: one hour (../shared/DESIGN.md section 2). */
export const MAX_RETRY_AFTER = 3600;

/** The wait after a 429 whose Retry-After is absent or malformed (README.md "Error codes"). */
export const DEFAULT_RETRY_AFTER = 30;

/** `redirect: 'error'`: a redirect with somewhere to go is refused, which fetch reports as no answer. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose body fetch always reads as empty. */
const NULL_BODY = new Set([204, 205, 304]);

/** A result with `undefined` fields dropped, as JSON would have it. */
export const plain = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/**
 * `error` for a failed answer whose body named no code: the code the Client API documents
 * for that status (../shared/spec/CLIENT-API-NOTES.md), `server_error` for a 5xx, and
 * otherwise `invalid_response` (an answer that is not the documented one).
 */
export const errorForStatus = (status: number): string => {
  const documented: Record<number, string> = { 400: 'invalid_request', 401: 'unauthorized', 404: 'not_found', 429: 'too_many_requests' };
  return documented[status] ?? (status >= 500 ? 'server_error' : 'invalid_response');
};

/** An IMF-fixdate (RFC 9110 5.6.7), the one date form every engine must read the same way. */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Retry-After as the element must read it:
 * - a number of seconds: delay-seconds, or an IMF-fixdate counted from `now`, bounded to
 *   0..3,600 (a run of digits too long to hold is bounded too: it is still a long wait);
 * - `undefined`: no header, or one that is malformed (the caller then waits the default);
 * - `'any'`: text that starts like a date in another form (RFC 850, asctime, or junk with a
 *   day name), which an engine's lenient date parser may or may not read. Then the result
 *   may leave retryAfter out, or give a whole number of seconds within 0..3,600.
 */
export const expectedRetryAfter = (value: string | null, now = Date.now()): number | undefined | 'any' => {
  const text = (value ?? '').trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(MAX_RETRY_AFTER, Number(text));
  if (IMF_FIXDATE.test(text)) return Math.min(MAX_RETRY_AFTER, Math.max(0, Math.ceil((Date.parse(text) - now) / 1000)));
  return /^[a-z]{3}/i.test(text) ? 'any' : undefined;
};

export type Expected =
  | { kind: 'result'; result: Record<string, unknown> }
  /** An error whose retryAfter may be absent or any whole number of seconds up to an hour. */
  | { kind: 'result-any-retry'; result: Record<string, unknown> };

/** The client's result for a final answer whose body arrived in full (or was cut, for `drop`). */
export const expectedResult = (route: Route, answer: Answer, now = Date.now()): Expected => {
  const result = (value: Record<string, unknown>): Expected => ({ kind: 'result', result: plain(value) });
  if (answer.kind == 'network-error') return result({ error: 'network_error' });
  const { status } = answer;
  const headers = new Headers();
  for (const [name, value] of answer.headers) headers.append(name, value);
  if (REDIRECTS.has(status) && headers.has('Location')) return result({ error: 'network_error' });
  const nullBody = NULL_BODY.has(status);
  // Cut off mid-body after the status arrived: an answer, but not the documented one.
  if (answer.body.kind == 'drop' && !nullBody) return result({ error: 'invalid_response', status });

  // The body as a page reads it: UTF-8, without a byte order mark.
  const text = nullBody ? '' : bodyText(answer.body).replace(/^\ufeff/, '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const data = json && typeof json == 'object' ? (json as Record<string, unknown>) : undefined;
  const nonEmptyString = (v: unknown): v is string => typeof v == 'string' && v != '';

  if (status >= 200 && status <= 299) {
    // Success needs its required fields (DESIGN.md: else invalid_response).
    if (route == 'start') {
      return nonEmptyString(data?.challengeId) ? result({ challengeId: data.challengeId }) : result({ error: 'invalid_response', status });
    }
    if (data?.isVerified === true && nonEmptyString(data.accessToken)) return result({ isVerified: true, accessToken: data.accessToken });
    if (data?.isVerified === false) {
      return result({ isVerified: false, failureReason: typeof data.failureReason == 'string' ? data.failureReason : undefined });
    }
    return result({ error: 'invalid_response', status });
  }

  // errorCode ?? error, each only when it is a usable (non-empty) string.
  const code = [data?.errorCode, data?.error].find(nonEmptyString);
  // A date is read against the server's clock, when the answer says what it is.
  const serverNow = Date.parse(headers.get('Date') ?? '');
  const retryAfter = expectedRetryAfter(headers.get('Retry-After'), Number.isNaN(serverNow) ? now : serverNow);
  const error = plain({
    error: code ?? errorForStatus(status),
    status,
    ...(typeof data?.errorCode == 'string' && { errorCode: data.errorCode }),
    ...(typeof data?.errorDescription == 'string' && { errorDescription: data.errorDescription }),
    ...(typeof retryAfter == 'number' && { retryAfter }),
    // Every too_many_requests (a 429, or a body that says so) says how long to wait: the default when the header does not.
    ...((status == 429 || code == 'too_many_requests') && typeof retryAfter != 'number' && { retryAfter: DEFAULT_RETRY_AFTER }),
  });
  return retryAfter == 'any' ? { kind: 'result-any-retry', result: error } : { kind: 'result', result: error };
};

/** Throws, saying what differs, unless `actual` is what `expected` allows. */
export const assertResult = (actual: unknown, expected: Expected, context: string) => {
  const got = plain(actual) as Record<string, unknown>;
  let want = expected.result;
  if (expected.kind == 'result-any-retry' && got && typeof got == 'object' && 'retryAfter' in got) {
    const seconds = got.retryAfter;
    if (!Number.isSafeInteger(seconds) || (seconds as number) < 0 || (seconds as number) > MAX_RETRY_AFTER) {
      throw failure(`${context}: retryAfter ${String(seconds)} is not a whole number of seconds within 0..${MAX_RETRY_AFTER}`);
    }
    want = { ...want, retryAfter: seconds };
  }
  if (JSON.stringify(sortKeys(got)) != JSON.stringify(sortKeys(want))) {
    throw failure(`${context}:\n  expected ${JSON.stringify(sortKeys(want))}\n  got      ${JSON.stringify(sortKeys(got))}`);
  }
};

/**
 * Checks the text of a countdown part: minutes and seconds ("0:30", "60:00"), seconds
 * below 60, and never more than an hour in all (DESIGN.md: a 429 waits at most an hour).
 * Returns the seconds shown. "1666666666:39" (the unbounded Retry-After of issue 9) and
 * "61:00" are refused.
 */
export const assertFiniteCountdown = (text: string, context: string): number => {
  const match = /^(\d{1,2}):([0-5]\d)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(seconds <= MAX_RETRY_AFTER)) {
    throw failure(`${context}: the countdown shows "${text.trim()}", not a wait of at most ${MAX_RETRY_AFTER / 60}:00`);
  }
  return seconds;
};

const sortKeys = (value: unknown): unknown =>
  value && typeof value == 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]))
    : value;
