// The /sim/ routes a test or the demo uses to drive the simulator: mint a token, script
// faults, read the inbox, read the request log. Not part of Authsignal's API.
import { parseFaults } from './faults.mjs';
import { CONTROL_METHODS, answerPreflight, parseJsonObject, queryParam, readBody, sendError, sendJson } from './http.mjs';
import { verifyJwt } from './jwt.mjs';
import { bearerClaims, issueToken, tokenOptionsProblem } from './tokens.mjs';

/** @typedef {import('./types.mjs').Core} Core */
/** @typedef {import('./types.mjs').Ctx} Ctx */

/**
 * GET takes the same options as query parameters, so the demo can fetch a token simply.
 * @param {Ctx} ctx
 */
function tokenOptionsFromQuery(ctx) {
  /** @type {Record<string, unknown>} */
  const options = {};
  for (const key of Object.keys(ctx.query ?? {})) {
    const value = queryParam(ctx, key);
    options[key] = key === 'userId' ? value : Number(value);
  }
  return options;
}

/**
 * POST /sim/token (options in the body) or GET /sim/token (options in the query).
 * @param {Core} core
 * @param {Ctx} ctx
 * @param {Record<string, unknown>} body
 */
function mintToken(core, ctx, body) {
  const options = ctx.method === 'GET' ? tokenOptionsFromQuery(ctx) : body;
  const problem = tokenOptionsProblem(options);
  if (problem) sendError(ctx, 400, 'invalid_request', problem);
  else sendJson(ctx, 200, issueToken(core, options));
}

/**
 * Appends faults to a token's queue, all or none.
 * @param {Pick<Core, 'secret' | 'sessions'>} core
 * @param {unknown} token
 * @param {unknown} faults
 * @returns {string | undefined} why they were refused, if they were
 */
export function queueFaultsFor(core, token, faults) {
  const claims = typeof token === 'string' ? bearerClaims(token, core.secret) : undefined;
  if (!claims) return 'token must be a token this simulator issued.';
  const session = core.sessions.forClaims(claims);
  if (!session) return 'token expired over an hour ago; its state is gone.';
  const parsed = parseFaults(faults);
  if ('problem' in parsed) return parsed.problem;
  session.faults.push(...parsed.faults);
  return undefined;
}

/**
 * POST /sim/faults
 * @param {Core} core
 * @param {Ctx} ctx
 * @param {Record<string, unknown>} body
 */
function queueFaults(core, ctx, body) {
  const problem = queueFaultsFor(core, body.token, body.faults);
  if (problem) sendError(ctx, 400, 'invalid_request', problem);
  else sendJson(ctx, 204);
}

/** Most accessTokens /sim/expire remembers; the oldest are forgotten (they expire by then). */
const MAX_EXPIRED_REMEMBERED = 10_000;

/**
 * Ends an accessToken's life now, so a test can show what a backend does with an expired
 * verified token without waiting ten minutes or moving a clock other tests share.
 * @param {Pick<Core, 'secret' | 'expiredAccessTokens'>} core
 * @param {unknown} token
 * @returns {string | undefined} why it was refused, if it was
 */
export function expireAccessTokenIn(core, token) {
  const claims = typeof token === 'string' ? verifyJwt(token, core.secret) : undefined;
  if (!claims || claims.verified !== true || typeof claims.jti !== 'string') {
    return 'token must be an accessToken this simulator answered a verified code with.';
  }
  core.expiredAccessTokens.add(claims.jti);
  if (core.expiredAccessTokens.size > MAX_EXPIRED_REMEMBERED) {
    core.expiredAccessTokens.delete(/** @type {string} */ (core.expiredAccessTokens.values().next().value));
  }
  return undefined;
}

/**
 * POST /sim/expire { token }
 * @param {Core} core
 * @param {Ctx} ctx
 * @param {Record<string, unknown>} body
 */
function expireAccessToken(core, ctx, body) {
  const problem = expireAccessTokenIn(core, body.token);
  if (problem) sendError(ctx, 400, 'invalid_request', problem);
  else sendJson(ctx, 204);
}

/**
 * GET /sim/inbox[?token=|?userId=]: the recent messages of all tokens, or all of one
 * token's, or all of one user's.
 * @param {Core} core
 * @param {Ctx} ctx
 */
function listInbox(core, ctx) {
  const userId = queryParam(ctx, 'userId');
  if (userId !== undefined) return sendJson(ctx, 200, { messages: core.inbox.forUser(userId) });
  const token = queryParam(ctx, 'token');
  if (token === undefined) return sendJson(ctx, 200, { messages: core.inbox.recent() });
  const claims = bearerClaims(token, core.secret);
  if (!claims) return sendError(ctx, 400, 'invalid_request', 'token must be a token this simulator issued.');
  sendJson(ctx, 200, { messages: core.inbox.forSession(core.sessions.forClaims(claims)) });
}

/**
 * GET /sim/requests[?token=]: the log, or the requests that carry a token anywhere. Any
 * string can be searched for, so a test can also look for a token of its own making.
 * @param {Core} core
 * @param {Ctx} ctx
 */
function listRequests(core, ctx) {
  const token = queryParam(ctx, 'token');
  if (token === '') sendError(ctx, 400, 'invalid_request', 'token must not be empty.');
  else {
    const requests = token === undefined ? core.log.all() : core.log.carrying(token);
    sendJson(ctx, 200, { requests: core.hidePassThroughSecrets ? requests.map(withoutPassThroughSecrets) : requests });
  }
}

/**
 * A request that only passed through (a site's own route, the Server API) without its
 * cookie and Authorization: in a demo any visitor can read /sim/requests, and these are a
 * visitor's session and the secret key. Client API requests keep theirs.
 * (In process, `simulator.requests()` keeps everything.)
 * @param {import('./request-log.mjs').LoggedRequest} request
 */
function withoutPassThroughSecrets(request) {
  if (request.path.startsWith('/v1/client/')) return request;
  const { cookie: _cookie, authorization: _authorization, ...headers } = request.headers;
  return { ...request, headers };
}

/** @type {Record<string, { methods: string[], handle: (core: Core, ctx: Ctx, body: Record<string, unknown>) => void }>} */
const ROUTES = {
  '/sim/token': { methods: ['GET', 'POST'], handle: mintToken },
  '/sim/faults': { methods: ['POST'], handle: queueFaults },
  '/sim/inbox': { methods: ['GET'], handle: listInbox },
  '/sim/requests': { methods: ['GET'], handle: listRequests },
  '/sim/expire': { methods: ['POST'], handle: expireAccessToken },
};

/** @param {string} path */
export const isControlRoute = (path) => Object.hasOwn(ROUTES, path);

/**
 * Answers a request for which isControlRoute(ctx.path) holds.
 * @param {Core} core
 * @param {Ctx} ctx
 */
export async function answerControlRoute(core, ctx) {
  const { methods, handle } = ROUTES[ctx.path];
  if (ctx.method === 'OPTIONS') return answerPreflight(ctx, CONTROL_METHODS);
  if (!methods.includes(ctx.method)) {
    return sendError(ctx, 405, 'method_not_allowed', `${ctx.path} answers ${methods.join(', ')}.`, {
      Allow: [...methods, 'OPTIONS'].join(', '),
    });
  }
  /** @type {Record<string, unknown> | undefined} */
  let body = {};
  if (ctx.method === 'POST') {
    const read = await readBody(ctx.req);
    body = read.tooLarge ? undefined : parseJsonObject(read.text);
  }
  if (!body) sendError(ctx, 400, 'invalid_request', 'The body must be a JSON object of at most 1 MiB.');
  else handle(core, ctx, body);
}
