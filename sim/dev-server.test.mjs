// The simulator inside @web/dev-server, as `npm start` and @web/test-runner run it: the dev
// server's own middleware (logging, etag, file serving) wraps it, so this checks that its
// answers, raw fault playback and pass-through survive that chain. Run: node --test sim/
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createSimulator } from './index.mjs';
import { T0, rawRequest } from './testing.mjs';

const devServer = await import('@web/dev-server').catch(() => undefined);
const rootDir = fileURLToPath(new URL('.', import.meta.url));

describe('inside @web/dev-server', { skip: !devServer && '@web/dev-server is not installed' }, () => {
  /** @type {any} */
  let server;
  let url = '';
  // A frozen clock keeps Retry-After exact however slow the machine.
  const simulator = createSimulator({ now: () => T0 });

  before(async () => {
    server = await devServer?.startDevServer({
      config: { rootDir, port: 0, hostname: '127.0.0.1', middleware: [simulator.middleware] },
      readCliArgs: false,
      readFileConfig: false,
      autoExitProcess: false,
      logStartMessage: false,
    });
    url = `http://127.0.0.1:${server.server.address().port}`;
  });
  after(() => server?.stop());

  const token = async () => (await (await fetch(`${url}/sim/token`)).json()).token;
  const post = (/** @type {string} */ path, /** @type {string} */ bearer, body = '') =>
    fetch(`${url}/v1/client/${path}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, origin: 'http://page.test' }, body });

  it('still serves the files behind it, and logs the requests it passes on', async () => {
    const response = await fetch(`${url}/README.md?probe=dev-server-file`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), await readFile(new URL('README.md', import.meta.url), 'utf8'));
    assert.equal(simulator.requests('probe=dev-server-file').length, 1);
  });

  it('answers a preflight, a start and a verify', async () => {
    const preflight = await fetch(`${url}/v1/client/verify/whatsapp`, { method: 'OPTIONS', headers: { origin: 'http://page.test' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST, OPTIONS');

    const bearer = await token();
    const started = await post('challenge/whatsapp', bearer);
    assert.equal(started.status, 200);
    assert.equal(started.headers.get('content-type'), 'application/json');
    assert.equal(started.headers.get('access-control-allow-origin'), 'http://page.test');
    assert.equal(started.headers.get('etag'), null, 'the dev server treated the answer as a file');
    const { challengeId } = await started.json();
    const [{ code }] = simulator.inbox(bearer);
    const verified = await post('verify/whatsapp', bearer, JSON.stringify({ verificationCode: code }));
    const body = await verified.json();
    assert.equal(body.isVerified, true);
    assert.equal(simulator.verifyAccessToken(body.accessToken)?.challengeId, challengeId);
  });

  it('sends 429 with Retry-After', async () => {
    const bearer = simulator.issueToken({ startLimit: { max: 1, windowSeconds: 30 } }).token;
    await post('challenge/whatsapp', bearer);
    const limited = await post('challenge/whatsapp', bearer);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '30');
    assert.equal(limited.headers.get('access-control-expose-headers'), 'Retry-After, Date');
  });

  it('plays faults on the raw response: status, headers, slow body, cut body, no CORS', async () => {
    const bearer = await token();
    simulator.queueFaults(bearer, [
      { status: 500, headers: { 'X-Fault': '1' }, rawBody: 'not json' },
      { bodyDelayMs: 400, body: { challengeId: 'slow' } },
      { drop: 'mid-body', body: { challengeId: 'cut' } },
      { cors: false, status: 204 },
    ]);
    const plain = await post('challenge/whatsapp', bearer);
    assert.deepEqual([plain.status, plain.headers.get('x-fault'), await plain.text()], [500, '1', 'not json']);

    const slow = await rawRequest(`${url}/v1/client/challenge/whatsapp`, { headers: { authorization: `Bearer ${bearer}` } });
    assert.ok(/** @type {number} */ (slow.headersAt) < 300);
    assert.equal(slow.chunks.map((c) => c.text).join(''), '{"challengeId":"slow"}');
    assert.ok(/** @type {number} */ (slow.endedAt) >= 398);

    const cut = await post('challenge/whatsapp', bearer);
    assert.equal(cut.status, 200);
    await assert.rejects(cut.text(), TypeError);

    const bare = await post('challenge/whatsapp', bearer);
    assert.equal(bare.status, 204);
    assert.equal(bare.headers.get('access-control-allow-origin'), null);
  });
});
