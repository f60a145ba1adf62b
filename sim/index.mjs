// A local stand-in for Authsignal's Client API (the WhatsApp routes), as Koa middleware for
// @web/dev-server and @web/test-runner. See README.md for the routes and the Fault shape.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ActionStore } from './actions.mjs';
import { startChallenge, verifyChallenge } from './client-api.mjs';
import { answerControlRoute, expireAccessTokenIn, isControlRoute, queueFaultsFor } from './control-api.mjs';
import { guardAgainstResend, takeFault } from './faults.mjs';
import { playFault } from './fault-response.mjs';
import { CLIENT_METHODS, answerPreflight, readBody, sendError, sendJson } from './http.mjs';
import { Inbox } from './inbox.mjs';
import { RequestLog } from './request-log.mjs';
import { answerServerRoute, isServerRoute } from './server-api.mjs';
import { SessionStore } from './sessions.mjs';
import { accessTokenClaims, authenticate, bearerClaims, bearerToken, issueToken, tokenOptionsProblem } from './tokens.mjs';

/** @typedef {import('./types.mjs').Ctx} Ctx */
/** @typedef {import('./types.mjs').Fault} Fault */

/**
 * The Server API's secret key when none is given: public, for the demo and the tests only.
 * A backend passes it as the Node SDK's `apiSecretKey`.
 */
export const DEFAULT_SECRET_KEY = 'sim-secret-key-for-local-testing-only';

/** Where the element's base-url points: `http://host:port/v1/client`. */
export const CLIENT_API_BASE = '/v1/client';

/** @type {Record<string, 'challenge' | 'verify'>} */
const CLIENT_ROUTES = {
  [`${CLIENT_API_BASE}/challenge/whatsapp`]: 'challenge',
  [`${CLIENT_API_BASE}/verify/whatsapp`]: 'verify',
};

/**
 * @typedef {object} SimulatorOptions
 * @property {string} [secretKey] the Server API's secret key (HTTP Basic user name);
 *   DEFAULT_SECRET_KEY by default
 * @property {string} [secret] HS256 secret for the tokens; random per process by default
 * @property {() => number} [now] the clock, epoch ms: token expiry, code expiry, rate limit
 * @property {number} [logLimit] requests kept in the log (default 2000)
 * @property {boolean} [hidePassThroughSecrets] /sim/requests leaves out the cookie and
 *   Authorization of requests that only pass through (a site's own routes, the Server API):
 *   for a demo that visitors reach (npm start); tests read them
 * @property {number} [resendWindowMs] how long a 'before-headers' drop on a reused
 *   connection also answers Chromium's and Firefox's silent resend of the request
 *   (default 1000; 0 turns it off); see guardAgainstResend in faults.mjs
 */

/**
 * @param {SimulatorOptions} [options]
 */
export function createSimulator(options = {}) {
  const now = options.now ?? Date.now;
  /** @type {import('./types.mjs').Core} */
  const core = {
    secret: options.secret ?? randomBytes(32).toString('hex'),
    now,
    sessions: new SessionStore(now),
    inbox: new Inbox(),
    log: new RequestLog(options.logLimit ?? 2000, now),
    hidePassThroughSecrets: options.hidePassThroughSecrets ?? false,
    secretKey: options.secretKey ?? DEFAULT_SECRET_KEY,
    actions: new ActionStore(),
    expiredAccessTokens: new Set(),
  };
  // HTTP Basic cannot carry a user name with a colon (RFC 7617): such a key could never be sent.
  if (typeof core.secretKey !== 'string' || core.secretKey === '' || core.secretKey.includes(':')) {
    throw new TypeError('secretKey must be a non-empty string without ":".');
  }
  const resendWindowMs = options.resendWindowMs ?? 1000;
  /** Requests seen per connection, to tell a reused keep-alive connection from a fresh one. */
  const requestsPerSocket = new WeakMap();

  /** @param {Ctx} ctx */
  function connectionReused(ctx) {
    const socket = ctx.req.socket;
    if (!socket) return false;
    const seen = requestsPerSocket.get(socket) ?? 0;
    requestsPerSocket.set(socket, seen + 1);
    return seen > 0;
  }

  /**
   * @param {Ctx} ctx
   * @param {'challenge' | 'verify'} route
   * @param {import('./request-log.mjs').LoggedRequest} entry
   * @param {boolean} reused
   */
  async function answerClientRoute(ctx, route, entry, reused) {
    if (ctx.method === 'OPTIONS') return answerPreflight(ctx, CLIENT_METHODS);
    const body = await readBody(ctx.req);
    entry.body = body.text;
    if (ctx.method !== 'POST') {
      return sendError(ctx, 405, 'method_not_allowed', `${ctx.path} answers POST.`, { Allow: CLIENT_METHODS });
    }

    // A fault replaces the whole answer, before the bearer check, so that it can also
    // script a 401 for a good token or a success for an expired one.
    const token = bearerToken(ctx.get('Authorization'));
    const claims = token && bearerClaims(token, core.secret);
    const faultSession = claims && core.sessions.forClaims(claims);
    const fault = faultSession && takeFault(faultSession, route, performance.now());
    if (faultSession && fault) {
      await playFault(ctx, fault);
      if (fault.drop === 'before-headers') {
        guardAgainstResend(faultSession, route, fault, {
          connectionReused: reused,
          userAgent: ctx.get('User-Agent'),
          realNow: performance.now(),
          windowMs: resendWindowMs,
        });
      }
      return;
    }

    if (body.tooLarge) return sendError(ctx, 413, 'invalid_request', 'The body is too large.');
    const auth = authenticate(core, ctx.get('Authorization'));
    if (!auth.ok) return sendJson(ctx, 401, auth.body);
    if (route === 'challenge') startChallenge(core, ctx, auth.session);
    else verifyChallenge(core, ctx, auth.session, body.text);
  }

  /**
   * Koa middleware: answers the Client API, Server API and /sim/ routes, passes everything
   * else on.
   * @param {Ctx} ctx
   * @param {() => Promise<unknown>} next
   */
  async function middleware(ctx, next) {
    core.sessions.sweep();
    const reused = connectionReused(ctx);
    // Control traffic is the test's own, not the page's: logging it would put the token in
    // the log where the page never sent it.
    if (isControlRoute(ctx.path)) return answerControlRoute(core, ctx);

    const route = CLIENT_ROUTES[ctx.path];
    if (route) return answerClientRoute(ctx, route, core.log.record(ctx), reused);
    if (isServerRoute(ctx.path)) return answerServerRoute(core, ctx, core.log.record(ctx));

    try {
      core.log.captureBodyAsRead(ctx.req, core.log.record(ctx));
    } catch {
      // Logging must never break a request that is not ours.
    }
    return next();
  }

  return {
    middleware,

    /**
     * Mints a bearer token, as POST /sim/token does.
     * @param {import('./tokens.mjs').TokenOptions} [tokenOptions]
     */
    issueToken(tokenOptions = {}) {
      const problem = tokenOptionsProblem(/** @type {Record<string, unknown>} */ (tokenOptions));
      if (problem) throw new TypeError(problem);
      return issueToken(core, tokenOptions);
    },

    /**
     * Queues faults for a token, as POST /sim/faults does.
     * @param {string} token
     * @param {Fault[]} faults
     */
    queueFaults(token, faults) {
      const problem = queueFaultsFor(core, token, faults);
      if (problem) throw new TypeError(problem);
    },

    /**
     * The inbox, as GET /sim/inbox returns it: recent messages, or all of one token's.
     * @param {string} [token]
     */
    inbox(token) {
      if (token === undefined) return core.inbox.recent();
      const claims = bearerClaims(token, core.secret);
      return claims ? core.inbox.forSession(core.sessions.forClaims(claims)) : [];
    },

    /**
     * The request log, as GET /sim/requests returns it.
     * @param {string} [token]
     */
    requests(token) {
      return token === undefined ? core.log.all() : core.log.carrying(token);
    },

    /**
     * Ends an accessToken's life now, as POST /sim/expire does: validate then answers
     * isValid false for it.
     * @param {string} accessToken
     */
    expireAccessToken(accessToken) {
      const problem = expireAccessTokenIn(core, accessToken);
      if (problem) throw new TypeError(problem);
    },

    /**
     * Claims of an accessToken the simulator answered a verified code with, or undefined
     * when it is not one, or has expired: the check a site's backend would make.
     * @param {string} accessToken
     */
    verifyAccessToken(accessToken) {
      return accessTokenClaims(core, accessToken);
    },
  };
}
