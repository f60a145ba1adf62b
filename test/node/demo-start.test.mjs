// `npm start` (scripts/start.mjs) is one process that serves the demo site at /, its
// backend and the simulator: this runs it as a person would and walks the round trip over
// HTTP with a cookie jar, the way the demo page does (the page itself is driven in a
// browser by test/server/demo-page.test.ts). Also: a taken port is one line, not a trace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { root } from './dist.mjs';
import { freePort } from '../helpers/free-port.mjs';

/**
 * Starts `node scripts/start.mjs` with PORT and the given environment.
 * @param {number} port
 * @param {Record<string, string>} [env]
 */
function startDemo(port, env = {}) {
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AUTHSIGNAL_')));
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...cleanEnv, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  const ready = new Promise((resolve) => child.stdout.on('data', () => stdout.includes('Ctrl+C') && resolve(undefined)));
  return { child, exited, ready, output: () => ({ stdout, stderr }) };
}

describe('npm start', () => {
  /** @type {ReturnType<typeof startDemo>} */
  let demo;
  let base = '';
  let cookie = '';

  before(async () => {
    const port = await freePort();
    demo = startDemo(port);
    await Promise.race([demo.ready, demo.exited]);
    assert.match(demo.output().stdout, /Demo: http:\/\/localhost:\d+\//, demo.output().stderr);
    base = `http://localhost:${port}`;
  });
  after(() => demo?.child.kill());

  /**
   * A request with the demo's session cookie, remembering a new one.
   * @param {string} path
   * @param {RequestInit} [init]
   */
  async function call(path, init = {}) {
    const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init, headers: { cookie, ...init.headers } });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    return response;
  }

  it('says which Authsignal its backend uses: the simulator, with no AUTHSIGNAL_* set', () => {
    assert.match(demo.output().stdout, /Backend: the local simulator/);
  });

  it('serves the demo at /', async () => {
    const root = await call('/');
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/demo/');
    const page = await call('/demo/');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<authsignal-whatsapp-challenge[^>]*token-url="\/api\/authsignal\/token"/);
  });

  it('runs the round trip in one process: sign-in, token, code to the phone, verify, validate', async () => {
    const config = await (await call('/api/demo/config')).json();
    assert.deepEqual(config, { server: 'simulator', action: 'signIn', clientApiPath: '/v1/client' });

    assert.equal((await call('/api/authsignal/token', { method: 'POST' })).status, 401, 'a token for nobody');
    const user = await (await call('/api/demo/sign-in', { method: 'POST' })).json();
    assert.match(user.id, /^demo-/);
    assert.match(cookie, /^demo_session=/);

    const { token } = await (await call('/api/authsignal/token', { method: 'POST' })).json();
    const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const started = await call(`${config.clientApiPath}/challenge/whatsapp`, { method: 'POST', headers: bearer });
    const { challengeId } = await started.json();
    const { messages } = await (await call(`/sim/inbox?userId=${user.id}`)).json();
    const message = messages.find((/** @type {any} */ m) => m.challengeId === challengeId);
    assert.equal(message.phoneNumber, user.phoneNumber, 'the inbox shows the number the code went to');

    const verified = await call(`${config.clientApiPath}/verify/whatsapp`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ verificationCode: message.code }),
    });
    const { accessToken } = await verified.json();
    const verdict = await call('/api/authsignal/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: accessToken }),
    });
    assert.equal(verdict.status, 200);
    const body = await verdict.json();
    assert.deepEqual(
      { ok: body.ok, userId: body.userId, action: body.action, state: body.state },
      { ok: true, userId: user.id, action: 'signIn', state: 'CHALLENGE_SUCCEEDED' },
    );
  });

  it('serves the element and the page to browsers the dev server does not recognise (iPad Safari, curl)', async () => {
    const agents = [
      'Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      'curl/8.5.0',
    ];
    for (const agent of agents) {
      for (const path of ['/src/client.ts', '/src/challenge-flow.ts', '/src/authsignal-whatsapp-challenge.ts', '/demo/demo.ts']) {
        const response = await call(path, { headers: { 'user-agent': agent } });
        assert.equal(response.status, 200, `${path} for ${agent}`);
      }
    }
  });

  it('keeps the visitors\' cookies and the secret key out of the readable request log', async () => {
    await call('/api/authsignal/token', { method: 'POST' });
    const { requests } = await (await call('/sim/requests')).json();
    const passedThrough = requests.filter((/** @type {any} */ r) => !r.path.startsWith('/v1/client/'));
    assert.ok(passedThrough.length > 0);
    for (const request of passedThrough) {
      assert.equal(request.headers.cookie, undefined, request.path);
      assert.equal(request.headers.authorization, undefined, request.path);
    }
  });

  it('says in one line when its port is taken, and exits with 1', async () => {
    const second = startDemo(Number(new URL(base).port));
    const code = await second.exited;
    const { stderr } = second.output();
    assert.equal(code, 1);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /port \d+ is in use/);
  });

  it('refuses to start with a bad AUTHSIGNAL_REGION, naming the variable', async () => {
    const bad = startDemo(await freePort(), { AUTHSIGNAL_SECRET_KEY: 'x', AUTHSIGNAL_REGION: 'mars' });
    assert.equal(await bad.exited, 1);
    assert.match(bad.output().stderr, /AUTHSIGNAL_REGION must be one of us, au, eu, ca/);
  });
});
