/**
 * Token hygiene, over real HTTP: the bearer token appears only in the Authorization header
 * of requests to the configured server. Never in an event, the console, the DOM, a URL,
 * another header, a body, or any other request: the simulator logs every request to the
 * test server, on every path, and `requestsWith(token)` finds the token anywhere in one.
 * Requests carry no cookie and no referrer, are not cached, and never follow a redirect.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { AuthsignalWhatsappChallenge } from '../../src/authsignal-whatsapp-challenge.js';
import { recordEvents } from '../helpers/element.js';
import { CROSS_ORIGIN_SIM_API, SIM_API, inbox, newToken, requestsWith, scriptFaults, type LoggedRequest } from '../helpers/sim.js';
import { ConsoleSpy } from './helpers/fuzz.js';

type El = AuthsignalWhatsappChallenge;

const CLIENT_PATHS = ['/v1/client/challenge/whatsapp', '/v1/client/verify/whatsapp'];

/** Where in a logged request the token is, other than `Authorization: Bearer <token>`. */
const misplaced = (request: LoggedRequest, token: string, host: string): string[] => {
  const problems: string[] = [];
  const where = `${request.method} ${request.url}`;
  if (request.method != 'POST' || !CLIENT_PATHS.includes(request.path)) problems.push(`${where}: not a Client API call`);
  if (request.headers.host != host) problems.push(`${where}: sent to ${request.headers.host}, not ${host}`);
  if (request.headers.authorization != `Bearer ${token}`) problems.push(`${where}: Authorization is ${request.headers.authorization}`);
  if (request.url.includes(token)) problems.push(`${where}: the token is in the URL`);
  if (request.body.includes(token)) problems.push(`${where}: the token is in the body`);
  for (const [name, value] of Object.entries(request.headers)) {
    if (name != 'authorization' && String(value).includes(token)) problems.push(`${where}: the token is in ${name}`);
  }
  if (request.headers.cookie !== undefined) problems.push(`${where}: sent a cookie`);
  if (request.headers.referer !== undefined) problems.push(`${where}: sent a referrer (${request.headers.referer})`);
  for (const name of ['if-none-match', 'if-modified-since']) if (request.headers[name] !== undefined) problems.push(`${where}: revalidates a cache (${name})`);
  return problems;
};

/** The whole flow with its failures: start, a server error, a wrong code, the right code, a resend. */
const runFlow = async (el: El, token: string) => {
  await scriptFaults(token, { route: 'challenge', status: 500, body: { error: 'server_error', errorDescription: 'Try later' } });
  await el.start(); // 500
  await el.start(); // a code
  const [message] = await inbox(token);
  const wrong = message!.code.replace(/^./, (d) => String((Number(d) + 1) % 10));
  await el.verify(wrong);
  await el.verify(message!.code); // right
  el.reset();
  await el.start(); // a new code
};

describe('security: token hygiene', () => {
  const cookie = `as_hygiene=${Math.random().toString(36).slice(2)}`;
  before(() => {
    document.cookie = `${cookie}; path=/; SameSite=Lax`;
  });
  after(() => {
    document.cookie = `${cookie.split('=')[0]}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    sinon.restore();
  });

  for (const [name, api] of [
    ['same origin', SIM_API],
    ['cross origin (CORS)', CROSS_ORIGIN_SIM_API],
  ] as const) {
    it(`puts the token only in the Authorization header, ${name}`, async function () {
      this.timeout(20_000);
      const consoleSpy = new ConsoleSpy().install();
      const token = await newToken();
      let el: El;
      let events: ReturnType<typeof recordEvents>;
      try {
        el = await fixture<El>(html`<authsignal-whatsapp-challenge base-url=${api} resend-cooldown="0" .token=${token}></authsignal-whatsapp-challenge>`);
        events = recordEvents(el);
        await runFlow(el, token);
      } finally {
        consoleSpy.uninstall();
      }
      const requests = await requestsWith(token);
      expect(requests.map((r) => r.path)).to.deep.equal([
        '/v1/client/challenge/whatsapp',
        '/v1/client/challenge/whatsapp',
        '/v1/client/verify/whatsapp',
        '/v1/client/verify/whatsapp',
        '/v1/client/challenge/whatsapp',
      ]);
      const host = new URL(api).host;
      expect(requests.flatMap((r) => misplaced(r, token, host))).to.deep.equal([]);
      expect(events.map((e) => e.type)).to.deep.equal(['challenge-error', 'challenge-started', 'challenge-error', 'challenge-verified', 'challenge-started']);
      expect(events.filter((e) => JSON.stringify(e.detail).includes(token)), 'events carrying the token').to.deep.equal([]);
      expect(consoleSpy.lines.filter((line) => line.includes(token)), 'console lines carrying the token').to.deep.equal([]);
      // Set as a property, it is not in the DOM: not in an attribute, not in the shadow root.
      expect(el.getAttribute('token')).to.equal(null);
      expect(el.outerHTML + el.shadowRoot!.innerHTML).not.to.include(token);
    });
  }

  it('sends a token from tokenProvider the same way, and nowhere else', async () => {
    const token = await newToken();
    const el = await fixture<El>(html`<authsignal-whatsapp-challenge base-url=${SIM_API}></authsignal-whatsapp-challenge>`);
    el.tokenProvider = async () => token;
    const events = recordEvents(el);
    await el.start();
    const [message] = await inbox(token);
    await el.verify(message!.code);
    expect(events.map((e) => e.type)).to.deep.equal(['challenge-started', 'challenge-verified']);
    const requests = await requestsWith(token);
    expect(requests).to.have.length(2);
    expect(requests.flatMap((r) => misplaced(r, token, location.host))).to.deep.equal([]);
    expect(JSON.stringify(events.map((e) => e.detail))).not.to.include(token);
  });

  describe('redirects are never followed', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      for (const [where, target] of [
        ['another origin', `${CROSS_ORIGIN_SIM_API}/challenge/whatsapp`],
        ['the same origin', `${SIM_API}/challenge/whatsapp`],
      ] as const) {
        it(`${status} to ${where}: an error, and the target gets nothing`, async () => {
          const token = await newToken();
          const marker = `redirect-${status}-${Math.random().toString(36).slice(2)}`;
          await scriptFaults(token, { route: 'challenge', status, headers: { Location: `${target}?${marker}` } });
          const el = await fixture<El>(html`<authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>`);
          const events = recordEvents(el);
          const outcome = await el.start();
          expect(events.map((e) => e.type)).to.deep.equal(['challenge-error']);
          expect((outcome as { error: string }).error).to.equal('network_error');
          expect(el.state).to.equal('idle');
          // One request, the scripted one; nothing at the Location, on any path of this server.
          const requests = await requestsWith(token);
          expect(requests.map((r) => `${r.headers.host} ${r.url}`)).to.deep.equal([`${location.host} /v1/client/challenge/whatsapp`]);
          expect(await requestsWith(marker)).to.deep.equal([]);
        });
      }
    }
  });

  it('is not cached: a cacheable answer is fetched again, without revalidation', async () => {
    const token = await newToken();
    await scriptFaults(token, {
      route: 'challenge',
      status: 200,
      headers: { 'Cache-Control': 'public, max-age=3600', ETag: '"cache-me"', 'Last-Modified': 'Wed, 21 Oct 2015 07:28:00 GMT' },
      body: { challengeId: 'cached-challenge' },
    });
    const el = await fixture<El>(html`<authsignal-whatsapp-challenge base-url=${SIM_API} resend-cooldown="0" .token=${token}></authsignal-whatsapp-challenge>`);
    const events = recordEvents(el);
    await el.start();
    await el.start();
    expect(events.map((e) => e.detail.challengeId)).to.have.length(2);
    expect(events[1]!.detail.challengeId).not.to.equal('cached-challenge');
    const requests = await requestsWith(token);
    expect(requests).to.have.length(2);
    expect(requests.flatMap((r) => misplaced(r, token, location.host))).to.deep.equal([]);
  });

  it('sends no cookie to its own origin, where the page has one', async () => {
    expect(document.cookie).to.include(cookie);
    const token = await newToken();
    const el = await fixture<El>(html`<authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>`);
    await el.start();
    // The control: a plain same-origin fetch does carry the cookie to this server.
    const control = `cookie-control-${Math.random().toString(36).slice(2)}`;
    await fetch(`/test/security/fuzz-config.json?${control}`);
    await waitUntil(async () => (await requestsWith(control)).length == 1);
    expect((await requestsWith(control))[0]!.headers.cookie).to.include(cookie);
    const [request] = await requestsWith(token);
    expect(request!.headers.cookie).to.equal(undefined);
  });
});
