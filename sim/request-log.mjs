// A record of the requests the middleware saw, so tests can prove where a token travels
// (only in the Authorization header of Client API calls). Requests that pass through to
// the rest of the server are logged without being disturbed: their body is captured only as
// the downstream consumer reads it.
import { StringDecoder } from 'node:string_decoder';

/** Most of a body kept per entry; enough for any JSON the element sends. */
const BODY_CAPTURE_LIMIT = 64 * 1024;

/**
 * @typedef {object} LoggedRequest
 * @property {string} method
 * @property {string} path
 * @property {string} url request target: path and query
 * @property {Record<string, string | string[] | undefined>} headers lower-cased names
 * @property {string} body as much as was read, up to 64 KiB
 * @property {string} at ISO 8601, by the simulator's clock
 */

export class RequestLog {
  /** Oldest first. @type {LoggedRequest[]} */
  #entries = [];

  /**
   * @param {number} limit entries kept
   * @param {() => number} now
   */
  constructor(limit, now) {
    this.limit = limit;
    this.now = now;
  }

  /**
   * @param {import('./types.mjs').Ctx} ctx
   * @returns {LoggedRequest}
   */
  record(ctx) {
    /** @type {LoggedRequest} */
    const entry = {
      method: ctx.method,
      path: ctx.path,
      url: ctx.url,
      // Node lower-cases incoming header names already.
      headers: { ...ctx.req.headers },
      body: '',
      at: new Date(this.now()).toISOString(),
    };
    this.#entries.push(entry);
    if (this.#entries.length > this.limit) this.#entries.shift();
    return entry;
  }

  /**
   * Copies body chunks into `entry` as whoever handles the request reads them. Wrapping
   * `emit` observes 'data' in both flowing and paused mode (read() emits 'data' too)
   * without starting the flow or taking a chunk away from the real consumer.
   * @param {import('node:http').IncomingMessage} req
   * @param {LoggedRequest} entry
   */
  captureBodyAsRead(req, entry) {
    const decoder = new StringDecoder('utf8');
    const emit = req.emit;
    /** @type {(this: import('node:http').IncomingMessage, event: string | symbol, ...args: any[]) => boolean} */
    const captureData = function (event, ...args) {
      if (event === 'data' && entry.body.length < BODY_CAPTURE_LIMIT) {
        try {
          const chunk = args[0];
          const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
          entry.body = (entry.body + text).slice(0, BODY_CAPTURE_LIMIT);
        } catch {
          // Logging must never break the request it observes.
        }
      }
      return emit.call(this, event, ...args);
    };
    req.emit = /** @type {typeof req.emit} */ (captureData);
  }

  /** @returns {LoggedRequest[]} oldest first */
  all() {
    return [...this.#entries];
  }

  /**
   * Requests that carry `token` anywhere: in a header (Authorization or any other), in the
   * URL, or in the body.
   * @param {string} token
   * @returns {LoggedRequest[]} oldest first
   */
  carrying(token) {
    return this.#entries.filter(
      (entry) =>
        entry.url.includes(token) ||
        entry.body.includes(token) ||
        Object.values(entry.headers).some((value) => String(value).includes(token)),
    );
  }
}
