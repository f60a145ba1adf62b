// Test-server middleware for test/form/: only paths under /test/form/ are touched.
//
//   POST /test/form/token?t=<token>&as=json|text|empty|empty-text|html&status=200&delayMs=N&drop=1&key=K
//        A site's token endpoint, as `token-url` calls it. Answers the token `t` (minted by
//        the test with newToken()) in the shape `as` asks for: `json` {"token":t} (default),
//        `text` the bare token as text/plain, `empty` {"token":""}, `empty-text` an empty
//        text/plain body, `html` a login page (text/html) that has `t` somewhere in it.
//        `status` sets the HTTP status, `delayMs` holds the answer back, `drop=1` closes the
//        connection without an answer. `rt` instead of `t` is the token written backwards
//        (a URL, and so a token-url attribute, that does not contain the token). Every
//        request is recorded under `key` (default `t`).
//        `mint=1`: no `t`; a fresh token is minted by the simulator (POST /sim/token on this
//        server) and recorded with the request (`token`), for a page that names no token.
//        `key=cookie` (here and in `id` below): the key is the `form_test_key` cookie, for a
//        static page whose URLs cannot name a per-test key (the cookie is per browser context).
//   GET  /test/form/token-requests?key=K
//        {"requests":[{method, url, headers, bodyLength}]}: what that endpoint received,
//        oldest first; headers keep cookie, accept, content-type, origin, sec-fetch-*.
//   POST /test/form/submit?id=X
//        A form's action: records the urlencoded body under `id`, answers a small HTML page.
//   GET  /test/form/submitted?id=X
//        {"posts":[{contentType, body, fields: [[name, value], ...]}]}: what was posted there.
//   GET  /test/form/element.js
//        src/define.ts bundled by esbuild as one classic script: a page that loads it in its
//        <head> has the element defined before the parser reaches the form, which is when
//        engines restore form controls' state on back/forward.
//   GET  /test/form/no-js.html
//        test/form/fixtures/no-js.html with {ORIGIN} replaced by this server's origin (the
//        element's base-url must be absolute; the page itself has no script but the element's).
//   GET  /test/form/fixtures/*.html?nostore=1
//        the static pages of test/form/fixtures/, with `Cache-Control: no-store` when asked
//        (a page no engine keeps in its back/forward cache).
//
// Everything is kept in memory for the run: the three engines use different keys and ids.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

let classicBundle;
/** The element as a classic (blocking) script, built once per run. */
function elementAsClassicScript() {
  classicBundle ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [`${root}src/define.ts`],
        bundle: true,
        format: 'iife',
        write: false,
        target: 'es2021',
        tsconfig: `${root}tsconfig.json`,
        logLevel: 'silent',
      }),
    )
    .then((result) => result.outputFiles[0].text);
  return classicBundle;
}

/** Headers a test may assert on; the rest (user agent, connection, ...) are noise. */
const KEPT_HEADERS = ['accept', 'content-type', 'content-length', 'cookie', 'origin', 'authorization', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-dest'];

/** Largest body read from a test page. */
const MAX_BODY_BYTES = 64 * 1024;

/** @type {Map<string, object[]>} token endpoint requests, by key */
const tokenRequests = new Map();
/** @type {Map<string, object[]>} form posts, by id */
const formPosts = new Map();

const push = (map, key, entry) => map.set(key, [...(map.get(key) ?? []), entry]);

/** `key`, or the `form_test_key` cookie when `key` is "cookie". */
const keyOf = (ctx, key) => (key == 'cookie' ? (ctx.cookies.get('form_test_key') ?? '') : String(key ?? ''));

/** A token from the simulator, minted as a test would (POST /sim/token on this same server). */
async function mintToken(ctx) {
  const response = await fetch(`${ctx.origin}/sim/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  return (await response.json()).token;
}

/** The whole request body as text (the dev server has no body parser). */
function readBody(req) {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      if (text.length < MAX_BODY_BYTES) text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', () => resolve(text));
    req.on('close', () => resolve(text));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function sendJson(ctx, payload) {
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(payload);
}

/** A body in the shape `as` asks for, and its content type. */
function tokenAnswer(as, token) {
  switch (as) {
    case 'text':
      return ['text/plain; charset=utf-8', token];
    case 'empty':
      return ['application/json', JSON.stringify({ token: '' })];
    case 'empty-text':
      return ['text/plain; charset=utf-8', ''];
    case 'html':
      // What a site answers when its session ran out: its login page, with a status of 200.
      return [
        'text/html; charset=utf-8',
        `<!doctype html><html><head><title>Sign in</title></head><body><form><input name="t" value="${token}"></form></body></html>`,
      ];
    default:
      return ['application/json', JSON.stringify({ token })];
  }
}

async function answerTokenRoute(ctx) {
  const { query } = ctx;
  const body = await readBody(ctx.req);
  const headers = Object.fromEntries(KEPT_HEADERS.filter((name) => ctx.get(name) !== '').map((name) => [name, ctx.get(name)]));
  const minted = query.mint == '1' ? await mintToken(ctx) : undefined;
  push(tokenRequests, keyOf(ctx, query.key ?? query.t), {
    method: ctx.method,
    url: ctx.url,
    headers,
    bodyLength: Buffer.byteLength(body),
    ...(minted && { token: minted }),
  });

  const delayMs = Math.min(Number(query.delayMs) || 0, 60_000);
  if (delayMs > 0) await sleep(delayMs);
  if (query.drop == '1') {
    // No answer at all: the fetch fails as it would when the site is down.
    ctx.respond = false;
    ctx.req.socket.destroy();
    return;
  }
  const token = minted ?? (query.rt === undefined ? String(query.t ?? '') : [...String(query.rt)].reverse().join(''));
  const [type, text] = tokenAnswer(String(query.as ?? 'json'), token);
  ctx.set('Cache-Control', 'no-store');
  ctx.status = Number(query.status) || 200;
  ctx.type = type;
  ctx.body = text;
}

async function answerSubmit(ctx) {
  const body = await readBody(ctx.req);
  const contentType = ctx.get('content-type');
  const fields = contentType.startsWith('application/x-www-form-urlencoded') ? [...new URLSearchParams(body)] : [];
  push(formPosts, keyOf(ctx, ctx.query.id), { contentType, body, fields });
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'text/html';
  ctx.body = '<!doctype html><html lang="en"><title>Posted</title><p id="posted">Posted.</p></html>';
}

/** Koa middleware for the test server (web-test-runner.config.mjs). */
export function formTestMiddleware() {
  return async function formTest(ctx, next) {
    if (!ctx.path.startsWith('/test/form/')) return next();
    if (ctx.path == '/test/form/token') return answerTokenRoute(ctx);
    if (ctx.path == '/test/form/no-js.html') {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'text/html';
      ctx.body = (await readFile(`${root}test/form/fixtures/no-js.html`, 'utf8')).replaceAll('{ORIGIN}', ctx.origin);
      return;
    }
    if (ctx.path == '/test/form/element.js') {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'text/javascript';
      ctx.body = await elementAsClassicScript();
      return;
    }
    if (ctx.path == '/test/form/token-requests') return sendJson(ctx, { requests: tokenRequests.get(String(ctx.query.key ?? '')) ?? [] });
    if (ctx.path == '/test/form/submit' && ctx.method == 'POST') return answerSubmit(ctx);
    if (ctx.path == '/test/form/submitted') return sendJson(ctx, { posts: formPosts.get(String(ctx.query.id ?? '')) ?? [] });
    await next();
    if (ctx.path.startsWith('/test/form/fixtures/') && ctx.query.nostore == '1') ctx.set('Cache-Control', 'no-store');
  };
}
