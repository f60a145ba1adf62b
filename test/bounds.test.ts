/**
 * Bounds and bad input (issue 9, items 6, 7, 8, 10 and 12), over real HTTP against the
 * simulator. The rules come from ../shared/DESIGN.md sections 2 and 3:
 * - `retryAfter` is never more than 3,600 s; a malformed Retry-After means the default 30 s;
 * - a 429 on verify keeps every control that would send disabled until the countdown ends;
 * - a `timeout` that is not a positive number of ms up to 2,147,483,647 means the default;
 * - a base-url with a query, a fragment or user info is `invalid_configuration`, nothing sent;
 * - the server is the judge of a token's expiry: a clock that runs ahead refuses nothing.
 */
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { clickSend, latestCode, mount, part, pasteCode, sleep, textOf, type Mounted } from './helpers/element.js';
import { countdownSeconds, visibleTexts } from './helpers/reading.js';
import { SIM_API, inbox, newToken, requestsWith, scriptFaults, startRequests } from './helpers/sim.js';

/** One hour: the longest a server's Retry-After may hold the element (DESIGN.md section 2). */
const MAX_RETRY_AFTER = 3600;

/** The verify requests the simulator saw for this token. */
const verifyRequests = async (token: string) =>
  (await requestsWith(token)).filter((r) => r.method == 'POST' && r.path.endsWith('/verify/whatsapp'));

/** A code the simulator did not send, so the server answers it as wrong. */
const wrongCode = (code: string) => (code == '000000' ? '111111' : '000000');

describe('bounds and bad input', () => {
  afterEach(() => sinon.restore());

  describe('Retry-After is at most one hour (item 6)', () => {
    for (const [name, header] of [
      ['a number of seconds past any sensible wait (99999999999)', '99999999999'],
      ['an HTTP date in the year 275760', new Date(8.64e15).toUTCString()],
      ['an HTTP date two hours ahead', () => new Date(Date.now() + 7200_000).toUTCString()],
    ] as const) {
      it(`a 429 with ${name} waits one hour, and the countdown shows at most 60:00`, async () => {
        const mounted = await mount();
        const value = typeof header == 'function' ? header() : header;
        await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers: { 'Retry-After': value }, body: { error: 'too_many_requests' } });
        const { detail } = await clickSend(mounted);
        expect(detail).to.deep.include({ stage: 'start', error: 'too_many_requests', status: 429 });
        expect(detail.retryAfter).to.be.within(MAX_RETRY_AFTER - 2, MAX_RETRY_AFTER);
        expect(textOf(mounted.el, 'countdown')).to.match(/^\d{1,2}:\d\d$/);
        expect(countdownSeconds(mounted.el)).to.be.within(MAX_RETRY_AFTER - 2, MAX_RETRY_AFTER);
        expect(part<HTMLButtonElement>(mounted.el, 'button')!.disabled).to.equal(true);
        // start() meanwhile sends nothing and reports the (bounded) seconds left.
        const again = await mounted.el.start();
        expect(again).to.deep.include({ stage: 'start', error: 'too_many_requests' });
        expect((again as { retryAfter: number }).retryAfter).to.be.within(1, MAX_RETRY_AFTER);
        expect(await startRequests(mounted.token)).to.have.length(1);
      });
    }

    for (const malformed of ['soon', '-5', '1.5', '']) {
      it(`a malformed Retry-After ("${malformed}") means the default 30 seconds`, async () => {
        const mounted = await mount();
        await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers: { 'Retry-After': malformed }, body: { error: 'too_many_requests' } });
        const { detail } = await clickSend(mounted);
        expect(detail).to.deep.include({ stage: 'start', error: 'too_many_requests', status: 429 });
        // The detail may leave retryAfter out (the header said nothing usable) or give 30.
        if ('retryAfter' in detail) expect(detail.retryAfter).to.equal(30);
        expect(countdownSeconds(mounted.el)).to.be.within(29, 30);
      });
    }

    for (const [name, headers] of [
      ['no Retry-After', {}],
      ['Retry-After "soon"', { 'Retry-After': 'soon' }],
      ['an empty Retry-After', { 'Retry-After': '' }],
    ] as const) {
      it(`a 429 with ${name}: detail.retryAfter is 30, and the countdown on screen agrees`, async () => {
        const mounted = await mount();
        await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers, body: { error: 'too_many_requests' } });
        const { detail } = await clickSend(mounted);
        expect(detail).to.deep.equal({ stage: 'start', error: 'too_many_requests', status: 429, retryAfter: 30 });
        expect(countdownSeconds(mounted.el)).to.be.within(29, 30);
      });
    }

    it('a too_many_requests answer that is not a 429 (400) has retryAfter 30 too, and the alert shows no "NaN"', async () => {
      const mounted = await mount();
      await scriptFaults(mounted.token, { route: 'challenge', status: 400, body: { error: 'too_many_requests' } });
      const { detail } = await clickSend(mounted);
      expect(detail).to.deep.include({ stage: 'start', error: 'too_many_requests', status: 400, retryAfter: 30 });
      await mounted.el.updateComplete;
      const alert = textOf(mounted.el, 'error');
      expect(alert, 'the alert').to.not.equal('');
      expect(alert, 'the alert').to.not.include('NaN');
    });

    it('a 429 with Retry-After: 0 leaves no "try again in 0 seconds" on screen', async () => {
      const mounted = await mount();
      await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers: { 'Retry-After': '0' }, body: { error: 'too_many_requests' } });
      const { detail } = await clickSend(mounted);
      expect(detail).to.deep.include({ stage: 'start', error: 'too_many_requests', status: 429 });
      for (const when of ['at once', 'after 300 ms']) {
        if (when != 'at once') await sleep(300);
        await mounted.el.updateComplete;
        const texts = visibleTexts(mounted.el);
        expect(texts.filter((text) => /\b0 seconds\b/.test(text)), `visible text ${when}: ${JSON.stringify(texts)}`).to.deep.equal([]);
      }
    });
  });

  describe('a 429 on verify (item 7)', () => {
    /** Started, with the next verify answered 429 and Retry-After `seconds`. */
    const rateLimitedVerify = async (seconds: number) => {
      const mounted = await mount({ 'resend-cooldown': '0' });
      await clickSend(mounted);
      const code = await latestCode(mounted.token);
      await scriptFaults(mounted.token, { route: 'verify', status: 429, headers: { 'Retry-After': String(seconds) }, body: { error: 'too_many_requests' } });
      const outcome = await mounted.el.verify(wrongCode(code));
      await mounted.el.updateComplete;
      return { ...mounted, code, outcome };
    };

    it('disables Verify and "Send a new code" until the countdown ends', async () => {
      const { el, outcome } = await rateLimitedVerify(20);
      expect(outcome).to.deep.equal({ stage: 'verify', error: 'too_many_requests', status: 429, retryAfter: 20 });
      expect(part<HTMLButtonElement>(el, 'verify-button')!.disabled, 'verify button').to.equal(true);
      expect(part<HTMLButtonElement>(el, 'resend-button')!.disabled, 'resend button').to.equal(true);
      expect(countdownSeconds(el)).to.be.within(19, 20);
    });

    it('verify() meanwhile sends nothing and reports the seconds left, and a typed code sends nothing either', async () => {
      const { el, token, code, events } = await rateLimitedVerify(20);
      const before = (await verifyRequests(token)).length;
      const outcome = await el.verify(code);
      expect(outcome).to.deep.include({ stage: 'verify', error: 'too_many_requests' });
      expect((outcome as { retryAfter: number }).retryAfter).to.be.within(18, 20);
      const eventsBefore = events.length;
      pasteCode(el, code);
      await sleep(300);
      expect(events.slice(eventsBefore).map((e) => e.type)).to.not.include('challenge-verified');
      expect(await verifyRequests(token)).to.have.length(before);
    });

    it('once the countdown ends, Verify works again and the right code verifies', async () => {
      const { el, code, events } = await rateLimitedVerify(1);
      const verifyButton = part<HTMLButtonElement>(el, 'verify-button')!;
      expect(verifyButton.disabled).to.equal(true);
      await waitUntil(() => !verifyButton.disabled, 'the verify button stays disabled', { timeout: 5000 });
      expect(await el.verify(code)).to.have.keys(['challengeId', 'token']);
      expect(events.at(-1)!.type).to.equal('challenge-verified');
    });

    it('a 1 s Retry-After does not cut a 30 s resend cooldown short: "Send a new code" stays disabled, and start() sends nothing', async () => {
      const mounted = await mount({ 'resend-cooldown': '30' });
      await clickSend(mounted);
      const code = await latestCode(mounted.token);
      await scriptFaults(mounted.token, { route: 'verify', status: 429, headers: { 'Retry-After': '1' }, body: { error: 'too_many_requests' } });
      expect(await mounted.el.verify(wrongCode(code))).to.deep.include({ stage: 'verify', error: 'too_many_requests', status: 429 });
      await sleep(2200);
      await mounted.el.updateComplete;
      expect(part<HTMLButtonElement>(mounted.el, 'resend-button')!.disabled, '"Send a new code" 2.2 s after').to.equal(true);
      await mounted.el.start();
      await sleep(100);
      expect(await inbox(mounted.token), 'WhatsApp messages').to.have.length(1);
    });
  });

  it('timeout and code-length given as numeric strings (as Vue and React set them) are used', async () => {
    const m = await mount();
    (m.el as unknown as { timeout: string }).timeout = '300';
    await scriptFaults(m.token, { route: 'challenge', delayMs: 1500, body: { challengeId: 'late' } });
    expect(await m.el.start()).to.deep.include({ stage: 'start', error: 'timeout' });
    (m.el as unknown as { timeout: string }).timeout = '15000';
    await scriptFaults(m.token, { route: 'challenge', body: { challengeId: 'now' } });
    expect(await m.el.start()).to.deep.equal({ challengeId: 'now' });
    (m.el as unknown as { codeLength: string }).codeLength = '4';
    await m.el.updateComplete;
    // Four digits are a whole code now: sent, and judged by the server (not refused as invalid_code).
    expect(await m.el.verify('1234')).to.not.deep.include({ error: 'invalid_code' });
  });

  describe('a timeout that is not a usable number of milliseconds means the default (item 8)', () => {
    for (const value of ['15s', '0', '-5', '1e12', '2147483648', 'abc']) {
      it(`timeout="${value}": a start that the server answers in 300 ms succeeds`, async () => {
        const mounted = await mount({ timeout: value });
        await scriptFaults(mounted.token, { route: 'challenge', delayMs: 300, body: { challengeId: 'after-300-ms' } });
        const { type, detail } = await clickSend(mounted);
        expect({ type, detail }).to.deep.equal({ type: 'challenge-started', detail: { challengeId: 'after-300-ms' } });
      });
    }

    for (const value of [0, -5, Number.NaN, Infinity, 1e12]) {
      it(`timeout property ${value}: a start succeeds`, async () => {
        const mounted = await mount();
        mounted.el.timeout = value;
        await scriptFaults(mounted.token, { route: 'challenge', delayMs: 300, body: { challengeId: 'after-300-ms' } });
        expect(await mounted.el.start()).to.deep.equal({ challengeId: 'after-300-ms' });
      });
    }

    it('a usable timeout still applies: 200 ms against a server that takes 1.5 s is a timeout', async () => {
      const mounted = await mount({ timeout: '200' });
      await scriptFaults(mounted.token, { route: 'challenge', delayMs: 1500, body: { challengeId: 'too-late' } });
      expect((await clickSend(mounted)).detail).to.deep.equal({ stage: 'start', error: 'timeout' });
    });
  });

  describe('a base-url with a query, a fragment or user info is invalid_configuration, nothing sent (item 10)', () => {
    for (const [name, url] of [
      ['a query', `${SIM_API}?x=1`],
      ['an empty query', `${SIM_API}?`],
      ['a fragment', `${SIM_API}#x`],
      ['user info', `${location.protocol}//u:p@${location.host}/v1/client`],
      ['a user name only', `${location.protocol}//u@${location.host}/v1/client`],
    ]) {
      it(`with ${name}: ${url.replace(location.host, 'HOST')}`, async () => {
        const mounted = await mount({ 'base-url': url! });
        expect((await clickSend(mounted)).detail).to.deep.equal({ stage: 'start', error: 'invalid_configuration' });
        await sleep(100);
        expect(await requestsWith(mounted.token)).to.have.length(0);
      });
    }
  });

  describe('a device clock ahead of the server refuses nothing: the server judges expiry (item 12)', () => {
    const TWO_HOURS = 2 * 3600_000;
    /** Moves this page's clock ahead (the simulator keeps the real time). */
    const clockAhead = (ms: number) => {
      const realNow = Date.now.bind(Date);
      sinon.stub(Date, 'now').callsFake(() => realNow() + ms);
    };

    it('a fresh token, no tokenProvider: the start is sent and succeeds, and the code verifies', async () => {
      const mounted = await mount();
      clockAhead(TWO_HOURS);
      const { type } = await clickSend(mounted);
      expect(type).to.equal('challenge-started');
      expect(await startRequests(mounted.token)).to.have.length(1);
      expect(await mounted.el.verify(await latestCode(mounted.token))).to.have.keys(['challengeId', 'token']);
    });

    it('no token and a tokenProvider: the token it hands over is used, and the start succeeds', async () => {
      const mounted = await mount();
      const fresh = await newToken();
      mounted.el.token = '';
      mounted.el.tokenProvider = async () => fresh;
      await mounted.el.updateComplete;
      clockAhead(TWO_HOURS);
      expect(await mounted.el.start()).to.have.key('challengeId');
      expect(await startRequests(fresh)).to.have.length(1);
    });

    it('a token that looks expired to the fast clock and a tokenProvider: the provider is asked, and its token is used', async () => {
      const mounted: Mounted = await mount();
      const fresh = await newToken();
      const provider = sinon.fake.resolves(fresh);
      mounted.el.tokenProvider = provider;
      clockAhead(TWO_HOURS);
      expect(await mounted.el.start()).to.have.key('challengeId');
      expect(provider.callCount).to.equal(1);
      expect(await startRequests(fresh)).to.have.length(1);
      expect(await mounted.el.verify(await latestCode(fresh))).to.have.keys(['challengeId', 'token']);
    });
  });
});
