/**
 * Template typings for Vue 3 (Volar / vue-tsc, the Vue extension in editors). A type-only
 * import brings them in:
 *
 *   import type {} from 'authsignal-whatsapp-challenge/types/vue';
 *
 * Vue also needs to be told the tag is an element, not a component: see `isCustomElement`
 * in the README.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { AuthsignalWhatsappChallenge } from '../authsignal-whatsapp-challenge.js';
import type { AuthsignalWhatsappChallengeAttributes, AuthsignalWhatsappChallengeEvents as Events } from './attributes.js';

/** `@challenge-started` and the others, as Vue passes listeners: `onChallengeStarted`. */
export interface AuthsignalWhatsappChallengeVueListeners {
  onChallengeStarted?: (event: Events['challenge-started']) => void;
  onChallengeVerified?: (event: Events['challenge-verified']) => void;
  onChallengeError?: (event: Events['challenge-error']) => void;
}

/** `<authsignal-whatsapp-challenge>` as Vue's template type checking sees it. */
export type AuthsignalWhatsappChallengeVue = new () => AuthsignalWhatsappChallenge & {
  /** @deprecated Only for template type checking: not a property of the element. */
  $props: Omit<HTMLAttributes, keyof AuthsignalWhatsappChallengeAttributes> &
    AuthsignalWhatsappChallengeAttributes &
    AuthsignalWhatsappChallengeVueListeners &
    PublicProps;
  /** @deprecated Only for template type checking: not a method of the element. */
  $emit: EmitFn<{ [K in keyof Events]: (event: Events[K]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'authsignal-whatsapp-challenge': AuthsignalWhatsappChallengeVue;
  }
}
