/**
 * The challenge flow as data (DESIGN.md §3): the state, the events that move it, and one
 * pure transition `(state, event) -> [state, effects]`. No DOM, no timers, no fetch: the
 * runner (flow-runner.ts) carries out the effects and feeds their results back in as events.
 *
 *   idle --start--> sending --200--> code-sent --verify--> verifying --ok--> verified
 *     ^               |                |   ^                  |
 *     |               +--error--> back |   +---wrong code-----+
 *     +---reset / new settings---------+---resend (after the countdown)--> sending
 *
 * Times are milliseconds of a monotonic clock (`performance.now()`): a device clock that
 * jumps changes no wait.
 */
import { DEFAULT_RETRY_AFTER, type Result, type StartResponse, type VerifyResponse } from './client.js';
import type { ChallengeErrorDetail, ChallengeEventMap, ChallengeStartedDetail, ChallengeVerifiedDetail } from './events.js';

export type Stage = ChallengeErrorDetail['stage'];
/** What `start()` settles with: the detail of the event it emitted, or `aborted`. */
export type StartOutcome = ChallengeStartedDetail | ChallengeErrorDetail;
/** What `verify()` settles with: the detail of the event it emitted, or `aborted`. */
export type VerifyOutcome = ChallengeVerifiedDetail | ChallengeErrorDetail;
export type Outcome = StartOutcome | VerifyOutcome;
type Failure = Omit<ChallengeErrorDetail, 'stage'>;

/** The host values a flow is bound to: a change of any of them ends the flow. */
export interface Settings {
  token: string;
  region: string;
  baseUrl?: string;
  tokenUrl?: string;
}

/** What the host is when a method is called, its values already made valid. */
export interface Host extends Settings {
  connected: boolean;
  /** A `tokenProvider` or `token-url` can hand over a fresh token. */
  renewable: boolean;
  /** `token` is empty, or expired by the device's clock (only a hint: the server judges). */
  stale: boolean;
  /** ms allowed for a request, a token wait included. */
  timeout: number;
  /** Seconds before a new code may be asked for. */
  cooldown: number;
  codeLength: number;
}

/** One start and what follows from it. */
export interface Flow {
  /** The host's values when it began. */
  readonly began: Settings;
  /** The token it sends: the host's, or a fresh one; undefined while it waits for one. */
  readonly token?: string;
  /** Ends its request or its token wait. The flow's identity. */
  readonly abort: AbortController;
  readonly cooldown: number;
  readonly challengeId?: string;
}

/** A resend cooldown, or a server's rate limit (`limit`), running beside the steps. */
export interface Countdown {
  until: number;
  seconds: number;
  limit: boolean;
}

/** What stays true whatever the step. */
interface Memory {
  /** A token the server refused with a 401: it is never sent again. */
  dead?: string;
}

export interface Idle extends Memory {
  name: 'idle';
  error?: ChallengeErrorDetail;
  /** Only a rate limit: the server still holds it after a reset. */
  wait?: Countdown;
  /** A countdown ended since the last action: "you can ask for a new code now". */
  ready?: boolean;
}

export interface Sending {
  name: 'sending';
  flow: Flow;
  /** When the start must have been answered, the token wait included. */
  deadline: number;
  timeout: number;
  /** Where a failure (or a lasting removal) goes back to. */
  back: Idle | CodeSent;
}

export interface CodeSent extends Memory {
  name: 'code-sent';
  flow: Flow & { challengeId: string };
  error?: ChallengeErrorDetail;
  wait?: Countdown;
  ready?: boolean;
  /** After `MAX_ATTEMPTS_EXCEEDED`: only a new code helps. */
  locked?: boolean;
}

export interface Verifying extends Memory {
  name: 'verifying';
  flow: Flow & { challengeId: string };
  wait?: Countdown;
  /** The countdown ended while the code was checked: said once the answer is in. */
  ready?: boolean;
}

export interface Verified extends Memory {
  name: 'verified';
  flow: Flow & { challengeId: string };
  token: string;
}

export type State = Idle | Sending | CodeSent | Verifying | Verified;
/** Where the flow is. Reflected on the element as the `state` attribute. */
export type ChallengeState = State['name'];

export type Event =
  | { type: 'start'; host: Host; now: number }
  | { type: 'verify'; code: string; host: Host; now: number }
  /** The `tokenProvider` or `token-url` answered; `hostToken` is the host's `token` by then. */
  | { type: 'token'; flow: Flow; result: Result<{ token: string }>; hostToken: string; now: number }
  /** The Client API answered a request of `flow`. */
  | { type: 'answer'; flow: Flow; result: Result<StartResponse> | Result<VerifyResponse>; now: number }
  /** A host value changed. */
  | { type: 'settings'; settings: Settings }
  | { type: 'reset' }
  /** The element has been out of the document since an earlier task. */
  | { type: 'gone' }
  | { type: 'tick'; now: number }
  /** The person typed in the code field. */
  | { type: 'typed' };

export type Effect =
  | { type: 'get-token'; flow: Flow; timeout: number }
  | { type: 'send'; flow: Flow; stage: Stage; code?: string; timeout: number }
  | { type: 'abort'; flow: Flow }
  /**
   * An outcome: the calls waiting for the request of stage `request` settle with it (without
   * `request`, the call that caused it), then, unless `quiet`, its event is emitted
   * (`challenge-started`, `challenge-verified` or `challenge-error`, after its detail).
   */
  | { type: 'outcome'; outcome: Outcome; request?: Stage; quiet?: boolean };

type Next = [State, Effect[]];

/** The event that reports an outcome. */
export const eventOf = (outcome: Outcome): keyof ChallengeEventMap =>
  'token' in outcome ? 'challenge-verified' : 'challengeId' in outcome ? 'challenge-started' : 'challenge-error';

/** An outcome that is reported by an event. */
const report = (outcome: Outcome, request?: Stage): Effect => ({ type: 'outcome', outcome, request });
/** An outcome with no event: an abort, or a call that changes nothing. */
const quiet = (outcome: Outcome, request?: Stage): Effect => ({ type: 'outcome', outcome, request, quiet: true });

const countdown = (seconds: number, now: number, limit = false): Countdown | undefined =>
  seconds > 0 ? { until: now + seconds * 1000, seconds, limit } : undefined;

/** Whole seconds left, at least 1 until a tick ends the countdown (never a blank "0:00"). */
export const secondsLeft = (wait: Countdown | undefined, now: number): number =>
  wait ? Math.max(1, Math.ceil((wait.until - now) / 1000)) : 0;

/** Any step's fields, for reading whatever a step has. */
interface Fields extends Memory {
  flow?: Flow;
  error?: ChallengeErrorDetail;
  wait?: Countdown;
  ready?: boolean;
  locked?: boolean;
}

/** The step that shows while a request runs: a resend keeps the code step on screen. */
const shown = (state: State): Fields => (state.name == 'sending' ? state.back : state);

/** What the element renders, whatever the step. */
export const viewOf = (state: State) => {
  const step = shown(state);
  return {
    challengeId: step.flow?.challengeId,
    error: step.error,
    wait: step.wait,
    ready: step.ready,
    locked: step.locked,
    /** A 401 ended the code step: its token is dead. */
    ended: !!step.flow && step.dead == step.flow.token,
  };
};

/** The flow of the request in flight, and its stage. */
const requestOf = (state: State): [Flow, Stage] | undefined =>
  state.name == 'sending' ? [state.flow, 'start'] : state.name == 'verifying' ? [state.flow, 'verify'] : undefined;

/**
 * Reports a failure of the request in flight (`request`) or of the call itself: the calls
 * settle, then the listeners hear of it (they may call back in).
 */
const fail = (back: Idle | CodeSent, stage: Stage, failure: Failure, request?: boolean): Next => {
  const error = { stage, ...failure };
  return [{ ...back, error }, [report(error, request ? stage : undefined)]];
};

/** A wait that is still running at `now`. */
const running = (wait: Countdown | undefined, now: number) => (wait && now < wait.until ? wait : undefined);

/**
 * What an error answer changes beside the message: a 401 kills the token; a rate limit
 * starts a wait, unless a longer one (a resend cooldown) already runs.
 */
const aftermath = (failure: Failure, token: string | undefined, now: number, wait?: Countdown) => {
  const limit = failure.error == 'too_many_requests' ? countdown(failure.retryAfter ?? DEFAULT_RETRY_AFTER, now, true) : undefined;
  return {
    ...(failure.status == 401 && { dead: token }),
    ...(limit && { wait: limit.until > (running(wait, now)?.until ?? 0) ? limit : wait }),
  };
};

/** Back to idle: a request in flight is aborted and settles `aborted`, with no event. */
const end = (state: State): Next => {
  const request = requestOf(state);
  const { wait, dead } = shown(state);
  return [
    { name: 'idle', dead: dead, wait: wait?.limit ? wait : undefined },
    request ? [{ type: 'abort', flow: request[0] }, quiet({ stage: request[1], error: 'aborted' }, request[1])] : [],
  ];
};

/** True when a host value differs from the one the flow uses (or, for `token`, began with). */
const changed = ({ began, token }: Flow, now: Settings) =>
  now.region != began.region ||
  now.baseUrl != began.baseUrl ||
  now.tokenUrl != began.tokenUrl ||
  // While it waits for a token, a provider may store the one it is about to hand over.
  (token !== undefined && now.token != began.token && now.token != token);

/** A start from `state`: refused at once, or a new flow. */
const begin = (state: Idle | CodeSent, { host, now }: { host: Host; now: number }): Next => {
  const stage = 'start';
  const back = { ...state, error: undefined, ready: undefined };
  const wait = running(back.wait, now);
  if (wait) return fail(back, stage, { error: 'too_many_requests', retryAfter: secondsLeft(wait, now) });
  const { token, renewable } = host;
  const renew = renewable && (host.stale || token == back.dead);
  // With nothing to renew it from, a dead token is not sent again.
  if (!renew && token && token == back.dead) return fail(back, stage, { error: 'expired_token' });
  const flow: Flow = {
    began: { token, region: host.region, baseUrl: host.baseUrl, tokenUrl: host.tokenUrl },
    token: renew ? undefined : token,
    abort: new AbortController(),
    cooldown: host.cooldown,
  };
  const { timeout } = host;
  return [
    { name: 'sending', flow, deadline: now + timeout, timeout, back: { ...back, wait: undefined } },
    [renew ? { type: 'get-token', flow, timeout } : { type: 'send', flow, stage, timeout }],
  ];
};

/** A request of a flow that no longer is the one in flight was ended by whoever ended it. */
const current = (state: State, flow: Flow) => requestOf(state)?.[0].abort == flow.abort;

/** Nothing happens. */
const stay = (state: State): Next => [state, []];

type On<E extends Event['type']> = Extract<Event, { type: E }>;

/** A verify() refused before anything is sent: the message shows where the person is. */
const refuseVerify = (state: Idle | CodeSent, { host, now, code }: On<'verify'>): Next | undefined => {
  const stage = 'verify';
  const back = { ...state, error: undefined, ready: undefined, wait: running(state.wait, now) };
  if (back.wait?.limit) return fail(back, stage, { error: 'too_many_requests', retryAfter: secondsLeft(back.wait, now) });
  if (back.name == 'idle') return fail(back, stage, { error: 'invalid_request', errorDescription: 'No challenge is waiting for a code.' });
  if (viewOf(back).ended) return fail(back, stage, { error: 'expired_token' });
  if (back.locked) return fail(back, stage, { error: 'verification_failed', failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
  if (code.length != host.codeLength) return fail(back, stage, { error: 'invalid_code' });
};

/** idle: a start begins a flow; there is no code to verify. */
const idle = (state: Idle, event: Event): Next => {
  if (event.type == 'start') return begin(state, event);
  if (event.type == 'verify') return refuseVerify(state, event)!;
  return stay(state);
};

/**
 * sending: a token wait, then the start request. A start joins it; new settings, reset()
 * or a lasting removal abort it; its answer leads to code-sent, or back with the failure.
 */
const sending = (state: Sending, event: Event): Next => {
  const { flow, back } = state;
  switch (event.type) {
    case 'start':
      // It joins the one in flight, unless the page set a token of its own during the token
      // wait and then called start(): that start is theirs, with that token.
      if (flow.token !== undefined || event.host.token == flow.began.token) return stay(state);
      const [next, effects] = begin(back, event);
      return [next, [...end(state)[1], ...effects]];
    case 'token': {
      const { result, now } = event;
      if (!current(state, event.flow)) return stay(state);
      if (result.error !== undefined) return fail(back, 'start', result, true);
      // A token the server already refused is not sent again, wherever it comes from.
      if (result.token == back.dead) return fail(back, 'start', { error: 'expired_token' }, true);
      // The page set a token of its own while the provider worked: new settings end the flow.
      if (event.hostToken != flow.began.token && event.hostToken != result.token) return end(state);
      const left = state.deadline - now;
      // Sent with a millisecond left, it would reach the person as a code and the page as a timeout.
      if (left < state.timeout / 4) return fail(back, 'start', { error: 'timeout' }, true);
      const renewed = { ...flow, token: result.token };
      return [{ ...state, flow: renewed }, [{ type: 'send', flow: renewed, stage: 'start', timeout: left }]];
    }
    case 'answer': {
      const { now } = event;
      if (!current(state, event.flow)) return stay(state);
      const result = event.result as Result<StartResponse>;
      if (result.error !== undefined) return fail({ ...back, ...aftermath(result, flow.token, now) }, 'start', result, true);
      const { challengeId } = result;
      return [
        { name: 'code-sent', flow: { ...flow, challengeId }, dead: back.dead, wait: countdown(flow.cooldown, now) },
        [report({ challengeId }, 'start')],
      ];
    }
    case 'gone':
      // A lasting removal aborts the request, with no event; the step goes back to before it.
      return [back, [{ type: 'abort', flow }, quiet({ stage: 'start', error: 'aborted' }, 'start')]];
  }
  return stay(state);
};

/** code-sent: the code field. A whole code is verified; a resend after the countdown; typing clears a wrong-code message. */
const codeSent = (state: CodeSent, event: Event): Next => {
  switch (event.type) {
    case 'start':
      return begin(state, event);
    case 'verify': {
      const refused = refuseVerify(state, event);
      if (refused) return refused;
      const { flow, wait, dead } = state;
      return [
        { name: 'verifying', flow, wait: running(wait, event.now), dead },
        [{ type: 'send', flow, stage: 'verify', code: event.code, timeout: event.host.timeout }],
      ];
    }
    case 'typed':
      // A wrong-code message no longer applies once the person types again; a rate limit or a dead token still does.
      if (state.error?.stage != 'verify' || state.locked || state.wait?.limit || viewOf(state).ended) return stay(state);
      return [{ ...state, error: undefined }, []];
  }
  return stay(state);
};

/** verifying: the code is being checked; a verify joins it. Verified, or back to the code step with why not. */
const verifying = (state: Verifying, event: Event): Next => {
  const { flow, wait, dead, ready } = state;
  const back: CodeSent = { name: 'code-sent', flow, wait, dead, ready };
  switch (event.type) {
    case 'answer': {
      if (!current(state, event.flow)) return stay(state);
      const result = event.result as Result<VerifyResponse>;
      if (result.error !== undefined) {
        const after = { ...back, ...aftermath(result, flow.token, event.now, wait) };
        // A 401 ended the code step: only a new code (a fresh token) helps, so the cooldown no longer stands in the way.
        if (result.status == 401 && !after.wait?.limit) after.wait = undefined;
        return fail(after, 'verify', result, true);
      }
      if (result.isVerified) {
        const detail = { challengeId: flow.challengeId, token: result.accessToken! };
        return [{ name: 'verified', flow, token: detail.token, dead }, [report(detail, 'verify')]];
      }
      const locked = result.failureReason == 'MAX_ATTEMPTS_EXCEEDED';
      // Locked, only a new code helps: the resend cooldown no longer stands in the way (a rate limit does).
      const after = { ...back, locked, wait: locked && !wait?.limit ? undefined : wait };
      return fail(after, 'verify', { error: 'verification_failed', failureReason: result.failureReason }, true);
    }
    case 'gone':
      // The code step stays, with a controller of its own for the verifies still to come.
      return [
        { ...back, flow: { ...flow, abort: new AbortController() } },
        [{ type: 'abort', flow }, quiet({ stage: 'verify', error: 'aborted' }, 'verify')],
      ];
  }
  return stay(state);
};

/** verified: verify() says so again, quietly; a start begins a new flow (if it fails, nothing is verified). */
const verified = (state: Verified, event: Event): Next => {
  if (event.type == 'start') return begin({ name: 'idle', dead: state.dead }, event);
  if (event.type == 'verify') return [state, [quiet({ challengeId: state.flow.challengeId, token: state.token })]];
  return stay(state);
};

const STATES: { [N in State['name']]: (state: Extract<State, { name: N }>, event: Event) => Next } = {
  idle,
  sending,
  'code-sent': codeSent,
  verifying,
  verified,
};

/**
 * The flow (DESIGN.md §3): what `event` does in `state`. First what every state does alike
 * (a call on a detached element, reset(), new settings, a countdown's tick), then the state's own rules.
 */
export const transition = (state: State, event: Event): Next => {
  switch (event.type) {
    case 'start':
    case 'verify':
      // A detached element sends nothing: no code may go out that no page shows a field for.
      if (!event.host.connected) return [state, [quiet({ stage: event.type, error: 'aborted' })]];
      break;
    case 'reset':
      return end(state);
    case 'settings': {
      const { flow } = state as Partial<CodeSent>;
      return flow && changed(flow, event.settings) ? end(state) : stay(state);
    }
    case 'tick': {
      const step = state as Idle | CodeSent | Verifying;
      if (!step.wait || event.now < step.wait.until) return stay(state);
      // A "try again in 30 seconds" message has said its piece; "you can ask now" says the rest.
      const error = (step as Idle).error?.error == 'too_many_requests' ? undefined : (step as Idle).error;
      return [{ ...step, wait: undefined, ready: true, ...(step.name != 'verifying' && { error }) }, []];
    }
  }
  return (STATES[state.name] as (state: State, event: Event) => Next)(state, event);
};
