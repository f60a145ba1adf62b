// The simulator's Server API over real HTTP, as a backend calls it (plain fetch here; the
// official SDK's own view is test/node/authsignal-node-sdk.test.mjs): the secret key, track,
// validate, getAction, and how a tracked token behaves on the Client API. Run: node --test sim/
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SECRET_KEY, createSimulator } from './index.mjs';
import { signJwt, verifyJwt } from './jwt.mjs';
import { ADAPTERS, SECRET, rawRequest, startTestServer } from './testing.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TEN_MINUTES = 10 * 60 * 1000;
const basic = (/** @type {string} */ key) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

for (const adapter of ADAPTERS) {
  describe(`Server API (${adapter})`, () => {
    /** @type {Awaited<ReturnType<typeof startTestServer>>} */
    let s;
    before(async () => {
      s = await startTestServer(adapter);
    });
    after(() => s.close());

    /**
     * @param {string} path under /v1
     * @param {{ method?: string, body?: unknown, key?: string | null }} [options] key null: no Authorization
     */
    async function call(path, { method = 'POST', body, key = DEFAULT_SECRET_KEY } = {}) {
      /** @type {Record<string, string>} */
      const headers = { 'content-type': 'application/json', origin: 'http://page.test' };
      if (key !== null) headers.authorization = basic(key);
      const response = await fetch(`${s.url}/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, body: await response.json() };
    }
    const track = (/** @type {string} */ userId, /** @type {string} */ action, attributes = {}) =>
      call(`/users/${encodeURIComponent(userId)}/actions/${encodeURIComponent(action)}`, { body: attributes });
    const validate = (/** @type {Record<string, unknown>} */ body) => call('/validate', { body });

    /** Tracks, starts and verifies: the accessToken a backend gets from the page. */
    async function verifiedFor(userId = 'alice', action = 'signIn', attributes = {}) {
      const tracked = (await track(userId, action, attributes)).body;
      await s.start(tracked.token);
      const { body } = await s.verifyJson(tracked.token, await s.latestCode(tracked.token));
      assert.equal(body.isVerified, true);
      return { tracked, accessToken: /** @type {string} */ (body.accessToken) };
    }

    describe('the secret key', () => {
      for (const [name, key] of /** @type {const} */ ([['missing', null], ['wrong', 'not-the-key'], ['empty', '']])) {
        it(`${name}: 401 unauthorized on every route, and nothing is tracked`, async () => {
          for (const [path, method] of [['/users/u1/actions/a1', 'POST'], ['/validate', 'POST'], ['/users/u1/actions/a1/k1', 'GET']]) {
            const { status, headers, body } = await call(path, { method, key, body: method === 'POST' ? { idempotencyKey: 'k1' } : undefined });
            assert.equal(status, 401, `${method} ${path}`);
            assert.equal(body.error, 'unauthorized');
            assert.equal(typeof body.errorDescription, 'string');
            assert.match(headers.get('www-authenticate') ?? '', /^Basic /);
          }
          assert.equal((await call('/users/u1/actions/a1/k1', { method: 'GET' })).status, 404, 'a refused track was stored');
        });
      }

      it('is the user name of HTTP Basic; the password is not looked at', async () => {
        const response = await fetch(`${s.url}/v1/users/u2/actions/a2`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_SECRET_KEY}:anything`).toString('base64')}` },
        });
        assert.equal(response.status, 200);
      });

      it('is the one given to createSimulator({ secretKey }), and the default key is then refused', async () => {
        const other = await startTestServer(adapter, { secretKey: 'my-own-key' });
        try {
          const post = (/** @type {string} */ key) =>
            fetch(`${other.url}/v1/users/u/actions/a`, { method: 'POST', headers: { authorization: basic(key) } });
          assert.equal((await post('my-own-key')).status, 200);
          assert.equal((await post(DEFAULT_SECRET_KEY)).status, 401);
        } finally {
          await other.close();
        }
      });

      it('must be a non-empty string', () => {
        assert.throws(() => createSimulator({ secretKey: '' }), TypeError);
      });
    });

    describe('POST /v1/users/{userId}/actions/{action} (track)', () => {
      it('answers { token, state, idempotencyKey, url, isEnrolled }, with no CORS headers', async () => {
        const { status, headers, body } = await track('alice', 'signIn', { phoneNumber: '+15550001111' });
        assert.equal(status, 200);
        assert.equal(headers.get('content-type'), 'application/json');
        assert.equal(headers.get('cache-control'), 'no-store');
        assert.equal(headers.get('access-control-allow-origin'), null, 'a page on another origin must not read Server API answers');
        assert.deepEqual(Object.keys(body).sort(), ['idempotencyKey', 'isEnrolled', 'state', 'token', 'url']);
        assert.equal(body.state, 'CHALLENGE_REQUIRED');
        assert.match(body.idempotencyKey, UUID);
        assert.equal(body.isEnrolled, true);
        assert.equal(typeof body.url, 'string');
      });

      it('mints a Client API token of the same shape as /sim/token, for that user', async () => {
        const { body } = await track('bob', 'signIn');
        const claims = verifyJwt(body.token, SECRET);
        assert.ok(claims);
        assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iat', 'jti', 'sub']);
        assert.equal(claims.sub, 'bob');
        assert.equal(claims.exp - claims.iat, 600);
      });

      it('keeps the idempotencyKey it is given, and the same key is the same action', async () => {
        const first = (await track('carol', 'pay', { idempotencyKey: 'order-17' })).body;
        assert.equal(first.idempotencyKey, 'order-17');
        await s.start(first.token);
        await s.verifyJson(first.token, await s.latestCode(first.token));
        const again = (await track('carol', 'pay', { idempotencyKey: 'order-17' })).body;
        assert.equal(again.idempotencyKey, 'order-17');
        assert.equal(again.state, 'CHALLENGE_SUCCEEDED', 'a second track of the same key is the same action');
        assert.notEqual(again.token, first.token);
      });

      it('sends the code to the phoneNumber of the track, shown in the inbox with the action and locale', async () => {
        const { body } = await track('dave', 'withdraw', { phoneNumber: '+447700900123', locale: 'en-GB' });
        await s.start(body.token);
        const [message] = await s.inbox(body.token);
        assert.equal(message.phoneNumber, '+447700900123');
        assert.equal(message.locale, 'en-GB');
        assert.equal(message.actionCode, 'withdraw');
        assert.equal(message.userId, 'dave');
      });

      it('GET /sim/inbox?userId= lists all of one user\'s messages, of every token, newest first', async () => {
        const first = (await track('olga', 'signIn')).body;
        const second = (await track('olga', 'pay')).body;
        const other = (await track('pete', 'signIn')).body;
        const ids = [];
        for (const token of [first.token, other.token, second.token]) ids.push((await s.startJson(token)).body.challengeId);
        const { messages } = await (await fetch(`${s.url}/sim/inbox?userId=olga`)).json();
        assert.deepEqual(messages.map((/** @type {any} */ m) => m.challengeId), [ids[2], ids[0]]);
        assert.deepEqual((await (await fetch(`${s.url}/sim/inbox?userId=nobody`)).json()).messages, []);
      });

      it('remembers the number for the next track of the same user; isEnrolled is false without one', async () => {
        assert.equal((await track('erin', 'signIn')).body.isEnrolled, false);
        await track('erin', 'signIn', { phoneNumber: '+5511999990000' });
        const { body } = await track('erin', 'signIn');
        assert.equal(body.isEnrolled, true);
        await s.start(body.token);
        assert.equal((await s.inbox(body.token))[0].phoneNumber, '+5511999990000');
      });

      it('decodes the path: user ids and actions may hold any character', async () => {
        const { body } = await track('user@example.com/1', 'sign in', { idempotencyKey: 'k/1' });
        const got = await call(`/users/${encodeURIComponent('user@example.com/1')}/actions/${encodeURIComponent('sign in')}/${encodeURIComponent('k/1')}`, { method: 'GET' });
        assert.equal(got.status, 200);
        assert.equal(verifyJwt(body.token, SECRET)?.sub, 'user@example.com/1');
      });

      it('refuses a body that is not a JSON object, or attributes of the wrong type (400)', async () => {
        for (const body of ['[1]', 'not json', '"x"', JSON.stringify({ phoneNumber: 5 }), JSON.stringify({ idempotencyKey: '' })]) {
          const answer = await call('/users/u/actions/a', { body });
          assert.equal(answer.status, 400, body);
          assert.equal(answer.body.error, 'invalid_request');
        }
        assert.equal((await call('/users/u/actions/a', { body: '' })).status, 200, 'no body means no attributes');
      });

      it('answers other methods 405 and unknown paths 404', async () => {
        assert.equal((await call('/users/u/actions/a', { method: 'GET' })).status, 405);
        assert.equal((await call('/validate', { method: 'GET' })).status, 405);
        assert.equal((await call('/users/u/actions/a/k', { method: 'POST', body: {} })).status, 405);
        assert.equal((await call('/users/u', { method: 'GET' })).status, 404);
        assert.equal((await call('/users/u/actions//k', { method: 'GET' })).status, 404);
      });
    });

    describe('POST /v1/validate', () => {
      it('after a verified code: isValid, CHALLENGE_SUCCEEDED, the user, action and key, WHATSAPP', async () => {
        const { tracked, accessToken } = await verifiedFor('frank', 'signIn');
        const { status, body } = await validate({ token: accessToken, userId: 'frank', action: 'signIn' });
        assert.equal(status, 200);
        assert.deepEqual(body, {
          isValid: true,
          state: 'CHALLENGE_SUCCEEDED',
          stateUpdatedAt: new Date(s.clock.now).toISOString(),
          userId: 'frank',
          actionCode: 'signIn',
          idempotencyKey: tracked.idempotencyKey,
          verificationMethod: 'WHATSAPP',
        });
        assert.equal((await validate({ token: accessToken })).body.isValid, true, 'userId and action are optional');
      });

      it('before verification (the track token itself): isValid false, CHALLENGE_REQUIRED', async () => {
        const { body: tracked } = await track('gina', 'signIn');
        await s.start(tracked.token);
        const { status, body } = await validate({ token: tracked.token, userId: 'gina', action: 'signIn' });
        assert.equal(status, 200);
        assert.equal(body.isValid, false);
        assert.equal(body.state, 'CHALLENGE_REQUIRED');
        assert.equal(body.verificationMethod, undefined);
      });

      it('the track token stays not valid even once its challenge is verified', async () => {
        const { tracked } = await verifiedFor('gina2', 'signIn');
        const { body } = await validate({ token: tracked.token, userId: 'gina2', action: 'signIn' });
        assert.equal(body.isValid, false);
        assert.equal(body.state, 'CHALLENGE_SUCCEEDED');
      });

      it('another user or another action than the ones passed: isValid false, with the state', async () => {
        const { accessToken } = await verifiedFor('hank', 'signIn');
        for (const claim of [{ userId: 'mallory' }, { action: 'withdraw' }, { userId: 'mallory', action: 'signIn' }]) {
          const { body } = await validate({ token: accessToken, ...claim });
          assert.equal(body.isValid, false, JSON.stringify(claim));
          assert.equal(body.state, 'CHALLENGE_SUCCEEDED');
          assert.equal(body.userId, 'hank');
          assert.equal(body.actionCode, 'signIn');
        }
      });

      it('an expired accessToken (ten minutes on): isValid false', async () => {
        const { accessToken } = await verifiedFor('ivan', 'signIn');
        s.advance(TEN_MINUTES);
        const { body } = await validate({ token: accessToken, userId: 'ivan', action: 'signIn' });
        assert.equal(body.isValid, false);
        assert.equal(body.state, 'CHALLENGE_SUCCEEDED');
      });

      it('an accessToken ended by POST /sim/expire: isValid false; others of the same action are untouched', async () => {
        const { accessToken } = await verifiedFor('jane', 'signIn');
        const expire = await fetch(`${s.url}/sim/expire`, { method: 'POST', body: JSON.stringify({ token: accessToken }) });
        assert.equal(expire.status, 204);
        assert.equal((await validate({ token: accessToken })).body.isValid, false);
        const { accessToken: fresh } = await verifiedFor('jane', 'signIn');
        assert.equal((await validate({ token: fresh })).body.isValid, true);
        const refused = await fetch(`${s.url}/sim/expire`, { method: 'POST', body: JSON.stringify({ token: 'forged' }) });
        assert.equal(refused.status, 400);
      });

      it('after the 5th wrong code the action is CHALLENGE_FAILED, and getAction says so', async () => {
        const { body: tracked } = await track('kim', 'signIn', { idempotencyKey: 'kim-1' });
        await s.start(tracked.token);
        for (let i = 0; i < 5; i += 1) await s.verifyJson(tracked.token, 'x');
        const { body } = await call('/users/kim/actions/signIn/kim-1', { method: 'GET' });
        assert.equal(body.state, 'CHALLENGE_FAILED');
      });

      it('a token it did not sign: 400 { error, errorDescription }', async () => {
        const forged = signJwt({ sub: 'alice', verified: true, tid: 'x', jti: 'y', iat: 1, exp: 9e9 }, 'another-secret');
        for (const token of [forged, 'not-a-jwt']) {
          const { status, body } = await validate({ token });
          assert.equal(status, 400);
          assert.deepEqual(Object.keys(body).sort(), ['error', 'errorDescription']);
          assert.equal(body.error, 'invalid_token');
        }
      });

      it('a body without a token string: 400 invalid_request', async () => {
        for (const body of [{}, { token: 5 }, { token: '' }, { token: 'a.b.c', userId: 5 }]) {
          const answer = await validate(body);
          assert.equal(answer.status, 400, JSON.stringify(body));
          assert.equal(answer.body.error, 'invalid_request');
        }
      });

      it('a /sim/token flow validates too, with no action', async () => {
        const { token, userId } = await s.mintToken();
        await s.start(token);
        const { body } = await s.verifyJson(token, await s.latestCode(token));
        const answer = (await validate({ token: body.accessToken, userId })).body;
        assert.equal(answer.isValid, true);
        assert.equal(answer.actionCode, undefined);
        assert.equal((await validate({ token: body.accessToken, action: 'signIn' })).body.isValid, false);
      });
    });

    describe('GET /v1/users/{userId}/actions/{action}/{idempotencyKey}', () => {
      it('answers the state, stateUpdatedAt and createdAt, and verificationMethod once verified', async () => {
        const { body: tracked } = await track('liam', 'signIn', { idempotencyKey: 'liam-1' });
        const before = (await call('/users/liam/actions/signIn/liam-1', { method: 'GET' })).body;
        const created = new Date(s.clock.now).toISOString();
        assert.deepEqual(before, { state: 'CHALLENGE_REQUIRED', stateUpdatedAt: created, createdAt: created });
        await s.start(tracked.token);
        s.advance(5000);
        await s.verifyJson(tracked.token, await s.latestCode(tracked.token));
        const afterwards = (await call('/users/liam/actions/signIn/liam-1', { method: 'GET' })).body;
        assert.deepEqual(afterwards, {
          state: 'CHALLENGE_SUCCEEDED',
          stateUpdatedAt: new Date(s.clock.now).toISOString(),
          createdAt: created,
          verificationMethod: 'WHATSAPP',
        });
      });

      it('is a 404 for another user, action or key', async () => {
        await track('mia', 'signIn', { idempotencyKey: 'mia-1' });
        for (const path of ['/users/other/actions/signIn/mia-1', '/users/mia/actions/other/mia-1', '/users/mia/actions/signIn/other']) {
          const { status, body } = await call(path, { method: 'GET' });
          assert.equal(status, 404, path);
          assert.equal(body.error, 'not_found');
        }
      });
    });

    it('logs Server API requests like the others, so a test can see where a token went', async () => {
      const { accessToken } = await verifiedFor('nora', 'signIn');
      await validate({ token: accessToken });
      const logged = await s.requests(accessToken);
      assert.ok(logged.some((r) => r.path === '/v1/validate' && r.body.includes(accessToken)));
    });

    it('leaves other /v1 paths to the next middleware', async () => {
      const result = await rawRequest(`${s.url}/v1/other`, { method: 'GET' });
      assert.equal(result.status, 404);
      assert.equal(result.chunks.map((c) => c.text).join(''), 'fallback 404');
    });
  });
}

describe('createSimulator({ secretKey })', () => {
  it('refuses a key with a colon: HTTP Basic could never carry it (RFC 7617)', () => {
    assert.throws(() => createSimulator({ secretKey: 'a:b' }), /without ":"/);
    assert.doesNotThrow(() => createSimulator({ secretKey: 'k e y' }));
  });
});
