/**
 * Element typings for Svelte 5 (svelte-check, the Svelte extension in editors). A type-only
 * import brings them in:
 *
 *   import type {} from 'authsignal-whatsapp-challenge/types/svelte';
 *
 * Svelte 5 listens for an `on…` attribute's event by the name after `on`:
 * `onchallenge-started={…}` listens for `challenge-started`.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { AuthsignalWhatsappChallenge } from '../authsignal-whatsapp-challenge.js';
import type { AuthsignalWhatsappChallengeAttributes, AuthsignalWhatsappChallengeEvents as Events } from './attributes.js';

/** `<authsignal-whatsapp-challenge>`'s attributes in Svelte markup. */
export type AuthsignalWhatsappChallengeSvelteAttributes = Omit<
  HTMLAttributes<AuthsignalWhatsappChallenge>,
  keyof AuthsignalWhatsappChallengeAttributes
> &
  AuthsignalWhatsappChallengeAttributes & {
    'onchallenge-started'?: (event: Events['challenge-started']) => void;
    'onchallenge-verified'?: (event: Events['challenge-verified']) => void;
    'onchallenge-error'?: (event: Events['challenge-error']) => void;
  };

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'authsignal-whatsapp-challenge': AuthsignalWhatsappChallengeSvelteAttributes;
  }
}
