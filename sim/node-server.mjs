// Runs the simulator on a plain node:http server of its own: for the simulator's tests, and
// as a cross-origin API next to the dev server (CORS, preflights and cors:false faults only
// mean something across origins). Uses real Koa when it is installed, so the middleware
// meets exactly the context @web/dev-server gives it; otherwise a minimal Koa-like context.
//
//   node sim/node-server.mjs [--port 8787] [--host 127.0.0.1] [--secret-key KEY]
import { createServer } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SECRET_KEY, createSimulator } from './index.mjs';

/** @typedef {import('./types.mjs').Ctx} Ctx */
/** @typedef {(ctx: Ctx, next: () => Promise<unknown>) => unknown} Middleware */

/** Errors that only mean the client went away (a drop fault, an aborted fetch). */
const CLIENT_GONE = new Set(['EPIPE', 'ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The few parts of a Koa context the simulator uses, for when Koa is not installed. */
class MinimalContext {
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  constructor(req, res) {
    this.req = req;
    this.res = res;
    const target = new URL(req.url ?? '/', 'http://localhost');
    this.path = target.pathname;
    this.query = parseQuery(target.search.slice(1));
    /** @type {unknown} */
    this.body = undefined;
    this.respond = true;
    // Koa's default: a request nobody answered is a 404.
    this.status = 404;
  }

  get method() {
    return this.req.method ?? 'GET';
  }

  get url() {
    return this.req.url ?? '/';
  }

  /** @param {string} name */
  get(name) {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  }

  /**
   * @param {string} name
   * @param {string} value
   */
  set(name, value) {
    if (!this.res.headersSent) this.res.setHeader(name, value);
  }
}

/** @param {MinimalContext} ctx */
function respondMinimal(ctx) {
  const { res } = ctx;
  if (ctx.respond === false || res.headersSent || res.writableEnded) return;
  res.statusCode = ctx.status;
  if ([204, 205, 304].includes(ctx.status)) return void res.end();
  let body = ctx.body ?? (ctx.status === 404 ? 'Not Found' : '');
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
    body = JSON.stringify(body);
    if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  }
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(/** @type {string | Buffer} */ (body)));
  res.end(body);
}

/**
 * @param {Middleware[]} middleware
 * @returns {import('node:http').RequestListener}
 */
function minimalHandler(middleware) {
  /** @type {(ctx: Ctx, index: number) => Promise<unknown>} */
  const run = async (ctx, index) => middleware[index]?.(ctx, () => run(ctx, index + 1));
  return (req, res) => {
    const ctx = new MinimalContext(req, res);
    run(/** @type {Ctx} */ (/** @type {unknown} */ (ctx)), 0)
      .then(() => respondMinimal(ctx))
      .catch((error) => {
        if (!CLIENT_GONE.has(error?.code)) console.error(error);
        if (!res.headersSent) {
          ctx.status = 500;
          ctx.body = 'Internal Server Error';
          ctx.respond = true;
          respondMinimal(ctx);
        } else res.destroy();
      });
  };
}

/**
 * @param {Middleware[]} middleware
 * @returns {Promise<import('node:http').RequestListener | undefined>} undefined without Koa
 */
async function koaHandler(middleware) {
  let Koa;
  try {
    Koa = (await import('koa')).default;
  } catch {
    return undefined;
  }
  const app = new Koa();
  // As @web/dev-server sets it up: quiet about clients that went away.
  app.silent = true;
  app.on('error', (error) => {
    if (!CLIENT_GONE.has(error?.code)) console.error(error);
  });
  for (const m of middleware) app.use(m);
  return app.callback();
}

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {string} [host] default 127.0.0.1
 * @property {'auto' | 'koa' | 'minimal'} [adapter] default 'auto': Koa when installed
 * @property {ReturnType<typeof createSimulator>} [simulator] an existing simulator to serve
 * @property {import('./index.mjs').SimulatorOptions} [simulatorOptions] to create one
 * @property {Middleware} [fallback] answers what the simulator passes on (default: 404)
 */

/**
 * @param {ServerOptions} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void>, simulator: ReturnType<typeof createSimulator>, adapter: 'koa' | 'minimal' }>}
 */
export async function startSimulatorServer(options = {}) {
  const { port = 0, host = '127.0.0.1', adapter = 'auto', fallback } = options;
  const simulator = options.simulator ?? createSimulator(options.simulatorOptions);
  const middleware = fallback ? [simulator.middleware, fallback] : [simulator.middleware];

  const koa = adapter === 'minimal' ? undefined : await koaHandler(middleware);
  if (adapter === 'koa' && !koa) throw new Error('adapter "koa" asked for, but koa is not installed.');
  const server = createServer(koa ?? minimalHandler(middleware));

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostInUrl}:${address.port}`,
    simulator,
    adapter: koa ? 'koa' : 'minimal',
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive and deliberately slow connections would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

/**
 * The command line: serve until stopped. A port in use (or any other reason the server
 * cannot listen) is one line on stderr and exit code 1, not a stack trace.
 */
async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        'secret-key': { type: 'string', default: DEFAULT_SECRET_KEY },
      },
    }));
  } catch (error) {
    console.error(`node-server.mjs: ${/** @type {Error} */ (error).message}`);
    process.exit(2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`node-server.mjs: --port must be a port number from 0 to 65535, not "${values.port}".`);
    process.exit(2);
  }
  if (values['secret-key'] === '') {
    console.error('node-server.mjs: --secret-key must not be empty.');
    process.exit(2);
  }
  try {
    const { url, adapter } = await startSimulatorServer({
      port,
      host: values.host,
      simulatorOptions: { secretKey: values['secret-key'] },
    });
    console.log(`Authsignal simulator (${adapter}) on ${url}`);
    console.log(`  element base-url:     ${url}/v1/client`);
    console.log(`  Server API (apiUrl):  ${url}/v1, secret key ${values['secret-key'] === DEFAULT_SECRET_KEY ? `"${DEFAULT_SECRET_KEY}" (the default)` : 'as given'}`);
    console.log(`  a token:              curl -s -X POST -u '<secret key>:' ${url}/v1/users/USER/actions/ACTION`);
  } catch (error) {
    const { code, message } = /** @type {NodeJS.ErrnoException} */ (error);
    const why =
      code === 'EADDRINUSE'
        ? `port ${port} on ${values.host} is already in use; pick another with --port (0 picks a free one).`
        : code === 'EACCES'
          ? `no permission to listen on port ${port} on ${values.host}.`
          : `cannot listen on ${values.host}:${port}: ${message}`;
    console.error(`node-server.mjs: ${why}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
