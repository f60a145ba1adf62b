// Helpers for the simulator's own tests (node --test sim/): a server per adapter with a
// hand-driven clock, and thin wrappers over its routes. Not a test file itself.
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startSimulatorServer } from './node-server.mjs';

export const SECRET = 'simulator-test-secret';
/** The frozen start of every test clock. */
export const T0 = Date.parse('2030-01-01T00:00:00.000Z');
/** Both ways the middleware is run: real Koa (as the dev server) and the minimal context. */
export const ADAPTERS = /** @type {const} */ (['koa', 'minimal']);

/**
 * What the simulator passes on lands here: echo routes that consume the body in flowing
 * and in paused mode (to prove logging leaves it intact), and a 404 for the rest.
 * @param {import('./types.mjs').Ctx} ctx
 */
async function fallback(ctx) {
  /** @type {Buffer[]} */
  const chunks = [];
  if (ctx.path === '/echo-flowing') {
    await new Promise((resolve) => {
      ctx.req.on('data', (chunk) => chunks.push(chunk));
      ctx.req.on('end', resolve);
    });
    ctx.status = 200;
    ctx.body = Buffer.concat(chunks).toString('utf8');
  } else if (ctx.path === '/echo-paused') {
    for await (const chunk of ctx.req) chunks.push(chunk);
    ctx.status = 200;
    ctx.body = Buffer.concat(chunks).toString('utf8');
  } else {
    ctx.status = 404;
    ctx.body = 'fallback 404';
  }
}

/**
 * @param {'koa' | 'minimal'} adapter
 * @param {import('./index.mjs').SimulatorOptions} [simulatorOptions]
 */
export async function startTestServer(adapter, simulatorOptions = {}) {
  const clock = { now: T0 };
  const server = await startSimulatorServer({
    adapter,
    fallback,
    simulatorOptions: { secret: SECRET, now: () => clock.now, ...simulatorOptions },
  });
  const { url } = server;
  const json = async (/** @type {Response} */ response) => ({ status: response.status, headers: response.headers, body: await response.json() });

  /** @param {Record<string, unknown>} [options] */
  async function mintToken(options = {}) {
    const response = await fetch(`${url}/sim/token`, { method: 'POST', body: JSON.stringify(options) });
    if (response.status !== 200) throw new Error(`/sim/token answered ${response.status}: ${await response.text()}`);
    return /** @type {{ token: string, expiresAt: string, tokenId: string, userId: string }} */ (await response.json());
  }
  /**
   * @param {string} token
   * @param {RequestInit} [init]
   */
  function start(token, init = {}) {
    return fetch(`${url}/v1/client/challenge/whatsapp`, {
      method: 'POST',
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  }
  /**
   * @param {string} token
   * @param {string} body
   */
  function verifyRaw(token, body) {
    return fetch(`${url}/v1/client/verify/whatsapp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
  }
  /**
   * @param {string} [token]
   * @returns {Promise<import('./types.mjs').InboxMessage[]>}
   */
  async function inbox(token) {
    const query = token === undefined ? '' : `?token=${token}`;
    return (await (await fetch(`${url}/sim/inbox${query}`)).json()).messages;
  }
  /**
   * @param {string} [token]
   * @returns {Promise<import('./request-log.mjs').LoggedRequest[]>}
   */
  async function requests(token) {
    const query = token === undefined ? '' : `?token=${token}`;
    return (await (await fetch(`${url}/sim/requests${query}`)).json()).requests;
  }

  return {
    ...server,
    clock,
    /** @param {number} ms */
    advance: (ms) => {
      clock.now += ms;
    },
    mintToken,
    start,
    verifyRaw,
    inbox,
    requests,
    /** @param {string} token */
    startJson: async (token) => json(await start(token)),
    /**
     * @param {string} token
     * @param {string} code
     */
    verifyJson: async (token, code) => json(await verifyRaw(token, JSON.stringify({ verificationCode: code }))),
    /** The code of the token's latest message. @param {string} token */
    latestCode: async (token) => (await inbox(token))[0].code,
    /**
     * @param {string} token
     * @param {unknown} faults
     */
    queueFaults: (token, faults) =>
      fetch(`${url}/sim/faults`, { method: 'POST', body: JSON.stringify({ token, faults }) }),
  };
}

/**
 * @typedef {object} RawResult
 * @property {number} [status]
 * @property {import('node:http').IncomingHttpHeaders} [headers]
 * @property {number} [headersAt] ms after the request started
 * @property {{ at: number, text: string }[]} chunks body chunks as they arrived
 * @property {boolean} complete the whole body arrived
 * @property {number} [endedAt]
 * @property {Error & { code?: string }} [error]
 */

/**
 * A request over node:http, with a timeline, for what fetch hides: when headers and each
 * body chunk arrived, and how the connection ended.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string, agent?: import('node:http').Agent | false }} [options]
 * @returns {Promise<RawResult>}
 */
export function rawRequest(url, { method = 'POST', headers = {}, body, agent = false } = {}) {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  /** @type {RawResult} */
  const result = { chunks: [], complete: false };
  return new Promise((resolve) => {
    const req = request(url, { method, headers, agent }, (res) => {
      result.status = res.statusCode;
      result.headers = res.headers;
      result.headersAt = elapsed();
      res.on('data', (chunk) => result.chunks.push({ at: elapsed(), text: chunk.toString('utf8') }));
      res.on('error', (error) => {
        result.error = error;
      });
      res.on('close', () => {
        result.complete = res.complete;
        result.endedAt = elapsed();
        resolve(result);
      });
    });
    req.on('error', (error) => {
      result.error = error;
      result.endedAt = elapsed();
      resolve(result);
    });
    req.end(body);
  });
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
