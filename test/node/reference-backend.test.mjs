// The reference backend (demo/backend/) over real HTTP, with the simulator behind it on
// the same server, for what the browser round trip does not reach: Authsignal being
// unreachable (502, and the token not burnt), bodies it must refuse, a tampered session
// cookie, and how the environment picks the simulator or the real Authsignal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Authsignal } from '@authsignal/node';
import { startSimulatorServer } from '../../sim/node-server.mjs';
import { DEFAULT_SECRET_KEY } from '../../sim/index.mjs';
import { authsignalRoutes } from '../../demo/backend/authsignal-routes.mjs';
import { demoSession } from '../../demo/backend/demo-session.mjs';
import { REGION_API_URLS, authsignalFromEnv, createDemoBackend } from '../../demo/backend/index.mjs';

/** Runs Koa-style middleware in order, as a server's middleware list does. */
const chain = (/** @type {any[]} */ list) => (/** @type {any} */ ctx, /** @type {() => Promise<unknown>} */ next) => {
  const run = (/** @type {number} */ i) => (i < list.length ? list[i](ctx, () => run(i + 1)) : next());
  return run(0);
};

describe('reference backend (demo/backend)', () => {
  /** @type {Awaited<ReturnType<typeof startSimulatorServer>>} */
  let server;
  /** Which Authsignal the routes talk to: the live simulator, or a port nobody listens on. */
  let authsignal = /** @type {any} */ (undefined);
  let cookie = '';

  before(async () => {
    const session = demoSession({ cookieSecret: 'test-cookie-secret' });
    const routes = authsignalRoutes({ authsignal: () => authsignal, currentUser: session.currentUser, action: 'signIn' });
    server = await startSimulatorServer({ fallback: chain([session.middleware, routes]) });
    authsignal = new Authsignal({ apiSecretKey: DEFAULT_SECRET_KEY, apiUrl: `${server.url}/v1`, retries: 0 });
    const signedIn = await fetch(`${server.url}/api/demo/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'backend-test-user', phoneNumber: '+15550109999' }),
    });
    cookie = /** @type {string} */ (signedIn.headers.get('set-cookie')).split(';')[0];
  });
  after(() => server.close());

  /**
   * @param {string} path
   * @param {RequestInit} [init]
   */
  async function call(path, init = {}) {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', ...init, headers: { cookie, ...init.headers } });
    return { status: response.status, body: await response.json() };
  }
  const validate = (/** @type {string} */ token) =>
    call('/api/authsignal/validate', { headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ token }) });

  /** The backend's token, started and verified on the Client API: what the page posts. */
  async function verifiedToken() {
    const { body } = await call('/api/authsignal/token');
    const headers = { authorization: `Bearer ${body.token}` };
    await fetch(`${server.url}/v1/client/challenge/whatsapp`, { method: 'POST', headers });
    const [message] = server.simulator.inbox(body.token);
    assert.equal(message.phoneNumber, '+15550109999');
    const verified = await fetch(`${server.url}/v1/client/verify/whatsapp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ verificationCode: message.code }),
    });
    return /** @type {string} */ ((await verified.json()).accessToken);
  }

  it('the session cookie is HttpOnly and SameSite=Lax, and a tampered one is nobody', async () => {
    const signedIn = await fetch(`${server.url}/api/demo/sign-in`, { method: 'POST' });
    assert.match(/** @type {string} */ (signedIn.headers.get('set-cookie')), /; HttpOnly; SameSite=Lax/);
    const [name, value] = cookie.split('=');
    const [payload] = value.split('.');
    const forged = Buffer.from(JSON.stringify({ id: 'admin' })).toString('base64url');
    for (const tampered of [`${name}=${forged}.${value.split('.')[1]}`, `${name}=${payload}.AAAA`, `${name}=`]) {
      const response = await fetch(`${server.url}/api/authsignal/token`, { method: 'POST', headers: { cookie: tampered } });
      assert.equal(response.status, 401, tampered);
    }
  });

  it('Authsignal unreachable: 502, and the token is not burnt (it can be tried again)', async () => {
    const token = await verifiedToken();
    const live = authsignal;
    authsignal = new Authsignal({ apiSecretKey: DEFAULT_SECRET_KEY, apiUrl: 'http://127.0.0.1:9/v1', retries: 0 });
    try {
      assert.deepEqual(await validate(token), { status: 502, body: { ok: false, reason: 'authsignal_unavailable' } });
      assert.deepEqual(await call('/api/authsignal/token'), { status: 502, body: { error: 'authsignal_unavailable' } });
    } finally {
      authsignal = live;
    }
    const { status, body } = await validate(token);
    assert.equal(status, 200);
    assert.equal(body.ok, true);
  });

  it('Authsignal refusing the backend itself (a wrong secret key: 401) does not burn a good token', async () => {
    const token = await verifiedToken();
    const live = authsignal;
    authsignal = new Authsignal({ apiSecretKey: 'a-rotated-key', apiUrl: `${server.url}/v1`, retries: 0 });
    try {
      assert.deepEqual(await validate(token), { status: 502, body: { ok: false, reason: 'authsignal_unavailable' } });
    } finally {
      authsignal = live;
    }
    const { status, body } = await validate(token);
    assert.equal(status, 200);
    assert.equal(body.ok, true);
  });

  it('refuses user ids of dots alone at sign-in (the SDK puts the id in the URL path)', async () => {
    for (const userId of ['.', '..', '...']) {
      const response = await fetch(`${server.url}/api/demo/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      });
      assert.equal(response.status, 400, userId);
    }
  });

  it('takes the token as JSON or as the form field authsignal_token, and refuses other bodies', async () => {
    const form = await call('/api/authsignal/validate', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ authsignal_token: await verifiedToken() }).toString(),
    });
    assert.equal(form.body.ok, true);
    const refused = [
      { headers: { 'content-type': 'text/plain', cookie }, body: 'a.b.c' },
      { headers: { 'content-type': 'application/json', cookie }, body: '{"token": 5}' },
      { headers: { 'content-type': 'application/json', cookie }, body: 'not json' },
      { headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ token: 'x'.repeat(5000) }) },
    ];
    for (const init of refused) {
      assert.deepEqual(await call('/api/authsignal/validate', init), { status: 400, body: { ok: false, reason: 'token_missing' } }, init.body.slice(0, 20));
    }
  });

  it('answers only POST', async () => {
    for (const path of ['/api/authsignal/token', '/api/authsignal/validate']) {
      const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
      assert.equal(response.status, 405, path);
      assert.equal(response.headers.get('allow'), 'POST');
    }
  });
});

describe('reference backend: how long a tracked action waits for its token', () => {
  it('a code verified just before the track token ends: its token is accepted 15.5 minutes after the track, even after another visitor tracked', async () => {
    let clock = Date.now();
    const now = () => clock;
    const session = demoSession({ cookieSecret: 's' });
    /** @type {any} */
    let api;
    const routes = authsignalRoutes({ authsignal: () => api, currentUser: session.currentUser, action: 'signIn', now });
    const server = await startSimulatorServer({ simulatorOptions: { now }, fallback: chain([session.middleware, routes]) });
    api = new Authsignal({ apiSecretKey: DEFAULT_SECRET_KEY, apiUrl: `${server.url}/v1`, retries: 0 });
    const signIn = async (/** @type {string} */ userId) => {
      const response = await fetch(`${server.url}/api/demo/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, phoneNumber: '+15550107777' }),
      });
      return /** @type {string} */ (response.headers.get('set-cookie')).split(';')[0];
    };
    const post = async (/** @type {string} */ path, /** @type {string} */ cookie, /** @type {unknown} */ body) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    try {
      const alice = await signIn('alice-window');
      const { token } = await (await post('/api/authsignal/token', alice)).json();
      const bearer = { authorization: `Bearer ${token}` };
      await fetch(`${server.url}/v1/client/challenge/whatsapp`, { method: 'POST', headers: bearer });
      clock += 9 * 60_000; // the code is typed just before the track token's 10 minutes end
      const [message] = server.simulator.inbox(token);
      const verified = await fetch(`${server.url}/v1/client/verify/whatsapp`, { method: 'POST', headers: bearer, body: JSON.stringify({ verificationCode: message.code }) });
      const { accessToken } = await verified.json();
      clock += 6.5 * 60_000; // T0 + 15.5 minutes: the verified token has minutes left
      const bob = await signIn('bob-window');
      assert.equal((await post('/api/authsignal/token', bob)).status, 200, 'another visitor tracks');
      const verdict = await post('/api/authsignal/validate', alice, { token: accessToken });
      const body = await verdict.json();
      assert.equal(verdict.status, 200, JSON.stringify(body));
      assert.equal(body.ok, true);
    } finally {
      await server.close();
    }
  });
});

describe('the environment picks the Authsignal the demo backend uses', () => {
  it('the simulator when AUTHSIGNAL_SECRET_KEY is not set', () => {
    assert.deepEqual(authsignalFromEnv({}), { server: 'simulator' });
    assert.equal(createDemoBackend({ env: {} }).server, 'simulator');
  });

  it('a region (default us) or an https API URL with the key', () => {
    assert.deepEqual(authsignalFromEnv({ AUTHSIGNAL_SECRET_KEY: 'k' }), { server: 'authsignal', apiUrl: REGION_API_URLS.us, secretKey: 'k', region: 'us' });
    assert.equal(authsignalFromEnv({ AUTHSIGNAL_SECRET_KEY: 'k', AUTHSIGNAL_REGION: 'EU' }).apiUrl, 'https://eu.api.authsignal.com/v1');
    assert.deepEqual(authsignalFromEnv({ AUTHSIGNAL_SECRET_KEY: 'k', AUTHSIGNAL_API_URL: 'https://ca.api.authsignal.com/v1/' }), {
      server: 'authsignal',
      apiUrl: 'https://ca.api.authsignal.com/v1',
      secretKey: 'k',
    });
    const backend = createDemoBackend({ env: { AUTHSIGNAL_SECRET_KEY: 'k', AUTHSIGNAL_REGION: 'au' } });
    assert.equal(backend.server, 'authsignal');
    assert.match(backend.description, /au\.api\.authsignal\.com/);
  });

  it('refuses an http API URL (the key would travel in clear) and an unknown region', () => {
    assert.throws(() => authsignalFromEnv({ AUTHSIGNAL_SECRET_KEY: 'k', AUTHSIGNAL_API_URL: 'http://api.authsignal.com/v1' }), /https/);
    assert.throws(() => authsignalFromEnv({ AUTHSIGNAL_SECRET_KEY: 'k', AUTHSIGNAL_REGION: 'mars' }), /AUTHSIGNAL_REGION/);
  });
});
