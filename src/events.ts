/**
 * The element's events and their details. Every event is a `CustomEvent` that bubbles
 * and is composed (it crosses shadow roots), and is emitted exactly once per outcome.
 */
import type { ApiError } from './client.js';

/** Detail of `challenge-started`: the start (or a resend) was accepted. */
export interface ChallengeStartedDetail {
  challengeId: string;
}

/** Detail of `challenge-verified`: send `token` to your backend to validate it. */
export interface ChallengeVerifiedDetail {
  challengeId: string;
  /** The `accessToken` from Authsignal, for the Server API to validate. */
  token: string;
}

/**
 * Detail of `challenge-error`. `error` is the server's `errorCode ?? error`, or the
 * element's own: `token_required`, `invalid_configuration`, `network_error`, `timeout`,
 * `invalid_response`, `server_error`, `invalid_code` (wrong length; nothing sent),
 * `verification_failed` (with `failureReason`).
 */
export interface ChallengeErrorDetail extends ApiError {
  /** Which call did not succeed. */
  stage: 'start' | 'verify';
  /** With `verification_failed`: `CODE_INVALID_OR_EXPIRED` or `MAX_ATTEMPTS_EXCEEDED`. */
  failureReason?: string;
}

export interface ChallengeEventMap {
  'challenge-started': CustomEvent<ChallengeStartedDetail>;
  'challenge-verified': CustomEvent<ChallengeVerifiedDetail>;
  'challenge-error': CustomEvent<ChallengeErrorDetail>;
}

declare global {
  // Typed `addEventListener('challenge-…', e => e.detail)` on any element or document.
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface GlobalEventHandlersEventMap extends ChallengeEventMap {}
}
