// What every answer of the simulator shares: CORS, JSON, no caching, and reading a request
// body from the raw Node stream (the dev server has no body parser).

/** @typedef {import('./types.mjs').Ctx} Ctx */

/** Methods the Client API routes accept. */
export const CLIENT_METHODS = 'POST, OPTIONS';
/** Methods the /sim/ control routes accept. */
export const CONTROL_METHODS = 'GET, POST, OPTIONS';
/** Largest request body the simulator reads for its own routes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Headers every actual (non-preflight) answer carries, so a cross-origin page can read it,
 * its Retry-After included.
 * @param {Ctx} ctx
 * @returns {Record<string, string>}
 */
export function corsHeaders(ctx) {
  return {
    'Access-Control-Allow-Origin': ctx.get('Origin') || '*',
    'Access-Control-Expose-Headers': 'Retry-After, Date',
    Vary: 'Origin',
  };
}

/**
 * Answers a CORS preflight. The element sends `Authorization` and `Content-Type:
 * application/json`, so browsers preflight every cross-origin call.
 * @param {Ctx} ctx
 * @param {string} methods
 */
export function answerPreflight(ctx, methods) {
  ctx.set('Access-Control-Allow-Origin', ctx.get('Origin') || '*');
  ctx.set('Access-Control-Allow-Methods', methods);
  ctx.set('Access-Control-Allow-Headers', 'authorization, content-type');
  ctx.set('Access-Control-Max-Age', '600');
  ctx.set('Vary', 'Origin');
  ctx.status = 204;
}

/**
 * Sends a JSON answer through the Koa API (so the dev server's own middleware sees a normal
 * response), or an empty one when `payload` is undefined.
 * @param {Ctx} ctx
 * @param {number} status
 * @param {unknown} [payload]
 * @param {Record<string, string>} [headers]
 */
export function sendJson(ctx, status, payload, headers = {}) {
  const all = {
    ...corsHeaders(ctx),
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    ...headers,
  };
  for (const [name, value] of Object.entries(all)) ctx.set(name, value);
  // Status first: Koa would otherwise turn a body into a 200 and an empty body into a 204.
  ctx.status = status;
  if (payload !== undefined) ctx.body = JSON.stringify(payload);
}

/**
 * @param {Ctx} ctx
 * @param {number} status
 * @param {string} error
 * @param {string} errorDescription
 * @param {Record<string, string>} [headers]
 */
export function sendError(ctx, status, error, errorDescription, headers) {
  sendJson(ctx, status, { error, errorDescription }, headers);
}

/**
 * Reads the whole body as UTF-8 text.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<{ text: string, tooLarge: boolean }>} what arrived, also when the
 *   client went away mid-way
 */
export function readBody(req, limit = MAX_BODY_BYTES) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    const finish = () => {
      req.off('data', onData);
      req.off('end', finish);
      req.off('error', finish);
      req.off('close', finish);
      resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge });
    };
    const onData = (/** @type {Buffer | string} */ chunk) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buffer.length;
      // Keep draining past the limit, so the answer can still be written to the socket.
      if (size > limit) tooLarge = true;
      else chunks.push(buffer);
    };
    if (req.readableEnded) return resolve({ text: '', tooLarge: false });
    req.on('data', onData);
    req.on('end', finish);
    req.on('error', finish);
    req.on('close', finish);
  });
}

/**
 * Parses a JSON object body; an empty body counts as `{}`.
 * @param {string} text
 * @returns {Record<string, unknown> | undefined} undefined when it is not a JSON object
 */
export function parseJsonObject(text) {
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * First value of a query parameter (Koa gives an array for a repeated one).
 * @param {Ctx} ctx
 * @param {string} name
 * @returns {string | undefined}
 */
export function queryParam(ctx, name) {
  const value = ctx.query?.[name];
  return Array.isArray(value) ? value[0] : value;
}
