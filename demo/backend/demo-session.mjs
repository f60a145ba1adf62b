// The demo site's own sign-in, standing in for whatever a real site has: a signed cookie
// that names the signed-in user. Not part of the Authsignal integration; it is only here
// so that the token and validate routes have a "who is signed in" to ask.
//
//   POST /api/demo/sign-in  { userId?, phoneNumber? }  sets the cookie, answers the user
//   POST /api/demo/sign-out                            clears the cookie
//   GET  /api/demo/me                                  the signed-in user, or 401
import { randomBytes, randomUUID } from 'node:crypto';
import { readFields } from './read-body.mjs';
import { readCookie, sign, unsign } from './signed-cookie.mjs';

const COOKIE = 'demo_session';
/** A user id: what Authsignal would accept in a URL path segment, kept short and plain. */
// Not dots alone: the SDK puts the id in the URL path, where "." and ".." are path steps.
const USER_ID = /^(?!\.+$)[A-Za-z0-9._@+-]{1,64}$/;
/** E.164: a plus and up to 15 digits. */
const PHONE_NUMBER = /^\+[1-9]\d{6,14}$/;

/**
 * @typedef {import('./authsignal-routes.mjs').SignedInUser} SignedInUser
 */

/**
 * @param {{ cookieSecret?: string, defaultPhoneNumber?: string }} [options]
 *   cookieSecret: the HMAC key of the cookie (random per process by default, which signs
 *   everyone out on restart); defaultPhoneNumber: for a sign-in that gives none
 */
export function demoSession({ cookieSecret = randomBytes(32).toString('hex'), defaultPhoneNumber = '+15550100199' } = {}) {
  /**
   * The signed-in user, or undefined when the cookie is missing or was not signed here.
   * @param {any} ctx
   * @returns {SignedInUser | undefined}
   */
  function currentUser(ctx) {
    const value = unsign(readCookie(ctx.get('Cookie'), COOKIE), cookieSecret);
    if (!value) return undefined;
    try {
      const { id, phoneNumber } = JSON.parse(value);
      return typeof id === 'string' ? { id, ...(typeof phoneNumber === 'string' && { phoneNumber }) } : undefined;
    } catch {
      return undefined;
    }
  }

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

  /** @param {any} ctx */
  async function signIn(ctx) {
    const fields = await readFields(ctx.req, ctx.get('Content-Type'));
    const userId = fields?.userId ?? `demo-${randomUUID().slice(0, 8)}`;
    const phoneNumber = fields?.phoneNumber ?? defaultPhoneNumber;
    if (typeof userId !== 'string' || !USER_ID.test(userId)) return answer(ctx, 400, { error: 'invalid_user_id' });
    if (typeof phoneNumber !== 'string' || !PHONE_NUMBER.test(phoneNumber)) return answer(ctx, 400, { error: 'invalid_phone_number' });
    const user = { id: userId, phoneNumber };
    // HttpOnly: page scripts cannot read or steal it. SameSite=Lax: another site cannot
    // make the browser post to the token or validate route with it.
    const secure = ctx.get('X-Forwarded-Proto') === 'https' || ctx.protocol === 'https' ? '; Secure' : '';
    ctx.set('Set-Cookie', `${COOKIE}=${sign(JSON.stringify(user), cookieSecret)}; Path=/; HttpOnly; SameSite=Lax${secure}`);
    answer(ctx, 200, user);
  }

  /**
   * @param {any} ctx
   * @param {() => Promise<unknown>} next
   */
  async function middleware(ctx, next) {
    if (ctx.path === '/api/demo/sign-in' && ctx.method === 'POST') return signIn(ctx);
    if (ctx.path === '/api/demo/sign-out' && ctx.method === 'POST') {
      ctx.set('Set-Cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
      return answer(ctx, 200, { signedOut: true });
    }
    if (ctx.path === '/api/demo/me' && ctx.method === 'GET') {
      const user = currentUser(ctx);
      return user ? answer(ctx, 200, user) : answer(ctx, 401, { error: 'not_signed_in' });
    }
    return next();
  }

  return { middleware, currentUser };
}
