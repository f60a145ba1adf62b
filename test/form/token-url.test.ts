/**
 * `token-url` (issue 10, DESIGN.md 2b): where the element gets its token when `token` is
 * empty or expired and there is no `tokenProvider`. A POST with credentials 'same-origin',
 * `Accept: application/json` and no body, answered with {"token": "..."} or the bare token.
 * Same-origin or https: only. A failure is one `challenge-error` { stage: 'start', error:
 * 'token_unavailable', status? }, and nothing is sent to the API.
 *
 * The endpoint is test/form/server.mjs's /test/form/token, which records what it received.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { clickSend, eventsArrive, latestCode, part, pasteCode, recordEvents, sleep, textOf, type Mounted } from '../helpers/element.js';
import { SIM_API, inbox, newToken, requestsWith, scriptFaults, startRequests } from '../helpers/sim.js';
import { tokenRequests, tokenUrl, uniqueId, type FormChallenge, type TokenRoute } from './helpers.js';

/** The element with `token-url` and no token, pointed at the simulator. */
const mountWithTokenUrl = async (url: string, attributes: Record<string, string> = {}): Promise<Mounted & { el: FormChallenge }> => {
  const el = await fixture<FormChallenge>(html`<authsignal-whatsapp-challenge base-url=${SIM_API} token-url=${url}></authsignal-whatsapp-challenge>`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  return { el, token: '', events: recordEvents(el) };
};

/** Client API requests that carried `t` (the simulator also logs the token endpoint's, which name it). */
const apiRequestsWith = async (t: string) => (await requestsWith(t)).filter((r) => r.path.startsWith('/v1/'));

/** A token endpoint answering a fresh simulator token as `route` says. */
const endpoint = async (route: TokenRoute = {}) => {
  const t = await newToken();
  return { t, url: tokenUrl({ t, ...route }) };
};

describe('token-url', () => {
  it('is an attribute and a property', async () => {
    const { el } = await mountWithTokenUrl('/api/authsignal-token');
    expect(el.tokenUrl).to.equal('/api/authsignal-token');
    el.setAttribute('token-url', '/other');
    await el.updateComplete;
    expect(el.tokenUrl).to.equal('/other');
  });

  describe('a usable answer', () => {
    it('JSON {"token"}: POST, Accept: application/json, no body, the page’s cookie; then the flow runs on that token', async () => {
      const cookie = uniqueId('session');
      document.cookie = `form_test_session=${cookie}; path=/; SameSite=Lax`;
      try {
        const { t, url } = await endpoint({ as: 'json' });
        const mounted = await mountWithTokenUrl(url);
        const started = await clickSend(mounted);
        expect(started.type).to.equal('challenge-started');

        const [request, ...more] = await tokenRequests(t);
        expect(more, 'one token request').to.deep.equal([]);
        expect(request!.method).to.equal('POST');
        expect(request!.headers.accept).to.match(/^application\/json\b/);
        expect(request!.bodyLength, 'no body').to.equal(0);
        expect(request!.headers['content-type'], 'no body, no content type').to.equal(undefined);
        expect(request!.headers.cookie ?? '', "credentials 'same-origin': the page's cookie went along").to.include(`form_test_session=${cookie}`);

        // The start was made with the endpoint's token, and so is the verify.
        expect(await startRequests(t)).to.have.length(1);
        expect((await startRequests(t))[0]!.headers.authorization).to.equal(`Bearer ${t}`);
        pasteCode(mounted.el, await latestCode(t));
        await eventsArrive(mounted.events, 2);
        expect(mounted.events[1]!.type).to.equal('challenge-verified');
        expect(await tokenRequests(t), 'no new token request for the verify').to.have.length(1);
      } finally {
        document.cookie = 'form_test_session=; path=/; max-age=0';
      }
    });

    it('a plain-text token works the same', async () => {
      const { t, url } = await endpoint({ as: 'text' });
      const mounted = await mountWithTokenUrl(url);
      expect((await clickSend(mounted)).type).to.equal('challenge-started');
      expect(await startRequests(t)).to.have.length(1);
    });
  });

  describe('a failure is one challenge-error token_unavailable, and nothing is sent', () => {
    const failures: [string, TokenRoute, { status?: number }][] = [
      ['401', { status: 401 }, { status: 401 }],
      ['500', { status: 500 }, { status: 500 }],
      ['an HTML page (not JSON, no token)', { as: 'html' }, {}],
      ['an empty token in JSON', { as: 'empty' }, {}],
      ['an empty text body', { as: 'empty-text' }, {}],
      ['no answer (connection closed)', { drop: true }, {}],
    ];
    for (const [what, route, expected] of failures) {
      it(what, async () => {
        const { t, url } = await endpoint(route);
        const mounted = await mountWithTokenUrl(url);
        const outcome = await clickSend(mounted);
        await sleep(300); // a second event would come in this time
        expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-error']);
        expect(outcome.detail).to.include({ stage: 'start', error: 'token_unavailable' });
        if (expected.status) expect(outcome.detail.status).to.equal(expected.status);
        // A 200 with no token may report status 200; no answer has no status at all.
        else if (route.drop) expect(outcome.detail).to.not.have.property('status');
        else if ('status' in outcome.detail) expect(outcome.detail.status).to.equal(200);
        expect(mounted.el.state).to.equal('idle');
        // A closed connection is retried by the browser itself (unseen by the page), so
        // only an answered request can be counted.
        if (!route.drop) expect(await tokenRequests(t), 'asked once').to.have.length(1);
        expect(await apiRequestsWith(t), 'the API saw nothing').to.deep.equal([]);
      });
    }

    it('an answer slower than `timeout`: error timeout, within about that time; the late token is not used', async () => {
      const { t, url } = await endpoint({ delayMs: 2500 });
      const mounted = await mountWithTokenUrl(url, { timeout: '800' });
      const clickedAt = performance.now();
      const outcome = await clickSend(mounted);
      const waited = performance.now() - clickedAt;
      // DESIGN.md 3: "A tokenProvider or token-url wait counts against timeout" (and the
      // lead's decision for a tokenProvider that never answers is error 'timeout').
      expect(outcome.type).to.equal('challenge-error');
      expect(outcome.detail).to.include({ stage: 'start', error: 'timeout' });
      // Below the endpoint's 2.5 s: the element gave up at its timeout, not at the answer.
      expect(waited, 'ms from click to the error').to.be.within(700, 2400);
      await sleep(2200); // past the endpoint's answer
      expect(mounted.events).to.have.length(1);
      expect(await apiRequestsWith(t)).to.deep.equal([]);
    });
  });

  it('a token-url that answers 401 (the site session ended): the alert says to reload the page, not to ask for a new code', async () => {
    const { url } = await endpoint({ status: 401 });
    const mounted = await mountWithTokenUrl(url);
    const outcome = await clickSend(mounted);
    expect(outcome.detail).to.include({ stage: 'start', error: 'token_unavailable', status: 401 });
    await mounted.el.updateComplete;
    expect(textOf(mounted.el, 'error')).to.equal('This session has expired. Reload the page and try again.');
  });

  it('a token the server refused with a 401 is never sent again, even when the token-url hands it back: the next start settles expired_token', async () => {
    const { t, url } = await endpoint();
    const mounted = await mountWithTokenUrl(url);
    await scriptFaults(t, { route: 'challenge', status: 401, body: { error: 'unauthorized', errorCode: 'expired_token' } });
    expect(await mounted.el.start()).to.deep.include({ stage: 'start', error: 'expired_token', status: 401 });
    const again = await Promise.race([mounted.el.start(), sleep(5000).then(() => 'not settled in 5 s')]);
    expect(again).to.deep.include({ stage: 'start', error: 'expired_token' });
    await sleep(100);
    expect(await startRequests(t), 'starts with the refused token').to.have.length(1);
    expect(await inbox(t), 'WhatsApp messages').to.deep.equal([]);
  });

  it('an answer of JSON null (or any JSON without a token) is token_unavailable, and nothing goes to Authsignal', async () => {
    const el = await fixture<FormChallenge>(
      html`<authsignal-whatsapp-challenge base-url=${SIM_API} token-url=${`/test/form/token?t=null&as=text&key=rv-${Math.random()}`}></authsignal-whatsapp-challenge>`,
    );
    expect(await el.start()).to.deep.include({ stage: 'start', error: 'token_unavailable' });
  });

  describe('which URLs are used', () => {
    it('a cross-origin http: URL is refused: invalid_configuration, no request made', async () => {
      const key = uniqueId('cross');
      const t = await newToken();
      const other = location.hostname == 'localhost' ? '127.0.0.1' : 'localhost';
      const url = `http://${other}:${location.port}${tokenUrl({ t, key })}`;
      const mounted = await mountWithTokenUrl(url);
      const outcome = await clickSend(mounted);
      await sleep(300);
      expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-error']);
      expect(outcome.detail).to.include({ stage: 'start', error: 'invalid_configuration' });
      expect(await tokenRequests(key), 'the endpoint was never asked').to.deep.equal([]);
      expect(await requestsWith(t)).to.deep.equal([]);
    });

    it('a same-origin absolute URL is used', async () => {
      const { t } = await endpoint();
      const mounted = await mountWithTokenUrl(`${location.origin}${tokenUrl({ t })}`);
      expect((await clickSend(mounted)).type).to.equal('challenge-started');
      expect(await tokenRequests(t)).to.have.length(1);
    });

    it('a cross-origin https: URL is allowed (tried, not refused)', async () => {
      // Nothing answers at .invalid (RFC 2606): the request fails, but it was not refused.
      const mounted = await mountWithTokenUrl('https://authsignal-token.invalid/token', { timeout: '3000' });
      const outcome = await clickSend(mounted);
      expect(outcome.type).to.equal('challenge-error');
      expect(outcome.detail.error).to.be.oneOf(['token_unavailable', 'timeout']);
    });
  });

  describe('when it is asked', () => {
    it('only on a start: not when the element connects or renders', async () => {
      const key = uniqueId('idle');
      const t = await newToken();
      const { el } = await mountWithTokenUrl(tokenUrl({ t, key }));
      el.requestUpdate();
      await el.updateComplete;
      await sleep(400);
      expect(await tokenRequests(key)).to.deep.equal([]);
    });

    it('once for a double click (two clicks in one task)', async () => {
      const { t, url } = await endpoint({ delayMs: 200 });
      const mounted = await mountWithTokenUrl(url);
      const button = part(mounted.el, 'button')!;
      button.click();
      button.click();
      await eventsArrive(mounted.events);
      await sleep(400);
      expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-started']);
      expect(await tokenRequests(t)).to.have.length(1);
      expect(await startRequests(t)).to.have.length(1);
    });
  });

  it('the token never appears in the DOM', async () => {
    // The URL names the token reversed (`rt`), so the token-url attribute does not hold it.
    const t = await newToken();
    const mounted = await mountWithTokenUrl(tokenUrl({ rt: [...t].reverse().join('') }));
    expect((await clickSend(mounted)).type, 'started with the token from the URL').to.equal('challenge-started');
    const attributes = [mounted.el, ...mounted.el.shadowRoot!.querySelectorAll('*')].flatMap((node) =>
      [...node.attributes].map((a) => a.value),
    );
    expect(attributes.filter((value) => value.includes(t))).to.deep.equal([]);
    expect(document.documentElement.outerHTML.includes(t), 'in the page').to.equal(false);
    expect(mounted.el.shadowRoot!.innerHTML.includes(t), 'in the shadow root').to.equal(false);
  });

  describe('precedence: token > tokenProvider > token-url', () => {
    /** A provider that hands over `token` and counts its calls. */
    const provider = (token: string) => {
      const calls = { count: 0 };
      const fn = async () => {
        calls.count++;
        return token;
      };
      return { fn, calls };
    };

    it('a usable token: neither the provider nor the URL is asked', async () => {
      const token = await newToken();
      const { t, url } = await endpoint();
      const fromProvider = provider(await newToken());
      const mounted = await mountWithTokenUrl(url);
      mounted.el.tokenProvider = fromProvider.fn;
      mounted.el.token = token;
      await mounted.el.updateComplete;
      expect((await clickSend(mounted)).type).to.equal('challenge-started');
      expect(await startRequests(token)).to.have.length(1);
      expect(fromProvider.calls.count).to.equal(0);
      expect(await tokenRequests(t)).to.deep.equal([]);
    });

    it('no token: the provider, not the URL', async () => {
      const providerToken = await newToken();
      const { t, url } = await endpoint();
      const fromProvider = provider(providerToken);
      const mounted = await mountWithTokenUrl(url);
      mounted.el.tokenProvider = fromProvider.fn;
      expect((await clickSend(mounted)).type).to.equal('challenge-started');
      expect(fromProvider.calls.count).to.equal(1);
      expect(await startRequests(providerToken)).to.have.length(1);
      expect(await tokenRequests(t)).to.deep.equal([]);
    });

    it('an expired token and no provider: the URL', async () => {
      const expired = await newToken({ expiresIn: -3600 });
      const { t, url } = await endpoint();
      const mounted = await mountWithTokenUrl(url);
      mounted.el.token = expired;
      await mounted.el.updateComplete;
      expect((await clickSend(mounted)).type).to.equal('challenge-started');
      expect(await tokenRequests(t)).to.have.length(1);
      expect(await startRequests(t)).to.have.length(1);
      expect(await startRequests(expired)).to.deep.equal([]);
    });

    it('an expired token and a provider: the provider, not the URL', async () => {
      const expired = await newToken({ expiresIn: -3600 });
      const providerToken = await newToken();
      const { t, url } = await endpoint();
      const fromProvider = provider(providerToken);
      const mounted = await mountWithTokenUrl(url);
      mounted.el.token = expired;
      mounted.el.tokenProvider = fromProvider.fn;
      await mounted.el.updateComplete;
      expect((await clickSend(mounted)).type).to.equal('challenge-started');
      expect(fromProvider.calls.count).to.equal(1);
      expect(await tokenRequests(t)).to.deep.equal([]);
    });
  });
});
