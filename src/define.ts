/**
 * Registers `<authsignal-whatsapp-challenge>`: the module to import for its side effect.
 *
 * Safe to load twice (two bundles, the npm build beside the script-tag build, a CMS that
 * repeats a script tag): the first definition wins and later ones do nothing. Safe where
 * there is no `customElements` (server rendering).
 */
import { AuthsignalWhatsappChallenge } from './authsignal-whatsapp-challenge.js';

export const TAG_NAME = 'authsignal-whatsapp-challenge';

if (globalThis.customElements && !customElements.get(TAG_NAME)) {
  // The literal, not TAG_NAME: custom-elements.json takes the tag name from this call.
  customElements.define('authsignal-whatsapp-challenge', AuthsignalWhatsappChallenge);
}

export { AuthsignalWhatsappChallenge };

declare global {
  interface HTMLElementTagNameMap {
    'authsignal-whatsapp-challenge': AuthsignalWhatsappChallenge;
  }
}
