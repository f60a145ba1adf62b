/**
 * What the client must make of a server answer, written from DESIGN.md and README.md
 * ("Error codes"), not from src/client.ts, so the fuzz tests compare two readings.
 */
import { bodyText, type Answer, type Route } from './fake-server.js';
import { failure } from './fuzz.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([204, 205, 304]);

/** A result with `undefined` fields dropped, as JSON would have it. */
export const plain = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** `error` for a status whose body did not say. */
export const errorForStatus = (status: number): string =>
  ({ 400: 'invalid_request', 401: 'unauthorized', 404: 'not_found', 429: 'too_many_requests' } as Record<number, string>)[status] ??
  (status >= 500 ? 'server_error' : 'invalid_response');

/** An IMF-fixdate, the form servers should send and the only date form we require exactly. */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Retry-After as the element must read it: `number` when the header says a usable number
 * of seconds (or a date), `undefined` when it says nothing usable, `'any'` when the value
 * is junk that an engine's lenient Date.parse may still read (then it must be a whole
 * number of seconds, 0 or more, if given at all).
 */
export const expectedRetryAfter = (value: string | null, now = Date.now()): number | undefined | 'any' => {
  const text = (value ?? '').trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    // Too many digits to be a number of seconds: junk, like any other malformed value.
    return Number.isSafeInteger(seconds) ? seconds : undefined;
  }
  if (IMF_FIXDATE.test(text)) return Math.max(0, Math.ceil((Date.parse(text) - now) / 1000));
  return /^[a-z]{3}/i.test(text) ? 'any' : undefined;
};

export type Expected =
  | { kind: 'result'; result: Record<string, unknown> }
  /** An error whose retryAfter may be any whole number of seconds, or absent (see above). */
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
  if (answer.body.kind == 'drop' && !nullBody) return result({ error: 'invalid_response', status });

  // response.text() decodes UTF-8 and drops a byte order mark.
  const text = nullBody ? '' : bodyText(answer.body).replace(/^\ufeff/, '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const data = json && typeof json == 'object' ? (json as Record<string, unknown>) : undefined;

  if (status >= 200 && status <= 299) {
    if (route == 'start') {
      return typeof data?.challengeId == 'string' && data.challengeId
        ? result({ challengeId: data.challengeId })
        : result({ error: 'invalid_response', status });
    }
    if (data?.isVerified === true && typeof data.accessToken == 'string' && data.accessToken) {
      return result({ isVerified: true, accessToken: data.accessToken });
    }
    if (data?.isVerified === false) {
      return result({ isVerified: false, failureReason: typeof data.failureReason == 'string' ? data.failureReason : undefined });
    }
    return result({ error: 'invalid_response', status });
  }

  const code = [data?.errorCode, data?.error].find((v) => typeof v == 'string' && v) as string | undefined;
  const retryAfter = expectedRetryAfter(headers.get('Retry-After'), now);
  const error = plain({
    error: code || errorForStatus(status),
    status,
    ...(typeof data?.errorCode == 'string' && { errorCode: data.errorCode }),
    ...(typeof data?.errorDescription == 'string' && { errorDescription: data.errorDescription }),
    ...(typeof retryAfter == 'number' && { retryAfter }),
  });
  return retryAfter == 'any' ? { kind: 'result-any-retry', result: error } : { kind: 'result', result: error };
};

/** Throws, saying what differs, unless `actual` is what `expected` allows. */
export const assertResult = (actual: unknown, expected: Expected, context: string) => {
  const got = plain(actual) as Record<string, unknown>;
  let want = expected.result;
  if (expected.kind == 'result-any-retry' && got && typeof got == 'object' && 'retryAfter' in got) {
    if (!Number.isSafeInteger(got.retryAfter) || (got.retryAfter as number) < 0) {
      throw failure(`${context}: retryAfter ${String(got.retryAfter)} is not a whole number of seconds >= 0`);
    }
    want = { ...want, retryAfter: got.retryAfter };
  }
  if (JSON.stringify(sortKeys(got)) != JSON.stringify(sortKeys(want))) {
    throw failure(`${context}:\n  expected ${JSON.stringify(sortKeys(want))}\n  got      ${JSON.stringify(sortKeys(got))}`);
  }
};

const sortKeys = (value: unknown): unknown =>
  value && typeof value == 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]))
    : value;
