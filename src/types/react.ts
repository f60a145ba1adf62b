/**
 * JSX typings for React 19, which sets properties and listens for events on custom elements
 * natively. A type-only import brings them in:
 *
 *   import type {} from 'authsignal-whatsapp-challenge/types/react';
 *
 * React 19 listens for an `on…` prop's event by the exact name after `on`:
 * `onchallenge-started` listens for `challenge-started`. React 18 does neither: use the
 * wrapper in `authsignal-whatsapp-challenge/react`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { AuthsignalWhatsappChallenge } from '../authsignal-whatsapp-challenge.js';
import type { AuthsignalWhatsappChallengeAttributes, AuthsignalWhatsappChallengeEvents as Events } from './attributes.js';

/** `<authsignal-whatsapp-challenge>`'s props in React 19 JSX. */
export interface AuthsignalWhatsappChallengeJsxProps
  extends Omit<
      DetailedHTMLProps<HTMLAttributes<AuthsignalWhatsappChallenge>, AuthsignalWhatsappChallenge>,
      keyof AuthsignalWhatsappChallengeAttributes
    >,
    AuthsignalWhatsappChallengeAttributes {
  'onchallenge-started'?: (event: Events['challenge-started']) => void;
  'onchallenge-verified'?: (event: Events['challenge-verified']) => void;
  'onchallenge-error'?: (event: Events['challenge-error']) => void;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'authsignal-whatsapp-challenge': AuthsignalWhatsappChallengeJsxProps;
    }
  }
}
