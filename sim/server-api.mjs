// The Server API routes a site's backend calls, as @authsignal/node (2.x) sends them:
//   POST /v1/users/{userId}/actions/{action}                   track  -> a Client API token
//   POST /v1/validate                                          validate a verified token
//   GET  /v1/users/{userId}/actions/{action}/{idempotencyKey}  the action's state
// HTTP Basic auth with the secret key as the user name. No CORS headers: the secret key
// belongs on a server, and a page on another origin has no business reading these answers.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { ActionStore } from './actions.mjs';
import { parseJsonObject, readBody } from './http.mjs';
import { verifyJwt } from './jwt.mjs';
import { bearerClaims, issueToken } from './tokens.mjs';

/** @typedef {import('./types.mjs').Core} Core */
/** @typedef {import('./types.mjs').Ctx} Ctx */
/** @typedef {import('./actions.mjs').TrackedAction} TrackedAction */

/** Where the Server API lives: `http://host:port/v1` is @authsignal/node's `apiUrl`. */
export const SERVER_API_BASE = '/v1';

/** Longest user id, action code or idempotency key accepted in a path. */
const MAX_SEGMENT_LENGTH = 255;

/**
 * @param {string} path
 * @returns {boolean} whether the path belongs to the Server API (the Client API is under /v1/client)
 */
export const isServerRoute = (path) => path === `${SERVER_API_BASE}/validate` || path.startsWith(`${SERVER_API_BASE}/users/`);

/**
 * @param {Ctx} ctx
 * @param {number} status
 * @param {unknown} payload
 * @param {Record<string, string>} [headers]
 */
function answer(ctx, status, payload, headers = {}) {
  for (const [name, value] of Object.entries({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers })) {
    ctx.set(name, value);
  }
  ctx.status = status;
  ctx.body = JSON.stringify(payload);
}

/**
 * @param {Ctx} ctx
 * @param {number} status
 * @param {string} error
 * @param {string} errorDescription
 * @param {Record<string, string>} [headers]
 */
const fail = (ctx, status, error, errorDescription, headers) => answer(ctx, status, { error, errorDescription }, headers);

/** @param {string} text */
const sha256 = (text) => createHash('sha256').update(text).digest();

/**
 * Whether `Authorization: Basic base64(key:)` carries the secret key. The password is
 * ignored (the SDK sends an empty one). Hashing both sides first makes the comparison
 * constant-time whatever the lengths.
 * @param {string} authorization
 * @param {string} secretKey
 */
export function hasSecretKey(authorization, secretKey) {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization);
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return timingSafeEqual(sha256(user), sha256(secretKey));
}

/**
 * Path segments after /v1/users/, decoded; undefined when one is empty, too long or badly
 * encoded.
 * @param {string} path
 * @returns {string[] | undefined}
 */
function userPathSegments(path) {
  const raw = path.slice(`${SERVER_API_BASE}/users/`.length).split('/');
  try {
    const segments = raw.map((segment) => decodeURIComponent(segment));
    return segments.every((s) => s !== '' && s.length <= MAX_SEGMENT_LENGTH) ? segments : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What validate and getAction say about an action.
 * @param {TrackedAction} action
 */
const stateOf = (action) => ({
  state: action.state,
  stateUpdatedAt: action.stateUpdatedAt,
  ...(action.verificationMethod && { verificationMethod: action.verificationMethod }),
});

/**
 * POST /v1/users/{userId}/actions/{action}. The body is the track attributes, of which the
 * simulator uses `phoneNumber` (the WhatsApp recipient shown in the inbox),
 * `idempotencyKey` and `locale`; the others are accepted and ignored.
 * @param {Core} core
 * @param {Ctx} ctx
 * @param {string} userId
 * @param {string} actionCode
 * @param {string} bodyText
 */
function track(core, ctx, userId, actionCode, bodyText) {
  const attributes = parseJsonObject(bodyText);
  if (!attributes) return fail(ctx, 400, 'invalid_request', 'The body must be a JSON object of track attributes.');
  for (const name of ['phoneNumber', 'idempotencyKey', 'locale']) {
    const value = attributes[name];
    if (value !== undefined && (typeof value !== 'string' || value === '' || value.length > MAX_SEGMENT_LENGTH)) {
      return fail(ctx, 400, 'invalid_request', `${name} must be a non-empty string.`);
    }
  }
  const phoneNumber = core.actions.phoneNumberOf(userId, /** @type {string | undefined} */ (attributes.phoneNumber));
  const action = core.actions.track({
    userId,
    actionCode,
    idempotencyKey: /** @type {string | undefined} */ (attributes.idempotencyKey) ?? randomUUID(),
    now: core.now(),
  });
  const locale = /** @type {string | undefined} */ (attributes.locale);
  const { token } = issueToken(core, { userId }, { action, phoneNumber, ...(locale && { locale }) });
  const origin = `${ctx.get('X-Forwarded-Proto') === 'https' ? 'https' : 'http'}://${ctx.get('Host') || 'localhost'}`;
  answer(ctx, 200, {
    token,
    state: action.state,
    idempotencyKey: action.idempotencyKey,
    // Authsignal's pre-built UI; the simulator has none, so this only has the right shape.
    url: `${origin}/sim/prebuilt-ui?token=${token}`,
    isEnrolled: phoneNumber !== undefined,
  });
}

/**
 * POST /v1/validate `{ token, userId?, action? }`. The token is the accessToken of a
 * verified code (the element's `challenge-verified` detail.token). isValid is true only
 * for that token, unexpired, of the user and action given (when given), while its action
 * is CHALLENGE_SUCCEEDED. A track token (not yet verified) is answered with its action's
 * state and isValid false. A token the simulator did not sign is a 400.
 * @param {Core} core
 * @param {Ctx} ctx
 * @param {string} bodyText
 */
function validate(core, ctx, bodyText) {
  const body = parseJsonObject(bodyText);
  if (!body || typeof body.token !== 'string' || body.token === '') {
    return fail(ctx, 400, 'invalid_request', 'The body must be JSON: { "token": string, "userId"?: string, "action"?: string }.');
  }
  for (const name of ['userId', 'action']) {
    if (body[name] !== undefined && typeof body[name] !== 'string') return fail(ctx, 400, 'invalid_request', `${name} must be a string.`);
  }
  const claims = verifyJwt(body.token, core.secret);
  const isAccessToken = claims?.verified === true && typeof claims.tid === 'string' && Number.isFinite(claims.exp);
  const bearer = isAccessToken ? undefined : bearerClaims(body.token, core.secret);
  if (!claims || (!isAccessToken && !bearer)) {
    return fail(ctx, 400, 'invalid_token', 'The token is not one this server issued.');
  }
  const session = isAccessToken ? core.sessions.find(claims.tid) : core.sessions.forClaims(claims);
  const action = session?.action;
  const expired =
    core.now() >= claims.exp * 1000 || (isAccessToken && core.expiredAccessTokens.has(String(claims.jti))) || !session;
  const userId = action?.userId ?? String(claims.sub ?? '');
  const mismatch = (body.userId !== undefined && body.userId !== userId) || (body.action !== undefined && body.action !== action?.actionCode);

  if (!action) {
    // A /sim/token token: no tracked action, so nothing to report but the challenge itself.
    const verified = isAccessToken && !expired && !mismatch;
    return answer(ctx, 200, {
      isValid: verified,
      state: isAccessToken ? 'CHALLENGE_SUCCEEDED' : 'CHALLENGE_REQUIRED',
      userId,
      ...(isAccessToken && { verificationMethod: 'WHATSAPP' }),
    });
  }
  answer(ctx, 200, {
    isValid: isAccessToken && !expired && !mismatch && action.state === 'CHALLENGE_SUCCEEDED',
    ...stateOf(action),
    userId: action.userId,
    actionCode: action.actionCode,
    idempotencyKey: action.idempotencyKey,
  });
}

/**
 * GET /v1/users/{userId}/actions/{action}/{idempotencyKey}
 * @param {Core} core
 * @param {Ctx} ctx
 * @param {string} userId
 * @param {string} actionCode
 * @param {string} idempotencyKey
 */
function getAction(core, ctx, userId, actionCode, idempotencyKey) {
  const action = core.actions.find(userId, actionCode, idempotencyKey);
  if (!action) return fail(ctx, 404, 'not_found', 'No such action for this user.');
  answer(ctx, 200, { ...stateOf(action), createdAt: action.createdAt });
}

/**
 * Answers a request for which isServerRoute(ctx.path) holds.
 * @param {Core} core
 * @param {Ctx} ctx
 * @param {import('./request-log.mjs').LoggedRequest} entry its request-log entry
 */
export async function answerServerRoute(core, ctx, entry) {
  const body = await readBody(ctx.req);
  entry.body = body.text;
  if (body.tooLarge) return fail(ctx, 413, 'invalid_request', 'The body is too large.');
  if (!hasSecretKey(ctx.get('Authorization'), core.secretKey)) {
    return fail(ctx, 401, 'unauthorized', 'The secret key is missing or wrong (HTTP Basic, the key as user name).', {
      'WWW-Authenticate': 'Basic realm="Authsignal Server API (simulator)"',
    });
  }

  /** @param {string} allowed */
  const onlyMethod = (allowed) => {
    if (ctx.method === allowed) return true;
    fail(ctx, 405, 'method_not_allowed', `${ctx.path} answers ${allowed}.`, { Allow: allowed });
    return false;
  };

  if (ctx.path === `${SERVER_API_BASE}/validate`) {
    if (onlyMethod('POST')) validate(core, ctx, body.text);
    return;
  }
  const segments = userPathSegments(ctx.path);
  if (segments?.length === 3 && segments[1] === 'actions') {
    if (onlyMethod('POST')) track(core, ctx, segments[0], segments[2], body.text);
  } else if (segments?.length === 4 && segments[1] === 'actions') {
    if (onlyMethod('GET')) getAction(core, ctx, segments[0], segments[2], segments[3]);
  } else {
    fail(ctx, 404, 'not_found', `The simulator's Server API has no route ${ctx.path}.`);
  }
}
