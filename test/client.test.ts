/**
 * client.ts with a stubbed fetch: what each call sends, and how every answer maps to a
 * result. The same mappings are proved over real HTTP in client.http.test.ts.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import {
  REGIONS,
  isExpired,
  parseRetryAfter,
  resolveBaseUrl,
  startWhatsappChallenge,
  verifyWhatsappChallenge,
} from '../src/client.js';
import { fakeJwt } from './helpers/sim.js';

const token = 'opaque-test-token';
const respond = (body: BodyInit | null, init: ResponseInit = {}) => new Response(body, init);
const jsonResponse = (value: unknown, init: ResponseInit = {}) =>
  respond(JSON.stringify(value), { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });

describe('client', () => {
  let fetchStub: sinon.SinonStub<Parameters<typeof fetch>, ReturnType<typeof fetch>>;
  beforeEach(() => {
    fetchStub = sinon.stub(window, 'fetch');
  });
  afterEach(() => sinon.restore());

  describe('the start request', () => {
    it('is a POST to {region server}/challenge/whatsapp with the bearer token and no body', async () => {
      fetchStub.resolves(jsonResponse({ challengeId: 'c1' }));
      await startWhatsappChallenge({ token, region: 'eu' });
      const [url, init] = fetchStub.firstCall.args as [string, RequestInit];
      expect(url).to.equal('https://eu.api.authsignal.com/v1/client/challenge/whatsapp');
      expect(init.method).to.equal('POST');
      expect((init.headers as Record<string, string>).Authorization).to.equal(`Bearer ${token}`);
      expect(init.body).to.equal(undefined);
    });

    it('omits credentials, bypasses the cache, refuses redirects and sends no referrer', async () => {
      fetchStub.resolves(jsonResponse({ challengeId: 'c1' }));
      await startWhatsappChallenge({ token });
      const init = fetchStub.firstCall.args[1] as RequestInit;
      expect(init).to.include({ credentials: 'omit', cache: 'no-store', redirect: 'error', referrerPolicy: 'no-referrer' });
    });

    it('uses the us server by default and each region its own', async () => {
      fetchStub.callsFake(async () => jsonResponse({ challengeId: 'c' }));
      for (const region of [undefined, 'us', 'au', 'eu', 'ca'] as const) {
        await startWhatsappChallenge({ token, region });
      }
      expect(fetchStub.getCalls().map((c) => c.args[0])).to.deep.equal(
        [REGIONS.us, REGIONS.us, REGIONS.au, REGIONS.eu, REGIONS.ca].map((b) => `${b}/challenge/whatsapp`),
      );
    });

    it('prefers base-url over region, without a doubled slash', async () => {
      fetchStub.resolves(jsonResponse({ challengeId: 'c1' }));
      await startWhatsappChallenge({ token, region: 'au', baseUrl: 'https://auth.example.com/v1/client/' });
      expect(fetchStub.firstCall.args[0]).to.equal('https://auth.example.com/v1/client/challenge/whatsapp');
    });
  });

  it('sends a token that looks expired by this device clock: the server is the judge of expiry', async () => {
    const old = fakeJwt({ exp: Date.now() / 1000 - 3600 });
    fetchStub.resolves(jsonResponse({ challengeId: 'c-1' }));
    expect(await startWhatsappChallenge({ token: old })).to.deep.equal({ challengeId: 'c-1' });
    expect(fetchStub.calledOnce).to.equal(true);
  });

  describe('sends nothing, and says why, when', () => {
    const cases: [string, Parameters<typeof startWhatsappChallenge>[0], string][] = [
      ['the token is missing', { token: '' }, 'token_required'],
      ['the region is unknown', { token, region: 'mars' }, 'invalid_configuration'],
      ['the region is an Object.prototype key', { token, region: 'constructor' }, 'invalid_configuration'],
      ['base-url is http: on a public host', { token, baseUrl: 'http://api.example.com' }, 'invalid_configuration'],
      ['base-url is not a URL', { token, baseUrl: 'not a url' }, 'invalid_configuration'],
      ['base-url is javascript:', { token, baseUrl: 'javascript:alert(1)' }, 'invalid_configuration'],
      ['base-url is http: on a host that only starts like loopback', { token, baseUrl: 'http://localhost.evil.com' }, 'invalid_configuration'],
    ];
    for (const [name, options, error] of cases) {
      it(name, async () => {
        expect(await startWhatsappChallenge(options)).to.deep.equal({ error });
        expect(fetchStub.called).to.equal(false);
      });
    }

    it('the signal is already aborted', async () => {
      expect(await startWhatsappChallenge({ token, signal: AbortSignal.abort() })).to.deep.equal({ error: 'aborted' });
      expect(fetchStub.called).to.equal(false);
    });
  });

  describe('maps the start answer', () => {
    const cases: [string, () => Response, object][] = [
      ['200 with a challengeId', () => jsonResponse({ challengeId: 'abc' }), { challengeId: 'abc' }],
      ['200 without a challengeId', () => jsonResponse({}), { error: 'invalid_response', status: 200 }],
      ['200 with a challengeId that is not a string', () => jsonResponse({ challengeId: 7 }), { error: 'invalid_response', status: 200 }],
      ['200 with a body that is not JSON', () => respond('<html>ok</html>'), { error: 'invalid_response', status: 200 }],
      ['200 with an empty body', () => respond(''), { error: 'invalid_response', status: 200 }],
      ['200 with JSON null', () => respond('null'), { error: 'invalid_response', status: 200 }],
      [
        '400 with error and description',
        () => jsonResponse({ error: 'invalid_request', errorDescription: 'Bad.' }, { status: 400 }),
        { error: 'invalid_request', errorDescription: 'Bad.', status: 400 },
      ],
      [
        '401 with an errorCode (which wins over error)',
        () => jsonResponse({ error: 'unauthorized', errorCode: 'expired_token', errorDescription: 'Old.' }, { status: 401 }),
        { error: 'expired_token', errorCode: 'expired_token', errorDescription: 'Old.', status: 401 },
      ],
      ['401 without an errorCode', () => jsonResponse({ error: 'unauthorized' }, { status: 401 }), { error: 'unauthorized', status: 401 }],
      ['404', () => jsonResponse({ error: 'not_found' }, { status: 404 }), { error: 'not_found', status: 404 }],
      [
        '429 with Retry-After in seconds',
        () => jsonResponse({ error: 'too_many_requests' }, { status: 429, headers: { 'Retry-After': '42' } }),
        { error: 'too_many_requests', status: 429, retryAfter: 42 },
      ],
      ['429 without Retry-After', () => jsonResponse({ error: 'too_many_requests' }, { status: 429 }), { error: 'too_many_requests', status: 429, retryAfter: 30 }],
      ['429 with an empty body', () => respond('', { status: 429 }), { error: 'too_many_requests', status: 429, retryAfter: 30 }],
      ['500 with JSON', () => jsonResponse({ error: 'internal_error' }, { status: 500 }), { error: 'internal_error', status: 500 }],
      ['502 with an HTML page', () => respond('<h1>Bad gateway</h1>', { status: 502 }), { error: 'server_error', status: 502 }],
      ['403 with an empty body', () => respond('', { status: 403 }), { error: 'invalid_response', status: 403 }],
      ['400 whose error is not a string', () => jsonResponse({ error: { nested: true } }, { status: 400 }), { error: 'invalid_request', status: 400 }],
    ];
    for (const [name, answer, expected] of cases) {
      it(name, async () => {
        fetchStub.callsFake(async () => answer());
        expect(await startWhatsappChallenge({ token })).to.deep.equal(expected);
      });
    }

    it('429 with Retry-After as an HTTP date, in seconds from now', async () => {
      const date = new Date(Date.now() + 90_000).toUTCString();
      fetchStub.resolves(jsonResponse({ error: 'too_many_requests' }, { status: 429, headers: { 'Retry-After': date } }));
      const result = await startWhatsappChallenge({ token });
      expect((result as { retryAfter?: number }).retryAfter).to.be.within(88, 91);
    });

    it('429 with Retry-After as an HTTP date, read against the response\'s Date header, not this device\'s clock', async () => {
      // This device's clock is an hour slow: by it, the date is an hour and a minute away.
      const server = Date.now() + 3_600_000;
      const headers = { 'Retry-After': new Date(server + 60_000).toUTCString(), Date: new Date(server).toUTCString() };
      fetchStub.resolves(jsonResponse({ error: 'too_many_requests' }, { status: 429, headers }));
      const result = await startWhatsappChallenge({ token });
      expect((result as { retryAfter?: number }).retryAfter).to.be.within(59, 61);
    });

    it('429 with an unusable Retry-After: the default 30, never more than 3,600', async () => {
      for (const [value, expected] of [['soon', 30], ['-1', 30], ['99999', 3600], [new Date(Date.now() + 86_400_000).toUTCString(), 3600]] as const) {
        fetchStub.resolves(jsonResponse({ error: 'too_many_requests' }, { status: 429, headers: { 'Retry-After': value } }));
        expect(await startWhatsappChallenge({ token }), value).to.deep.equal({ error: 'too_many_requests', status: 429, retryAfter: expected });
      }
    });

    it('a network failure, as network_error', async () => {
      fetchStub.rejects(new TypeError('Failed to fetch'));
      expect(await startWhatsappChallenge({ token })).to.deep.equal({ error: 'network_error' });
    });

    it('a body cut off after the status, as invalid_response', async () => {
      const body = new ReadableStream({ start: (c) => c.error(new TypeError('connection reset')) });
      fetchStub.resolves(respond(body, { status: 200 }));
      expect(await startWhatsappChallenge({ token })).to.deep.equal({ error: 'invalid_response', status: 200 });
    });
  });

  describe('ends a request early', () => {
    /** A fetch that never answers, but rejects as a real one does when its signal aborts. */
    const hang = () =>
      fetchStub.callsFake(
        (_url, init) =>
          new Promise((_resolve, reject) =>
            init!.signal!.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))),
          ),
      );

    it('after `timeout` ms, as timeout', async () => {
      hang();
      expect(await startWhatsappChallenge({ token, timeout: 30 })).to.deep.equal({ error: 'timeout' });
    });

    it('when its signal aborts, as aborted', async () => {
      hang();
      const controller = new AbortController();
      const result = startWhatsappChallenge({ token, signal: controller.signal });
      controller.abort();
      expect(await result).to.deep.equal({ error: 'aborted' });
    });
  });

  describe('the verify request', () => {
    it('posts the code as JSON with the same bearer token', async () => {
      fetchStub.resolves(jsonResponse({ isVerified: true, accessToken: 'at' }));
      await verifyWhatsappChallenge({ token, region: 'ca' }, '123456');
      const [url, init] = fetchStub.firstCall.args as [string, RequestInit];
      expect(url).to.equal(`${REGIONS.ca}/verify/whatsapp`);
      expect(JSON.parse(init.body as string)).to.deep.equal({ verificationCode: '123456' });
      expect((init.headers as Record<string, string>).Authorization).to.equal(`Bearer ${token}`);
    });

    const cases: [string, unknown, object][] = [
      ['verified, with the accessToken', { isVerified: true, accessToken: 'at' }, { isVerified: true, accessToken: 'at' }],
      ['not verified, with the reason', { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' }, { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' }],
      ['verified without an accessToken, as invalid_response', { isVerified: true }, { error: 'invalid_response', status: 200 }],
      ['without isVerified, as invalid_response', { accessToken: 'at' }, { error: 'invalid_response', status: 200 }],
      ['isVerified that is not a boolean, as invalid_response', { isVerified: 'yes', accessToken: 'at' }, { error: 'invalid_response', status: 200 }],
    ];
    for (const [name, body, expected] of cases) {
      it(`maps 200 ${name}`, async () => {
        fetchStub.resolves(jsonResponse(body));
        const result = await verifyWhatsappChallenge({ token }, '123456');
        expect(JSON.parse(JSON.stringify(result))).to.deep.equal(expected);
      });
    }
  });
});

describe('resolveBaseUrl', () => {
  it('allows http: only on loopback hosts', () => {
    expect(resolveBaseUrl({ baseUrl: 'http://localhost:8000/v1/client' })).to.equal('http://localhost:8000/v1/client');
    expect(resolveBaseUrl({ baseUrl: 'http://127.0.0.1:9/x' })).to.equal('http://127.0.0.1:9/x');
    expect(resolveBaseUrl({ baseUrl: 'http://[::1]:9/x' })).to.equal('http://[::1]:9/x');
    expect(resolveBaseUrl({ baseUrl: 'http://10.0.0.1/x' })).to.equal(undefined);
  });

  it('resolves a path (a same-origin proxy) against the document, and nothing else that is relative', () => {
    expect(resolveBaseUrl({ baseUrl: '/authsignal/v1/client' })).to.equal(new URL('/authsignal/v1/client', document.baseURI).href);
    expect(resolveBaseUrl({ baseUrl: '/authsignal/v1/client/' })).to.equal(new URL('/authsignal/v1/client', document.baseURI).href);
    // Another host, however it is written, is not this origin's path.
    for (const other of ['//evil.example/v1', '/\\evil.example/v1', 'evil.example/v1', 'v1/client', '/x?y=1', '/x#y']) {
      expect(resolveBaseUrl({ baseUrl: other }), other).to.equal(undefined);
    }
  });
});

describe('isExpired', () => {
  it('reads exp from a JWT, and never calls an opaque token expired', () => {
    const now = 1_700_000_000_000;
    expect(isExpired(fakeJwt({ exp: now / 1000 - 1 }), now)).to.equal(true);
    expect(isExpired(fakeJwt({ exp: now / 1000 + 60 }), now)).to.equal(false);
    expect(isExpired(fakeJwt({ sub: 'no exp' }), now)).to.equal(false);
    expect(isExpired('opaque', now)).to.equal(false);
    expect(isExpired('a.%%%.c', now)).to.equal(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('reads delta-seconds and HTTP dates, and refuses anything else', () => {
    expect(parseRetryAfter('120', now)).to.equal(120);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:01:30 GMT', now)).to.equal(90);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).to.equal(0);
    for (const bad of [null, '', '-5', '1.5', 'soon', '12abc', '1e9']) {
      expect(parseRetryAfter(bad, now), String(bad)).to.equal(undefined);
    }
  });
});
