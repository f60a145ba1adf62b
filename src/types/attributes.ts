/**
 * What a template can set on `<authsignal-whatsapp-challenge>`, shared by the typings for
 * React (./react.ts), Vue (./vue.ts) and Svelte (./svelte.ts). Attributes by their
 * attribute name; `strings` and `tokenProvider` are properties only.
 */
import type { Region } from '../client.js';
import type { ChallengeEventMap } from '../events.js';
import type { LocaleStrings } from '../locale-registry.js';

export interface AuthsignalWhatsappChallengeAttributes {
  /** Bearer token from your backend. Bind it as a property: it keeps the token out of the DOM. */
  token?: string;
  /** Authsignal region of your tenant. Default `us`. */
  region?: Region;
  /** Overrides `region` (a proxy, a custom domain). `https:`, or `http:` on loopback only. */
  'base-url'?: string;
  /** Your backend's route that answers a fresh token to a same-origin `POST` (`{ "token": "..." }`). Same-origin or `https:` only. */
  'token-url'?: string;
  /** Form field name: the form posts the verified token under it. */
  name?: string;
  /** Until verified, the form will not submit. */
  required?: boolean;
  /** Once verified, submits the element's form. */
  autosubmit?: boolean;
  /** Only the start step: a click sends the code and reports it; no code field. */
  'start-only'?: boolean;
  /** Number of digits in a code. Default 6. */
  'code-length'?: number | string;
  /** Seconds before "send a new code" is offered. Default 30. */
  'resend-cooldown'?: number | string;
  /** Milliseconds allowed for each request. Default 15000. */
  timeout?: number | string;
  /** Disables every control. */
  disabled?: boolean;
  /** Language of the built-in text (BCP 47); else the nearest ancestor's `lang`. */
  lang?: string;
  /** Per-key overrides of the built-in text (a property). */
  strings?: LocaleStrings;
  /** Called for a fresh token when `token` is empty or expired (a property). */
  tokenProvider?: (options: { signal: AbortSignal }) => Promise<string>;
}

/** The element's events, `challenge-started` etc., each with its typed `CustomEvent`. */
export type AuthsignalWhatsappChallengeEvents = ChallengeEventMap;
