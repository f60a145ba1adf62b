/**
 * The stage for the screenshot tests: the element on a plain surface of a fixed width, in a
 * colour scheme and a language, with everything that would make two runs differ held still.
 *
 * - Fonts: Noto Sans and Noto Sans Arabic, from Debian's fonts-noto-core (.ci/run installs
 *   it), named through the element's own `--authsignal-whatsapp-font`.
 * - No caret, no spinner animation (through the element's parts, as a page would), and
 *   no focus ring unless the state is about focus.
 * - A held clock: sinon fakes Date, performance and the timers, so a countdown shows the
 *   wait it started with (0:30, 60:00) whichever clock the element reads. Requests are real
 *   HTTP to the simulator (fetch is not faked); nothing here waits on a timer.
 */
import { fixture, html, nextFrame } from '@open-wc/testing';
import { visualDiff } from '@web/test-runner-visual-regression';
import sinon from 'sinon';
import '../../src/define.js';
import '../../src/locales/ar.js';
import type { AuthsignalWhatsappChallenge } from '../../src/authsignal-whatsapp-challenge.js';
import { SIM_API, inbox, newToken, scriptFaults } from '../helpers/sim.js';

export type Challenge = AuthsignalWhatsappChallenge;

const STAGE_STYLE = `
  .stage {
    display: inline-block;
    vertical-align: top;
    box-sizing: border-box;
    padding: 16px;
    /* The element's own default backgrounds, as on a page that matches them. */
    background: light-dark(#fff, #111b21);
    color: CanvasText;
    font: 16px/1.5 'Noto Sans', 'Noto Sans Arabic';
    --authsignal-whatsapp-font: 'Noto Sans', 'Noto Sans Arabic';
  }
  .stage authsignal-whatsapp-challenge::part(code-input) {
    caret-color: transparent;
  }
  .stage authsignal-whatsapp-challenge::part(button)::after,
  .stage authsignal-whatsapp-challenge::part(verify-button)::after,
  .stage authsignal-whatsapp-challenge::part(resend-button)::after {
    animation: none;
  }
  .caption {
    margin: 0 0 8px;
    font-size: 13px;
    opacity: 0.8;
  }
`;

let styleAdded = false;
const addStageStyle = () => {
  if (styleAdded) return;
  const style = document.createElement('style');
  style.textContent = STAGE_STYLE;
  document.head.append(style);
  styleAdded = true;
};

export interface StageOptions {
  scheme?: 'light' | 'dark';
  lang?: string;
  /** Width of the surface in CSS px, padding included. */
  width?: number;
  /** Attributes of the element (`true` for a boolean attribute). */
  attributes?: Record<string, string | true>;
  /** A caption above the element (for the README pictures). */
  caption?: string;
  /** CSS zoom of the surface: 2 stands for a page zoomed to 200%. */
  zoom?: number;
}

export interface Stage {
  /** The surface that is photographed. */
  frame: HTMLElement;
  el: Challenge;
  token: string;
}

let clock: sinon.SinonFakeTimers | undefined;

/** Holds the clock still: called before each screenshot test, undone by `releaseClock`. */
export const holdClock = () => {
  clock = sinon.useFakeTimers({
    now: new Date('2026-01-01T12:00:00Z'),
    toFake: ['Date', 'performance', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
  });
};

export const releaseClock = () => {
  clock?.restore();
  clock = undefined;
};

/** One surface with one element, pointed at the simulator with a fresh token. */
export const stage = async (options: StageOptions = {}): Promise<Stage> => {
  addStageStyle();
  const { scheme = 'light', lang = 'en', width = 420, attributes = {}, caption, zoom = 1 } = options;
  const token = await newToken();
  const frame = await fixture<HTMLElement>(html`<div class="stage" style="color-scheme: ${scheme}; width: ${width}px; zoom: ${zoom}" lang=${lang} dir=${lang.startsWith('ar') ? 'rtl' : 'ltr'}>
    ${caption ? html`<p class="caption">${caption}</p>` : ''}
    <authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>
  </div>`);
  const el = frame.querySelector<Challenge>('authsignal-whatsapp-challenge')!;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value === true ? '' : value);
  await el.updateComplete;
  return { frame, el, token };
};

// --- the states, reached through the public API and real HTTP only ---------------------

/** Sends the code (start(), as a click would) and waits for its outcome. */
export const sendCode = async ({ el }: Stage) => {
  const outcome = await el.start();
  await el.updateComplete;
  return outcome;
};

/** The code field. */
export const codeField = (el: Challenge) => el.shadowRoot!.querySelector<HTMLInputElement>('[part~="code-input"]')!;

/** Types `digits` into the code field, one input event per character, as a keyboard does. */
export const typeDigits = async (el: Challenge, digits: string) => {
  const input = codeField(el);
  for (const char of digits) {
    input.value += char;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: char, inputType: 'insertText' }));
  }
  await el.updateComplete;
};

/** The code the simulator sent on WhatsApp for this stage's token. */
export const sentCode = async ({ token }: Stage) => (await inbox(token))[0]!.code;

/** A code of the right length that the simulator did not send. */
export const wrongCodeFor = (code: string) => (code.startsWith('0') ? '1' : '0').repeat(code.length);

/** A wrong code entered (verify(), as a complete code typed would), and its outcome shown. */
export const enterWrongCode = async (stage: Stage) => {
  const outcome = await stage.el.verify(wrongCodeFor(await sentCode(stage)));
  await stage.el.updateComplete;
  return outcome;
};

/** The next request with this stage's token is answered 429 with `Retry-After: seconds`. */
export const rateLimitNext = (stage: Stage, route: 'challenge' | 'verify', seconds: number) =>
  scriptFaults(stage.token, { route, status: 429, headers: { 'Retry-After': String(seconds) }, body: { error: 'too_many_requests' } });

/** The next start is answered after `ms`: long enough to photograph "sending". */
export const slowStart = (stage: Stage, ms: number) => scriptFaults(stage.token, { route: 'challenge', delayMs: ms });

/**
 * Photographs `frame` against its baseline. Focus is taken off first (a focus ring depends
 * on whether the browser window has focus) unless `keepFocus`.
 */
export const photograph = async (frame: HTMLElement, name: string, { keepFocus = false } = {}) => {
  if (!keepFocus) {
    for (const el of frame.querySelectorAll<Challenge>('authsignal-whatsapp-challenge')) {
      (el.shadowRoot!.activeElement as HTMLElement | null)?.blur();
    }
  }
  await nextFrame();
  await nextFrame();
  await visualDiff(frame, name);
};
