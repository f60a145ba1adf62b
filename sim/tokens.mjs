// Bearer tokens: minting them for /sim/token and checking them on the Client API the way
// the real API answers (401 with errorCode invalid_token or expired_token).
import { randomUUID } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt.mjs';

/** @typedef {import('./types.mjs').Session} Session */
/** @typedef {import('./types.mjs').Core} Core */

/** Lifetime of a token, as the Server API's Track Action gives it. */
export const DEFAULT_EXPIRES_IN_SECONDS = 600;
/** Lifetime of the accessToken a verified code is answered with. */
const ACCESS_TOKEN_SECONDS = 600;

/**
 * @typedef {object} TokenOptions
 * @property {string} [userId]
 * @property {number} [expiresIn] seconds; negative gives an already-expired token
 * @property {number} [codeLength]
 * @property {{ max: number, windowSeconds: number }} [startLimit]
 */

/**
 * @typedef {object} IssuedToken
 * @property {string} token
 * @property {string} expiresAt ISO 8601
 * @property {string} tokenId the jti, as inbox messages name it
 * @property {string} userId
 */

/**
 * Checks /sim/token options; returns a description of the first problem, if any.
 * @param {Record<string, unknown>} options
 * @returns {string | undefined}
 */
export function tokenOptionsProblem(options) {
  const known = ['userId', 'expiresIn', 'codeLength', 'startLimit'];
  const unknown = Object.keys(options).find((key) => !known.includes(key));
  if (unknown) return `Unknown option "${unknown}"; known: ${known.join(', ')}.`;
  const { userId, expiresIn, codeLength, startLimit } = options;
  if (userId !== undefined && (typeof userId !== 'string' || userId === '')) {
    return 'userId must be a non-empty string.';
  }
  if (expiresIn !== undefined && !Number.isFinite(expiresIn)) {
    return 'expiresIn must be a number of seconds.';
  }
  if (codeLength !== undefined && !(typeof codeLength === 'number' && Number.isInteger(codeLength) && codeLength >= 1 && codeLength <= 32)) {
    return 'codeLength must be an integer from 1 to 32.';
  }
  if (startLimit !== undefined) {
    const limit = /** @type {any} */ (startLimit);
    if (
      !limit ||
      typeof limit !== 'object' ||
      !(Number.isInteger(limit.max) && limit.max >= 1) ||
      !(Number.isFinite(limit.windowSeconds) && limit.windowSeconds > 0) ||
      Object.keys(limit).some((key) => key !== 'max' && key !== 'windowSeconds')
    ) {
      return 'startLimit must be { max: integer >= 1, windowSeconds: number > 0 }.';
    }
  }
  return undefined;
}

/**
 * What a Server API track binds a token to; /sim/token tokens have none of it.
 * @typedef {object} TokenBinding
 * @property {import('./actions.mjs').TrackedAction} [action]
 * @property {string} [phoneNumber]
 * @property {string} [locale] the language the WhatsApp message would be sent in
 */

/**
 * Mints a token and the session that goes with it. Options must have passed
 * tokenOptionsProblem.
 * @param {Pick<Core, 'secret' | 'now' | 'sessions'>} core
 * @param {TokenOptions} [options]
 * @param {TokenBinding} [binding] the tracked action and phone number, for a track
 * @returns {IssuedToken}
 */
export function issueToken(core, options = {}, binding = {}) {
  const nowSeconds = Math.floor(core.now() / 1000);
  const exp = Math.floor(nowSeconds + (options.expiresIn ?? DEFAULT_EXPIRES_IN_SECONDS));
  const jti = randomUUID();
  const userId = options.userId ?? `user-${randomUUID()}`;
  core.sessions.create({
    tokenId: jti,
    userId,
    expiresAt: exp * 1000,
    ...(options.codeLength !== undefined && { codeLength: options.codeLength }),
    ...(options.startLimit && {
      startLimit: { max: options.startLimit.max, windowMs: options.startLimit.windowSeconds * 1000 },
    }),
    action: binding.action,
    phoneNumber: binding.phoneNumber,
    locale: binding.locale,
  });
  const token = signJwt({ sub: userId, iat: nowSeconds, exp, jti }, core.secret);
  return { token, expiresAt: new Date(exp * 1000).toISOString(), tokenId: jti, userId };
}

/**
 * Claims of a bearer token this simulator issued, expired or not. Access tokens are signed
 * with the same secret but say `verified: true`, so they are not accepted as bearer tokens.
 * @param {string} token
 * @param {string} secret
 * @returns {Record<string, any> | undefined}
 */
export function bearerClaims(token, secret) {
  const claims = verifyJwt(token, secret);
  if (!claims || typeof claims.jti !== 'string' || !Number.isFinite(claims.exp)) return undefined;
  // An accessToken has a jti too (its own name), but it proves a verified code, nothing more.
  if (claims.verified === true) return undefined;
  return claims;
}

/**
 * The token in an `Authorization: Bearer <token>` header.
 * @param {string} header
 * @returns {string | undefined}
 */
export function bearerToken(header) {
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

/**
 * @typedef {{ ok: true, session: Session, claims: Record<string, any> }
 *   | { ok: false, body: { error: string, errorCode?: string, errorDescription: string } }} AuthResult
 */

/**
 * The Client API's bearer check.
 * @param {Pick<Core, 'secret' | 'now' | 'sessions'>} core
 * @param {string} authorization the request's Authorization header
 * @returns {AuthResult}
 */
export function authenticate(core, authorization) {
  const token = bearerToken(authorization);
  if (!token) {
    return {
      ok: false,
      body: {
        error: 'unauthorized',
        errorDescription: 'The Authorization header must be "Bearer <token>".',
      },
    };
  }
  const claims = bearerClaims(token, core.secret);
  if (!claims) {
    return {
      ok: false,
      body: { error: 'unauthorized', errorCode: 'invalid_token', errorDescription: 'The token is invalid.' },
    };
  }
  if (core.now() >= claims.exp * 1000) {
    return {
      ok: false,
      body: { error: 'unauthorized', errorCode: 'expired_token', errorDescription: 'The token has expired.' },
    };
  }
  // Defined for any unexpired token: forClaims only refuses long-expired ones.
  const session = /** @type {Session} */ (core.sessions.forClaims(claims));
  return { ok: true, session, claims };
}

/**
 * The token a verified code is answered with. `jti` names it (so /sim/expire can end it
 * early) and `tid` names the bearer token whose challenge it proves (so the Server API's
 * validate finds the tracked action).
 * @param {Pick<Core, 'secret' | 'now'>} core
 * @param {{ sub: string, challengeId: string, tokenId: string }} subject
 * @returns {string}
 */
export function issueAccessToken(core, { sub, challengeId, tokenId }) {
  const iat = Math.floor(core.now() / 1000);
  const claims = { sub, challengeId, verified: true, iat, exp: iat + ACCESS_TOKEN_SECONDS, jti: randomUUID(), tid: tokenId };
  return signJwt(claims, core.secret);
}

/**
 * Claims of an accessToken this simulator issued and that has not expired: what the
 * site's backend would check through the Server API.
 * @param {Pick<Core, 'secret' | 'now'>} core
 * @param {string} token
 * @returns {Record<string, any> | undefined}
 */
export function accessTokenClaims(core, token) {
  const claims = verifyJwt(token, core.secret);
  if (!claims || claims.verified !== true || !Number.isFinite(claims.exp)) return undefined;
  return core.now() < claims.exp * 1000 ? claims : undefined;
}
