// Scripted faults (POST /sim/faults) over real HTTP, under real Koa and the minimal
// context: every Fault field, queue order, isolation, validation, and the guard against a
// browser's silent resend after a dropped connection. Run: node --test sim/
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ADAPTERS, rawRequest, sleep, startTestServer } from './testing.mjs';

const START = '/v1/client/challenge/whatsapp';
const VERIFY = '/v1/client/verify/whatsapp';
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36';
/** Delays long enough that an answer before them cannot be a slow machine's doing. */
const DELAY = 400;
const EARLY = DELAY - 100;
/** Node timers may fire up to a millisecond early. */
const LATE = DELAY - 2;
const WEBKIT_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

for (const adapter of ADAPTERS) {
  describe(`faults (${adapter})`, () => {
    /** @type {Awaited<ReturnType<typeof startTestServer>>} */
    let s;
    before(async () => {
      s = await startTestServer(adapter);
    });
    after(() => s.close());

    /**
     * A fresh token with `faults` queued.
     * @param {unknown[]} faults
     * @param {Record<string, unknown>} [tokenOptions]
     */
    async function faulted(faults, tokenOptions) {
      const minted = await s.mintToken(tokenOptions);
      const response = await s.queueFaults(minted.token, faults);
      assert.equal(response.status, 204, await response.clone().text());
      return minted;
    }

    /** @param {string} token */
    const raw = (token, path = START, options = {}) =>
      rawRequest(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` }, ...options });

    describe('POST /sim/faults', () => {
      it('answers 204 with CORS headers and an empty body', async () => {
        const { token } = await s.mintToken();
        const response = await fetch(`${s.url}/sim/faults`, {
          method: 'POST',
          headers: { origin: 'http://page.test' },
          body: JSON.stringify({ token, faults: [{ status: 500 }] }),
        });
        assert.equal(response.status, 204);
        assert.equal(response.headers.get('access-control-allow-origin'), 'http://page.test');
        assert.equal(await response.text(), '');
      });

      it('refuses a malformed fault, naming the problem', async () => {
        const { token } = await s.mintToken();
        const bad = [
          { delay: 100 },
          { route: 'start' },
          { status: 99 },
          { status: 600 },
          { status: '500' },
          { headers: { 'X-A': 1 } },
          { headers: { 'bad header': 'x' } },
          { headers: { 'X-A': 'line\nbreak' } },
          { headers: ['x'] },
          { body: {}, rawBody: '' },
          { rawBody: 42 },
          { delayMs: -1 },
          { bodyDelayMs: 'soon' },
          { delayMs: 10 * 60 * 1000 },
          { drop: 'always' },
          { drop: 'mid-body' },
          { drop: 'mid-body', rawBody: '' },
          { drop: 'mid-body', status: 204, body: { a: 1 } },
          { cors: true },
          'a string',
          null,
        ];
        for (const fault of bad) {
          const response = await s.queueFaults(token, [fault]);
          assert.equal(response.status, 400, JSON.stringify(fault));
          const body = await response.json();
          assert.equal(body.error, 'invalid_request');
          assert.match(body.errorDescription, /^faults\[0\] /, JSON.stringify(fault));
        }
        assert.equal((await s.queueFaults(token, { status: 500 })).status, 400);
        // Nothing of the refused batches was queued.
        assert.equal((await s.start(token)).status, 200);
      });

      it('refuses a token the simulator did not issue', async () => {
        for (const token of [undefined, 'forged', 42]) {
          const response = await fetch(`${s.url}/sim/faults`, { method: 'POST', body: JSON.stringify({ token, faults: [] }) });
          assert.equal(response.status, 400);
          assert.equal((await response.json()).error, 'invalid_request');
        }
      });
    });

    describe('answers', () => {
      it('status and body replace the answer once, then normal behaviour resumes', async () => {
        const { token } = await faulted([{ status: 503, body: { error: 'temporarily_unavailable', errorDescription: 'Down.' } }]);
        const faultedAnswer = await s.start(token, { headers: { origin: 'http://page.test' } });
        assert.equal(faultedAnswer.status, 503);
        assert.deepEqual(await faultedAnswer.json(), { error: 'temporarily_unavailable', errorDescription: 'Down.' });
        assert.equal(faultedAnswer.headers.get('content-type'), 'application/json');
        assert.equal(faultedAnswer.headers.get('cache-control'), 'no-store');
        assert.equal(faultedAnswer.headers.get('access-control-allow-origin'), 'http://page.test');
        assert.equal(faultedAnswer.headers.get('access-control-expose-headers'), 'Retry-After, Date');
        const normal = await s.startJson(token);
        assert.equal(normal.status, 200);
        assert.ok(normal.body.challengeId);
      });

      it('defaults to status 200', async () => {
        const { token } = await faulted([{ body: { challengeId: 'scripted-id' } }]);
        const { status, body } = await s.startJson(token);
        assert.equal(status, 200);
        assert.deepEqual(body, { challengeId: 'scripted-id' });
      });

      it('come before the bearer check: a 401 for a good token, a 200 for an expired one', async () => {
        const good = await faulted([{ status: 401, body: { error: 'unauthorized', errorCode: 'expired_token' } }]);
        const answer = await s.startJson(good.token);
        assert.deepEqual([answer.status, answer.body.errorCode], [401, 'expired_token']);

        const expired = await faulted([{ route: 'verify', body: { isVerified: true, accessToken: 'scripted' } }], { expiresIn: -1 });
        const verified = await s.verifyJson(expired.token, '123456');
        assert.deepEqual(verified.body, { isVerified: true, accessToken: 'scripted' });
        assert.equal((await s.start(expired.token)).status, 401);
      });

      it('change no state: no challenge, no message, no rate-limit slot', async () => {
        const scripted = Array.from({ length: 6 }, () => ({ route: 'challenge', body: { challengeId: 'scripted' } }));
        const { token } = await faulted(scripted);
        for (let i = 0; i < 6; i += 1) assert.equal((await s.startJson(token)).body.challengeId, 'scripted');
        assert.deepEqual(await s.inbox(token), []);
        const verify = await s.verifyJson(token, '123456');
        assert.equal(verify.status, 400);
        assert.equal(verify.body.errorDescription, 'No challenge has been started for this token.');
        for (let i = 0; i < 5; i += 1) assert.equal((await s.start(token)).status, 200, `real start ${i + 1}`);
      });

      it('are taken in order, each by the first request on its route', async () => {
        const { token } = await faulted([
          { route: 'verify', status: 500, body: { error: 'first' } },
          { status: 502, body: { error: 'second' } },
          { route: 'challenge', status: 503, body: { error: 'third' } },
        ]);
        // The start skips the verify fault and takes the next one for any route.
        assert.deepEqual([(await s.startJson(token)).body.error, (await s.startJson(token)).body.error], ['second', 'third']);
        assert.equal((await s.start(token)).status, 200);
        const verify = await s.verifyJson(token, '000000');
        assert.deepEqual([verify.status, verify.body.error], [500, 'first']);
        assert.equal((await s.verifyJson(token, '000000')).status, 200);
      });

      it('belong to one token', async () => {
        const a = await faulted([{ status: 500, body: {} }]);
        const b = await s.mintToken();
        assert.equal((await s.start(b.token)).status, 200);
        assert.equal((await s.start(a.token)).status, 500);
      });

      it('appear in the request log with their body', async () => {
        const { token } = await faulted([{ route: 'verify', status: 500, body: {} }]);
        await s.verifyJson(token, '424242');
        const [logged] = await s.requests(token);
        assert.deepEqual([logged.path, logged.body], [VERIFY, '{"verificationCode":"424242"}']);
      });

      it('headers are added, and override the defaults', async () => {
        const { token } = await faulted([
          { status: 429, headers: { 'Retry-After': '7', 'X-Custom': 'yes', 'Content-Type': 'text/plain' }, rawBody: 'slow down' },
        ]);
        const response = await s.start(token);
        assert.equal(response.status, 429);
        assert.equal(response.headers.get('retry-after'), '7');
        assert.equal(response.headers.get('x-custom'), 'yes');
        assert.equal(response.headers.get('content-type'), 'text/plain');
        assert.equal(await response.text(), 'slow down');
      });

      it('rawBody is sent verbatim; an empty rawBody or no body sends nothing', async () => {
        const { token } = await faulted([{ rawBody: '<html>oops</html>' }, { rawBody: '' }, { status: 500 }]);
        const html = await s.start(token);
        assert.equal(await html.text(), '<html>oops</html>');
        assert.equal(html.headers.get('content-type'), 'application/json');
        const empty = await s.start(token);
        assert.deepEqual([empty.status, empty.headers.get('content-length'), await empty.text()], [200, '0', '']);
        const bare = await s.start(token);
        assert.deepEqual([bare.status, bare.headers.get('content-length'), await bare.text()], [500, '0', '']);
      });

      it('a 204 carries no body', async () => {
        const { token } = await faulted([{ status: 204, body: { ignored: true } }]);
        const response = await s.start(token);
        assert.deepEqual([response.status, await response.text()], [204, '']);
      });

      it('cors: false leaves out every CORS header, so a browser sees a network error', async () => {
        const { token } = await faulted([{ cors: false, body: { challengeId: 'x' } }]);
        const response = await s.start(token, { headers: { origin: 'http://page.test' } });
        assert.equal(response.status, 200);
        const cors = [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
        assert.deepEqual(cors, []);
        assert.deepEqual(await response.json(), { challengeId: 'x' });
        // The next answer has them again.
        assert.equal((await s.start(token, { headers: { origin: 'http://page.test' } })).headers.get('access-control-allow-origin'), 'http://page.test');
      });
    });

    describe('timing and connections', () => {
      it('delayMs holds the whole answer back', async () => {
        const { token } = await faulted([{ delayMs: DELAY, body: { challengeId: 'late' } }]);
        const result = await raw(token);
        assert.equal(result.status, 200);
        assert.ok(/** @type {number} */ (result.headersAt) >= LATE, `headers after ${result.headersAt} ms`);
        assert.equal(result.chunks.map((c) => c.text).join(''), '{"challengeId":"late"}');
        const quick = await raw(token);
        assert.ok(/** @type {number} */ (quick.headersAt) < EARLY, 'the delay outlived its fault');
      });

      it('delayMs gives up when the client does (a timeout), and the server carries on', async () => {
        const { token } = await faulted([{ delayMs: 60_000, body: {} }]);
        await assert.rejects(s.start(token, { signal: AbortSignal.timeout(100) }), { name: 'TimeoutError' });
        assert.equal((await s.start(token)).status, 200);
      });

      it('bodyDelayMs sends the headers and half the body, waits, then the rest', async () => {
        const body = { challengeId: 'a-body-cut-in-two-halves' };
        const text = JSON.stringify(body);
        const { token } = await faulted([{ bodyDelayMs: DELAY, body }]);
        const result = await raw(token);
        assert.equal(result.status, 200);
        assert.equal(result.headers?.['content-length'], String(text.length));
        assert.ok(/** @type {number} */ (result.headersAt) < EARLY, `headers only after ${result.headersAt} ms`);
        assert.equal(result.chunks[0].text, text.slice(0, Math.floor(text.length / 2)));
        assert.ok(result.chunks[0].at < EARLY);
        assert.ok((result.chunks.at(-1)?.at ?? 0) >= LATE, 'the rest came too soon');
        assert.equal(result.chunks.map((c) => c.text).join(''), text);
        assert.equal(result.complete, true);
      });

      it('bodyDelayMs with fetch: the response arrives, its body takes the delay', async () => {
        const { token } = await faulted([{ bodyDelayMs: DELAY, body: { challengeId: 'slow' } }]);
        const started = performance.now();
        const response = await s.start(token);
        assert.ok(performance.now() - started < EARLY);
        assert.deepEqual(await response.json(), { challengeId: 'slow' });
        assert.ok(performance.now() - started >= LATE);
      });

      it('drop before-headers closes the connection with no answer at all', async () => {
        const { token } = await faulted([{ drop: 'before-headers' }]);
        const result = await raw(token);
        assert.equal(result.status, undefined);
        assert.equal(result.error?.code, 'ECONNRESET');
        const { token: other } = await faulted([{ drop: 'before-headers', delayMs: 200 }]);
        await assert.rejects(s.start(other), TypeError);
        // The request is still logged, and the next one is answered.
        assert.equal((await s.requests(token)).length, 1);
        assert.equal((await raw(token)).status, 200);
      });

      it('drop mid-body sends headers and half the body, then cuts the connection', async () => {
        const body = { challengeId: 'never-arrives-in-full' };
        const text = JSON.stringify(body);
        const { token } = await faulted([{ drop: 'mid-body', body }, { drop: 'mid-body', rawBody: '{"challengeId":"x"}' }]);
        const result = await raw(token);
        assert.equal(result.status, 200);
        assert.equal(result.headers?.['content-length'], String(text.length));
        assert.equal(result.chunks.map((c) => c.text).join(''), text.slice(0, Math.floor(text.length / 2)));
        assert.equal(result.complete, false);
        // With fetch: the response resolves, reading its body fails.
        const response = await s.start(token);
        assert.equal(response.status, 200);
        await assert.rejects(response.text(), TypeError);
      });

      it('drop mid-body after bodyDelayMs waits before cutting', async () => {
        const { token } = await faulted([{ drop: 'mid-body', bodyDelayMs: DELAY, body: { challengeId: 'cut-late' } }]);
        const result = await raw(token);
        assert.equal(result.complete, false);
        assert.ok(/** @type {number} */ (result.headersAt) < EARLY);
        assert.ok(/** @type {number} */ (result.endedAt) >= LATE, `cut after ${result.endedAt} ms`);
      });
    });

    describe('a browser\'s silent resend after a drop', () => {
      /**
       * Two requests on one kept-alive connection (a normal start, then the dropped one),
       * then what the browser does next: resend at once on a new connection.
       * @param {string} userAgent
       */
      async function dropOnReusedConnection(userAgent) {
        const { token } = await s.mintToken();
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        const headers = { authorization: `Bearer ${token}`, 'user-agent': userAgent };
        try {
          assert.equal((await rawRequest(`${s.url}${START}`, { headers, agent })).status, 200);
          await s.queueFaults(token, [{ route: 'challenge', drop: 'before-headers' }]);
          const dropped = await rawRequest(`${s.url}${START}`, { headers, agent });
          assert.equal(dropped.error?.code, 'ECONNRESET');
          const resend = await rawRequest(`${s.url}${START}`, { headers, agent });
          const after = await rawRequest(`${s.url}${START}`, { headers, agent });
          return { resend, after };
        } finally {
          agent.destroy();
        }
      }

      it('Chromium and Firefox: the resend of a request dropped on a reused connection is dropped too', async () => {
        for (const ua of [CHROME_UA, 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0']) {
          const { resend, after } = await dropOnReusedConnection(ua);
          assert.equal(resend.error?.code, 'ECONNRESET', ua);
          // The resend came on a fresh connection: that drop was final.
          assert.equal(after.status, 200, ua);
        }
      });

      it('WebKit and Node, which do not resend: the next request is answered', async () => {
        for (const ua of [WEBKIT_UA, 'node']) {
          const { resend } = await dropOnReusedConnection(ua);
          assert.equal(resend.status, 200, ua);
        }
      });

      it('a drop on a fresh connection is final, whoever the client', async () => {
        const { token } = await faulted([{ drop: 'before-headers' }]);
        const headers = { authorization: `Bearer ${token}`, 'user-agent': CHROME_UA };
        assert.equal((await rawRequest(`${s.url}${START}`, { headers })).error?.code, 'ECONNRESET');
        assert.equal((await rawRequest(`${s.url}${START}`, { headers })).status, 200);
      });

      it('the resend window closes after resendWindowMs', async () => {
        const quick = await startTestServer(adapter, { resendWindowMs: 100 });
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          const { token } = await quick.mintToken();
          const headers = { authorization: `Bearer ${token}`, 'user-agent': CHROME_UA };
          const send = () => rawRequest(`${quick.url}${START}`, { headers, agent });
          assert.equal((await send()).status, 200);
          await quick.queueFaults(token, [{ drop: 'before-headers' }]);
          assert.equal((await send()).error?.code, 'ECONNRESET');
          await sleep(150);
          assert.equal((await send()).status, 200);
        } finally {
          agent.destroy();
          await quick.close();
        }
      });

      it('a request on the other route is not the resend', async () => {
        const { token } = await faulted([{ route: 'challenge', drop: 'before-headers' }]);
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        const headers = { authorization: `Bearer ${token}`, 'user-agent': CHROME_UA };
        // The verify below skips the challenge fault and warms the connection.
        const send = (/** @type {string} */ path) => rawRequest(`${s.url}${path}`, { headers, agent, body: '{"verificationCode":"1"}' });
        try {
          assert.equal((await send(VERIFY)).status, 400); // no challenge yet; warms the connection
          assert.equal((await send(START)).error?.code, 'ECONNRESET');
          assert.equal((await send(VERIFY)).status, 400);
        } finally {
          agent.destroy();
        }
      });
    });
  });
}
