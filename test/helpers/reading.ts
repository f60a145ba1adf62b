/**
 * Reading the element as a person does: what is on screen, what the countdown says, where
 * focus is. Shared by the tests of what a person sees (text, context, bounds, code field).
 */
import { part, type Challenge } from './element.js';

/** Seconds shown by the countdown part ("1:05" -> 65), or undefined when none shows. */
export const countdownSeconds = (el: Challenge): number | undefined => {
  const text = (part(el, 'countdown')?.textContent ?? '').trim();
  const match = /^(\d+):(\d\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
};

/**
 * True when a person can see this element's text: it takes up room on screen, is not in a
 * `[hidden]` or `display: none` subtree, not `visibility: hidden`, and not in a
 * visually-hidden box (the 1x1 px clipped "screen reader only" pattern).
 */
export const isVisible = (element: Element): boolean => {
  if (element.closest('[hidden]')) return false;
  if (element.getClientRects().length == 0) return false; // display: none here or above
  if (getComputedStyle(element).visibility == 'hidden') return false;
  for (let node: Element | null = element; node; node = node.parentElement) {
    const { width, height } = node.getBoundingClientRect();
    if (width <= 1 && height <= 1) return false;
  }
  return true;
};

/** Each visible piece of text in the element's shadow root, whitespace folded, in order. */
export const visibleTexts = (el: Challenge): string[] => {
  const texts: string[] = [];
  const walker = document.createTreeWalker(el.shadowRoot!, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent!.replace(/\s+/g, ' ').trim();
    if (text && node.parentElement && isVisible(node.parentElement)) texts.push(text);
  }
  return texts;
};

/** The element that really has focus, looking inside open shadow roots. */
export const deepActiveElement = (): Element | null => {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

/** Relative luminance (WCAG) of a computed CSS colour such as "rgb(17, 27, 33)". */
export const luminance = (cssColor: string): number => {
  const [r, g, b] = (cssColor.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
