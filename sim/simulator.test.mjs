// The simulator over real HTTP, under real Koa and under the minimal context: tokens, CORS,
// the bearer check, start, verify, the rate limit, the inbox, isolation, the request log,
// routing and cleanup. Faults are in faults.test.mjs. Run: node --test sim/
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateCode } from './codes.mjs';
import { createSimulator } from './index.mjs';
import { signJwt, verifyJwt } from './jwt.mjs';
import { ADAPTERS, SECRET, T0, rawRequest, startTestServer } from './testing.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ROUTES = ['/v1/client/challenge/whatsapp', '/v1/client/verify/whatsapp'];

/** A code guaranteed to differ from `code`, of the same length. */
const wrong = (/** @type {string} */ code) => code.replace(/./g, (d) => String((Number(d) + 1) % 10));

/** @param {Headers} headers */
function assertActualAnswerHeaders(headers, origin = '*') {
  assert.equal(headers.get('access-control-allow-origin'), origin);
  assert.equal(headers.get('access-control-expose-headers'), 'Retry-After, Date');
  assert.equal(headers.get('content-type'), 'application/json');
  assert.equal(headers.get('cache-control'), 'no-store');
}

describe('one-time codes', () => {
  it('are digits only, of the asked length, and can start with a zero', () => {
    const codes = Array.from({ length: 2000 }, () => generateCode(6));
    for (const code of codes) assert.match(code, /^\d{6}$/);
    assert.ok(codes.some((code) => code.startsWith('0')), 'no code of 2000 started with 0');
    assert.match(generateCode(10), /^\d{10}$/);
  });
});

for (const adapter of ADAPTERS) {
  describe(`simulator (${adapter})`, () => {
    /** @type {Awaited<ReturnType<typeof startTestServer>>} */
    let s;
    before(async () => {
      s = await startTestServer(adapter);
      assert.equal(s.adapter, adapter);
    });
    after(() => s.close());

    describe('/sim/token', () => {
      it('mints an HS256 JWT with sub, iat, exp and jti, valid 600 s by default', async () => {
        const minted = await s.mintToken({ userId: 'alice' });
        const [header] = minted.token.split('.');
        assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
        const claims = verifyJwt(minted.token, SECRET);
        assert.ok(claims, 'not signed with the simulator secret');
        assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iat', 'jti', 'sub']);
        assert.equal(claims.sub, 'alice');
        assert.equal(claims.iat, Math.floor(s.clock.now / 1000));
        assert.equal(claims.exp, claims.iat + 600);
        assert.match(claims.jti, UUID);
        assert.equal(minted.expiresAt, new Date(claims.exp * 1000).toISOString());
        assert.equal(minted.tokenId, claims.jti);
        assert.equal(minted.userId, 'alice');
      });

      it('gives each token its own jti and a user id when none is asked for', async () => {
        const a = await s.mintToken();
        const b = await s.mintToken();
        assert.notEqual(a.tokenId, b.tokenId);
        assert.ok(a.userId.length > 0);
        assert.equal(verifyJwt(a.token, SECRET)?.sub, a.userId);
      });

      it('honours expiresIn, negative giving an expired token', async () => {
        const short = verifyJwt((await s.mintToken({ expiresIn: 30 })).token, SECRET);
        assert.equal(short?.exp, short?.iat + 30);
        const expired = verifyJwt((await s.mintToken({ expiresIn: -5 })).token, SECRET);
        assert.ok(expired && expired.exp * 1000 < s.clock.now);
      });

      it('answers GET with no body, options from the query', async () => {
        const plain = await fetch(`${s.url}/sim/token`);
        assert.equal(plain.status, 200);
        assertActualAnswerHeaders(plain.headers);
        assert.ok(verifyJwt((await plain.json()).token, SECRET));
        const tuned = await (await fetch(`${s.url}/sim/token?userId=bob&expiresIn=60`)).json();
        const claims = verifyJwt(tuned.token, SECRET);
        assert.equal(claims?.sub, 'bob');
        assert.equal(claims?.exp, claims?.iat + 60);
      });

      it('refuses options it does not understand with 400 invalid_request', async () => {
        for (const body of [
          '{"expiresIn":"soon"}',
          '{"userId":""}',
          '{"codeLength":0}',
          '{"codeLength":4.5}',
          '{"startLimit":{"max":0,"windowSeconds":60}}',
          '{"startLimit":{"max":2}}',
          '{"expires":60}',
          'not json',
          '[]',
        ]) {
          const response = await fetch(`${s.url}/sim/token`, { method: 'POST', body });
          assert.equal(response.status, 400, body);
          assert.equal((await response.json()).error, 'invalid_request', body);
        }
        assert.equal((await fetch(`${s.url}/sim/token?codeLength=abc`)).status, 400);
      });
    });

    describe('CORS', () => {
      for (const path of ROUTES) {
        it(`answers the preflight of ${path}`, async () => {
          const response = await fetch(`${s.url}${path}`, {
            method: 'OPTIONS',
            headers: {
              origin: 'http://page.test:8000',
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'authorization, content-type',
            },
          });
          assert.equal(response.status, 204);
          assert.equal(response.headers.get('access-control-allow-origin'), 'http://page.test:8000');
          assert.equal(response.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
          assert.equal(response.headers.get('access-control-allow-headers'), 'authorization, content-type');
          assert.equal(response.headers.get('access-control-max-age'), '600');
          assert.equal(response.headers.get('vary'), 'Origin');
          assert.equal(await response.text(), '');
        });
      }

      it('allows any origin with * when the preflight has no Origin', async () => {
        const response = await fetch(`${s.url}${ROUTES[0]}`, { method: 'OPTIONS' });
        assert.equal(response.status, 204);
        assert.equal(response.headers.get('access-control-allow-origin'), '*');
      });

      it('answers preflights of the control routes too', async () => {
        for (const path of ['/sim/token', '/sim/faults', '/sim/inbox', '/sim/requests']) {
          const response = await fetch(`${s.url}${path}`, { method: 'OPTIONS', headers: { origin: 'http://page.test' } });
          assert.equal(response.status, 204, path);
          assert.equal(response.headers.get('access-control-allow-origin'), 'http://page.test', path);
          assert.equal(response.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS', path);
        }
      });

      it('puts CORS, JSON and no-store headers on successes and errors alike', async () => {
        const origin = 'http://page.test:8000';
        const { token } = await s.mintToken({ startLimit: { max: 1, windowSeconds: 60 } });
        const answers = [
          await s.start(token, { headers: { origin } }), // 200
          await s.start(token, { headers: { origin } }), // 429
          await s.start('x', { headers: { origin } }), // 401
          await fetch(`${s.url}${ROUTES[1]}`, { method: 'POST', headers: { origin, authorization: `Bearer ${token}` }, body: '{' }), // 400
          await fetch(`${s.url}${ROUTES[0]}`, { headers: { origin } }), // 405
          await fetch(`${s.url}/sim/inbox`, { headers: { origin } }), // 200, control
        ];
        assert.deepEqual(answers.map((r) => r.status), [200, 429, 401, 400, 405, 200]);
        for (const answer of answers) {
          assertActualAnswerHeaders(answer.headers, origin);
          assert.equal(answer.headers.get('vary'), 'Origin');
        }
      });
    });

    describe('bearer check', () => {
      for (const path of ROUTES) {
        it(`${path}: a missing or malformed Authorization header is a 401 without errorCode`, async () => {
          for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'token-without-scheme']) {
            /** @type {Record<string, string>} */
            const headers = authorization === undefined ? {} : { authorization };
            const response = await fetch(`${s.url}${path}`, { method: 'POST', headers, body: '{"verificationCode":"1"}' });
            assert.equal(response.status, 401, String(authorization));
            const body = await response.json();
            assert.equal(body.error, 'unauthorized');
            assert.equal(typeof body.errorDescription, 'string');
            assert.equal('errorCode' in body, false, String(authorization));
          }
        });

        it(`${path}: a token not signed by this simulator is 401 invalid_token`, async () => {
          const { token } = await s.mintToken();
          const [header, payload, signature] = token.split('.');
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
          const tampered = [header, Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url'), signature].join('.');
          const foreign = createSimulator({ secret: 'another-secret' }).issueToken().token;
          const unsigned = signJwt(claims, 'guess');
          for (const bad of [tampered, foreign, unsigned, 'not-a-jwt', 'a.b.c']) {
            const response = await fetch(`${s.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${bad}` } });
            assert.equal(response.status, 401, bad);
            const body = await response.json();
            assert.equal(body.error, 'unauthorized');
            assert.equal(body.errorCode, 'invalid_token');
            assert.equal(typeof body.errorDescription, 'string');
          }
        });

        it(`${path}: an expired token is 401 expired_token`, async () => {
          const born = await s.mintToken({ expiresIn: -1 });
          const aging = await s.mintToken({ expiresIn: 60 });
          s.advance(60_000); // exactly at exp: expired
          for (const { token } of [born, aging]) {
            const response = await fetch(`${s.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
            assert.equal(response.status, 401);
            const body = await response.json();
            assert.deepEqual(
              { error: body.error, errorCode: body.errorCode, hasDescription: typeof body.errorDescription === 'string' },
              { error: 'unauthorized', errorCode: 'expired_token', hasDescription: true },
            );
          }
        });
      }

      it('takes the scheme case-insensitively', async () => {
        const { token } = await s.mintToken();
        const response = await s.start(token, { headers: { authorization: `bearer ${token}` } });
        assert.equal(response.status, 200);
      });

      it('does not take a verified accessToken as a bearer token', async () => {
        const { token } = await s.mintToken();
        await s.start(token);
        const { body } = await s.verifyJson(token, await s.latestCode(token));
        const response = await s.start(body.accessToken);
        assert.equal(response.status, 401);
        assert.equal((await response.json()).errorCode, 'invalid_token');
      });
    });

    describe('POST /challenge/whatsapp', () => {
      it('answers a challengeId and sends the code to the inbox', async () => {
        const { token, tokenId } = await s.mintToken({ userId: 'carol' });
        const { status, body } = await s.startJson(token);
        assert.equal(status, 200);
        assert.deepEqual(Object.keys(body), ['challengeId']);
        assert.match(body.challengeId, UUID);
        const messages = await s.inbox(token);
        assert.equal(messages.length, 1);
        assert.deepEqual(Object.keys(messages[0]).sort(), ['actionCode', 'challengeId', 'code', 'locale', 'phoneNumber', 'sentAt', 'tokenId', 'userId']);
        // A /sim/token token belongs to no tracked action and no phone number.
        assert.equal(messages[0].actionCode, null);
        assert.equal(messages[0].phoneNumber, null);
        assert.equal(messages[0].locale, null);
        assert.equal(messages[0].challengeId, body.challengeId);
        assert.match(messages[0].code, /^\d{6}$/);
        assert.equal(messages[0].userId, 'carol');
        assert.equal(messages[0].tokenId, tokenId);
        assert.equal(messages[0].sentAt, new Date(s.clock.now).toISOString());
      });

      it('sends codes of the token\'s codeLength', async () => {
        const { token } = await s.mintToken({ codeLength: 8 });
        await s.start(token);
        assert.match(await s.latestCode(token), /^\d{8}$/);
      });

      it('ignores a request body', async () => {
        const { token } = await s.mintToken();
        const response = await s.start(token, { body: 'this is not json' });
        assert.equal(response.status, 200);
      });

      it('replaces the challenge on a second start (resend): only the newest code works', async () => {
        const { token } = await s.mintToken();
        const first = (await s.startJson(token)).body.challengeId;
        const firstCode = await s.latestCode(token);
        const second = (await s.startJson(token)).body.challengeId;
        const secondCode = await s.latestCode(token);
        assert.notEqual(first, second);
        assert.deepEqual((await s.inbox(token)).map((m) => m.challengeId), [second, first]);
        if (firstCode !== secondCode) {
          assert.deepEqual((await s.verifyJson(token, firstCode)).body, { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' });
        }
        const verified = await s.verifyJson(token, secondCode);
        assert.equal(verified.body.isVerified, true);
        assert.equal(verifyJwt(verified.body.accessToken, SECRET)?.challengeId, second);
      });
    });

    describe('rate limit on starts', () => {
      it('allows 5 starts in a sliding 60 s window, then 429 with Retry-After until a slot frees', async () => {
        const { token } = await s.mintToken({ expiresIn: 3600 });
        for (let i = 0; i < 5; i += 1) {
          assert.equal((await s.start(token)).status, 200, `start ${i + 1}`);
          s.advance(10_000); // starts at +0, +10, +20, +30, +40 s; now +50 s
        }
        const limited = await s.start(token);
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('retry-after'), '10'); // the +0 start leaves at +60
        assert.deepEqual(await limited.json(), { error: 'too_many_requests', errorDescription: 'The rate limit has been exceeded.' });
        assert.equal((await s.inbox(token)).length, 5, 'a refused start sent a message');

        s.advance(9_500); // +59.5 s: half a second left, rounded up
        assert.equal((await s.start(token)).headers.get('retry-after'), '1');
        s.advance(500); // +60 s: the first start has left the window
        assert.equal((await s.start(token)).status, 200);
        const again = await s.start(token); // refused starts did not count; +10 s start leaves at +70
        assert.equal(again.status, 429);
        assert.equal(again.headers.get('retry-after'), '10');
      });

      it('says 60 when all starts were just now, and rounds a part second up', async () => {
        const { token } = await s.mintToken();
        for (let i = 0; i < 5; i += 1) await s.start(token);
        assert.equal((await s.start(token)).headers.get('retry-after'), '60');
        s.advance(500);
        assert.equal((await s.start(token)).headers.get('retry-after'), '60');
      });

      it('honours a token\'s own startLimit', async () => {
        const { token } = await s.mintToken({ startLimit: { max: 2, windowSeconds: 10 } });
        assert.equal((await s.start(token)).status, 200);
        assert.equal((await s.start(token)).status, 200);
        const limited = await s.start(token);
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('retry-after'), '10');
        s.advance(10_000);
        assert.equal((await s.start(token)).status, 200);
      });

      it('counts per token', async () => {
        const a = await s.mintToken();
        const b = await s.mintToken();
        for (let i = 0; i < 5; i += 1) await s.start(a.token);
        assert.equal((await s.start(a.token)).status, 429);
        assert.equal((await s.start(b.token)).status, 200);
      });
    });

    describe('POST /verify/whatsapp', () => {
      it('is a 400 when no challenge was started for the token', async () => {
        const { token } = await s.mintToken();
        const response = await s.verifyRaw(token, '{"verificationCode":"123456"}');
        assert.equal(response.status, 400);
        assert.deepEqual(await response.json(), {
          error: 'invalid_request',
          errorDescription: 'No challenge has been started for this token.',
        });
      });

      it('is a 400 invalid_request for a body that is not JSON with a string code', async () => {
        const { token } = await s.mintToken();
        await s.start(token);
        for (const body of ['not json', '', '[]', 'null', '{"code":"123456"}', '{"verificationCode":123456}']) {
          const response = await s.verifyRaw(token, body);
          assert.equal(response.status, 400, body);
          const answer = await response.json();
          assert.equal(answer.error, 'invalid_request', body);
          assert.equal(typeof answer.errorDescription, 'string');
        }
        // None of those counted as an attempt.
        assert.equal((await s.verifyJson(token, await s.latestCode(token))).body.isVerified, true);
      });

      it('accepts the right code with an accessToken signed by the simulator, once', async () => {
        const { token, userId } = await s.mintToken();
        const { challengeId } = (await s.startJson(token)).body;
        const code = await s.latestCode(token);
        const { status, body, headers } = await s.verifyJson(token, code);
        assert.equal(status, 200);
        assertActualAnswerHeaders(headers);
        assert.deepEqual(Object.keys(body).sort(), ['accessToken', 'isVerified']);
        assert.equal(body.isVerified, true);
        const claims = verifyJwt(body.accessToken, SECRET);
        assert.ok(claims, 'accessToken not signed by the simulator');
        assert.deepEqual(Object.keys(claims).sort(), ['challengeId', 'exp', 'iat', 'jti', 'sub', 'tid', 'verified']);
        assert.match(claims.jti, UUID);
        assert.equal(claims.tid, verifyJwt(token, SECRET)?.jti, 'tid names the bearer token whose challenge it proves');
        assert.deepEqual({ sub: claims.sub, challengeId: claims.challengeId, verified: claims.verified }, { sub: userId, challengeId, verified: true });
        assert.equal(claims.iat, Math.floor(s.clock.now / 1000));
        assert.ok(claims.exp > claims.iat);
        assert.equal(s.simulator.verifyAccessToken(body.accessToken)?.challengeId, challengeId);
        assert.equal(s.simulator.verifyAccessToken(token), undefined);

        // Consumed: the same code again fails.
        assert.deepEqual((await s.verifyJson(token, code)).body, { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' });
      });

      it('fails wrong codes, locks on the 5th and stays locked even for the right code', async () => {
        const { token } = await s.mintToken();
        await s.start(token);
        const code = await s.latestCode(token);
        for (let i = 1; i <= 4; i += 1) {
          const { status, body } = await s.verifyJson(token, wrong(code));
          assert.equal(status, 200);
          assert.deepEqual(body, { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' }, `attempt ${i}`);
        }
        assert.deepEqual((await s.verifyJson(token, wrong(code))).body, { isVerified: false, failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
        assert.deepEqual((await s.verifyJson(token, code)).body, { isVerified: false, failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
        assert.deepEqual((await s.verifyJson(token, wrong(code))).body, { isVerified: false, failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
      });

      it('counts a code of the wrong length as a wrong code', async () => {
        const { token } = await s.mintToken();
        await s.start(token);
        for (const attempt of ['1', '1234567', '', ' 123456']) {
          assert.equal((await s.verifyJson(token, attempt)).body.failureReason, 'CODE_INVALID_OR_EXPIRED');
        }
        assert.equal((await s.verifyJson(token, '00')).body.failureReason, 'MAX_ATTEMPTS_EXCEEDED');
      });

      it('starts the attempts over with a new start', async () => {
        const { token } = await s.mintToken();
        await s.start(token);
        const old = await s.latestCode(token);
        for (let i = 0; i < 4; i += 1) await s.verifyJson(token, wrong(old));
        await s.start(token);
        const code = await s.latestCode(token);
        for (let i = 0; i < 4; i += 1) {
          assert.equal((await s.verifyJson(token, wrong(code))).body.failureReason, 'CODE_INVALID_OR_EXPIRED');
        }
        assert.equal((await s.verifyJson(token, code)).body.isVerified, true);
      });

      it('unlocks a locked challenge with a new start', async () => {
        const { token } = await s.mintToken();
        await s.start(token);
        for (let i = 0; i < 5; i += 1) await s.verifyJson(token, wrong(await s.latestCode(token)));
        await s.start(token);
        assert.equal((await s.verifyJson(token, await s.latestCode(token))).body.isVerified, true);
      });

      it('expires a code 10 minutes after it was sent', async () => {
        const { token } = await s.mintToken({ expiresIn: 3600 });
        await s.start(token);
        s.advance(10 * 60 * 1000 + 1);
        assert.deepEqual((await s.verifyJson(token, await s.latestCode(token))).body, {
          isVerified: false,
          failureReason: 'CODE_INVALID_OR_EXPIRED',
        });
      });

      it('still accepts a code exactly 10 minutes old', async () => {
        const { token } = await s.mintToken({ expiresIn: 3600 });
        await s.start(token);
        s.advance(10 * 60 * 1000);
        assert.equal((await s.verifyJson(token, await s.latestCode(token))).body.isVerified, true);
      });
    });

    describe('routing', () => {
      it('answers other methods on the Client API routes with 405', async () => {
        for (const path of ROUTES) {
          const response = await fetch(`${s.url}${path}`, { method: 'GET' });
          assert.equal(response.status, 405);
          assert.equal(response.headers.get('allow'), 'POST, OPTIONS');
          assert.equal((await response.json()).error, 'method_not_allowed');
        }
        const control = await fetch(`${s.url}/sim/inbox`, { method: 'POST' });
        assert.equal(control.status, 405);
        assert.equal(control.headers.get('allow'), 'GET, OPTIONS');
      });

      it('refuses a body over 1 MiB', async () => {
        const { token } = await s.mintToken();
        const huge = JSON.stringify({ verificationCode: '1'.repeat(1024 * 1024) });
        const verify = await s.verifyRaw(token, huge);
        assert.equal(verify.status, 413);
        assert.equal((await verify.json()).error, 'invalid_request');
        const control = await fetch(`${s.url}/sim/token`, { method: 'POST', body: JSON.stringify({ userId: 'x'.repeat(1024 * 1024) }) });
        assert.equal(control.status, 400);
      });

      it('passes every other path on to the next middleware', async () => {
        for (const path of ['/', '/v1/client/challenge/sms', '/v1/client/challenge/whatsapp/', '/sim/other', '/sim']) {
          const response = await fetch(`${s.url}${path}`, { method: 'POST' });
          assert.equal(response.status, 404, path);
          assert.equal(await response.text(), 'fallback 404', path);
        }
      });
    });

    describe('GET /sim/inbox', () => {
      it('lists the 50 most recent messages of all tokens, and all of one token\'s', async () => {
        const many = await s.mintToken({ startLimit: { max: 100, windowSeconds: 60 } });
        const other = await s.mintToken();
        await s.start(other.token);
        const ids = [];
        for (let i = 0; i < 55; i += 1) ids.push((await s.startJson(many.token)).body.challengeId);
        ids.reverse(); // most recent first

        const recent = await s.inbox();
        assert.equal(recent.length, 50);
        assert.deepEqual(recent.map((m) => m.challengeId), ids.slice(0, 50));

        const mine = await s.inbox(many.token);
        assert.deepEqual(mine.map((m) => m.challengeId), ids);
        const theirs = await s.inbox(other.token);
        assert.equal(theirs.length, 1);
        assert.equal(theirs[0].tokenId, other.tokenId);
      });

      it('is a 400 for a token the simulator did not issue, and empty for one with no messages', async () => {
        const response = await fetch(`${s.url}/sim/inbox?token=forged`);
        assert.equal(response.status, 400);
        assert.equal((await response.json()).error, 'invalid_request');
        assert.deepEqual(await s.inbox((await s.mintToken()).token), []);
      });
    });

    describe('isolation between tokens', () => {
      it('keeps challenges, attempts and messages apart, also under parallel requests', async () => {
        const tokens = await Promise.all(Array.from({ length: 4 }, () => s.mintToken()));
        // 6 starts per token, all in parallel: 5 pass and 1 is limited, for each token.
        const statuses = await Promise.all(tokens.flatMap(({ token }) => Array.from({ length: 6 }, () => s.start(token).then((r) => r.status))));
        for (let t = 0; t < tokens.length; t += 1) {
          const mine = statuses.slice(t * 6, t * 6 + 6).sort();
          assert.deepEqual(mine, [200, 200, 200, 200, 200, 429]);
        }
        const [a, b] = tokens;
        const codeA = await s.latestCode(a.token);
        for (let i = 0; i < 5; i += 1) await s.verifyJson(a.token, wrong(codeA));
        assert.equal((await s.verifyJson(a.token, codeA)).body.failureReason, 'MAX_ATTEMPTS_EXCEEDED');
        assert.equal((await s.verifyJson(b.token, await s.latestCode(b.token))).body.isVerified, true);
        for (const { token, tokenId } of tokens) {
          const messages = await s.inbox(token);
          assert.equal(messages.length, 5);
          assert.ok(messages.every((m) => m.tokenId === tokenId));
        }
      });
    });

    describe('GET /sim/requests', () => {
      it('lists Client API calls that carry the token, with all headers lower-cased and the body', async () => {
        const { token } = await s.mintToken();
        await s.start(token, { headers: { 'X-Trace-Id': 'trace-1' } });
        await s.verifyRaw(token, '{"verificationCode":"000000"}');
        const requests = await s.requests(token);
        assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), ['POST /v1/client/challenge/whatsapp', 'POST /v1/client/verify/whatsapp']);
        const [startCall, verifyCall] = requests;
        assert.deepEqual(Object.keys(startCall).sort(), ['at', 'body', 'headers', 'method', 'path', 'url']);
        assert.equal(startCall.url, '/v1/client/challenge/whatsapp');
        assert.equal(startCall.headers.authorization, `Bearer ${token}`);
        assert.equal(startCall.headers['x-trace-id'], 'trace-1');
        assert.equal(startCall.headers['content-type'], 'application/json');
        assert.ok(Object.keys(startCall.headers).every((name) => name === name.toLowerCase()));
        assert.equal(startCall.body, '');
        assert.equal(startCall.at, new Date(s.clock.now).toISOString());
        assert.equal(verifyCall.body, '{"verificationCode":"000000"}');
      });

      it('finds the token in a URL or a body of any request, and leaves passed-on requests intact', async () => {
        const { token } = await s.mintToken();
        const big = `${token}|${'x'.repeat(200_000)}`;
        assert.equal((await fetch(`${s.url}/anywhere?t=${token}`)).status, 404);
        for (const path of ['/echo-flowing', '/echo-paused']) {
          const echoed = await fetch(`${s.url}${path}`, { method: 'POST', body: big });
          assert.equal(echoed.status, 200);
          assert.equal(await echoed.text(), big, `${path} lost part of its body to the log`);
        }
        const found = await s.requests(token);
        assert.deepEqual(found.map((r) => r.url), [`/anywhere?t=${token}`, '/echo-flowing', '/echo-paused']);
        assert.equal(found[1].body.length, 64 * 1024, 'body not captured up to the cap');
        assert.ok(found[2].body.startsWith(token));
      });

      it('does not log the control routes, whose traffic is the test\'s own', async () => {
        const { token } = await s.mintToken();
        await s.inbox(token);
        await s.queueFaults(token, []);
        await s.requests(token);
        assert.deepEqual(await s.requests(token), []);
        const controlRoutes = ['/sim/token', '/sim/faults', '/sim/inbox', '/sim/requests'];
        assert.ok((await s.requests()).every((r) => !controlRoutes.includes(r.path)));
      });

      it('lists every request, oldest first, without a token', async () => {
        await fetch(`${s.url}/first-of-two`);
        await fetch(`${s.url}/second-of-two`);
        const all = await s.requests();
        assert.deepEqual(all.slice(-2).map((r) => r.path), ['/first-of-two', '/second-of-two']);
      });

      it('is a 400 for an empty token', async () => {
        assert.equal((await fetch(`${s.url}/sim/requests?token=`)).status, 400);
      });
    });

    describe('programmatic helpers', () => {
      it('issue tokens and queue faults like the routes, and refuse bad input', async () => {
        const { token } = s.simulator.issueToken({ userId: 'dave', codeLength: 4 });
        assert.equal(verifyJwt(token, SECRET)?.sub, 'dave');
        s.simulator.queueFaults(token, [{ status: 503, body: { error: 'x' } }]);
        assert.equal((await s.start(token)).status, 503);
        await s.start(token);
        assert.match(s.simulator.inbox(token)[0].code, /^\d{4}$/);
        assert.equal(s.simulator.requests(token).length, 2);
        assert.throws(() => s.simulator.issueToken({ codeLength: -1 }), TypeError);
        assert.throws(() => s.simulator.queueFaults(token, [/** @type {any} */ ({ delay: 5 })]), TypeError);
        assert.throws(() => s.simulator.queueFaults('forged', []), TypeError);
      });
    });
  });

  describe(`simulator (${adapter}): memory bounds`, () => {
    it('keeps only the last logLimit requests', async () => {
      const s = await startTestServer(adapter, { logLimit: 3 });
      try {
        for (const path of ['/a', '/b', '/c', '/d']) await fetch(`${s.url}${path}`);
        assert.deepEqual((await s.requests()).map((r) => r.path), ['/b', '/c', '/d']);
      } finally {
        await s.close();
      }
    });

    it('drops the state of tokens that expired over an hour ago, and only those', async () => {
      const s = await startTestServer(adapter);
      try {
        const old = await s.mintToken({ expiresIn: 60 });
        const recent = await s.mintToken({ expiresIn: 1800 });
        for (const { token } of [old, recent]) {
          await s.start(token);
          assert.equal((await s.queueFaults(token, [{ status: 200, body: { challengeId: 'scripted' } }])).status, 204);
        }
        s.advance(60_000 + 60 * 60 * 1000 + 1); // old expired 1 h ago; recent 30 min ago

        const oldAnswer = await s.start(old.token);
        assert.equal(oldAnswer.status, 401, 'the queued fault of a dropped token still answered');
        assert.equal((await oldAnswer.json()).errorCode, 'expired_token');
        assert.deepEqual(await s.inbox(old.token), []);
        assert.equal((await s.queueFaults(old.token, [])).status, 400);

        assert.equal((await s.startJson(recent.token)).body.challengeId, 'scripted');
        assert.equal((await s.inbox(recent.token)).length, 1);
      } finally {
        await s.close();
      }
    });
  });
}

describe('startSimulatorServer', () => {
  it('closes promptly with a slow answer in flight', async () => {
    const s = await startTestServer('koa');
    const { token } = await s.mintToken();
    await s.queueFaults(token, [{ delayMs: 60_000, body: {} }]);
    const pending = rawRequest(`${s.url}/v1/client/challenge/whatsapp`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await s.close();
    assert.ok(Date.now() - started < 1000, 'close() waited for the delayed fault');
    assert.ok((await pending).error, 'the pending request did not fail');
  });

  it('stays on the frozen clock it was given', () => {
    const simulator = createSimulator({ now: () => T0 });
    const { expiresAt } = simulator.issueToken();
    assert.equal(expiresAt, new Date(T0 + 600_000).toISOString());
  });
});
