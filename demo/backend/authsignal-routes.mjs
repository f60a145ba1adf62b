// The two routes every site that uses <authsignal-whatsapp-challenge> needs, as Koa-style
// middleware `(ctx, next)` (it runs in @web/dev-server, @web/test-runner and Koa as is):
//
//   POST /api/authsignal/token     tracks the action for the signed-in user, answers { token }
//                                  (what the element's token-url expects)
//   POST /api/authsignal/validate  { token } as JSON, or the form field authsignal_token:
//                                  lets the person through only when Authsignal says the
//                                  challenge for THIS user and THIS action succeeded, once
//
// The browser's `challenge-verified` event proves nothing by itself: anyone can post any
// string. Only the Server API's answer to validateChallenge, checked field by field, does.
import { AuthsignalError } from '@authsignal/node';
import { readFields } from './read-body.mjs';

/**
 * How long a tracked action may wait for its verified token: the track token lives 10
 * minutes, and a code verified just before its end gives a token valid 10 minutes more.
 */
const PENDING_FOR_MS = 30 * 60 * 1000;
/** Caps on what is kept in memory; a real site keeps this in its session store or database. */
const MAX_KEPT = 10_000;
/** Longer than any token Authsignal issues; a longer string is refused before any call. */
const MAX_TOKEN_LENGTH = 4096;

/**
 * @typedef {object} SignedInUser
 * @property {string} id the user id Authsignal knows the person by
 * @property {string} [phoneNumber] where the WhatsApp code goes (E.164)
 */

/**
 * @typedef {Pick<import('@authsignal/node').Authsignal, 'track' | 'validateChallenge'>} AuthsignalClient
 */

/**
 * @typedef {object} AuthsignalRoutesOptions
 * @property {AuthsignalClient | ((ctx: any) => AuthsignalClient)} authsignal an Authsignal
 *   client of the Node SDK (made with the secret key and the API URL), or a function of
 *   the request that returns one (the demo's simulator lives on the same server as the page)
 * @property {(ctx: any) => SignedInUser | undefined} currentUser who is signed in, from the
 *   site's own session (here: a signed cookie); undefined when nobody is
 * @property {string} action the action code to track and to accept, e.g. "signIn"
 * @property {string} [prefix] where the routes live; default "/api/authsignal"
 * @property {() => number} [now] the clock, epoch ms
 */

/**
 * @param {any} ctx
 * @param {number} status
 * @param {unknown} payload
 */
function answer(ctx, status, payload) {
  ctx.set('Content-Type', 'application/json');
  ctx.set('Cache-Control', 'no-store');
  ctx.status = status;
  ctx.body = JSON.stringify(payload);
}

/**
 * Drops the oldest entries of a Map (or Set) past `max`; insertion order is age order.
 * @param {Map<unknown, unknown> | Set<unknown>} kept
 * @param {number} max
 */
function trim(kept, max) {
  while (kept.size > max) kept.delete(kept.keys().next().value);
}

/**
 * @param {AuthsignalRoutesOptions} options
 * @returns {(ctx: any, next: () => Promise<unknown>) => Promise<unknown>}
 */
export function authsignalRoutes({ authsignal, currentUser, action, prefix = '/api/authsignal', now = Date.now }) {
  const clientFor = typeof authsignal === 'function' ? authsignal : () => authsignal;

  /**
   * Actions this server tracked and has not yet accepted a token for, by idempotency key.
   * A verified token must name one of them, of the same user and action: proof that the
   * challenge is the one this site asked for, not one started somewhere else.
   * @type {Map<string, { userId: string, action: string, trackedAt: number }>}
   */
  const pending = new Map();
  /** Tokens already presented to validate, used or refused: each is looked at once. @type {Set<string>} */
  const seenTokens = new Set();

  function forgetOldPending() {
    for (const [key, entry] of pending) {
      if (now() - entry.trackedAt < PENDING_FOR_MS) break;
      pending.delete(key);
    }
  }

  /** POST {prefix}/token */
  async function issueToken(/** @type {any} */ ctx) {
    const user = currentUser(ctx);
    if (!user) return answer(ctx, 401, { error: 'not_signed_in' });
    try {
      const { token, idempotencyKey } = await clientFor(ctx).track({
        userId: user.id,
        action,
        attributes: {
          ...(user.phoneNumber && { phoneNumber: user.phoneNumber }),
          // Authsignal's rules can use these; they come from the connection, not the page.
          ipAddress: ctx.req.socket.remoteAddress,
          userAgent: ctx.get('User-Agent'),
        },
      });
      forgetOldPending();
      pending.set(idempotencyKey, { userId: user.id, action, trackedAt: now() });
      trim(pending, MAX_KEPT);
      answer(ctx, 200, { token });
    } catch (error) {
      console.error('authsignal track failed:', /** @type {Error} */ (error).message);
      answer(ctx, 502, { error: 'authsignal_unavailable' });
    }
  }

  /** POST {prefix}/validate */
  async function validateToken(/** @type {any} */ ctx) {
    const user = currentUser(ctx);
    if (!user) return answer(ctx, 401, { ok: false, reason: 'not_signed_in' });
    const fields = await readFields(ctx.req, ctx.get('Content-Type'));
    const token = fields?.token ?? fields?.authsignal_token;
    if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH) {
      return answer(ctx, 400, { ok: false, reason: 'token_missing' });
    }
    // --- the README's example ---------------------------------------------------------
    // Rule: each token once. Claimed before the call, so two posts of one token at the
    // same moment cannot both get through.
    if (seenTokens.has(token)) return answer(ctx, 403, { ok: false, reason: 'token_already_used' });
    seenTokens.add(token);
    trim(seenTokens, MAX_KEPT);

    let result;
    try {
      // Passing userId and action makes Authsignal check them too; they are checked again
      // below, because the rule is this site's to keep, whatever an API answers.
      result = await clientFor(ctx).validateChallenge({ token, userId: user.id, action });
    } catch (error) {
      if (error instanceof AuthsignalError && error.statusCode === 400) {
        // A token Authsignal does not know: forged, or for another tenant.
        return answer(ctx, 403, { ok: false, reason: 'token_invalid' });
      }
      // Authsignal could not be asked, or refused this backend (a wrong or rotated secret key
      // is a 401, a rate limit a 429): the token was not judged, so it may be tried again.
      seenTokens.delete(token);
      console.error('authsignal validate failed:', /** @type {Error} */ (error).message);
      return answer(ctx, 502, { ok: false, reason: 'authsignal_unavailable' });
    }

    // Rule: Authsignal says the token is valid AND the challenge succeeded (a token from a
    // started but unverified challenge, or an expired one, has isValid false).
    if (result.isValid !== true || result.state !== 'CHALLENGE_SUCCEEDED') {
      return answer(ctx, 403, { ok: false, reason: 'not_verified', state: result.state ?? null });
    }
    // Rule: the challenge was passed by the person signed in here, not by another account.
    if (result.userId !== user.id) return answer(ctx, 403, { ok: false, reason: 'wrong_user' });
    // Rule: for the action this route guards, not for a cheaper one elsewhere on the site.
    if (result.action !== action) return answer(ctx, 403, { ok: false, reason: 'wrong_action' });
    // Rule: for an action this server tracked for this user, and not accepted before.
    const tracked = result.idempotencyKey === undefined ? undefined : pending.get(result.idempotencyKey);
    // The same rule whatever else happens: old entries are dropped only when someone tracks.
    if (!tracked || tracked.userId !== user.id || tracked.action !== action || now() - tracked.trackedAt >= PENDING_FOR_MS) {
      return answer(ctx, 403, { ok: false, reason: 'not_tracked_here' });
    }
    pending.delete(/** @type {string} */ (result.idempotencyKey));
    // ------------------------------------------------------------------------------------

    // Here a real site does what the challenge protected: signs the person in, changes
    // the phone number, sends the money.
    answer(ctx, 200, {
      ok: true,
      userId: result.userId,
      action: result.action,
      state: result.state,
      idempotencyKey: result.idempotencyKey,
      verifiedAt: result.stateUpdatedAt ?? null,
    });
  }

  return async function authsignalMiddleware(ctx, next) {
    if (ctx.path !== `${prefix}/token` && ctx.path !== `${prefix}/validate`) return next();
    if (ctx.method !== 'POST') {
      ctx.set('Allow', 'POST');
      return answer(ctx, 405, { error: 'method_not_allowed' });
    }
    return ctx.path === `${prefix}/token` ? issueToken(ctx) : validateToken(ctx);
  };
}
