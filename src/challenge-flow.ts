/**
 * The challenge as a state machine, kept apart from rendering:
 *
 *   idle --start--> sending --ok--> code-sent --verify--> verifying --ok--> verified
 *                      └─error─> back       ^  └──wrong code / error──┘
 *
 * It owns the one request in flight, the countdowns and what to emit. It never retries:
 * every request it sends was asked for by a click or a method call.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  isExpired,
  startWhatsappChallenge,
  verifyWhatsappChallenge,
  type ApiError,
  type ClientOptions,
} from './client.js';
import { normalizeCode } from './code.js';
import type {
  ChallengeErrorDetail,
  ChallengeEventMap,
  ChallengeStartedDetail,
  ChallengeVerifiedDetail,
} from './events.js';

/** Where the flow is. Reflected on the element as the `state` attribute. */
export type ChallengeState = 'idle' | 'sending' | 'code-sent' | 'verifying' | 'verified';

/** What `start()` settles with: the detail of the event it emitted. */
export type StartOutcome = ChallengeStartedDetail | ChallengeErrorDetail;
/** What `verify()` settles with: the detail of the event it emitted. */
export type VerifyOutcome = ChallengeVerifiedDetail | ChallengeErrorDetail;

/** Seconds to wait after a 429 that did not say how long. */
export const DEFAULT_RETRY_AFTER = 30;

/** What the flow needs from the element that hosts it. */
export interface FlowHost extends ReactiveControllerHost {
  token: string;
  region: string;
  baseUrl?: string;
  timeout: number;
  codeLength: number;
  resendCooldown: number;
  tokenProvider?: () => Promise<string>;
  emit<K extends keyof ChallengeEventMap>(type: K, detail: ChallengeEventMap[K]['detail']): void;
}

export class ChallengeFlow implements ReactiveController {
  state: ChallengeState = 'idle';
  /** The challenge the code field belongs to. */
  challengeId?: string;
  /** The last failure, shown until the next action. */
  error?: ChallengeErrorDetail;
  /** After `MAX_ATTEMPTS_EXCEEDED`: only a new code can help. */
  locked = false;
  /** When the countdown ends (ms since epoch); 0 when none runs. */
  countdownEnd = 0;
  /** The countdown's length in seconds, for the one announcement at its start. */
  countdownLength = 0;
  /** True from the end of a countdown until the next action: "you can ask again now". */
  countdownDone = false;

  /** The token the current challenge was started with: verify must use the same one. */
  #flowToken = '';
  /** The state to return to if the request in flight is aborted. */
  #settledState: ChallengeState = 'idle';
  /** The countdown is a server's rate limit, which a reset does not lift. */
  #rateLimited = false;
  #pending?: Promise<StartOutcome | VerifyOutcome>;
  #abortController?: AbortController;
  #timer?: ReturnType<typeof setTimeout>;

  readonly #host: FlowHost;

  constructor(host: FlowHost) {
    this.#host = host;
    host.addController(this);
  }

  /**
   * Whole seconds left on the countdown (0 when none runs). Only #tick() ends a countdown:
   * until it has, this says at least 1, so a render that lands between the end time and the
   * timer shows the countdown still, never a blank status region between "new code in 30
   * seconds" and "you can ask for a new code now" (a screen reader would hear the blank).
   */
  get secondsLeft(): number {
    return this.countdownEnd ? Math.max(1, Math.ceil((this.countdownEnd - Date.now()) / 1000)) : 0;
  }

  /** Starts (or, with a challenge under way, resends) a challenge. */
  start(): Promise<StartOutcome> {
    return this.#attempt(() => this.#send('start')) as Promise<StartOutcome>;
  }

  /** Checks a code. A wrong length sends nothing. */
  verify(code: string): Promise<VerifyOutcome> {
    return this.#attempt(() => this.#send('verify', normalizeCode(code))) as Promise<VerifyOutcome>;
  }

  /**
   * The request in flight, or a new attempt. A check that sends nothing has settled (and
   * run #done()) before #send() returns, so only an attempt still under way is kept: keeping
   * a settled one would answer every later call with its stale outcome, sending nothing.
   */
  #attempt(send: () => Promise<StartOutcome | VerifyOutcome>): Promise<StartOutcome | VerifyOutcome> {
    if (this.#pending) return this.#pending;
    const outcome = send();
    if (this.#abortController) this.#pending = outcome;
    return outcome;
  }

  /** Back to idle: aborts a request (no event follows) and forgets the challenge. */
  reset(): void {
    this.#abort();
    // A rate limit still holds on the server, so its countdown survives a reset.
    if (!this.#rateLimited) this.countdownEnd = 0;
    Object.assign(this, { state: 'idle', challengeId: undefined, error: undefined, locked: false });
    this.#flowToken = '';
    this.countdownDone = false;
    this.#tick();
    // #tick() renders only while a countdown runs; the state changed either way.
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    this.#tick();
  }

  hostDisconnected(): void {
    // No event may follow a disconnect; the countdown resumes if the element comes back.
    this.#abort();
    clearTimeout(this.#timer);
  }

  #abort(): void {
    if (this.#abortController) {
      this.#abortController.abort();
      this.#abortController = undefined;
      this.state = this.#settledState;
      // The aborted #send() returns without rendering; show the state it fell back to.
      this.#host.requestUpdate();
    }
    this.#pending = undefined;
  }

  async #send(stage: 'start' | 'verify', code = ''): Promise<StartOutcome | VerifyOutcome> {
    const before = (this.#settledState = this.state);
    const fail = (error: ApiError & { failureReason?: string }): ChallengeErrorDetail => {
      this.error = { stage, ...error };
      this.#host.emit('challenge-error', this.error);
      return this.error;
    };
    this.error = undefined;
    // A countdown that has run out ends now, not when its timer comes round.
    this.#tick();
    this.countdownDone = false;

    // Checks that send nothing: they answer at once.
    if (stage == 'verify') {
      if (!this.challengeId || before == 'verified') return this.#done(fail({ error: 'invalid_request', errorDescription: 'No challenge is waiting for a code.' }));
      if (this.locked) return this.#done(fail({ error: 'verification_failed', failureReason: 'MAX_ATTEMPTS_EXCEEDED' }));
      if (code.length != this.#host.codeLength) return this.#done(fail({ error: 'invalid_code' }));
    } else if (this.secondsLeft) {
      return this.#done(fail({ error: 'too_many_requests', retryAfter: this.secondsLeft }));
    }

    const abort = (this.#abortController = new AbortController());
    this.state = stage == 'start' ? 'sending' : 'verifying';
    this.#host.requestUpdate();

    // Without a provider to ask, no await: fetch starts in the click's own call stack.
    const token = stage == 'verify' ? this.#flowToken : this.#needsFreshToken() ? await this.#freshToken() : this.#host.token;
    const options: ClientOptions = {
      region: this.#host.region,
      baseUrl: this.#host.baseUrl,
      timeout: this.#host.timeout,
      signal: abort.signal,
      token,
    };
    if (abort.signal.aborted) return { stage, error: 'aborted' };
    const result =
      stage == 'start' ? await startWhatsappChallenge(options) : await verifyWhatsappChallenge(options, code);
    // Aborted by a disconnect, a reset or a new configuration: whoever aborted owns the state.
    if (abort.signal.aborted) return { stage, error: 'aborted' };
    this.#abortController = undefined;
    this.state = before;

    if (result.error !== undefined) {
      if (result.status == 429) this.#countDown(result.retryAfter ?? DEFAULT_RETRY_AFTER, true);
      return this.#done(fail(result));
    }
    if ('challengeId' in result) {
      Object.assign(this, { state: 'code-sent', challengeId: result.challengeId, locked: false });
      this.#flowToken = token;
      this.#countDown(this.#host.resendCooldown);
      this.#host.emit('challenge-started', { challengeId: result.challengeId });
      return this.#done({ challengeId: result.challengeId });
    }
    if (result.isVerified) {
      const detail = { challengeId: this.challengeId!, token: result.accessToken! };
      this.state = 'verified';
      this.countdownEnd = 0;
      this.#host.emit('challenge-verified', detail);
      return this.#done(detail);
    }
    this.locked = result.failureReason == 'MAX_ATTEMPTS_EXCEEDED';
    return this.#done(fail({ error: 'verification_failed', failureReason: result.failureReason }));
  }

  /** A `tokenProvider` is set and the token is missing or expired. */
  #needsFreshToken(): boolean {
    const { token, tokenProvider } = this.#host;
    return !!tokenProvider && (!token || isExpired(token));
  }

  /** A fresh token from the host's `tokenProvider`; '' when it fails (token_required follows). */
  async #freshToken(): Promise<string> {
    try {
      const fresh = await this.#host.tokenProvider!();
      return typeof fresh == 'string' ? fresh : '';
    } catch {
      return '';
    }
  }

  #done<T>(outcome: T): T {
    this.#pending = undefined;
    this.#host.requestUpdate();
    return outcome;
  }

  #countDown(seconds: number, rateLimited = false): void {
    this.countdownEnd = seconds > 0 ? Date.now() + seconds * 1000 : 0;
    this.countdownLength = seconds;
    this.#rateLimited = rateLimited;
    this.#tick();
  }

  /** Re-renders once a second while a countdown runs; no timer runs otherwise. */
  #tick = (): void => {
    clearTimeout(this.#timer);
    if (!this.countdownEnd) return;
    const left = this.countdownEnd - Date.now();
    if (left <= 0) {
      this.countdownEnd = 0;
      this.countdownDone = true;
    } else {
      this.#timer = setTimeout(this.#tick, left % 1000 || 1000);
    }
    this.#host.requestUpdate();
  };
}
