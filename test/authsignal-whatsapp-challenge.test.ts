/**
 * The element, driven as a site and a person would, over real HTTP against the simulator.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { AuthsignalWhatsappChallenge } from '../src/authsignal-whatsapp-challenge.js';
import {
  clickSend,
  eventsArrive,
  latestCode,
  mount,
  part,
  pasteCode,
  recordEvents,
  sleep,
  textOf,
  typeCode,
  type Challenge,
} from './helpers/element.js';
import { isVisible } from './helpers/reading.js';
import { SIM_API, inbox, newToken, requestsWith, scriptFaults, startRequests } from './helpers/sim.js';
import { follow, recordPageErrors, watchFetch } from './helpers/watch.js';

/**
 * Every request the page makes while installed, with where it went and its Authorization
 * header; one to another origin is kept off the network (it fails as a network error would).
 */
const spyOnRequests = () => {
  const original = window.fetch;
  const requests: { url: string; authorization: string | null }[] = [];
  window.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), document.baseURI);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    requests.push({ url: url.href, authorization: headers.get('authorization') });
    if (url.origin != location.origin) throw new TypeError('Failed to fetch (kept off the network by the test)');
    return original.call(window, input, init);
  }) as typeof fetch;
  return { requests, stop: () => void (window.fetch = original) };
};

describe('<authsignal-whatsapp-challenge>', () => {
  afterEach(() => sinon.restore());

  describe('definition', () => {
    it('is defined', () => {
      expect(customElements.get('authsignal-whatsapp-challenge')).to.equal(AuthsignalWhatsappChallenge);
    });

    it('creates from createElement and from the constructor', () => {
      expect(document.createElement('authsignal-whatsapp-challenge')).to.be.instanceOf(AuthsignalWhatsappChallenge);
      expect(new AuthsignalWhatsappChallenge().state).to.equal('idle');
    });

    it('has the documented defaults', () => {
      const el = new AuthsignalWhatsappChallenge();
      expect(el).to.include({ token: '', region: 'us', timeout: 15000, disabled: false, startOnly: false, codeLength: 6, resendCooldown: 30 });
      expect(el.baseUrl).to.equal(undefined);
    });
  });

  describe('attributes and properties', () => {
    it('reads each attribute into its property', async () => {
      const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge
        token="t1" region="eu" base-url="https://x.example" timeout="500" disabled start-only
        code-length="8" resend-cooldown="45"></authsignal-whatsapp-challenge>`);
      expect(el).to.include({ token: 't1', region: 'eu', baseUrl: 'https://x.example', timeout: 500, disabled: true, startOnly: true, codeLength: 8, resendCooldown: 45 });
    });

    it('reflects state and disabled as attributes', async () => {
      const { el } = await mount();
      expect(el.getAttribute('state')).to.equal('idle');
      el.disabled = true;
      await el.updateComplete;
      expect(el.hasAttribute('disabled')).to.equal(true);
      expect(part<HTMLButtonElement>(el, 'button')!.disabled).to.equal(true);
    });

    it('keeps state read-only', async () => {
      const { el } = await mount();
      expect(() => ((el as unknown as { state: string }).state = 'verified')).to.throw();
      expect(el.state).to.equal('idle');
    });

    /** What a person reads on the send button: slotted text plus the element's own. */
    const buttonLabel = (el: Challenge) => {
      const button = part(el, 'button')!;
      const slotted = button.querySelector('slot')!.assignedNodes().map((n) => n.textContent).join('');
      return (slotted + button.textContent).replace(/\s+/g, ' ').trim();
    };

    it('labels the button with built-in text when the page gives no label', async () => {
      const { el } = await mount();
      expect(buttonLabel(el)).to.equal('Send code on WhatsApp');
    });

    it('keeps the built-in label when the only children are a heading and whitespace', async () => {
      const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge>
        <span slot="heading">Confirm it's you</span>
      </authsignal-whatsapp-challenge>`);
      expect(buttonLabel(el)).to.equal('Send code on WhatsApp');
    });

    it('takes the label from the default slot, and only that label', async () => {
      const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge> Get my code </authsignal-whatsapp-challenge>`);
      expect(buttonLabel(el)).to.equal('Get my code');
      el.replaceChildren(Object.assign(document.createElement('b'), { textContent: 'Text me' }));
      await waitUntil(() => buttonLabel(el) == 'Text me', buttonLabel(el));
      el.replaceChildren();
      await waitUntil(() => buttonLabel(el) == 'Send code on WhatsApp', buttonLabel(el));
    });
  });

  describe('starting a challenge', () => {
    it('emits challenge-started with the challengeId of the WhatsApp message, bubbling and composed', async () => {
      const mounted = await mount();
      const { type, event, detail } = await clickSend(mounted);
      expect(type).to.equal('challenge-started');
      expect(event).to.be.instanceOf(CustomEvent);
      expect(event.bubbles && event.composed).to.equal(true);
      const [message] = await inbox(mounted.token);
      expect(detail).to.deep.equal({ challengeId: message!.challengeId });
      expect(mounted.el.state).to.equal('code-sent');
      expect(mounted.el.getAttribute('state')).to.equal('code-sent');
    });

    it('sends the start request to base-url with the token as bearer', async () => {
      const mounted = await mount();
      await clickSend(mounted);
      const [request] = await startRequests(mounted.token);
      expect(request!.headers.authorization).to.equal(`Bearer ${mounted.token}`);
      expect(request!.body).to.equal('');
    });

    it('emits exactly one event per click', async () => {
      const mounted = await mount();
      await clickSend(mounted);
      await sleep(200);
      expect(mounted.events).to.have.length(1);
    });

    it('start() settles with the same detail as the event', async () => {
      const mounted = await mount();
      const outcome = await mounted.el.start();
      expect(outcome).to.deep.equal(mounted.events[0]!.detail);
    });

    describe('sends nothing, and says why, when', () => {
      it('there is no token (token_required)', async () => {
        const mounted = await mount();
        mounted.el.token = '';
        await mounted.el.updateComplete;
        const { detail } = await clickSend(mounted);
        expect(detail).to.deep.equal({ stage: 'start', error: 'token_required' });
        expect(await startRequests(mounted.token)).to.have.length(0);
        expect(textOf(mounted.el, 'error')).to.not.equal('');
      });


      it('the region is unknown (invalid_configuration)', async () => {
        const mounted = await mount({ region: 'moon' });
        mounted.el.baseUrl = undefined;
        await mounted.el.updateComplete;
        expect((await clickSend(mounted)).detail).to.deep.equal({ stage: 'start', error: 'invalid_configuration' });
      });

      it('base-url is http: on a host that is not loopback (invalid_configuration)', async () => {
        const mounted = await mount({ 'base-url': 'http://api.example.com/v1/client' });
        expect((await clickSend(mounted)).detail).to.deep.equal({ stage: 'start', error: 'invalid_configuration' });
        expect(await requestsWith(mounted.token)).to.have.length(0);
      });

      it('base-url is another host written without a scheme, "//other.example/x" (invalid_configuration)', async () => {
        const mounted = await mount({ 'base-url': '//other.example/v1/client' });
        const network = watchFetch();
        try {
          expect((await clickSend(mounted)).detail).to.deep.equal({ stage: 'start', error: 'invalid_configuration' });
          expect(network.sent, 'requests made').to.deep.equal([]);
        } finally {
          network.stop();
        }
      });

      it('the token cannot go into a header (smart quotes from a CMS): a set-up error, not a network error', async () => {
        const m = await mount();
        m.el.token = `\u201d${m.token}\u201d`;
        expect(await m.el.start()).to.deep.equal({ stage: 'start', error: 'invalid_configuration' });
        expect(await requestsWith(m.token)).to.have.length(0);
      });

      for (const [name, baseUrl] of [
        ['a tab', '/\t/evil.example/v1/client'],
        ['a newline', '/\n/evil.example/v1/client'],
      ] as const) {
        it(`base-url is a path with ${name} after its first slash, which a URL parser drops to leave "//evil.example" (invalid_configuration, no request)`, async () => {
          const m = await mount();
          m.el.baseUrl = baseUrl;
          await m.el.updateComplete;
          const spy = spyOnRequests();
          try {
            expect(await m.el.start()).to.deep.equal({ stage: 'start', error: 'invalid_configuration' });
          } finally {
            spy.stop();
          }
          expect(spy.requests, 'requests made').to.deep.equal([]);
          expect(await requestsWith(m.token)).to.have.length(0);
        });
      }

      it('base-url is a path, and a <base href> points the document at another host: nothing goes to that host (invalid_configuration)', async () => {
        const m = await mount({ 'base-url': '/v1/client' });
        const base = document.createElement('base');
        base.href = 'http://cdn.example.com/';
        const spy = spyOnRequests();
        let outcome: unknown;
        try {
          document.head.prepend(base);
          outcome = await m.el.start();
        } finally {
          base.remove();
          spy.stop();
        }
        expect(spy.requests.filter((r) => new URL(r.url).host == 'cdn.example.com'), 'requests to cdn.example.com').to.deep.equal([]);
        expect(outcome).to.deep.equal({ stage: 'start', error: 'invalid_configuration' });
      });

      it('the region is not a string (5) and there is no base-url: start() settles invalid_configuration, and no error reaches the page', async () => {
        const page = recordPageErrors();
        try {
          const m = await mount();
          m.el.baseUrl = undefined;
          (m.el as unknown as { region: unknown }).region = 5;
          await m.el.updateComplete;
          const start = follow('start()', () => m.el.start());
          await Promise.race([start.done, sleep(3000)]);
          expect(start.settlements, 'start() settled').to.equal(1);
          expect(start.rejection, 'start() rejected').to.equal(undefined);
          expect(start.value).to.deep.equal({ stage: 'start', error: 'invalid_configuration' });
          await sleep(50);
          expect(page.errors).to.deep.equal([]);
        } finally {
          page.stop();
        }
      });
    });

    it('takes a relative base-url, a path of this origin (a same-origin proxy): start and verify go there and succeed', async () => {
      const path = new URL(SIM_API).pathname;
      const mounted = await mount({ 'base-url': path });
      expect(mounted.el.baseUrl).to.equal(path);
      const { type, detail } = await clickSend(mounted);
      expect(type, JSON.stringify(detail)).to.equal('challenge-started');
      const [sent] = await startRequests(mounted.token);
      expect(sent?.path).to.equal(`${path}/challenge/whatsapp`);
      expect(await mounted.el.verify(await latestCode(mounted.token))).to.have.keys(['challengeId', 'token']);
      expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-started', 'challenge-verified']);
    });

    describe('while the request is in flight', () => {
      it('disables the button, marks it aria-busy, and further clicks send nothing', async () => {
        const mounted = await mount();
        await scriptFaults(mounted.token, { route: 'challenge', delayMs: 600, body: { challengeId: 'slow' } });
        const button = part<HTMLButtonElement>(mounted.el, 'button')!;
        button.click();
        await mounted.el.updateComplete;
        expect(button.disabled).to.equal(true);
        expect(button.getAttribute('aria-busy')).to.equal('true');
        expect(mounted.el.state).to.equal('sending');
        button.click();
        button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        mounted.el.start();
        await eventsArrive(mounted.events);
        await sleep(150);
        expect(mounted.events.map((e) => e.detail)).to.deep.equal([{ challengeId: 'slow' }]);
        expect(await startRequests(mounted.token)).to.have.length(1);
      });

      it('disconnecting aborts the request and no event follows', async () => {
        const mounted = await mount();
        await scriptFaults(mounted.token, { route: 'challenge', delayMs: 500, body: { challengeId: 'late' } });
        part(mounted.el, 'button')!.click();
        await sleep(50);
        mounted.el.remove();
        await sleep(800);
        expect(mounted.events).to.deep.equal([]);
        expect(mounted.el.state).to.equal('idle');
      });
    });

    describe('after a 429', () => {
      it('keeps the button disabled for Retry-After seconds, then enables it', async () => {
        const mounted = await mount();
        await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers: { 'Retry-After': '1' }, body: { error: 'too_many_requests' } });
        const { detail } = await clickSend(mounted);
        expect(detail).to.deep.equal({ stage: 'start', error: 'too_many_requests', status: 429, retryAfter: 1 });
        const button = part<HTMLButtonElement>(mounted.el, 'button')!;
        expect(button.disabled).to.equal(true);
        expect(textOf(mounted.el, 'countdown')).to.equal('0:01');
        await waitUntil(() => !button.disabled, 'button stays disabled', { timeout: 5000 });
      });

      it('waits 30 seconds when the server does not say how long', async () => {
        const mounted = await mount();
        await scriptFaults(mounted.token, { route: 'challenge', status: 429, body: { error: 'too_many_requests' } });
        await clickSend(mounted);
        expect(part<HTMLButtonElement>(mounted.el, 'button')!.disabled).to.equal(true);
        expect(textOf(mounted.el, 'countdown')).to.equal('0:30');
        expect(textOf(mounted.el, 'error')).to.contain('30 seconds');
      });

      it('start() during the wait sends nothing and reports the seconds left', async () => {
        const mounted = await mount();
        await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers: { 'Retry-After': '20' }, body: { error: 'too_many_requests' } });
        await clickSend(mounted);
        const outcome = await mounted.el.start();
        expect(outcome).to.deep.include({ stage: 'start', error: 'too_many_requests' });
        expect((outcome as { retryAfter: number }).retryAfter).to.be.within(19, 20);
        expect(await startRequests(mounted.token)).to.have.length(1);
      });

      it('the simulator rate-limits starts per token, and the element honours it', async () => {
        const mounted = await mount({ 'resend-cooldown': '0' }, { startLimit: { max: 1, windowSeconds: 60 } });
        expect((await clickSend(mounted)).type).to.equal('challenge-started');
        const second = await mounted.el.start();
        expect(second).to.deep.include({ error: 'too_many_requests', status: 429 });
        expect((second as { retryAfter: number }).retryAfter).to.be.within(55, 60);
      });
    });

    it('lets the server judge a token whose exp has passed: expired_token, and no WhatsApp message', async () => {
      const mounted = await mount({}, { expiresIn: -60 });
      const { detail } = await clickSend(mounted);
      expect(detail).to.deep.include({ stage: 'start', error: 'expired_token', status: 401 });
      expect(await inbox(mounted.token)).to.have.length(0);
    });

    it('shows text from the server as text, never as HTML, in its own direction', async () => {
      const mounted = await mount();
      const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
      // An unknown code on a status that does not say what went wrong: only the server can.
      await scriptFaults(mounted.token, { route: 'challenge', status: 422, body: { error: 'odd_error', errorDescription: hostile } });
      await clickSend(mounted);
      expect(textOf(mounted.el, 'error')).to.equal(hostile);
      const [span, ...rest] = part(mounted.el, 'error')!.children;
      expect(rest).to.have.length(0);
      expect(span!.getAttribute('dir')).to.equal('auto');
      expect(span!.children).to.have.length(0);
      await sleep(50);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });

    it('cuts very long server text for display', async () => {
      const mounted = await mount();
      await scriptFaults(mounted.token, { route: 'challenge', status: 400, body: { error: 'odd_error', errorDescription: 'x'.repeat(5000) } });
      const { detail } = await clickSend(mounted);
      expect(detail.errorDescription).to.have.length(5000);
      expect(textOf(mounted.el, 'error').length).to.be.at.most(201);
    });

    it('in start-only mode shows no code field, and its cooldown applies', async () => {
      const mounted = await mount({ 'start-only': true });
      await clickSend(mounted);
      expect(part(mounted.el, 'code-input')).to.equal(null);
      expect(part<HTMLButtonElement>(mounted.el, 'button')!.disabled).to.equal(true);
      expect(textOf(mounted.el, 'status')).to.contain('We sent a code');
    });
  });

  describe('entering the code', () => {
    const started = async (attributes = {}) => {
      const mounted = await mount(attributes);
      await clickSend(mounted);
      return { ...mounted, code: await latestCode(mounted.token) };
    };

    it('shows a labelled one-time-code field, a verify button and a resend button', async () => {
      const { el } = await started();
      const input = part<HTMLInputElement>(el, 'code-input')!;
      expect(input.labels![0]!.textContent).to.equal('Code from WhatsApp');
      expect(input.getAttribute('autocomplete')).to.equal('one-time-code');
      expect(input.getAttribute('inputmode')).to.equal('numeric');
      expect(input.size).to.equal(6);
      expect(part(el, 'verify-button')).to.exist;
      expect(part(el, 'resend-button')).to.exist;
      expect(textOf(el, 'message')).to.equal('We sent a code to WhatsApp on your phone.');
    });

    it('hides the send button in the code step, even from a page that styles ::part(button)', async () => {
      const style = document.head.appendChild(document.createElement('style'));
      style.textContent = 'authsignal-whatsapp-challenge::part(button) { display: inline-flex; }';
      try {
        const { el } = await started();
        expect(getComputedStyle(part(el, 'button')!).display).to.equal('none');
        expect(el.shadowRoot!.querySelectorAll('[part~=countdown]').length, 'one countdown, on the resend button').to.equal(1);
        el.reset();
        await el.updateComplete;
        expect(getComputedStyle(part(el, 'button')!).display).to.equal('inline-flex');
      } finally {
        style.remove();
      }
    });

    it('moves focus to the code field when the code is sent', async () => {
      const { el } = await started();
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'code-input'));
    });

    it('verifies a typed code by itself once complete, emitting challenge-verified with the access token', async () => {
      const { el, events, code } = await started();
      typeCode(el, code);
      await eventsArrive(events, 2);
      const { type, event, detail } = events[1]!;
      expect(type).to.equal('challenge-verified');
      expect(event.bubbles && event.composed).to.equal(true);
      expect(detail.challengeId).to.equal(events[0]!.detail.challengeId);
      expect(JSON.parse(atob(detail.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')))).to.include({ verified: true });
      await el.updateComplete;
      expect(el.state).to.equal('verified');
      expect(textOf(el, 'message')).to.equal('Verified. You can continue.');
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'message'));
    });

    for (const [name, format] of [
      ['with spaces', (c: string) => `${c.slice(0, 3)} ${c.slice(3)}`],
      ['with a dash', (c: string) => `${c.slice(0, 3)}-${c.slice(3)}`],
      ['inside a sentence', (c: string) => `Your code is ${c}.`],
      ['in Arabic-Indic digits', (c: string) => [...c].map((d) => String.fromCharCode(0x660 + +d)).join('')],
      ['in Persian digits', (c: string) => [...c].map((d) => String.fromCharCode(0x6f0 + +d)).join('')],
      ['in Devanagari digits', (c: string) => [...c].map((d) => String.fromCharCode(0x966 + +d)).join('')],
      ['in full-width digits', (c: string) => [...c].map((d) => String.fromCharCode(0xff10 + +d)).join('')],
    ] as const) {
      it(`accepts a whole code arriving in one input event ${name}`, async () => {
        const { el, events, code } = await started();
        pasteCode(el, format(code));
        await eventsArrive(events, 2);
        expect(events[1]!.type).to.equal('challenge-verified');
      });
    }

    it('says why and sends nothing when the code has the wrong length', async () => {
      const { el, events, token } = await started();
      typeCode(el, '123');
      part(el, 'verify-button')!.click();
      await eventsArrive(events, 2);
      expect(events[1]!.detail).to.deep.equal({ stage: 'verify', error: 'invalid_code' });
      await el.updateComplete;
      expect(textOf(el, 'error')).to.equal('Enter the 6-digit code.');
      expect((await requestsWith(token)).filter((r) => r.path.endsWith('/verify/whatsapp'))).to.have.length(0);
    });

    it('uses code-length', async () => {
      const { el } = await started({ 'code-length': '8' });
      expect(part<HTMLInputElement>(el, 'code-input')!.size).to.equal(8);
      expect(await el.verify('123456')).to.deep.equal({ stage: 'verify', error: 'invalid_code' });
    });

    it('on a wrong code says so, clears and focuses the field, and emits verification_failed', async () => {
      const { el, events, code } = await started();
      const wrong = code == '000000' ? '111111' : '000000';
      pasteCode(el, wrong);
      await eventsArrive(events, 2);
      await el.updateComplete;
      expect(events[1]!.detail).to.deep.equal({ stage: 'verify', error: 'verification_failed', failureReason: 'CODE_INVALID_OR_EXPIRED' });
      const input = part<HTMLInputElement>(el, 'code-input')!;
      await waitUntil(() => input.value == '');
      expect(el.shadowRoot!.activeElement).to.equal(input);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(textOf(el, 'error')).to.equal('That code is wrong or has expired. Try again.');
      expect(el.state).to.equal('code-sent');
    });

    it('locks the field after MAX_ATTEMPTS_EXCEEDED and offers only a new code', async () => {
      const { el, events, code, token } = await started({ 'resend-cooldown': '0' });
      const wrong = code == '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) await el.verify(wrong);
      await el.updateComplete;
      expect(events.at(-1)!.detail.failureReason).to.equal('MAX_ATTEMPTS_EXCEEDED');
      expect(part<HTMLInputElement>(el, 'code-input')!.disabled).to.equal(true);
      expect(part<HTMLButtonElement>(el, 'verify-button')!.disabled).to.equal(true);
      expect(part<HTMLButtonElement>(el, 'resend-button')!.disabled).to.equal(false);
      expect(textOf(el, 'error')).to.equal('Too many wrong codes. Ask for a new code.');
      expect(el.shadowRoot!.activeElement, 'focus on the one way on').to.equal(part(el, 'resend-button'));
      // Even the right code is not sent once locked.
      const before = (await requestsWith(token)).length;
      expect(await el.verify(code)).to.deep.equal({ stage: 'verify', error: 'verification_failed', failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
      expect((await requestsWith(token)).length).to.equal(before);
    });

    describe('a 401 on verify ends the code step: its token is dead', () => {
      const expired = { route: 'verify' as const, status: 401, body: { error: 'unauthorized', errorCode: 'expired_token' } };
      const verifyRequests = async (token: string) =>
        (await requestsWith(token)).filter((r) => r.method == 'POST' && r.path.endsWith('/verify/whatsapp'));
      const resendButton = (el: Challenge) => part<HTMLButtonElement>(el, 'resend-button');

      it('the alert stays after a keystroke, the field and Verify are disabled, nothing more is sent with the dead token, and with no tokenProvider no new code is offered', async () => {
        const { el, events, token, code } = await started({ 'resend-cooldown': '0' });
        await scriptFaults(token, expired);
        pasteCode(el, code);
        await eventsArrive(events, 2);
        await el.updateComplete;
        expect(events[1]!.detail).to.deep.include({ stage: 'verify', error: 'expired_token', status: 401 });
        const alert = textOf(el, 'error');
        expect(alert, 'the alert').to.not.equal('');
        typeCode(el, '1');
        await el.updateComplete;
        expect(textOf(el, 'error'), 'the alert after a keystroke').to.equal(alert);
        const input = part<HTMLInputElement>(el, 'code-input')!;
        expect(input.disabled, 'the code field').to.equal(true);
        expect(part<HTMLButtonElement>(el, 'verify-button')!.disabled, 'Verify').to.equal(true);
        part<HTMLButtonElement>(el, 'verify-button')!.click();
        expect(await el.verify(code), 'verify() with the right code').to.deep.include({ stage: 'verify', error: 'expired_token' });
        await sleep(200);
        expect(await verifyRequests(token), 'verify requests with the dead token').to.have.length(1);
        const resend = resendButton(el);
        expect(!!resend && isVisible(resend) && !resend.disabled, '"Send a new code" offered').to.equal(false);
      });

      it('with a tokenProvider, "Send a new code" is offered, and it gets a fresh token, whose code verifies', async () => {
        const { el, events, token, code } = await started({ 'resend-cooldown': '0' });
        const fresh = await newToken();
        let asked = 0;
        el.tokenProvider = async () => (asked++, fresh);
        await scriptFaults(token, expired);
        expect(await el.verify(code)).to.deep.include({ stage: 'verify', error: 'expired_token', status: 401 });
        await el.updateComplete;
        expect(part<HTMLInputElement>(el, 'code-input')!.disabled, 'the code field').to.equal(true);
        const resend = resendButton(el);
        expect(!!resend && isVisible(resend) && !resend.disabled, '"Send a new code" offered').to.equal(true);
        resend!.click();
        await eventsArrive(events, 3);
        expect(events[2]!.type, JSON.stringify(events[2]!.detail)).to.equal('challenge-started');
        expect(asked, 'the provider was asked').to.equal(1);
        expect(await startRequests(fresh), 'starts with the fresh token').to.have.length(1);
        expect(await startRequests(token), 'starts with the dead token').to.have.length(1);
        await el.updateComplete;
        pasteCode(el, await latestCode(fresh));
        await eventsArrive(events, 4);
        expect(events[3]!.type).to.equal('challenge-verified');
      });

      it('with a tokenProvider, "Send a new code" is offered at once, without waiting out the resend cooldown', async () => {
        const { el, token, code } = await started({ 'resend-cooldown': '30' });
        el.tokenProvider = async () => newToken();
        await scriptFaults(token, expired);
        expect(await el.verify(code)).to.deep.include({ stage: 'verify', error: 'expired_token', status: 401 });
        await el.updateComplete;
        const resend = resendButton(el);
        expect(!!resend && isVisible(resend) && !resend.disabled, '"Send a new code" offered').to.equal(true);
      });

      it('with no tokenProvider, the end of the resend cooldown never says "You can ask for a new code now": the alert says to reload, and no new code is offered', async () => {
        const { el, token, code } = await started({ 'resend-cooldown': '2' });
        await scriptFaults(token, expired);
        expect(await el.verify(code)).to.deep.include({ stage: 'verify', error: 'expired_token', status: 401 });
        await el.updateComplete;
        const status = part(el, 'status')!;
        const said: string[] = [];
        const record = () => said.push(status.textContent!.replace(/\s+/g, ' ').trim());
        const observer = new MutationObserver(record);
        observer.observe(status, { subtree: true, characterData: true, childList: true });
        try {
          record();
          await sleep(2600);
          await el.updateComplete;
          record();
        } finally {
          observer.disconnect();
        }
        expect(said.filter((text) => text.includes('You can ask for a new code now')), 'the status').to.deep.equal([]);
        expect(textOf(el, 'error')).to.equal('This session has expired. Reload the page and try again.');
        const resend = resendButton(el);
        expect(!!resend && isVisible(resend) && !resend.disabled, '"Send a new code" offered').to.equal(false);
      });
    });

    it('reports a verify failure from the server with stage verify', async () => {
      const { el, events, token } = await started();
      await scriptFaults(token, { route: 'verify', status: 401, body: { error: 'unauthorized', errorCode: 'expired_token' } });
      expect(await el.verify('123456')).to.deep.equal({ stage: 'verify', error: 'expired_token', errorCode: 'expired_token', status: 401 });
      expect(events.at(-1)!.type).to.equal('challenge-error');
      expect(el.state).to.equal('code-sent');
    });
  });

  describe('resending', () => {
    it('offers a new code after resend-cooldown seconds, with a visible countdown', async () => {
      const mounted = await mount({ 'resend-cooldown': '1' });
      await clickSend(mounted);
      const resend = part<HTMLButtonElement>(mounted.el, 'resend-button')!;
      expect(resend.disabled).to.equal(true);
      expect(textOf(mounted.el, 'countdown')).to.equal('0:01');
      expect(textOf(mounted.el, 'status')).to.equal('You can ask for a new code in 1 second.');
      await waitUntil(() => !resend.disabled, 'resend stays disabled', { timeout: 5000 });
      await mounted.el.updateComplete;
      expect(textOf(mounted.el, 'status')).to.equal('You can ask for a new code now.');
      resend.click();
      await eventsArrive(mounted.events, 2);
      expect(mounted.events[1]!.type).to.equal('challenge-started');
      const messages = await inbox(mounted.token);
      expect(messages).to.have.length(2);
      expect(mounted.events[1]!.detail.challengeId).to.equal(messages[0]!.challengeId);
    });

    it('the new code verifies', async () => {
      const mounted = await mount({ 'resend-cooldown': '0' });
      await clickSend(mounted);
      await mounted.el.start();
      pasteCode(mounted.el, await latestCode(mounted.token));
      await eventsArrive(mounted.events, 3);
      expect(mounted.events[2]!.type).to.equal('challenge-verified');
    });

    it('runs no timer while nothing counts down', async () => {
      const mounted = await mount({ 'resend-cooldown': '1' });
      await clickSend(mounted);
      await waitUntil(() => !part<HTMLButtonElement>(mounted.el, 'resend-button')!.disabled, '', { timeout: 5000 });
      const timers = sinon.spy(window, 'setTimeout');
      await sleep(1300);
      expect(timers.callCount).to.equal(1); // only the sleep above
    });
  });

  describe('methods', () => {
    it('verify(code) checks a code without the field', async () => {
      const mounted = await mount();
      await mounted.el.start();
      const outcome = await mounted.el.verify(await latestCode(mounted.token));
      expect(outcome).to.have.keys(['challengeId', 'token']);
      expect(mounted.events.at(-1)!.type).to.equal('challenge-verified');
    });

    for (const [script, zero] of [
      ['Gujarati', 0xae6],
      ['Tamil', 0xbe6],
      ['Thai', 0xe50],
    ] as const) {
      it(`verify(code) takes a code written in ${script} digits`, async () => {
        const mounted = await mount();
        await mounted.el.start();
        const code = await latestCode(mounted.token);
        const written = [...code].map((digit) => String.fromCharCode(zero + Number(digit))).join('');
        const outcome = await mounted.el.verify(written);
        expect(outcome, `${written}: ${JSON.stringify(outcome)}`).to.have.keys(['challengeId', 'token']);
      });
    }

    it('verify() after verification settles with the verified detail, emits nothing, and shows no error', async () => {
      const mounted = await mount();
      await mounted.el.start();
      const code = await latestCode(mounted.token);
      const verified = await mounted.el.verify(code);
      expect(verified).to.have.keys(['challengeId', 'token']);
      for (const again of [code, '000000', '']) {
        expect(await mounted.el.verify(again), `verify(${JSON.stringify(again)})`).to.deep.equal(verified);
      }
      await sleep(100);
      await mounted.el.updateComplete;
      expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-started', 'challenge-verified']);
      expect(mounted.el.state).to.equal('verified');
      expect(textOf(mounted.el, 'error'), 'error text').to.equal('');
      expect(textOf(mounted.el, 'message')).to.not.equal('');
    });

    it('verify() before any challenge sends nothing', async () => {
      const mounted = await mount();
      expect(await mounted.el.verify('123456')).to.deep.include({ stage: 'verify', error: 'invalid_request' });
      expect(await requestsWith(mounted.token)).to.have.length(0);
    });

    it('reset() aborts a request in flight without an event and returns to idle', async () => {
      const mounted = await mount();
      await scriptFaults(mounted.token, { route: 'challenge', delayMs: 400, body: { challengeId: 'x' } });
      const outcome = mounted.el.start();
      await sleep(50);
      mounted.el.reset();
      expect(await outcome).to.deep.equal({ stage: 'start', error: 'aborted' });
      await sleep(500);
      expect(mounted.events).to.deep.equal([]);
      expect(mounted.el.state).to.equal('idle');
    });

    it('changing the token mid-flow ends the old flow', async () => {
      const mounted = await mount();
      await clickSend(mounted);
      mounted.el.token = await newToken();
      await mounted.el.updateComplete;
      expect(mounted.el.state).to.equal('idle');
      expect(part(mounted.el, 'code-input')).to.equal(null);
    });
  });

  describe('tokenProvider', () => {
    it('is asked for a token when none is set, and that token is used for start and verify', async () => {
      const token = await newToken();
      const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge base-url=${SIM_API}></authsignal-whatsapp-challenge>`);
      const events = recordEvents(el);
      el.tokenProvider = sinon.fake.resolves(token);
      await el.start();
      expect(events[0]!.type).to.equal('challenge-started');
      await el.verify(await latestCode(token));
      expect(events[1]!.type).to.equal('challenge-verified');
      expect((el.tokenProvider as sinon.SinonSpy).callCount).to.equal(1);
    });

    it('is asked when the token has expired', async () => {
      const fresh = await newToken();
      const mounted = await mount({}, { expiresIn: -5 });
      mounted.el.tokenProvider = async () => fresh;
      expect(await mounted.el.start()).to.have.key('challengeId');
      expect(await startRequests(fresh)).to.have.length(1);
    });

    it('that fails gives token_unavailable and sends nothing', async () => {
      const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge base-url=${SIM_API}></authsignal-whatsapp-challenge>`);
      el.tokenProvider = () => Promise.reject(new Error('backend down'));
      expect(await el.start()).to.deep.equal({ stage: 'start', error: 'token_unavailable' });
    });
  });
});
