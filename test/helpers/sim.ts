/**
 * The tests' handle on the local simulator (sim/), served by the test server itself, so
 * every request in these tests is real HTTP. Each test takes its own token: the three
 * browsers run in parallel against one simulator, and its state is kept per token.
 */

/** The Client API base URL of the simulator, on this page's own (loopback) origin. */
export const SIM_API = `${location.origin}/v1/client`;

/**
 * The same simulator under another origin (127.0.0.1 instead of localhost, or back), so
 * the browser applies CORS for real: preflight, allowed headers, exposed headers.
 */
export const CROSS_ORIGIN_SIM_API = `${location.protocol}//${
  location.hostname == 'localhost' ? '127.0.0.1' : 'localhost'
}:${location.port}/v1/client`;

/** What the simulator answers instead of its normal behaviour (sim/README.md). */
export interface Fault {
  route?: 'challenge' | 'verify';
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  delayMs?: number;
  bodyDelayMs?: number;
  drop?: 'before-headers' | 'mid-body';
  cors?: false;
}

export interface TokenOptions {
  userId?: string;
  expiresIn?: number;
  codeLength?: number;
  startLimit?: { max: number; windowSeconds: number };
}

const json = async (path: string, body?: unknown) => {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.status == 204 ? undefined : response.json();
};

/** A fresh signed test token (a JWT with `exp`), valid 10 minutes unless told otherwise. */
export const newToken = async (options: TokenOptions = {}): Promise<string> =>
  (await json('/sim/token', options)).token;

/** Queues scripted answers for the next Client API requests made with `token`. */
export const scriptFaults = (token: string, ...faults: Fault[]): Promise<void> =>
  json('/sim/faults', { token, faults });

export interface InboxMessage {
  challengeId: string;
  code: string;
  sentAt: string;
}

/** The WhatsApp messages the simulator "sent" for `token`, newest first. */
export const inbox = async (token: string): Promise<InboxMessage[]> =>
  (await json(`/sim/inbox?token=${encodeURIComponent(token)}`)).messages;

export interface LoggedRequest {
  method: string;
  path: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Every request the simulator saw that carried `token` anywhere. */
export const requestsWith = async (token: string): Promise<LoggedRequest[]> =>
  (await json(`/sim/requests?token=${encodeURIComponent(token)}`)).requests;

/** The start requests (POST /challenge/whatsapp) made with `token`. */
export const startRequests = async (token: string): Promise<LoggedRequest[]> =>
  (await requestsWith(token)).filter((r) => r.method == 'POST' && r.path.endsWith('/challenge/whatsapp'));

/** A JWT-shaped token whose payload is given (unsigned: for client-side checks only). */
export const fakeJwt = (payload: object): string =>
  ['{"alg":"none"}', JSON.stringify(payload)].map((p) => btoa(p).replace(/=+$/, '')).join('.') + '.sig';
