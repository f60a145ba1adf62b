/**
 * The element in the page around it (issue 9, items 13, 14 and 15), from
 * ../shared/DESIGN.md section 3:
 * - inside another component's shadow root it finds its language across shadow boundaries,
 *   and moves focus to its next step even though the page's activeElement is the outer host;
 * - its colours follow the `color-scheme` of its context (page or ancestor);
 * - after the 5th wrong code focus stays in it, its text says truthfully when a new code can
 *   be asked for (in a live region), and the locked field looks disabled.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import fr from '../src/locales/fr.js';
import { clickSend, eventsArrive, latestCode, mount, part, pasteCode, recordEvents, sleep, type Challenge } from './helpers/element.js';
import { countdownSeconds, deepActiveElement, luminance } from './helpers/reading.js';
import { SIM_API, newToken } from './helpers/sim.js';

/** The element, created inside the open shadow root of a <section> in `<div lang=…>`. */
const inOuterShadowRoot = async (lang: string) => {
  const token = await newToken();
  const page = await fixture<HTMLDivElement>(html`<div lang=${lang}><section></section></div>`);
  const outerHost = page.querySelector('section')!;
  const el = document.createElement('authsignal-whatsapp-challenge') as Challenge;
  Object.assign(el, { baseUrl: SIM_API, token });
  outerHost.attachShadow({ mode: 'open' }).append(el);
  await el.updateComplete;
  return { el, token, outerHost, events: recordEvents(el) };
};

describe('the element in its context', () => {
  describe('inside another component’s shadow root (item 13)', () => {
    it('takes its language from the nearest [lang] outside that shadow root', async () => {
      const { el } = await inOuterShadowRoot('fr');
      expect(part(el, 'button')!.textContent!.trim()).to.equal(fr.send);
      expect(part(el, 'base')!.getAttribute('lang')).to.equal('fr');
    });

    it('after the 5th wrong code typed in its field, moves focus to "Send a new code", as it does in the page itself', async () => {
      // The field is focused and then disabled: focus is still on it when the element decides
      // where focus goes, so it must see that the page's activeElement (the outer host) holds it.
      const mounted = await inOuterShadowRoot('en');
      mounted.el.resendCooldown = 0;
      await clickSend(mounted);
      const code = await latestCode(mounted.token);
      for (let attempt = 1; attempt <= 5; attempt++) {
        part(mounted.el, 'code-input')!.focus();
        pasteCode(mounted.el, code == '000000' ? '111111' : '000000');
        await eventsArrive(mounted.events, 1 + attempt);
        await mounted.el.updateComplete;
      }
      expect(mounted.events.at(-1)!.detail.failureReason).to.equal('MAX_ATTEMPTS_EXCEEDED');
      const resend = part(mounted.el, 'resend-button')!;
      await waitUntil(() => deepActiveElement() == resend, `focus is on ${deepActiveElement()?.tagName} ${deepActiveElement()?.getAttribute('part') ?? ''}`, { timeout: 2000 });
      await sleep(100); // and it stays there once the engine has dealt with the disabled field
      expect(deepActiveElement()).to.equal(resend);
    });

    it('after a click on its button, moves focus to the code field (not <body>)', async () => {
      const { el, events } = await inOuterShadowRoot('en');
      const button = part(el, 'button')!;
      button.focus(); // a click focuses the button, as a keyboard user's Enter does
      expect(deepActiveElement()).to.equal(button);
      button.click();
      await eventsArrive(events);
      expect(events[0]!.type).to.equal('challenge-started');
      await waitUntil(() => deepActiveElement() == part(el, 'code-input'), `focus is on ${deepActiveElement()?.tagName}`, { timeout: 2000 });
    });
  });

  describe('colours follow the color-scheme of the context (item 14)', () => {
    /** The background a person sees behind the element's text: its base part's, else the host's. */
    const background = (el: Challenge) => {
      const base = getComputedStyle(part(el, 'base')!).backgroundColor;
      const transparent = base == 'transparent' || /rgba\(.*,\s*0\)$/.test(base);
      return transparent ? getComputedStyle(el).backgroundColor : base;
    };
    const text = (el: Challenge) => getComputedStyle(part(el, 'base')!).color;

    afterEach(() => {
      document.documentElement.style.removeProperty('color-scheme');
    });

    it('html { color-scheme: dark } (nothing set on the element) gives a dark element with light text', async () => {
      document.documentElement.style.colorScheme = 'dark';
      const { el } = await mount();
      expect(luminance(background(el)), `background ${background(el)}`).to.be.below(0.2);
      expect(luminance(text(el)), `text ${text(el)}`).to.be.above(0.5);
    });

    it('color-scheme: dark on an ancestor gives a dark element', async () => {
      const token = await newToken();
      const wrapper = await fixture<HTMLDivElement>(html`<div style="color-scheme: dark">
        <authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>
      </div>`);
      const el = wrapper.querySelector<Challenge>('authsignal-whatsapp-challenge')!;
      await el.updateComplete;
      expect(luminance(background(el)), `background ${background(el)}`).to.be.below(0.2);
    });

    it('html { color-scheme: light } gives a light element with dark text', async () => {
      document.documentElement.style.colorScheme = 'light';
      const { el } = await mount();
      expect(luminance(background(el)), `background ${background(el)}`).to.be.above(0.8);
      expect(luminance(text(el)), `text ${text(el)}`).to.be.below(0.2);
    });
  });

  describe('after the 5th wrong code (item 15)', () => {
    /** The text of the live regions (alert, status, aria-live), without aria-hidden parts. */
    const announced = (el: Challenge) =>
      [...el.shadowRoot!.querySelectorAll('[role=alert], [role=status], [aria-live]:not([aria-live=off])')]
        .map((region) => {
          const copy = region.cloneNode(true) as Element;
          copy.querySelectorAll('[aria-hidden=true]').forEach((hidden) => hidden.remove());
          return copy.textContent!.replace(/\s+/g, ' ').trim();
        })
        .join(' | ');

    /** Started with the default 30 s resend cooldown; five wrong codes typed in the field. */
    const lockedOut = async () => {
      const mounted = await mount();
      await clickSend(mounted);
      const code = await latestCode(mounted.token);
      const wrong = code == '000000' ? '111111' : '000000';
      for (let attempt = 1; attempt <= 5; attempt++) {
        const input = part<HTMLInputElement>(mounted.el, 'code-input')!;
        input.focus();
        pasteCode(mounted.el, wrong);
        await eventsArrive(mounted.events, 1 + attempt);
        await mounted.el.updateComplete;
        await waitUntil(() => input.value == '', 'the field is cleared after a wrong code');
      }
      expect(mounted.events.at(-1)!.detail.failureReason).to.equal('MAX_ATTEMPTS_EXCEEDED');
      await sleep(100); // focus moves after the render that locks the field
      return mounted;
    };

    it('focus stays inside the element', async () => {
      const { el } = await lockedOut();
      const active = deepActiveElement();
      expect(el.shadowRoot!.contains(active), `focus is on ${active?.tagName} ${active?.getAttribute('part') ?? ''}`).to.equal(true);
    });

    it('an announced text says when a new code can be asked for, agreeing with the countdown', async () => {
      const { el } = await lockedOut();
      const resend = part<HTMLButtonElement>(el, 'resend-button')!;
      const text = announced(el);
      if (resend.disabled) {
        const shown = countdownSeconds(el);
        expect(shown, 'a countdown shows while the resend button is disabled').to.be.a('number');
        const numbers = (text.match(/\d+/g) ?? []).map(Number);
        expect(numbers.some((n) => Math.abs(n - shown!) <= 1), `"${text}" names the ${shown} seconds left`).to.equal(true);
      } else {
        // A new code can be asked for now: nothing may speak of a wait.
        expect(text, 'a message about what to do next').to.not.equal('');
        expect(countdownSeconds(el), 'no countdown beside an enabled resend button').to.equal(undefined);
        expect(text).to.not.match(/\d+ seconds?/);
        expect(resend.hidden || resend.getClientRects().length == 0, 'the resend button shows').to.equal(false);
      }
    });

    it('the locked field looks disabled', async () => {
      const { el } = await lockedOut();
      const input = part<HTMLInputElement>(el, 'code-input')!;
      expect(input.disabled || input.readOnly || input.getAttribute('aria-disabled') == 'true').to.equal(true);
    });
  });
});
