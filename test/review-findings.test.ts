/**
 * Defects a skeptical review found after the core fixes of issue 9 and the form field of
 * issue 10, each reproduced by a test before it was fixed (DESIGN.md sections 2, 2b, 3).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { registerLocale } from '../src/locale-registry.js';
import { clickSend, latestCode, mount, part, sleep, textOf, typeCode, type Challenge } from './helpers/element.js';
import { SIM_API, inbox, newToken, requestsWith, scriptFaults, startRequests } from './helpers/sim.js';

const wrongCodeFor = (code: string) => (code == '000000' ? '111111' : '000000');

describe('review findings', () => {
  it('a failed new start after verification leaves nothing verified: no value, required again, no "Verified" text', async () => {
    const token = await newToken();
    const form = await fixture<HTMLFormElement>(
      html`<form><authsignal-whatsapp-challenge name="t" required base-url=${SIM_API} .token=${token} resend-cooldown="0"></authsignal-whatsapp-challenge></form>`,
    );
    const el = form.querySelector<Challenge>('authsignal-whatsapp-challenge')!;
    await el.start();
    await el.verify(await latestCode(token));
    await el.updateComplete;
    expect(new FormData(form).get('t')).to.be.a('string');
    await scriptFaults(token, { route: 'challenge', status: 503, body: { error: 'unavailable' } });
    const outcome = await el.start();
    await el.updateComplete;
    expect(outcome).to.deep.include({ stage: 'start' });
    expect(el.state).to.equal('idle');
    expect(new FormData(form).has('t')).to.equal(false);
    expect(el.checkValidity()).to.equal(false);
    expect(el.shadowRoot!.textContent).to.not.contain('Verified');
  });

  describe('reset() ends the calls waiting behind the request it aborts', () => {
    it('a verify queued behind a start emits nothing after the reset', async () => {
      const m = await mount();
      await scriptFaults(m.token, { route: 'challenge', delayMs: 300, body: { challengeId: 'c1' } });
      const start = m.el.start();
      const verify = m.el.verify('123456');
      m.el.reset();
      const after = m.events.length;
      expect(await verify).to.deep.equal({ stage: 'verify', error: 'aborted' });
      await start;
      await sleep(400);
      expect(m.events.slice(after)).to.deep.equal([]);
    });

    it('a start queued behind a verify sends no WhatsApp message after the reset, nor after a new token', async () => {
      for (const end of ['reset', 'new token'] as const) {
        const m = await mount({ 'resend-cooldown': '0' });
        await m.el.start();
        const code = await latestCode(m.token);
        await scriptFaults(m.token, { route: 'verify', delayMs: 300, body: { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' } });
        const verify = m.el.verify(code);
        const start = m.el.start();
        if (end == 'reset') m.el.reset();
        else m.el.token = await newToken();
        expect(await start, end).to.deep.equal({ stage: 'start', error: 'aborted' });
        await verify;
        expect(await startRequests(m.token), end).to.have.length(1);
      }
    });
  });

  it('a token that cannot go into a header (smart quotes from a CMS) is a set-up error, not a network error', async () => {
    const m = await mount();
    m.el.token = `\u201d${m.token}\u201d`;
    expect(await m.el.start()).to.deep.equal({ stage: 'start', error: 'invalid_configuration' });
    expect(await requestsWith(m.token)).to.have.length(0);
  });

  it('a provider that answers just inside timeout: the start is not sent with no time left', async () => {
    const m = await mount({ timeout: '1000' });
    m.el.token = '';
    await m.el.updateComplete;
    const fresh = await newToken();
    m.el.tokenProvider = () => new Promise((resolve) => setTimeout(() => resolve(fresh), 900));
    expect(await m.el.start()).to.deep.equal({ stage: 'start', error: 'timeout' });
    await sleep(100);
    expect(await inbox(fresh)).to.have.length(0);
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

  it('after the last wrong code, reportValidity() focuses the resend button, the next step', async () => {
    const token = await newToken();
    const form = await fixture<HTMLFormElement>(
      html`<form><input id="other" /><authsignal-whatsapp-challenge name="t" required base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge></form>`,
    );
    const el = form.querySelector<Challenge>('authsignal-whatsapp-challenge')!;
    await el.start();
    const wrong = wrongCodeFor(await latestCode(token));
    for (let i = 0; i < 5; i++) await el.verify(wrong);
    await el.updateComplete;
    form.querySelector<HTMLInputElement>('#other')!.focus();
    el.reportValidity();
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('resend-button');
  });

  it('a 429 with "Retry-After: 0" limits nothing: typing still clears a wrong-code message', async () => {
    const m = await mount();
    await m.el.start();
    const wrong = wrongCodeFor(await latestCode(m.token));
    await scriptFaults(m.token, { route: 'verify', status: 429, headers: { 'Retry-After': '0' }, body: { error: 'too_many_requests' } });
    await m.el.verify(wrong);
    await m.el.verify(wrong);
    await m.el.updateComplete;
    expect(textOf(m.el, 'error')).to.not.equal('');
    typeCode(m.el, '1');
    await m.el.updateComplete;
    expect(textOf(m.el, 'error')).to.equal('');
  });

  it('a tag without a script never takes a locale with one: zh-CN is not shown in Traditional Chinese', async () => {
    registerLocale('zh-Hant', { send: '傳送驗證碼 (Traditional)' });
    const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge lang="zh-CN" base-url=${SIM_API}></authsignal-whatsapp-challenge>`);
    expect(textOf(el, 'button')).to.not.contain('Traditional');
  });

  it('start-only: after a keyboard press of send, focus is on text that says what happened, never an empty alert', async () => {
    const m = await mount({ 'start-only': true });
    part(m.el, 'button')!.focus();
    await clickSend(m);
    await sleep(50);
    const focused = m.el.shadowRoot!.activeElement as HTMLElement | null;
    expect(focused?.textContent?.trim()).to.not.equal('');
  });

  it('a token-url answering a JSON null (or any JSON without a token) is token_unavailable, and nothing goes to Authsignal', async () => {
    const el = await fixture<Challenge>(
      html`<authsignal-whatsapp-challenge base-url=${SIM_API} token-url=${`/test/form/token?t=null&as=text&key=rv-${Math.random()}`}></authsignal-whatsapp-challenge>`,
    );
    expect(await el.start()).to.deep.include({ stage: 'start', error: 'token_unavailable' });
  });

  it('a move with a microtask between removal and re-insertion, in one task, keeps the request', async () => {
    const m = await mount();
    await scriptFaults(m.token, { route: 'challenge', delayMs: 300, body: { challengeId: 'kept' } });
    const parent = m.el.parentElement!;
    const start = m.el.start();
    await sleep(50);
    m.el.remove();
    await Promise.resolve();
    parent.append(m.el);
    expect(await start).to.deep.equal({ challengeId: 'kept' });
  });

  it('during a slow provider, a page that sets token and calls start() gets a start with that token; the waiting one is aborted', async () => {
    const m = await mount();
    m.el.token = '';
    await m.el.updateComplete;
    const provided = await newToken();
    m.el.tokenProvider = () => new Promise((resolve) => setTimeout(() => resolve(provided), 300));
    const first = m.el.start();
    await sleep(20);
    const own = await newToken();
    m.el.token = own;
    const second = await m.el.start();
    expect(second).to.have.key('challengeId');
    expect(await first).to.deep.equal({ stage: 'start', error: 'aborted' });
    await sleep(400);
    expect(await startRequests(own)).to.have.length(1);
    expect(await startRequests(provided)).to.have.length(0);
  });

  it('a tokenProvider that also stores the token on the element (el.token = t) does not end its own start', async () => {
    const m = await mount();
    m.el.token = '';
    await m.el.updateComplete;
    const fresh = await newToken();
    m.el.tokenProvider = async () => {
      m.el.token = fresh;
      await sleep(20);
      return fresh;
    };
    expect(await m.el.start()).to.have.key('challengeId');
  });
});
