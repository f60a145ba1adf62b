/**
 * `<authsignal-whatsapp-challenge>` as a React component, made with @lit/react, for React 18:
 * React 18 sets every prop on a custom element as an attribute (the token would land in
 * the DOM) and cannot listen for its events. React 19 needs no wrapper (see the README);
 * this one works there too.
 *
 *   import { AuthsignalWhatsappChallenge } from 'authsignal-whatsapp-challenge/react';
 *   <AuthsignalWhatsappChallenge token={token} region="eu" onChallengeVerified={(e) => …} />
 *
 * Needs `@lit/react` (an optional peer dependency) and `react`.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { AuthsignalWhatsappChallenge as AuthsignalWhatsappChallengeElement, TAG_NAME } from './define.js';
import type { ChallengeEventMap } from './events.js';

export const AuthsignalWhatsappChallenge = createComponent({
  tagName: TAG_NAME,
  elementClass: AuthsignalWhatsappChallengeElement,
  react: React,
  events: {
    onChallengeStarted: 'challenge-started' as EventName<ChallengeEventMap['challenge-started']>,
    onChallengeVerified: 'challenge-verified' as EventName<ChallengeEventMap['challenge-verified']>,
    onChallengeError: 'challenge-error' as EventName<ChallengeEventMap['challenge-error']>,
  },
  displayName: 'AuthsignalWhatsappChallenge',
});
