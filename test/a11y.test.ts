/**
 * Accessibility: axe finds nothing in any state, and the whole flow works by keyboard alone.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
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
import es from '../src/locales/es.js';
import { SIM_API, newToken, scriptFaults } from './helpers/sim.js';
import { press, type } from './helpers/keyboard.js';
import { emulateMediaFeatures } from './helpers/media-features.js';

describe('accessibility', () => {
  describe('axe finds no violation', () => {
    it('when idle', async () => {
      const { el } = await mount();
      await expect(el).to.be.accessible();
    });

    it('while sending', async () => {
      const mounted = await mount();
      await scriptFaults(mounted.token, { route: 'challenge', delayMs: 800, body: { challengeId: 'slow' } });
      part(mounted.el, 'button')!.click();
      await mounted.el.updateComplete;
      expect(mounted.el.state).to.equal('sending');
      await expect(mounted.el).to.be.accessible();
    });

    it('when the code was sent', async () => {
      const mounted = await mount();
      await clickSend(mounted);
      await expect(mounted.el).to.be.accessible();
    });

    it('after a wrong code', async () => {
      const mounted = await mount();
      await clickSend(mounted);
      pasteCode(mounted.el, '000000' == (await latestCode(mounted.token)) ? '111111' : '000000');
      await eventsArrive(mounted.events, 2);
      await mounted.el.updateComplete;
      expect(textOf(mounted.el, 'error')).to.not.equal('');
      await expect(mounted.el).to.be.accessible();
    });

    it('when rate-limited', async () => {
      const mounted = await mount();
      await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers: { 'Retry-After': '30' }, body: { error: 'too_many_requests' } });
      await clickSend(mounted);
      await expect(mounted.el).to.be.accessible();
    });

    it('when locked after too many wrong codes', async () => {
      const mounted = await mount();
      await clickSend(mounted);
      const wrong = (await latestCode(mounted.token)) == '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) await mounted.el.verify(wrong);
      await mounted.el.updateComplete;
      expect(part<HTMLInputElement>(mounted.el, 'code-input')!.disabled).to.equal(true);
      await expect(mounted.el).to.be.accessible();
    });

    it('when verified', async () => {
      const mounted = await mount();
      await clickSend(mounted);
      await mounted.el.verify(await latestCode(mounted.token));
      await mounted.el.updateComplete;
      expect(mounted.el.state).to.equal('verified');
      await expect(mounted.el).to.be.accessible();
    });

    it('in right-to-left Arabic layout', async () => {
      const mounted = await mount({ lang: 'ar' });
      await clickSend(mounted);
      await expect(mounted.el).to.be.accessible();
    });
  });

  describe('colours and motion', () => {
    /** Media emulation exists in the puppeteer-driven engines only (not WebDriver's WebKit). */
    const emulate = async (context: { skip(): void }, media: Parameters<typeof emulateMedia>[0]) => {
      try {
        await emulateMedia(media);
      } catch {
        context.skip();
      }
    };
    afterEach(async () => {
      await emulateMedia({ reducedMotion: 'no-preference', forcedColors: 'none', colorScheme: 'light' }).catch(() => {});
    });

    it('meets contrast in the dark scheme too (color-scheme: dark on the element)', async () => {
      const mounted = await mount();
      mounted.el.style.colorScheme = 'dark';
      await clickSend(mounted);
      await mounted.el.verify('000000' == (await latestCode(mounted.token)) ? '111111' : '000000');
      await mounted.el.updateComplete;
      const button = part(mounted.el, 'verify-button')!;
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(37, 211, 102)'); // #25d366
      await expect(mounted.el).to.be.accessible();
    });

    it('spins the busy indicator, except under prefers-reduced-motion', async function () {
      const mounted = await mount();
      await scriptFaults(mounted.token, { route: 'challenge', delayMs: 800, body: { challengeId: 'slow' } });
      part(mounted.el, 'button')!.click();
      await mounted.el.updateComplete;
      const spinner = () => getComputedStyle(part(mounted.el, 'button')!, '::after').animationName;
      expect(spinner()).to.equal('spin');
      await emulate(this, { reducedMotion: 'reduce' });
      expect(spinner()).to.equal('none');
    });

    it('draws button borders in forced-colors mode, where backgrounds are dropped', async function () {
      // Under forced colors the engine drops the buttons' backgrounds: without a border of
      // their own, the send and verify buttons would be bare text. Read the borders the
      // engine computes while forced colors are really emulated (Chromium only here).
      const mounted = await mount();
      try {
        await emulateMediaFeatures({ name: 'forced-colors', value: 'active' });
      } catch (error) {
        console.log(`[a11y] forced colors not checked in this engine: ${(error as Error).message.split('\n')[0]}`);
        this.skip();
      }
      try {
        expect(matchMedia('(forced-colors: active)').matches, 'forced colors are emulated').to.equal(true);
        /** What a person sees of a button's top border: drawn when solid, 1 px or more, not transparent. */
        const border = (button: HTMLElement) => {
          const style = getComputedStyle(button);
          const alpha = /rgba\(.*,\s*([\d.]+)\)$/.exec(style.borderTopColor)?.[1];
          const opaque = style.borderTopColor != 'transparent' && (alpha === undefined || Number(alpha) > 0);
          return { solid: style.borderTopStyle == 'solid', wide: parseFloat(style.borderTopWidth) >= 1, opaque, color: style.borderTopColor };
        };
        const drawn = { solid: true, wide: true, opaque: true };
        expect(border(part(mounted.el, 'button')!), 'send button').to.deep.include(drawn);
        await mounted.el.start();
        await mounted.el.updateComplete;
        expect(border(part(mounted.el, 'verify-button')!), 'verify button').to.deep.include(drawn);
      } finally {
        await emulateMediaFeatures({ name: 'forced-colors', value: '' });
      }
    });
  });

  describe('live regions', () => {
    it('announces errors in an alert and progress in a polite status region', async () => {
      const { el } = await mount();
      expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
      expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
    });

    it('describes the code field with the "code sent" message and the error', async () => {
      const mounted = await mount();
      await clickSend(mounted);
      const input = part<HTMLInputElement>(mounted.el, 'code-input')!;
      const described = input.getAttribute('aria-describedby')!.split(' ').map((id) => mounted.el.shadowRoot!.getElementById(id));
      expect(described).to.include(part(mounted.el, 'message'));
      expect(described).to.include(part(mounted.el, 'error'));
    });

    it('announces a countdown when it starts and when it ends, not every second', async () => {
      const mounted = await mount({ 'resend-cooldown': '2' });
      // Watch the status region from before the click: the first announcement comes with the
      // render that shows the code field, before clickSend() returns.
      const status = part(mounted.el, 'status')!;
      const seen: string[] = [];
      const record = () => {
        const text = status.textContent!.replace(/\s+/g, ' ').trim();
        if (text && text != seen.at(-1)) seen.push(text);
      };
      const observer = new MutationObserver(record);
      observer.observe(status, { subtree: true, characterData: true, childList: true });
      await clickSend(mounted);
      await waitUntil(() => mounted.el.shadowRoot!.querySelector('[part=countdown]') == null, '', { timeout: 3500 });
      await mounted.el.updateComplete;
      record();
      observer.disconnect();
      expect(seen.filter((text) => text != 'Sending a code to your WhatsApp…')).to.deep.equal([
        'You can ask for a new code in 2 seconds.',
        'You can ask for a new code now.',
      ]);
    });

    it('says the countdown sentence once: a wrong-code alert that appears and clears does not put it into the status region again', async () => {
      const mounted = await mount();
      const status = part(mounted.el, 'status')!;
      const sentence = /You can ask for a new code in \d+ seconds?\./;
      // Each time the sentence is put into the live region (a node inserted, or a text changed to it).
      const said: string[] = [];
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          const texts =
            record.type == 'characterData' ? [record.target.textContent ?? ''] : [...record.addedNodes].map((node) => node.textContent ?? '');
          for (const text of texts) if (sentence.test(text)) said.push(text.replace(/\s+/g, ' ').trim());
        }
      });
      observer.observe(status, { subtree: true, characterData: true, childList: true });
      try {
        await clickSend(mounted);
        const code = await latestCode(mounted.token);
        pasteCode(mounted.el, code == '000000' ? '111111' : '000000');
        await eventsArrive(mounted.events, 2);
        await mounted.el.updateComplete;
        expect(textOf(mounted.el, 'error'), 'the wrong-code alert').to.not.equal('');
        typeCode(mounted.el, '1');
        await mounted.el.updateComplete;
        expect(textOf(mounted.el, 'error'), 'the alert after typing').to.equal('');
        await sleep(300);
        await mounted.el.updateComplete;
      } finally {
        observer.disconnect();
      }
      expect(said).to.deep.equal(['You can ask for a new code in 30 seconds.']);
    });

    it('a resend cooldown that ends while a code is being checked is said once the answer is in: "You can ask for a new code now."', async () => {
      const mounted = await mount({ 'resend-cooldown': '2' });
      // The check outlasts the cooldown: its answer (a wrong code) comes 3.5 s after it goes out.
      await scriptFaults(mounted.token, { route: 'verify', delayMs: 3500, body: { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' } });
      await clickSend(mounted);
      expect(part(mounted.el, 'countdown'), 'the countdown runs when the code goes out').to.not.equal(null);
      const outcome = await mounted.el.verify('000000');
      expect(outcome).to.deep.include({ stage: 'verify', error: 'verification_failed' });
      await mounted.el.updateComplete;
      expect(part(mounted.el, 'countdown'), 'the countdown').to.equal(null);
      expect(textOf(mounted.el, 'status')).to.include('You can ask for a new code now.');
    });

    it('a language switch mid-countdown says the time left in the new language, not the time the countdown started with', async () => {
      const mounted = await mount({ 'resend-cooldown': '30' });
      await clickSend(mounted);
      await sleep(3200);
      mounted.el.lang = 'es';
      await mounted.el.updateComplete;
      const said = textOf(mounted.el, 'status');
      const [before] = es.resendIn.split('{time}');
      expect(said, 'the status').to.include(before!);
      const seconds = (said.match(/\d+/g) ?? []).map(Number);
      expect(seconds, `the seconds in "${said}"`).to.have.length(1);
      expect(seconds[0], `the seconds in "${said}"`).to.be.within(1, 27);
    });

    it('keeps the countdown until its timer ends it: a render in between never blanks the status', async () => {
      // A slow machine can render after the countdown's end time but before its timer fires.
      // The monotonic clock moves past the end; the 5 s timer cannot fire within this test.
      const mounted = await mount({ 'resend-cooldown': '5' });
      await clickSend(mounted);
      const realNow = performance.now;
      const past = realNow.call(performance) + 6000;
      performance.now = () => past;
      try {
        mounted.el.requestUpdate();
        await mounted.el.updateComplete;
        expect(part(mounted.el, 'status')!.textContent!.trim()).to.equal('You can ask for a new code in 5 seconds.');
        expect(part(mounted.el, 'countdown')!.textContent!.trim()).to.equal('0:01');
        // An action ends the run-out countdown at once: a resend is sent, not refused.
        const before = mounted.events.length;
        mounted.el.start();
        await eventsArrive(mounted.events, before + 1);
        expect(mounted.events[before]!.type).to.equal('challenge-started');
      } finally {
        performance.now = realNow;
      }
    });
  });

  describe('targets', () => {
    it('every button and the field are at least 24 by 24 CSS pixels', async () => {
      const mounted = await mount();
      await clickSend(mounted);
      for (const name of ['code-input', 'verify-button', 'resend-button']) {
        const { width, height } = part(mounted.el, name)!.getBoundingClientRect();
        expect(width, name).to.be.at.least(24);
        expect(height, name).to.be.at.least(24);
      }
    });
  });

  it('start-only: after a keyboard press of send, focus is on text that says what happened, never an empty alert', async () => {
    const m = await mount({ 'start-only': true });
    part(m.el, 'button')!.focus();
    await clickSend(m);
    await sleep(50);
    const focused = m.el.shadowRoot!.activeElement as HTMLElement | null;
    expect(focused?.textContent?.trim()).to.not.equal('');
  });

  it('runs the whole flow by keyboard alone, from Tab to challenge-verified', async () => {
    const token = await newToken();
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>
    </div>`);
    const el = wrapper.querySelector<Challenge>('authsignal-whatsapp-challenge')!;
    const events = recordEvents(el);
    (document.activeElement as HTMLElement | null)?.blur();

    await press('Tab');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'button'));
    await press('Enter');
    await eventsArrive(events);
    expect(events[0]!.type).to.equal('challenge-started');
    await waitUntil(() => el.shadowRoot!.activeElement == part(el, 'code-input'), 'focus did not move to the code field');

    await type(await latestCode(token));
    await eventsArrive(events, 2);
    expect(events[1]!.type).to.equal('challenge-verified');
    await waitUntil(() => el.shadowRoot!.activeElement == part(el, 'message'), 'focus did not move to the result');
  });
});
