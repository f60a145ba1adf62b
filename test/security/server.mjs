// Test-server middleware for test/security/: only paths under /test/security/ are touched.
//
//   /test/security/csp/page.html        served with the strict Content-Security-Policy header
//                                       (?duplicates=allow: trusted-types lit-html 'allow-duplicates')
//   /test/security/csp/bundle.js        src/define.ts bundled by esbuild for production: the
//                                       self-contained file a site would load (Lit included)
//   /test/security/fuzz-config.json     how many cases each fuzz property runs (see below)
//   /test/security/interim/<codes>/<then>/{challenge,verify}/whatsapp
//                                       a Client API stand-in that first sends the 1xx
//                                       interim answers <codes> (e.g. "100,103"), then
//                                       <then>: "ok" (200 with a challengeId), "hang" (never
//                                       a final answer) or a final status number
//
// Fuzz cases: FUZZ_RUNS=n sets the count; with CI=true it is never below 1000.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MIN_CI_RUNS = 1000;

/** The policy a site embedding the element needs, with the API origin filled in. */
export const strictPolicy = (apiBase, { allowDuplicates = false } = {}) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    `connect-src ${apiBase}/`,
    "require-trusted-types-for 'script'",
    // Two copies of Lit on one page (the npm build and the CDN file) each create "lit-html".
    `trusted-types lit-html${allowDuplicates ? " 'allow-duplicates'" : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');

function fuzzConfig() {
  const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
  const asked = Number.parseInt(process.env.FUZZ_RUNS ?? '', 10);
  const runs = Number.isInteger(asked) && asked > 0 ? asked : MIN_CI_RUNS;
  const seed = Number.parseInt(process.env.FUZZ_SEED ?? '', 10);
  return { ci, runs: ci ? Math.max(MIN_CI_RUNS, runs) : runs, ...(Number.isInteger(seed) && { seed }) };
}

let bundle;
async function productionBundle() {
  bundle ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [`${root}src/define.ts`],
        bundle: true,
        format: 'esm',
        minify: true,
        write: false,
        target: 'es2021',
        conditions: ['production'],
        tsconfig: `${root}tsconfig.json`,
        logLevel: 'silent',
      }),
    )
    .then((result) => result.outputFiles[0].text);
  return bundle;
}

/** The API the CSP page talks to: the simulator on the other loopback name, so it is cross-origin. */
function otherOriginApi(host) {
  const match = /^(localhost|127\.0\.0\.1):(\d+)$/.exec(host ?? '');
  if (!match) return undefined;
  return `http://${match[1] == 'localhost' ? '127.0.0.1' : 'localhost'}:${match[2]}/v1/client`;
}

function interim(ctx) {
  const match = /^\/test\/security\/interim\/([\d,]+)\/(ok|hang|\d{3})\/(challenge|verify)\/whatsapp$/.exec(ctx.path);
  if (!match) return false;
  const { req, res } = ctx;
  const cors = {
    'Access-Control-Allow-Origin': ctx.get('Origin') || '*',
    'Access-Control-Allow-Headers': 'authorization, content-type',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
  };
  if (ctx.method == 'OPTIONS') {
    ctx.set(cors);
    ctx.status = 204;
    return true;
  }
  ctx.respond = false;
  ctx.status = 200;
  const codes = match[1].split(',').map(Number).filter((c) => c >= 100 && c <= 199 && c != 101);
  // Interim answers go straight onto the socket: Node has helpers only for 100, 102 and 103.
  for (const code of codes) req.socket.write(`HTTP/1.1 ${code} Interim\r\nX-Interim: ${code}\r\n\r\n`);
  if (match[2] == 'hang') {
    // Holds the connection until the client gives up (its timeout aborts the fetch).
    req.socket.once('close', () => res.destroy());
    return true;
  }
  const status = match[2] == 'ok' ? 200 : Number(match[2]);
  const body = JSON.stringify(status == 200 ? { challengeId: `interim-${match[1]}` } : { error: 'interim_final' });
  res.writeHead(status, { ...cors, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

/** Koa middleware for the test server (web-test-runner.config.mjs). */
export function securityTestMiddleware() {
  return async function securityTest(ctx, next) {
    if (!ctx.path.startsWith('/test/security/')) return next();
    if (ctx.path == '/test/security/fuzz-config.json') {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(fuzzConfig());
      return;
    }
    if (ctx.path == '/test/security/csp/bundle.js') {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'text/javascript';
      ctx.body = await productionBundle();
      return;
    }
    if (interim(ctx)) return;
    await next();
    if (ctx.path == '/test/security/csp/page.html') {
      const api = otherOriginApi(ctx.get('Host'));
      ctx.set('Cache-Control', 'no-store');
      const allowDuplicates = ctx.query?.duplicates == 'allow';
      if (api) ctx.set('Content-Security-Policy', strictPolicy(api, { allowDuplicates }));
    }
  };
}
