/**
 * Carries out the flow's effects (challenge-flow.ts): requests, token waits, aborts, events
 * and the calls' promises, and feeds what comes back in as events. The rules live in the
 * transition; this file only decides when things happen.
 *
 * One request at a time, whoever calls: a call of the stage in flight joins it; a call of
 * the other stage waits for it to settle, then runs (unless a reset or new settings ended
 * things meanwhile). No `await` unless there is something to wait for: the fetch of a click
 * starts in the click's own task.
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
  type Result,
  type StartResponse,
  type VerifyResponse,
} from './client.js';
import { normalizeCode, validCodeLength } from './code.js';
import type { ChallengeEventMap } from './events.js';
import {
  eventOf,
  transition,
  viewOf,
  type Effect,
  type Event,
  type Flow,
  type Host,
  type Outcome,
  type Settings,
  type Stage,
  type State,
} from './challenge-flow.js';

/** What the runner needs from the element that hosts it. */
export interface FlowHost extends ReactiveControllerHost {
  token: string;
  region: string;
  baseUrl?: string;
  tokenUrl?: string;
  timeout: number;
  codeLength: number;
  resendCooldown: number;
  tokenProvider?: (options: { signal: AbortSignal }) => Promise<string>;
  readonly isConnected: boolean;
}

type Emitter = <K extends keyof ChallengeEventMap>(name: K, detail: ChallengeEventMap[K]['detail']) => void;

const monotonic = () => performance.now();

const stageInFlight = ({ name }: State): Stage | undefined => (name == 'sending' ? 'start' : name == 'verifying' ? 'verify' : undefined);

export class FlowRunner implements ReactiveController {
  state: State = { name: 'idle' };
  /** Calls waiting for the request of a stage to settle. */
  #waiting: [Stage, (outcome: Outcome) => void][] = [];
  /** Counts aborts: a call that waited behind a request and sees it changed was ended too. */
  #aborts = 0;
  #timer?: ReturnType<typeof setTimeout>;

  /**
   * @param onChange runs on every change of state, before any event that reports it (the
   *   form value must be set before a listener submits the form).
   */
  constructor(
    readonly host: FlowHost,
    readonly emit: Emitter,
    readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  /** The host's values a flow is bound to. */
  get settings(): Settings {
    const { token, region, baseUrl, tokenUrl } = this.host;
    // Trimmed like a provider's or token-url's answer: "t\n" from a CMS or a text response is "t".
    return { token: String(token ?? '').trim(), region, baseUrl, tokenUrl };
  }

  async call(stage: Stage, code = ''): Promise<Outcome> {
    // Settings changed in this task, before the host rendered: a flow begun before is over.
    this.sync();
    // A call that waits for the other stage is ended with the flow it waited behind, at once
    // (checked after each wait: a new flow may have begun in the old one's place).
    const aborts = this.#aborts;
    for (let busy; (busy = stageInFlight(this.state)) && busy != stage; ) {
      await this.#settled(busy);
      if (aborts != this.#aborts) return { stage, error: 'aborted' };
    }
    const host = this.host;
    const { token } = this.settings;
    const snapshot: Host = {
      ...this.settings,
      connected: host.isConnected,
      renewable: !!(host.tokenProvider || host.tokenUrl),
      // Empty, unusable in a header, or expired by this device's clock: a usable token comes first, else ask.
      stale: !usableToken(token) || isExpired(token),
      timeout: validTimeout(host.timeout),
      // A cooldown that is not a number of seconds up to an hour ("30s", Infinity): the default.
      cooldown: within(host.resendCooldown, 0, 3600) ?? 30,
      codeLength: validCodeLength(host.codeLength),
    };
    // Refused at once, or it joins (or begins) the request in flight.
    return this.dispatch({ type: stage, host: snapshot, code: normalizeCode(code), now: monotonic() }) ?? this.#settled(stage);
  }

  #settled(stage: Stage): Promise<Outcome> {
    return new Promise((resolve) => this.#waiting.push([stage, resolve]));
  }

  /** A host value may have changed: ends a flow that uses another. */
  sync(): void {
    this.dispatch({ type: 'settings', settings: this.settings });
  }

  /** Moves the flow on and carries out what the move asks; returns the caller's own outcome, if settled now. */
  dispatch(event: Event): Outcome | undefined {
    const [state, effects] = transition(this.state, event);
    // Nothing changed; a tick still shows the seconds go down.
    if (state == this.state && !effects.length) return void (event.type == 'tick' && this.#tick());
    this.state = state;
    this.onChange();
    this.#tick();
    let own: Outcome | undefined;
    for (const effect of effects) own = this.#run(effect) ?? own;
    return own;
  }

  #run(effect: Effect): Outcome | undefined {
    switch (effect.type) {
      case 'outcome': {
        // The calls first (their code runs in a later microtask), then the listeners, who may call back in.
        const { request, outcome } = effect;
        const waiting = this.#waiting;
        if (request) this.#waiting = waiting.filter(([stage]) => stage != request);
        for (const [stage, resolve] of waiting) if (stage == request) resolve(outcome);
        if (!effect.quiet) this.emit(eventOf(outcome), outcome as never);
        return request ? undefined : outcome;
      }
      case 'abort':
        this.#aborts++;
        effect.flow.abort.abort();
        return;
      case 'get-token':
        return void this.#renew(effect.flow, effect.timeout).then((result) =>
          this.#answer({ type: 'token', flow: effect.flow, result, hostToken: this.settings.token, now: monotonic() }),
        );
      case 'send': {
        const { flow, timeout } = effect;
        const options = { region: flow.began.region, baseUrl: flow.began.baseUrl, token: flow.token, timeout, signal: flow.abort.signal };
        const answer = effect.stage == 'start' ? startWhatsappChallenge(options) : verifyWhatsappChallenge(options, effect.code!);
        return void (answer as Promise<Result<StartResponse> | Result<VerifyResponse>>).then((result) =>
          this.#answer({ type: 'answer', flow, result, now: monotonic() }),
        );
      }
    }
  }

  /**
   * An answer to a removed element waits for the end of the task: a move (removed and
   * inserted again in the task) takes it; a lasting removal ended the request first.
   */
  #answer(event: Event): void {
    if (this.host.isConnected) this.dispatch(event);
    else setTimeout(() => this.host.isConnected && this.dispatch(event));
  }

  /** A fresh token from the `tokenProvider` (first) or the `token-url`, within `timeout`. */
  async #renew({ abort: { signal } }: Flow, timeout: number): Promise<Result<{ token: string }>> {
    const { tokenProvider, tokenUrl } = this.host;
    if (!tokenProvider) return fetchToken(tokenUrl!, { timeout, signal });
    const unavailable = { error: 'token_unavailable' };
    let timer!: ReturnType<typeof setTimeout>;
    // A provider that throws, rejects, hangs or answers no string is a result like any other.
    const answer = await Promise.race([
      Promise.resolve({ signal })
        .then(tokenProvider)
        .then((token) => ((token = typeof token == 'string' ? token.trim() : token), usableToken(token) ? { token } : unavailable), () => unavailable),
      new Promise<Result<never>>((resolve) => (timer = setTimeout(() => resolve({ error: 'timeout' }), timeout))),
    ]);
    clearTimeout(timer);
    return answer;
  }

  /** Renders once a second while a countdown runs (and ends it on time); no timer otherwise. */
  #tick(): void {
    clearTimeout(this.#timer);
    this.host.requestUpdate();
    const { wait } = viewOf(this.state);
    if (wait && this.host.isConnected) {
      const left = wait.until - monotonic();
      this.#timer = setTimeout(() => this.dispatch({ type: 'tick', now: monotonic() }), left > 0 ? left % 1000 || 1000 : 0);
    }
  }

  reset(): void {
    this.dispatch({ type: 'reset' });
  }

  /** The person typed: a wrong-code message no longer applies. */
  typed(): void {
    this.dispatch({ type: 'typed' });
  }

  hostConnected(): void {
    // A countdown that ran out while the element was away ends now.
    this.dispatch({ type: 'tick', now: monotonic() });
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    // A move (removed and inserted again in the same task, as modals and portals do) keeps
    // the request: the server may already have used the code. Only a lasting removal ends it.
    setTimeout(() => this.host.isConnected || this.dispatch({ type: 'gone' }));
  }
}
