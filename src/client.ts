/**
 * Authsignal Client API calls for the WhatsApp channel, as plain functions.
 *
 * No DOM, no state. Every function resolves with a typed result and never throws or
 * rejects: a failed network call, a proxy's HTML error page and a timeout are all just
 * results, so the caller has one code path and no `try`. Nothing is ever retried: a
 * repeated start sends the person another WhatsApp message.
 */

/** The four Authsignal regions and their Client API servers. */
export const REGIONS = {
  us: 'https://api.authsignal.com/v1/client',
  au: 'https://au.api.authsignal.com/v1/client',
  eu: 'https://eu.api.authsignal.com/v1/client',
  ca: 'https://ca.api.authsignal.com/v1/client',
} as const;

export type Region = keyof typeof REGIONS;

/** Default time allowed for one request, in milliseconds. */
export const DEFAULT_TIMEOUT = 15000;

/** Longest `Retry-After` obeyed, in seconds: no header can lock the controls for longer. */
export const MAX_RETRY_AFTER = 3600;

/** Seconds to wait after a 429 without a usable `Retry-After`. */
export const DEFAULT_RETRY_AFTER = 30;

/**
 * `timeout` if it is a usable number of milliseconds, else the default. A timer longer than
 * 2^31-1 ms, or a NaN from `timeout="15s"`, fires at once: every request would "time out"
 * just after it was sent (and the person would get a code the page says failed).
 */
export const validTimeout = (timeout: unknown): number => within(timeout, 1, 2147483647) ?? DEFAULT_TIMEOUT;

/**
 * `value` as a number from `min` to `max`, or `undefined`. A numeric string counts: Vue and
 * React set a template's `timeout="300"` as the property, a string.
 */
export const within = (value: unknown, min: number, max: number): number | undefined => {
  const n = typeof value == 'string' && value.trim() ? Number(value) : value;
  return typeof n == 'number' && n >= min && n <= max ? n : undefined;
};

/** A token that can go into an `Authorization` header: visible ASCII, no spaces or quotes. */
export const usableToken = (token: unknown): token is string => typeof token == 'string' && /^[!#-~]+$/.test(token);

export interface ClientOptions {
  /** The short-lived token from the site's backend (Track Action). */
  token?: string;
  /** Picks the server when `baseUrl` is not given. Default `us`. */
  region?: Region | string;
  /** Overrides `region`. `https:`, `http:` on a loopback host, or a path of this page's origin. */
  baseUrl?: string;
  /** Milliseconds before the request is given up as `timeout`. Default 15000. */
  timeout?: number;
  /** Aborting it ends the request with the `aborted` result. */
  signal?: AbortSignal;
}

/**
 * Why a call did not succeed. `error` is the server's `errorCode ?? error`, or one of the
 * client's own: `token_required`, `token_unavailable`, `invalid_configuration`,
 * `network_error`, `timeout`, `invalid_response`, `server_error`, `aborted`.
 */
export interface ApiError {
  error: string;
  errorDescription?: string;
  errorCode?: string;
  /** The HTTP status, when there was an answer. */
  status?: number;
  /** On every 429: seconds to wait before trying again, from `Retry-After` when usable, else 30; at most 3,600. */
  retryAfter?: number;
}

/** A success (`T`, with no `error`) or an {@link ApiError}. Test with `'error' in result`. */
export type Result<T> = (T & { error?: never }) | ApiError;

export interface StartResponse {
  challengeId: string;
}

export interface VerifyResponse {
  isVerified: boolean;
  /** Present when `isVerified`: the token the site's backend validates. */
  accessToken?: string;
  /** `CODE_INVALID_OR_EXPIRED` or `MAX_ATTEMPTS_EXCEEDED` when not verified. */
  failureReason?: string;
}

/** Starts a WhatsApp challenge: Authsignal sends the person a code. */
export const startWhatsappChallenge = (options: ClientOptions): Promise<Result<StartResponse>> =>
  post(options, '/challenge/whatsapp', undefined, (body) =>
    typeof body.challengeId == 'string' && body.challengeId ? { challengeId: body.challengeId } : undefined,
  );

/** Checks the code the person entered against the challenge started with the same token. */
export const verifyWhatsappChallenge = (
  options: ClientOptions,
  verificationCode: string,
): Promise<Result<VerifyResponse>> =>
  post(options, '/verify/whatsapp', { verificationCode }, ({ isVerified, accessToken, failureReason }) =>
    isVerified === true && typeof accessToken == 'string' && accessToken
      ? { isVerified, accessToken }
      : isVerified === false
        ? { isVerified, failureReason: typeof failureReason == 'string' ? failureReason : undefined }
        : undefined,
  );

/**
 * The base URL the options point at, or `undefined` when they are unsafe or unknown.
 * Plain `http:` is allowed only on loopback hosts (a local simulator), so a typo can never
 * send the bearer token over an unencrypted connection; a path (`/authsignal/v1/client`,
 * a same-origin proxy) is resolved against the document and stays on its origin. A query,
 * a fragment or user info would be mangled by appending a path (or refused by fetch), so
 * they are refused here.
 */
export const resolveBaseUrl = ({ region, baseUrl }: ClientOptions): string | undefined => {
  if (!baseUrl) {
    const name = String(region || 'us').toLowerCase();
    return Object.hasOwn(REGIONS, name) ? REGIONS[name as Region] : undefined;
  }
  try {
    // Only a path is relative ("//host" or "example.com" are not this origin's), and it must
    // stay on this origin once resolved: a tab in "/\t/host" or a <base href> elsewhere would not.
    const path = /^\/(?![/\\])/.test(baseUrl);
    const url = new URL(baseUrl, path ? document.baseURI : undefined);
    const loopback = /^(localhost|127(\.\d+){3}|\[::1\])$/.test(url.hostname);
    return (path ? url.origin == location.origin : url.protocol == 'https:' || (url.protocol == 'http:' && loopback)) &&
      !/[?#]/.test(baseUrl) &&
      !url.username &&
      !url.password
      ? url.href.replace(/\/+$/, '')
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * True when the token is a JWT whose `exp` has passed by this device's clock. Only a hint,
 * to ask a `tokenProvider` or `token-url` for a fresh token: a device clock can be hours
 * off, so no token is refused for it; the server is the judge of expiry.
 */
export const isExpired = (token: string, now = Date.now()): boolean => {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(atob(payload));
    return typeof exp == 'number' && exp * 1000 <= now;
  } catch {
    return false;
  }
};

/**
 * Seconds from a `Retry-After` header: delta-seconds or an HTTP-date (RFC 9110 10.2.3),
 * at most {@link MAX_RETRY_AFTER}. Anything else gives `undefined` (the caller's default),
 * so no header can lock the controls for longer than an hour. A date is read against `now`:
 * pass the response's own `Date` when it has one, so a device clock that is off does not count.
 */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | undefined => {
  const text = (value || '').trim();
  // HTTP dates start with a day name ("Wed, 25 Nov 2026 …", and the two obsolete forms).
  const seconds = /^\d+$/.test(text)
    ? Number(text)
    : /^[a-z]{3}/i.test(text)
      ? Math.ceil((Date.parse(text) - now) / 1000)
      : NaN;
  return seconds == seconds ? Math.min(MAX_RETRY_AFTER, Math.max(0, seconds)) : undefined;
};

/** What an error status means when the body does not say. */
const errorForStatus = (status: number) =>
  ({ 400: 'invalid_request', 401: 'unauthorized', 404: 'not_found', 429: 'too_many_requests' })[status] ??
  (status >= 500 ? 'server_error' : 'invalid_response');

/**
 * One fetch that ends by itself after `timeout` ms or when `signal` aborts, and never throws:
 * the answer with its body text, or the ApiError that says why there is none.
 */
const request = async (
  url: string,
  init: RequestInit,
  { timeout, signal }: ClientOptions,
): Promise<{ response: Response; text: string } | ApiError> => {
  if (signal?.aborted) return { error: 'aborted' };
  // One controller for both ways a request can end early, so the outcome says which.
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort();
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, validTimeout(timeout));
  signal?.addEventListener('abort', onAbort);
  let status: number | undefined;
  try {
    const response = await fetch(url, { ...init, method: 'POST', cache: 'no-store', signal: controller.signal });
    status = response.status;
    return { response, text: await response.text() };
  } catch {
    // fetch rejects on network failure, CORS refusal and abort; a body cut off mid-way
    // rejects response.text() after a status was received.
    if (timedOut) return { error: 'timeout', ...(status && { status }) };
    if (signal?.aborted) return { error: 'aborted' };
    return status ? { error: 'invalid_response', status } : { error: 'network_error' };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
};

/** The JSON object in `text`, if it is one. */
const jsonObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const json: unknown = JSON.parse(text);
    return json && typeof json == 'object' ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const post = async <T>(
  options: ClientOptions,
  path: string,
  body: object | undefined,
  read: (json: Record<string, unknown>) => T | undefined,
): Promise<Result<T>> => {
  const { token } = options;
  const base = resolveBaseUrl(options);
  if (!token) return { error: 'token_required' };
  // A token with a space, a quote or a "smart quote" from a CMS filter: fetch would refuse it
  // before sending, which would look like a network error.
  if (!base || !usableToken(token)) return { error: 'invalid_configuration' };
  const answer = await request(
    base + path,
    {
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
      // The token goes to this origin's Authorization header and nowhere else.
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    },
    options,
  );
  if ('error' in answer) return answer as ApiError;
  const { response, text } = answer;
  const { status } = response;
  const data = jsonObject(text);
  if (response.ok) {
    const value = data && read(data);
    return value ? (value as Result<T>) : { error: 'invalid_response', status };
  }
  const code = data && [data.errorCode, data.error].find((v) => typeof v == 'string' && v);
  const description = data?.errorDescription;
  const { headers } = response;
  // An HTTP date is read against the server's clock (its Date header), not this device's.
  const retryAfter = parseRetryAfter(headers.get('Retry-After'), Date.parse(headers.get('Date')!) || undefined);
  return {
    error: (code as string) || errorForStatus(status),
    status,
    ...(typeof data?.errorCode == 'string' && { errorCode: data.errorCode }),
    ...(typeof description == 'string' && { errorDescription: description }),
    // Every too_many_requests says how long to wait (whatever its status).
    ...((retryAfter !== undefined || status == 429 || code == 'too_many_requests') && { retryAfter: retryAfter ?? DEFAULT_RETRY_AFTER }),
  };
};

/**
 * A token from the site's own backend (`token-url`): `POST`, cookies of this origin, no
 * body; the answer is `{ "token": "..." }` or the token as plain text. Only this page's
 * origin, or `https:`, is asked: anything else is `invalid_configuration`, and nothing is
 * sent. Any failure to get one is `token_unavailable` (with the status when there was one),
 * except `timeout` and `aborted`, which keep their meaning.
 */
export const fetchToken = async (tokenUrl: string, options: ClientOptions = {}): Promise<Result<{ token: string }>> => {
  let url: URL;
  try {
    url = new URL(tokenUrl, document.baseURI);
  } catch {
    return { error: 'invalid_configuration' };
  }
  if (url.origin != location.origin && url.protocol != 'https:') return { error: 'invalid_configuration' };
  // No redirects: one to another origin would get round the origin rule.
  const answer = await request(url.href, { headers: { Accept: 'application/json' }, credentials: 'same-origin', redirect: 'error' }, options);
  if ('error' in answer) {
    return answer.error == 'timeout' || answer.error == 'aborted' ? answer : { ...answer, error: 'token_unavailable' };
  }
  const { response } = answer;
  const text = answer.text.trim();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* plain text */
  }
  // JSON: its `token` (`null` or `"x"` are JSON without one). Plain text counts only if it
  // looks like a token, never an HTML error page.
  const token = json === text ? /^[\w.~+/=-]+$/.test(text) && text : (json as { token?: unknown } | null)?.token;
  return response.ok && usableToken(token) ? { token } : { error: 'token_unavailable', status: response.status };
};
