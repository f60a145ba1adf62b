// Plays a scripted fault on the raw Node response. Koa buffers a body and writes it in one
// go, which cannot express a slow body or a connection cut mid-way, so the middleware takes
// the response over (ctx.respond = false) for every fault, keeping one code path.
import { corsHeaders } from './http.mjs';
import { BODYLESS_STATUSES, faultBody } from './faults.mjs';

/** @typedef {import('./types.mjs').Ctx} Ctx */
/** @typedef {import('./types.mjs').Fault} Fault */

/**
 * Lets a mid-body drop reach the client after the first half did: a reset arriving with
 * unread data can make the client discard that data and report a failure before headers.
 */
const SETTLE_BEFORE_DROP_MS = 50;

/**
 * Waits, but stops early when the client goes away (an aborted fetch, a timeout), so a
 * long delay holds no timer or connection for nothing.
 * @param {number} ms
 * @param {import('node:http').ServerResponse} res
 */
function wait(ms, res) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve(undefined);
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}

/** @param {Ctx} ctx */
function connectionGone(ctx) {
  const socket = ctx.req.socket;
  return !socket || socket.destroyed || ctx.res.destroyed;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {Buffer} chunk
 */
function writeFlushed(res, chunk) {
  return new Promise((resolve) => {
    if (chunk.length === 0) {
      res.flushHeaders();
      resolve(undefined);
    } else {
      res.write(chunk, () => resolve(undefined));
    }
  });
}

/**
 * @param {Ctx} ctx
 * @param {Fault} fault
 * @param {Buffer} body
 * @returns {Record<string, string>} lower-cased names, the fault's own headers winning
 */
function faultHeaders(ctx, fault, body) {
  /** @type {Record<string, string>} */
  const headers = {};
  const add = (/** @type {Record<string, string>} */ more) => {
    for (const [name, value] of Object.entries(more)) headers[name.toLowerCase()] = value;
  };
  add({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  if (fault.cors !== false) add(corsHeaders(ctx));
  if (!BODYLESS_STATUSES.has(fault.status ?? 200)) add({ 'Content-Length': String(body.length) });
  add(fault.headers ?? {});
  return headers;
}

/**
 * @param {Ctx} ctx
 * @param {Fault} fault
 * @returns {Promise<void>} once the answer is written or the connection dropped
 */
export async function playFault(ctx, fault) {
  const status = fault.status ?? 200;
  // Tell Koa the answer is ours; the status keeps the dev server's own logging (and the
  // test runner's 404 tracking) honest.
  ctx.status = status;
  ctx.respond = false;
  const { res } = ctx;
  const body = BODYLESS_STATUSES.has(status) ? Buffer.alloc(0) : faultBody(fault);

  if (fault.delayMs) await wait(fault.delayMs, res);
  if (connectionGone(ctx)) return;
  if (fault.drop === 'before-headers') {
    ctx.req.socket.destroy();
    return;
  }

  res.writeHead(status, faultHeaders(ctx, fault, body));
  const half = Math.floor(body.length / 2);
  if (fault.drop === 'mid-body') {
    await writeFlushed(res, body.subarray(0, half));
    await wait(Math.max(fault.bodyDelayMs ?? 0, SETTLE_BEFORE_DROP_MS), res);
    if (!connectionGone(ctx)) ctx.req.socket.destroy();
    return;
  }
  if (fault.bodyDelayMs) {
    await writeFlushed(res, body.subarray(0, half));
    await wait(fault.bodyDelayMs, res);
    if (connectionGone(ctx)) return;
    res.end(body.subarray(half));
    return;
  }
  res.end(body);
}
