// Scripted answers: what a test queues with POST /sim/faults to make the next Client API
// call for a token fail in a chosen way. This file checks a fault's shape and picks the
// fault a request gets; fault-response.mjs plays it.
import { validateHeaderName, validateHeaderValue } from 'node:http';

/** @typedef {import('./types.mjs').Fault} Fault */
/** @typedef {import('./types.mjs').Session} Session */

/** Longest delay a fault may ask for: longer than any client timeout worth testing. */
export const MAX_DELAY_MS = 120_000;

/** Statuses whose answers never carry a body. */
export const BODYLESS_STATUSES = new Set([204, 205, 304]);

const KEYS = ['route', 'status', 'headers', 'body', 'rawBody', 'delayMs', 'bodyDelayMs', 'drop', 'cors'];

/**
 * @param {unknown} fault
 * @returns {string | undefined} what is wrong with it, if anything
 */
function faultProblem(fault) {
  if (!fault || typeof fault !== 'object' || Array.isArray(fault)) return 'must be an object';
  const f = /** @type {Record<string, any>} */ (fault);
  // Refusing unknown keys turns a typo ("delay") into an error instead of a test that
  // silently checks the normal answer.
  const unknown = Object.keys(f).find((key) => !KEYS.includes(key));
  if (unknown) return `has an unknown key "${unknown}" (known: ${KEYS.join(', ')})`;
  if (f.route !== undefined && f.route !== 'challenge' && f.route !== 'verify') {
    return 'route must be "challenge" or "verify"';
  }
  if (f.status !== undefined && !(Number.isInteger(f.status) && f.status >= 200 && f.status <= 599)) {
    return 'status must be an integer from 200 to 599';
  }
  if (f.headers !== undefined) {
    if (!f.headers || typeof f.headers !== 'object' || Array.isArray(f.headers)) return 'headers must be an object';
    for (const [name, value] of Object.entries(f.headers)) {
      if (typeof value !== 'string') return `header "${name}" must be a string`;
      try {
        validateHeaderName(name);
        validateHeaderValue(name, value);
      } catch (error) {
        return `header "${name}" is invalid: ${/** @type {Error} */ (error).message}`;
      }
    }
  }
  if (f.body !== undefined && f.rawBody !== undefined) return 'give body or rawBody, not both';
  if (f.rawBody !== undefined && typeof f.rawBody !== 'string') return 'rawBody must be a string';
  for (const key of ['delayMs', 'bodyDelayMs']) {
    if (f[key] !== undefined && !(Number.isFinite(f[key]) && f[key] >= 0 && f[key] <= MAX_DELAY_MS)) {
      return `${key} must be a number of milliseconds from 0 to ${MAX_DELAY_MS}`;
    }
  }
  if (f.drop !== undefined && f.drop !== 'before-headers' && f.drop !== 'mid-body') {
    return 'drop must be "before-headers" or "mid-body"';
  }
  if (f.drop === 'mid-body' && (faultBody(f).length === 0 || BODYLESS_STATUSES.has(f.status))) {
    return 'drop "mid-body" needs a non-empty body or rawBody to cut, and a status that has a body';
  }
  if (f.cors !== undefined && f.cors !== false) return 'cors can only be false';
  return undefined;
}

/**
 * @param {unknown} faults the `faults` of a POST /sim/faults body
 * @returns {{ faults: Fault[] } | { problem: string }}
 */
export function parseFaults(faults) {
  if (!Array.isArray(faults)) return { problem: 'faults must be an array.' };
  for (const [index, fault] of faults.entries()) {
    const problem = faultProblem(fault);
    if (problem) return { problem: `faults[${index}] ${problem}.` };
  }
  // Copies, so a caller mutating its objects later changes nothing queued.
  return { faults: faults.map((fault) => structuredClone(fault)) };
}

/**
 * The bytes a fault answers with: rawBody verbatim, body as JSON, or nothing.
 * @param {Fault} fault
 * @returns {Buffer}
 */
export function faultBody(fault) {
  if (fault.rawBody !== undefined) return Buffer.from(fault.rawBody, 'utf8');
  if (fault.body !== undefined) return Buffer.from(JSON.stringify(fault.body) ?? '', 'utf8');
  return Buffer.alloc(0);
}

/**
 * Takes the fault a request on `route` gets: the first queued one for that route (or for
 * any route); faults for the other route stay queued. See guardAgainstResend for the
 * exception.
 * @param {Session} session
 * @param {'challenge' | 'verify'} route
 * @param {number} realNow monotonic ms (transport timing, not the simulator's clock)
 * @returns {Fault | undefined}
 */
export function takeFault(session, route, realNow) {
  const guard = session.resendGuard;
  session.resendGuard = undefined;
  if (guard && guard.route === route && realNow <= guard.until) return guard.fault;
  const index = session.faults.findIndex((fault) => fault.route === undefined || fault.route === route);
  if (index === -1) return undefined;
  return session.faults.splice(index, 1)[0];
}

/**
 * User agents that resend a request, POST included, when a reused keep-alive connection
 * closes before any response header arrives (they take it for a stale idle connection).
 * Measured here: Chromium and Firefox resend; WebKitGTK (libsoup) and Node's fetch do not.
 */
const RESENDING_AGENTS = /(Chrome|Chromium|Firefox)\//;

/**
 * Without care, a 'before-headers' drop on a reused connection would be answered normally
 * on the browser's silent resend, and the page would never see the failure. So after such a
 * drop, for a browser that resends, the same fault also answers the next request for that
 * token and route if it comes within `windowMs`. A drop on a fresh connection is final:
 * no browser resends then.
 * @param {Session} session
 * @param {'challenge' | 'verify'} route
 * @param {Fault} fault
 * @param {{ connectionReused: boolean, userAgent: string, realNow: number, windowMs: number }} when
 */
export function guardAgainstResend(session, route, fault, { connectionReused, userAgent, realNow, windowMs }) {
  const resends = connectionReused && windowMs > 0 && RESENDING_AGENTS.test(userAgent);
  session.resendGuard = resends ? { route, fault, until: realNow + windowMs } : undefined;
}
