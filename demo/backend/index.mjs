// The demo site's backend, as Koa-style middleware for @web/dev-server (npm start) and
// @web/test-runner: the demo sign-in, the two Authsignal routes, and GET /api/demo/config,
// which tells the page which Authsignal it is talking to.
//
// Which Authsignal: the simulator on this same server (the default), or the real service
// when AUTHSIGNAL_SECRET_KEY is set, with AUTHSIGNAL_API_URL (e.g.
// https://eu.api.authsignal.com/v1) or AUTHSIGNAL_REGION (us, au, eu, ca; default us).
import { Authsignal } from '@authsignal/node';
import { DEFAULT_SECRET_KEY } from '../../sim/index.mjs';
import { authsignalRoutes } from './authsignal-routes.mjs';
import { demoSession } from './demo-session.mjs';

/** The Server API of each region, as Authsignal documents them. */
export const REGION_API_URLS = {
  us: 'https://api.authsignal.com/v1',
  au: 'https://au.api.authsignal.com/v1',
  eu: 'https://eu.api.authsignal.com/v1',
  ca: 'https://ca.api.authsignal.com/v1',
};

/** The action the demo tracks and accepts. */
export const DEMO_ACTION = 'signIn';

/**
 * A Node SDK (authsignal/node) client for the simulator served by this very server. Its address is
 * read from the socket the request came in on (the port this process listens on), never
 * from the Host header: a request must not be able to send the secret key elsewhere.
 * @param {string} secretKey
 */
export function simulatorOnThisServer(secretKey) {
  /** One client per address: each `new Authsignal` adds its retry hooks to axios. */
  const clients = new Map();
  return (/** @type {any} */ ctx) => {
    const socket = ctx.req.socket;
    const address = String(socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const host = address.includes(':') ? `[${address}]` : address;
    const apiUrl = `http://${host}:${socket.localPort}/v1`;
    if (!clients.has(apiUrl)) clients.set(apiUrl, new Authsignal({ apiSecretKey: secretKey, apiUrl, retries: 0 }));
    return clients.get(apiUrl);
  };
}

/**
 * Where the backend's Authsignal is, from the environment.
 * @param {Record<string, string | undefined>} env
 * @returns {{ server: 'simulator' } | { server: 'authsignal', apiUrl: string, secretKey: string, region?: string }}
 */
export function authsignalFromEnv(env) {
  const secretKey = env.AUTHSIGNAL_SECRET_KEY;
  if (!secretKey) return { server: 'simulator' };
  if (env.AUTHSIGNAL_API_URL) {
    const url = new URL(env.AUTHSIGNAL_API_URL);
    if (url.protocol !== 'https:') throw new Error('AUTHSIGNAL_API_URL must be https:, the secret key travels with every call.');
    return { server: 'authsignal', apiUrl: url.href.replace(/\/+$/, ''), secretKey };
  }
  const region = (env.AUTHSIGNAL_REGION ?? 'us').toLowerCase();
  if (!Object.hasOwn(REGION_API_URLS, region)) {
    throw new Error(`AUTHSIGNAL_REGION must be one of ${Object.keys(REGION_API_URLS).join(', ')}, not "${region}".`);
  }
  return { server: 'authsignal', apiUrl: REGION_API_URLS[/** @type {keyof typeof REGION_API_URLS} */ (region)], secretKey, region };
}

/**
 * @param {object} [options]
 * @param {Record<string, string | undefined>} [options.env] default process.env
 * @param {string} [options.simulatorSecretKey] the simulator's secret key (its default)
 * @param {string} [options.cookieSecret] the demo session cookie's key (random by default)
 */
export function createDemoBackend({ env = process.env, simulatorSecretKey = DEFAULT_SECRET_KEY, cookieSecret } = {}) {
  const target = authsignalFromEnv(env);
  const session = demoSession({
    ...(cookieSecret && { cookieSecret }),
    ...(env.DEMO_PHONE_NUMBER && { defaultPhoneNumber: env.DEMO_PHONE_NUMBER }),
  });
  const authsignal =
    target.server === 'simulator'
      ? simulatorOnThisServer(simulatorSecretKey)
      : new Authsignal({ apiSecretKey: target.secretKey, apiUrl: target.apiUrl });
  const routes = authsignalRoutes({ authsignal, currentUser: session.currentUser, action: DEMO_ACTION });

  // What the page needs to point the element at the same Authsignal: the Client API is
  // served at /v1/client on the Server API's host.
  const pageConfig =
    target.server === 'simulator'
      ? { server: 'simulator', action: DEMO_ACTION, clientApiPath: '/v1/client' }
      : { server: 'authsignal', action: DEMO_ACTION, clientApiUrl: `${target.apiUrl}/client`, ...(target.region && { region: target.region }) };

  /**
   * @param {any} ctx
   * @param {() => Promise<unknown>} next
   */
  async function config(ctx, next) {
    if (ctx.path !== '/api/demo/config' || ctx.method !== 'GET') return next();
    ctx.set('Content-Type', 'application/json');
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 200;
    ctx.body = JSON.stringify(pageConfig);
  }

  return {
    /** Put these in the server's middleware list, in this order. */
    middleware: [session.middleware, routes, config],
    server: target.server,
    /** A line for the console: which Authsignal the backend talks to. */
    description:
      target.server === 'simulator'
        ? 'the local simulator (its Server API on this same server)'
        : `Authsignal at ${target.apiUrl}`,
  };
}
