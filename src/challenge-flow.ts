/**
 * The challenge as a state machine, kept apart from rendering:
 *
 *   idle --start--> sending --ok--> code-sent --verify--> verifying --ok--> verified
 *                      └─error─> back       ^  └──wrong code / error──┘
 *
 * It owns the one request in flight, the countdowns and what to emit. It never retries:
 * every request it sends was asked for by a click or a method call.
 *
 * Pages call back into it from its own events (a `challenge-error` listener that calls
 * `reset()`, a `challenge-started` one that calls `verify()`), so every change of state is
 * made before the event that reports it, and nothing is touched after the event is emitted.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  fetchToken,
  isExpired,
  startWhatsappChallenge,
  usableToken,
  validTimeout,
  verifyWhatsappChallenge,
  within,
  type ApiError,
  type ClientOptions,
} from './client.js';
import { normalizeCode, validCodeLength } from './code.js';
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

type Stage = ChallengeErrorDetail['stage'];
type Outcome = StartOutcome | VerifyOutcome;
type Failure = Omit<ChallengeErrorDetail, 'stage'>;

/** Seconds to wait after a 429 that did not say how long. */
export const DEFAULT_RETRY_AFTER = 30;

/** What the flow needs from the element that hosts it. */
export interface FlowHost extends ReactiveControllerHost {
  token: string;
  region: string;
  baseUrl?: string;
  tokenUrl?: string;
  timeout: number;
  codeLength: number;
  resendCooldown: number;
  tokenProvider?: () => Promise<string>;
  readonly isConnected: boolean;
  emit<K extends keyof ChallengeEventMap>(type: K, detail: ChallengeEventMap[K]['detail']): void;
}

/** The one request in flight. */
interface InFlight {
  stage: Stage;
  outcome: Promise<Outcome>;
  abort: AbortController;
  /** The state to go back to if it is aborted. */
  before: ChallengeState;
}

/**
 * The settings a flow is bound to: a change of any of them ends a flow begun before it.
 * Not the token while the flow waits for a fresh one: a provider that also stores the token
 * it hands over (`el.token = t; return t`) must not end its own start.
 */
const settingsOf = ({ token, region, baseUrl, tokenUrl }: FlowHost, awaitingToken = false) =>
  [awaitingToken ? '' : token, region, baseUrl, tokenUrl].join('\n');

/**
 * A request is sent only with at least this share of `timeout` left: sent with a millisecond
 * left after a slow token wait, it would reach the person as a code and the page as a timeout.
 */
const MIN_SHARE_LEFT = 0.25;

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
  /** The countdown is a server's rate limit (a 429): nothing may be sent until it ends. */
  rateLimited = false;

  /** The token the current challenge was started with: verify must use the same one. */
  #flowToken = '';
  /** settingsOf() the host when the current flow began. */
  #settings = '';
  /** A start is waiting for a token from the `tokenProvider` or the `token-url`. */
  #awaitingToken = false;
  /** The host's `token` when that wait began. */
  #tokenBeforeWait = '';
  /** Counts resets: a call that waited for a request and finds it changed has been reset. */
  #generation = 0;
  #inFlight?: InFlight;
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
    return this.#call('start') as Promise<StartOutcome>;
  }

  /** Checks a code. A wrong length sends nothing. */
  verify(code: string): Promise<VerifyOutcome> {
    return this.#call('verify', normalizeCode(code)) as Promise<VerifyOutcome>;
  }

  /**
   * One request at a time, whoever calls: a call of the stage in flight joins it; a call of
   * the other stage waits for it to settle, then runs. No `await` unless there is something
   * to wait for: the fetch of a click starts in the click's own call stack.
   */
  async #call(stage: Stage, code = ''): Promise<Outcome> {
    // New settings end a flow begun before them, even when nothing has rendered since. A
    // token set during a token wait counts here: the page set it and then called us.
    if (this.#awaitingToken && this.#host.token != this.#tokenBeforeWait) this.reset();
    this.settingsChanged();
    const generation = this.#generation;
    let inFlight;
    while ((inFlight = this.#inFlight) && inFlight.stage != stage) await inFlight.outcome;
    if (inFlight) return inFlight.outcome;
    // A detached element sends nothing: no code may go out that no page shows a field for.
    // A call that waited through a reset (or new settings) was ended by it.
    if (!this.#host.isConnected || generation != this.#generation) return { stage, error: 'aborted' };

    this.error = undefined;
    // A countdown that has run out ends now, not when its timer comes round.
    this.#tick();
    this.countdownDone = false;
    const refusal = this.#refusal(stage, code);
    if (refusal) return this.#fail(stage, refusal);

    const abort = new AbortController();
    // A new start after a verification begins a new flow: if it fails, nothing is verified.
    if (this.state == 'verified') Object.assign(this, { state: 'idle', challengeId: undefined });
    const before = this.state;
    this.state = stage == 'start' ? 'sending' : 'verifying';
    this.#host.requestUpdate();
    const outcome = this.#send(stage, code, abort.signal);
    this.#inFlight = { stage, outcome, abort, before };
    return outcome;
  }

  /** Why a call must send nothing, if it must not. */
  #refusal(stage: Stage, code: string): Failure | undefined {
    if (this.secondsLeft && (stage == 'start' || this.rateLimited)) {
      return { error: 'too_many_requests', retryAfter: this.secondsLeft };
    }
    if (stage == 'start') return;
    if (!this.challengeId || this.state == 'verified') {
      return { error: 'invalid_request', errorDescription: 'No challenge is waiting for a code.' };
    }
    if (this.locked) return { error: 'verification_failed', failureReason: 'MAX_ATTEMPTS_EXCEEDED' };
    if (code.length != validCodeLength(this.#host.codeLength)) return { error: 'invalid_code' };
  }

  /** Back to idle: aborts a request (no event follows) and forgets the challenge. */
  reset(): void {
    this.#generation++;
    this.#abort();
    // A rate limit still holds on the server, so its countdown survives a reset.
    if (!this.rateLimited) this.countdownEnd = 0;
    Object.assign(this, { state: 'idle', challengeId: undefined, error: undefined, locked: false, countdownDone: false });
    this.#flowToken = '';
    this.#settings = settingsOf(this.#host);
    this.#tick();
    // #tick() renders only while a countdown runs; the state changed either way.
    this.#host.requestUpdate();
  }

  /**
   * The host's token, region, base-url or token-url changed: a flow that began with other
   * settings is not theirs, so it ends. A start called after the change (even in the same
   * task, before this runs) began with the new settings and goes on.
   */
  settingsChanged(): void {
    if (settingsOf(this.#host, this.#awaitingToken) != this.#settings) this.reset();
  }

  /** The person typed again: a wrong-code message no longer applies. */
  clearVerifyError(): void {
    if (this.error?.stage == 'verify' && !this.locked && !this.rateLimited) {
      this.error = undefined;
      this.#host.requestUpdate();
    }
  }

  hostConnected(): void {
    this.#tick();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    // A move (removed and inserted again in the same task, as modals and portals do) keeps
    // the request: the server may already have used the code. Only a lasting removal aborts:
    // here, to stop the fetch, or in #send() if its answer comes first (#gone()).
    setTimeout(() => this.#gone());
  }

  /** True when the element has been out of the document since an earlier task: aborts. */
  #gone(): boolean {
    if (this.#host.isConnected) return false;
    this.#abort();
    return true;
  }

  #abort(): void {
    const inFlight = this.#inFlight;
    if (inFlight) {
      this.#inFlight = undefined;
      this.#awaitingToken = false;
      inFlight.abort.abort();
      this.state = inFlight.before;
      // The aborted #send() returns without rendering; show the state it fell back to.
      this.#host.requestUpdate();
    }
  }

  async #send(stage: Stage, code: string, signal: AbortSignal): Promise<Outcome> {
    const host = this.#host;
    // A token wait counts against the same time allowed as the request.
    const deadline = Date.now() + validTimeout(host.timeout);
    const options = (): ClientOptions => ({
      region: host.region,
      baseUrl: host.baseUrl,
      timeout: Math.max(1, deadline - Date.now()),
      signal,
    });
    let token = this.#flowToken;
    if (stage == 'start') {
      this.#settings = settingsOf(host);
      // Without a token to fetch, no await: fetch starts in the click's own call stack.
      if (this.#needsFreshToken()) {
        this.#awaitingToken = true;
        this.#tokenBeforeWait = host.token;
        this.#settings = settingsOf(host, true);
        const fresh = await this.#freshToken(options());
        // Aborted, the wait is over already (#abort()), and another flow's may have begun.
        if (signal.aborted || this.#gone()) return { stage, error: 'aborted' };
        this.#awaitingToken = false;
        this.#settings = settingsOf(host);
        if (fresh.error !== undefined) return this.#fail(stage, fresh);
        if (deadline - Date.now() < MIN_SHARE_LEFT * validTimeout(host.timeout)) return this.#fail(stage, { error: 'timeout' });
        token = fresh.token;
      } else {
        token = host.token;
      }
    }
    const result =
      stage == 'start'
        ? await startWhatsappChallenge({ ...options(), token })
        : await verifyWhatsappChallenge({ ...options(), token }, code);
    // Aborted by a lasting disconnect, a reset or new settings: whoever aborted owns the state.
    if (signal.aborted || this.#gone()) return { stage, error: 'aborted' };

    if (result.error !== undefined) {
      if (result.status == 429) this.#countDown(result.retryAfter ?? DEFAULT_RETRY_AFTER, true);
      return this.#fail(stage, result);
    }
    if ('challengeId' in result) {
      const { challengeId } = result;
      this.#settle('code-sent', { challengeId, locked: false });
      this.#flowToken = token;
      // A cooldown that is not a number of seconds up to an hour ("30s", Infinity): the default.
      this.#countDown(within(host.resendCooldown, 0, 3600) ?? 30);
      host.emit('challenge-started', { challengeId });
      return { challengeId };
    }
    if (result.isVerified) {
      const detail = { challengeId: this.challengeId!, token: result.accessToken! };
      this.#settle('verified', { countdownEnd: 0 });
      host.emit('challenge-verified', detail);
      return detail;
    }
    this.locked = result.failureReason == 'MAX_ATTEMPTS_EXCEEDED';
    // Only a new code can help now, so the resend cooldown no longer stands in the way
    // (a server's rate limit still does).
    if (this.locked && !this.rateLimited) this.countdownEnd = 0;
    return this.#fail(stage, { error: 'verification_failed', failureReason: result.failureReason });
  }

  /** The request is over: it is no longer in flight, and the flow takes its new state. */
  #settle(state: ChallengeState, changes: Partial<ChallengeFlow> = {}): void {
    this.#inFlight = undefined;
    Object.assign(this, { state, ...changes });
    this.#host.requestUpdate();
  }

  /** Reports a failure, last: a listener may call back into the flow. */
  #fail(stage: Stage, error: Failure): ChallengeErrorDetail {
    const inFlight = this.#inFlight;
    this.#settle(inFlight ? inFlight.before : this.state);
    const detail = (this.error = { stage, ...error });
    this.#host.emit('challenge-error', detail);
    return detail;
  }

  /**
   * A token is to be fetched: the host's own is missing or looks expired (by this device's
   * clock, which may be off: with nothing to fetch from, the token is sent anyway and the
   * server judges), and there is a `tokenProvider` or a `token-url` to ask.
   */
  #needsFreshToken(): boolean {
    const { token, tokenProvider, tokenUrl } = this.#host;
    return !!(tokenProvider || tokenUrl) && (!token || isExpired(token));
  }

  /** A fresh token from the `tokenProvider` (first) or the `token-url`, within the time allowed. */
  async #freshToken(options: ClientOptions): Promise<{ token: string; error?: never } | ApiError> {
    const { tokenProvider, tokenUrl } = this.#host;
    if (!tokenProvider) return fetchToken(tokenUrl!, options);
    const unavailable = { error: 'token_unavailable' };
    let timer!: ReturnType<typeof setTimeout>;
    // A provider that throws, rejects, hangs or answers no string is a result like any other.
    const fresh = await Promise.race([
      Promise.resolve()
        .then(tokenProvider)
        .then((token) => (usableToken(token) ? { token } : unavailable), () => unavailable),
      new Promise<ApiError>((resolve) => (timer = setTimeout(() => resolve({ error: 'timeout' }), options.timeout))),
    ]);
    clearTimeout(timer);
    return fresh;
  }

  #countDown(seconds: number, rateLimited = false): void {
    this.countdownEnd = seconds > 0 ? Date.now() + seconds * 1000 : 0;
    this.countdownLength = seconds;
    // A "Retry-After: 0" limits nothing: no countdown, so nothing would ever lift it.
    this.rateLimited = rateLimited && seconds > 0;
    this.#tick();
  }

  /** Re-renders once a second while a countdown runs; no timer runs otherwise. */
  #tick = (): void => {
    clearTimeout(this.#timer);
    if (!this.countdownEnd) return;
    const left = this.countdownEnd - Date.now();
    if (left <= 0) {
      Object.assign(this, { countdownEnd: 0, countdownDone: true, rateLimited: false });
      // "Try again in 30 seconds" is over: "you can ask for a new code now" says the rest.
      if (this.error?.error == 'too_many_requests') this.error = undefined;
    } else {
      this.#timer = setTimeout(this.#tick, left % 1000 || 1000);
    }
    this.#host.requestUpdate();
  };
}
