/** Mounting the element against the simulator, and reading it as a user would. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { AuthsignalWhatsappChallenge } from '../../src/authsignal-whatsapp-challenge.js';
import type { ChallengeEventMap } from '../../src/events.js';
import { SIM_API, inbox, newToken, type TokenOptions } from './sim.js';

export type Challenge = AuthsignalWhatsappChallenge;
type Recorded = { type: keyof ChallengeEventMap; event: CustomEvent; detail: any };

/** Every challenge-* event the element emits, in order. */
export const recordEvents = (el: HTMLElement): Recorded[] => {
  const events: Recorded[] = [];
  for (const type of ['challenge-started', 'challenge-verified', 'challenge-error'] as const) {
    el.addEventListener(type, (event) => events.push({ type, event, detail: event.detail }));
  }
  return events;
};

export interface Mounted {
  el: Challenge;
  token: string;
  events: Recorded[];
}

/** The element, pointed at the simulator with a fresh token set as a property. */
export const mount = async (
  attributes: Record<string, string | boolean> = {},
  tokenOptions: TokenOptions = {},
): Promise<Mounted> => {
  const token = await newToken(tokenOptions);
  const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>`);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? '' : value);
  }
  await el.updateComplete;
  return { el, token, events: recordEvents(el) };
};

/** The node with this `part` in the element's shadow root. */
export const part = <T extends HTMLElement = HTMLElement>(el: Challenge, name: string): T | null =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

/** The text a person sees in a part (whitespace folded). */
export const textOf = (el: Challenge, name: string): string =>
  (part(el, name)?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Waits until the element has emitted `count` events. */
export const eventsArrive = (events: Recorded[], count = 1) =>
  waitUntil(() => events.length >= count, `expected ${count} event(s), got ${events.length}`, { timeout: 5000 });

/** Clicks the send button and waits for the outcome event. */
export const clickSend = async (mounted: Mounted) => {
  const before = mounted.events.length;
  part(mounted.el, 'button')!.click();
  await eventsArrive(mounted.events, before + 1);
  await mounted.el.updateComplete;
  return mounted.events[before]!;
};

/** The code the simulator "sent" on WhatsApp for this token (the newest). */
export const latestCode = async (token: string): Promise<string> => (await inbox(token))[0]!.code;

/** Types into the code field as a keyboard would deliver it, one input event per character. */
export const typeCode = (el: Challenge, text: string) => {
  const input = part<HTMLInputElement>(el, 'code-input')!;
  for (const char of text) {
    input.value += char;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: char, inputType: 'insertText' }));
  }
};

/** A whole code arriving in one input event, as a paste or one-time-code autofill does. */
export const pasteCode = (el: Challenge, text: string) => {
  const input = part<HTMLInputElement>(el, 'code-input')!;
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: text, inputType: 'insertFromPaste' }));
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
