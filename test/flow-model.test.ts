/**
 * A model-based test of the whole flow: fast-check makes random sequences of what pages and
 * people do, and after every sequence the rules of ../shared/DESIGN.md section 3 (and the
 * promises of section 2) must hold. The model is written from those words alone: nothing
 * here is imported from src/ but the element's registration.
 *
 * What pages and people do (the commands):
 *   clicks on the visible send or resend control; start(); verify() with the right or a
 *   wrong code; reset(); a token / region / base-url change and start() in the same task;
 *   moves, lasting removals and re-insertions; listeners that call back into the element
 *   from inside each of its events; a tokenProvider that is slow, hangs, stores the token it
 *   hands over at once, or stores it in a later task (React state, a Vue ref); the page
 *   setting `token` to the value the flow already uses; the device clock jumping an hour
 *   forward or back; an input-method composition in the code field; a 401 on start and on
 *   verify; typing while a code is being checked; verify() after verification; reset()
 *   during a token wait.
 *
 * The rules (each names the words of DESIGN it comes from):
 *   - every method call settles exactly once and never rejects, with an outcome of its own
 *     stage: the detail of an event the element emitted, or `{ stage, error: 'aborted' }`
 *     with no event; a call made while disconnected settles 'aborted'; a call made while
 *     connected is aborted only by reset(), a settings change or a lasting removal while it
 *     runs, and then at once (§2 provider signal: "that start settles aborted at once");
 *   - at most one Client API request in flight, none sent by a disconnected element, no
 *     event while disconnected; no more start requests than starts asked for;
 *   - a token the server refused with a 401 is never sent again (§3 "A 401 makes the flow's
 *     token dead");
 *   - a provider storing the token it handed over, or the page setting `token` to the value
 *     the flow uses, ends nothing (§2): no abort, no state change, no second WhatsApp message;
 *   - the tokenProvider is called with `{ signal }`, and reset() during its wait aborts it;
 *   - after `verified`, verify() settles with the verified detail and shows and emits nothing;
 *   - every countdown runs on a monotonic clock: a clock jump changes no countdown, the
 *     resend wait neither ends early nor grows; no countdown above what the element was told;
 *   - the code field: read-only while a code is being checked (the chosen design: what the
 *     person types after a verify went out cannot be lost because it cannot be typed), not
 *     rewritten during a composition and nothing verified during one, cleaned when it ends;
 *   - a 401 on verify ends the code step: the alert stays, the field and Verify are disabled;
 *   - once everything has settled the element is not busy, and its `state` agrees with what
 *     happened last; a challengeId is reported as started once; nothing reaches the page as
 *     an error.
 *
 * Against the real simulator, over real HTTP: its codes, challenges and answers are the real
 * ones, so "the right code" really is right; 401s are scripted per token (sim faults). What
 * the test adds is latency: the page's fetch is wrapped so each real answer reaches the
 * element 0-120 ms late, chosen by fast-check, which is what makes calls overlap; and a
 * "hold" that keeps one verify answer back while the test types.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import fc from 'fast-check';
import '../src/define.js';
import type { Challenge } from './helpers/element.js';
import { sleep } from './helpers/element.js';
import { press as pressKey, type as typeKeys } from './helpers/keyboard.js';
import { CROSS_ORIGIN_SIM_API, SIM_API, inbox, newToken, scriptFaults } from './helpers/sim.js';
import { follow, recordPageErrors, watchFetch, type Call, type FetchWatch, type PageErrors } from './helpers/watch.js';

type EventType = 'challenge-started' | 'challenge-verified' | 'challenge-error';
type Detail = Record<string, unknown>;
type ListenerAction = 'reset' | 'start' | 'verify' | 'reset+start';
type ProviderKind = 'slow' | 'hanging' | 'stores-now' | 'stores-later';

/** What the commands need to know to decide what may run next. */
interface Model {
  connected: boolean;
}

/** A method call and what held when it was made. */
interface TrackedCall {
  call: Call<Detail>;
  stage: 'start' | 'verify';
  connectedAtCall: boolean;
  /** real.flowEnds when the call was made, and when it settled. */
  flowEndsAtCall: number;
  flowEndsAtSettle?: number;
  settledAt?: number;
}

/** A call of the tokenProvider. */
interface ProviderCall {
  kind: ProviderKind;
  signal?: AbortSignal;
  flowEndsAtCall: number;
  at: number;
  /** real.marks.length at the call: what came after it. */
  marksAtCall: number;
  token?: string;
}

/**
 * What happened, in order, as far as "the state agrees with the last thing" cares.
 * 'maybe-settings' is a token store whose meaning DESIGN leaves open (the flow it was
 * handed to has ended since): it may end a flow, and says nothing about the state.
 */
type Mark =
  | { kind: 'event'; type: EventType; detail: Detail; at: number }
  | { kind: 'reset' | 'settings' | 'maybe-settings' | 'removed' | 'inserted'; at: number };

/** A Client API request as the innermost fetch wrapper saw it. */
interface Exchange {
  path: string;
  token: string;
  status?: number;
  aborted?: boolean;
}

interface Real {
  el: Challenge;
  home: HTMLElement;
  elsewhere: HTMLElement;
  cooldown: number;
  /** Simulator tokens the page may set; more are minted when these die. */
  tokens: string[];
  /** What providers hand out: the first that is not dead. */
  providerTokens: string[];
  /** Tokens the element learned are refused (a 401 reached it as challenge-error). */
  dead: Set<string>;
  providerCalls: ProviderCall[];
  /** The provider's latest answer. */
  lastProvided?: string;
  network: FetchWatch;
  exchanges: Exchange[];
  /** Keeps the next verify answer back until released. */
  hold?: { promise: Promise<void>; release: () => void; taken: boolean };
  page: PageErrors;
  calls: TrackedCall[];
  /** Starts asked for: start() calls, clicks on a send or resend control, listener starts. */
  startIntents: number;
  events: { type: EventType; detail: Detail; connected: boolean }[];
  marks: Mark[];
  /** How many times something that may abort a request happened, and when. */
  flowEnds: number;
  flowEndTimes: number[];
  violations: string[];
  /** The newest code the simulator sent for any of this run's tokens, when known. */
  lastCode?: string;
  region: 'eu' | 'au';
  clockOffset: number;
  observer?: MutationObserver;
  /** How many times each targeted check got as far as its assertion. */
  checked: Record<string, number>;
}

const EVENTS: EventType[] = ['challenge-started', 'challenge-verified', 'challenge-error'];
/** Per request. Long enough that "aborted at once" and "after the timeout" differ. */
const TIMEOUT_MS = 2000;
/** "At once", on a loaded CI machine. */
const PROMPT_MS = 600;
const HOUR = 3_600_000;
const WRONG = '000000';

const isStartOutcome = (o: Detail | undefined) => !!o && (('challengeId' in o && !('token' in o)) || o.stage == 'start');
const isVerifyOutcome = (o: Detail | undefined) => !!o && ('token' in o || o.stage == 'verify');
const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a) == JSON.stringify(b);
const part = <T extends HTMLElement = HTMLElement>(el: Challenge, name: string) => el.shadowRoot?.querySelector<T>(`[part~="${name}"]`) ?? null;
const shown = (node: HTMLElement | null) => !!node && !node.hidden && node.getClientRects().length > 0;
const offered = (button: HTMLButtonElement | null) => shown(button) && !button!.disabled;
const textOf = (node: HTMLElement | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const fullWidth = (code: string) => [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
const busy = (el: Challenge) => el.state == 'sending' || el.state == 'verifying';
const lastEventMark = (real: Real) => real.marks.at(-1)?.kind == 'event' ? (real.marks.at(-1) as Extract<Mark, { kind: 'event' }>) : undefined;

const track = (real: Real, stage: 'start' | 'verify', call: () => Promise<object>) => {
  if (stage == 'start') real.startIntents++;
  // A call made while others are still unsettled may wait for them and share their fate:
  // what could end their flow counts for it too.
  const pending = real.calls.filter((c) => c.call.settlements == 0).map((c) => c.flowEndsAtCall);
  const tracked: TrackedCall = {
    call: follow(`${stage}()`, call as () => Promise<Detail>),
    stage,
    connectedAtCall: real.el.isConnected,
    flowEndsAtCall: Math.min(real.flowEnds, ...pending),
  };
  tracked.call.done.then(() => {
    tracked.flowEndsAtSettle = real.flowEnds;
    tracked.settledAt = performance.now();
  });
  real.calls.push(tracked);
  return tracked;
};

/** Something that ends the flow under way, and may abort its request, is about to happen. */
const endFlow = (real: Real, kind: 'reset' | 'settings' | 'maybe-settings' | 'removed') => {
  real.marks.push({ kind, at: performance.now() });
  real.flowEnds++;
  real.flowEndTimes.push(performance.now());
};

const checked = (real: Real, name: string) => (real.checked[name] = (real.checked[name] ?? 0) + 1);

const liveTokens = (real: Real, pool: string[]) => pool.filter((t) => !real.dead.has(t));

/** The newest code in the simulator's inbox for this run's tokens. */
const refreshCode = async (real: Real) => {
  const messages = (await Promise.all([...real.tokens, ...real.providerTokens].map((t) => inbox(t)))).flat();
  messages.sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  real.lastCode = messages[0]?.code ?? real.lastCode;
};

const messageCount = async (real: Real) =>
  (await Promise.all([...real.tokens, ...real.providerTokens].map((t) => inbox(t)))).reduce((n, m) => n + m.length, 0);

/** Everything under way has finished, or `ms` passed. */
const settle = async (real: Real, ms: number) => {
  const done = () => real.calls.every((c) => c.call.settlements > 0) && real.network.inFlight == 0 && !busy(real.el);
  await waitUntil(done, '', { timeout: ms, interval: 10 }).catch(() => undefined);
};

/**
 * Brings the element to the code step, just after a start, if it is not there: what a
 * person does before typing a code. True when it got there and nothing else happened.
 */
const toCodeStep = async (real: Real) => {
  const { el } = real;
  await settle(real, 3000);
  if (!el.isConnected) return false;
  if (el.state != 'code-sent' || lastEventMark(real)?.type != 'challenge-started') {
    const started = track(real, 'start', () => el.start());
    await Promise.race([started.call.done, sleep(TIMEOUT_MS + 500)]);
    await settle(real, 3000);
  }
  await el.updateComplete;
  return el.state == 'code-sent' && lastEventMark(real)?.type == 'challenge-started';
};

/** Clicks the visible send control, or in the code step the resend control; true if one was offered. */
const clickSendOrResend = (real: Real) => {
  const { el } = real;
  const send = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]:not([hidden])');
  const target = send ?? part<HTMLButtonElement>(el, 'resend-button');
  if (!target || !offered(target)) return false;
  real.startIntents++;
  target.click();
  return true;
};

// ---------------------------------------------------------------------------------------
// The tokenProvider (§2: `({ signal }) => Promise<string>`, may store what it hands over)
// ---------------------------------------------------------------------------------------

const installProvider = (real: Real, kind: ProviderKind) => {
  const { el } = real;
  el.tokenProvider = (async (options?: { signal?: AbortSignal }) => {
    const call: ProviderCall = { kind, signal: options?.signal, flowEndsAtCall: real.flowEnds, at: performance.now(), marksAtCall: real.marks.length };
    real.providerCalls.push(call);
    if (!(options?.signal instanceof AbortSignal)) real.violations.push('the tokenProvider was called without { signal } (DESIGN §2)');
    if (kind == 'hanging') return new Promise<string>(() => {});
    if (kind == 'slow') await sleep(60);
    let token = liveTokens(real, real.providerTokens)[0];
    if (!token) {
      token = await newToken({ startLimit: { max: 1000, windowSeconds: 60 } });
      real.providerTokens.push(token);
    }
    call.token = token;
    real.lastProvided = token;
    const store = () => {
      if (el.token == token) return;
      // A refused token stored once its flow has ended: DESIGN does not say, so not done.
      if (real.dead.has(token!) && !(real.flowEnds == call.flowEndsAtCall && real.lastProvided == token)) return;
      // The token the flow it was handed to uses, while that flow lasts: it changes nothing.
      // Once that flow has ended (or another answer came since), DESIGN does not say.
      // A token stored at once, while the provider still works, looks to a start() called
      // before the provider answers like a token the page set of its own: DESIGN's two rules
      // (storing changes nothing; a page's token then start() begins a new flow) cannot both
      // hold there, and the element takes it as the page's (one message either way; the
      // first start settles aborted). So a store at once may end the flow; a later store
      // (React state, the case DESIGN is about) is held strictly.
      const strict = kind == 'stores-later' && real.flowEnds == call.flowEndsAtCall && real.lastProvided == token;
      if (!strict) endFlow(real, 'maybe-settings');
      else checked(real, 'provider stored its token later');
      el.token = token!;
    };
    if (kind == 'stores-now') store();
    if (kind == 'stores-later') setTimeout(store, 30);
    return token;
  }) as Challenge['tokenProvider'];
};

/** Empties `token` (a settings change when it held one) so that the provider is asked. */
const useProvider = (real: Real, kind: ProviderKind) => {
  installProvider(real, kind);
  // From a token the provider handed over back to '', the setting the flow began with:
  // DESIGN does not say whether that ends the flow.
  if (real.el.token) endFlow(real, real.el.token == real.lastProvided ? 'maybe-settings' : 'settings');
  real.el.token = '';
};

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

/** A command (fc.AsyncCommand<Model, Real>) that may run whenever, unless it says otherwise. */
abstract class Command {
  check: (m: Readonly<Model>) => boolean = () => true;
}

class ClickSend extends Command {
  async run(_: Model, real: Real) {
    clickSendOrResend(real);
  }
  override toString = () => 'click send';
}

class CallStart extends Command {
  async run(_: Model, real: Real) {
    track(real, 'start', () => real.el.start());
  }
  override toString = () => 'start()';
}

class CallVerify extends Command {
  constructor(readonly right: boolean) {
    super();
  }
  async run(_: Model, real: Real) {
    if (this.right) await refreshCode(real);
    const code = this.right && real.lastCode ? real.lastCode : WRONG;
    track(real, 'verify', () => real.el.verify(code));
  }
  override toString = () => `verify(${this.right ? 'right' : 'wrong'} code)`;
}

/** The person's own path: start, wait for it, then the right code (not waited for). */
class StartThenVerify extends Command {
  async run(_: Model, real: Real) {
    const started = track(real, 'start', () => real.el.start());
    await Promise.race([started.call.done, sleep(TIMEOUT_MS + 500)]);
    await refreshCode(real);
    track(real, 'verify', () => real.el.verify(real.lastCode ?? WRONG));
  }
  override toString = () => 'start(), wait, verify(right code)';
}

class Reset extends Command {
  async run(_: Model, real: Real) {
    endFlow(real, 'reset');
    real.el.reset();
  }
  override toString = () => 'reset()';
}

/** A new token, region or base-url, and start() in the same task. */
class ChangeThenStart extends Command {
  constructor(readonly setting: 'token' | 'region' | 'base-url') {
    super();
  }
  async run(_: Model, real: Real) {
    const { el } = real;
    let next: string | undefined;
    if (this.setting == 'token') {
      next = liveTokens(real, real.tokens).find((t) => t != el.token);
      if (!next) real.tokens.push((next = await newToken({ startLimit: { max: 1000, windowSeconds: 60 } })));
    }
    // From here on, one task.
    endFlow(real, 'settings');
    if (this.setting == 'token') el.token = next!;
    else if (this.setting == 'region') el.region = real.region = real.region == 'eu' ? 'au' : 'eu';
    else el.baseUrl = el.baseUrl == SIM_API ? CROSS_ORIGIN_SIM_API : SIM_API;
    track(real, 'start', () => el.start());
  }
  override toString = () => `set ${this.setting}, then start()`;
}

/** The page sets `token` to the value the flow uses (a framework re-rendering its binding). */
class SetSameToken extends Command {
  constructor(readonly viaAttribute: boolean) {
    super();
  }
  async run(_: Model, real: Real) {
    const { el } = real;
    const set = (value: string) => (this.viaAttribute ? el.setAttribute('token', value) : (el.token = value));
    const value = el.token || real.lastProvided;
    if (!value || value == el.token) {
      if (value) checked(real, 'page set the token it had set');
      set(el.token);
      return;
    }
    // The provider's answer, set by the page: the same as a provider storing it later.
    const call = real.providerCalls.filter((c) => c.token == value).at(-1);
    const strict = !!call && real.flowEnds == call.flowEndsAtCall && real.lastProvided == value;
    // A refused token set again once its flow has ended: DESIGN does not say, so not done.
    if (!strict && real.dead.has(value)) return;
    if (!strict) endFlow(real, 'maybe-settings');
    else checked(real, "page set the provider's token the flow uses");
    set(value);
  }
  override toString = () => `set token to the value the flow uses${this.viaAttribute ? ' (attribute)' : ''}`;
}

/** Removed and re-inserted elsewhere in one task, as a modal or a portal does. */
class Move extends Command {
  override check = (m: Readonly<Model>) => m.connected;
  async run(_: Model, real: Real) {
    const { el, home, elsewhere } = real;
    const target = el.parentNode == home ? elsewhere : home;
    el.remove();
    target.append(el);
  }
  override toString = () => 'move (remove + re-insert, same task)';
}

/** Removed past the end of the task; then put back, or left out for later commands. */
class RemoveForGood extends Command {
  constructor(readonly putBack: boolean) {
    super();
  }
  override check = (m: Readonly<Model>) => m.connected;
  async run(m: Model, real: Real) {
    real.el.remove();
    endFlow(real, 'removed');
    m.connected = false;
    await sleep(20);
    if (this.putBack) {
      real.home.append(real.el);
      real.marks.push({ kind: 'inserted', at: performance.now() });
      m.connected = true;
    }
  }
  override toString = () => `remove (for good)${this.putBack ? ', re-insert 20 ms later' : ''}`;
}

class Reinsert extends Command {
  override check = (m: Readonly<Model>) => !m.connected;
  async run(m: Model, real: Real) {
    real.home.append(real.el);
    real.marks.push({ kind: 'inserted', at: performance.now() });
    m.connected = true;
  }
  override toString = () => 're-insert';
}

/** A listener of one event that calls back into the element from inside it, once. */
class ListenThenCall extends Command {
  constructor(readonly event: EventType, readonly action: ListenerAction) {
    super();
  }
  async run(_: Model, real: Real) {
    const { el } = real;
    el.addEventListener(
      this.event,
      () => {
        if (this.action == 'reset' || this.action == 'reset+start') {
          endFlow(real, 'reset');
          el.reset();
        }
        if (this.action == 'start' || this.action == 'reset+start') track(real, 'start', () => el.start());
        if (this.action == 'verify') track(real, 'verify', () => el.verify(real.lastCode ?? WRONG));
      },
      { once: true },
    );
  }
  override toString = () => `on ${this.event}: ${this.action}()`;
}

class UseProvider extends Command {
  constructor(readonly kind: ProviderKind) {
    super();
  }
  async run(_: Model, real: Real) {
    useProvider(real, this.kind);
  }
  override toString = () => `${this.kind} tokenProvider, token ''`;
}

/**
 * The provider stores its token 30 ms after handing it over (React state): the code step
 * stays, and during the resend cooldown a second click sends no second WhatsApp message.
 */
class ProviderStoresLater extends Command {
  override check = (m: Readonly<Model>) => m.connected;
  async run(_: Model, real: Real) {
    const { el } = real;
    await settle(real, 3000);
    endFlow(real, 'reset');
    el.reset();
    useProvider(real, 'stores-later');
    await el.updateComplete;
    const [marks, calls, messages] = [real.marks.length, real.calls.length, await messageCount(real)];
    if (!clickSendOrResend(real)) return;
    await waitUntil(() => real.marks.length > marks, '', { timeout: TIMEOUT_MS + 1000, interval: 10 }).catch(() => undefined);
    await sleep(100); // the store has happened
    const quiet = () => real.marks.length == marks + 1 && real.calls.length == calls && lastEventMark(real)?.type == 'challenge-started';
    if (!quiet()) return;
    checked(real, 'provider stores later');
    if (el.state != 'code-sent') real.violations.push(`a provider stored its token 30 ms after handing it over: state ${el.state}, not code-sent (DESIGN §2: it changes nothing)`);
    if (real.cooldown < 30) return;
    clickSendOrResend(real);
    await sleep(400);
    await settle(real, 3000);
    if (real.marks.length == marks + 1 && real.calls.length == calls) {
      checked(real, 'no second message');
      const sent = (await messageCount(real)) - messages;
      if (sent != 1) real.violations.push(`a provider stored its token later, the person clicked again during the 30 s cooldown: ${sent} WhatsApp messages, not 1`);
    }
  }
  override toString = () => 'reset(), provider that stores its token 30 ms later, click send, click again';
}

/** reset() while the provider has not answered: the start settles aborted at once, the provider's signal aborts. */
class ResetDuringTokenWait extends Command {
  override check = (m: Readonly<Model>) => m.connected;
  async run(_: Model, real: Real) {
    const { el } = real;
    await settle(real, 3000);
    useProvider(real, 'hanging');
    const before = real.providerCalls.length;
    const start = track(real, 'start', () => el.start());
    await sleep(30);
    const asked = real.providerCalls[before];
    if (!asked || start.call.settlements) return;
    const resetAt = performance.now();
    endFlow(real, 'reset');
    el.reset();
    await Promise.race([start.call.done, sleep(TIMEOUT_MS + 500)]);
    checked(real, 'reset in token wait');
    const took = (start.settledAt ?? performance.now()) - resetAt;
    if (start.call.value?.error != 'aborted' || took > PROMPT_MS)
      real.violations.push(`reset() during a token wait: start() settled ${JSON.stringify(start.call.value)} ${Math.round(took)} ms later, not aborted at once`);
    if (!asked.signal?.aborted) real.violations.push('reset() during a token wait did not abort the signal the tokenProvider was given');
  }
  override toString = () => "hanging provider, token '', start(), reset() during the wait";
}

/** A 401 on the next start (the token it will use), then start(). */
const EXPIRED = { status: 401, body: { error: 'unauthorized', errorCode: 'expired_token', errorDescription: 'The token has expired.' } };

/**
 * A 401 on the next start (the token it will use), then start(). Waited for, when asked to:
 * with no provider, the next start then sends nothing and settles expired_token at once.
 */
class Unauthorized401OnStart extends Command {
  constructor(readonly wait: boolean) {
    super();
  }
  async run(_: Model, real: Real) {
    const { el } = real;
    const token = el.token || liveTokens(real, real.providerTokens)[0];
    if (token) await scriptFaults(token, { route: 'challenge', ...EXPIRED });
    const marks = real.marks.length;
    const first = track(real, 'start', () => el.start());
    if (!this.wait || !el.isConnected) return;
    await Promise.race([first.call.done, sleep(TIMEOUT_MS + 500)]);
    await settle(real, 3000);
    const last = lastEventMark(real);
    if (el.tokenProvider || real.marks.length != marks + 1 || last?.detail.error != 'expired_token' || !real.dead.has(el.token)) return;
    checked(real, 'start with a dead token and no provider');
    const sent = real.network.sent.length;
    const again = track(real, 'start', () => el.start());
    await Promise.race([again.call.done, sleep(PROMPT_MS)]);
    if (again.call.value?.error != 'expired_token' && again.call.value?.error != 'aborted')
      real.violations.push(`start() with a dead token and no provider settled ${JSON.stringify(again.call.value)} within ${PROMPT_MS} ms, not expired_token at once`);
    if (real.network.sent.length != sent) real.violations.push('start() with a dead token and no provider sent a request');
  }
  override toString = () => `401 expired_token on the next start, start()${this.wait ? ', wait, start() again' : ''}`;
}

/** In the code step, a 401 on verify: the code step ends, the alert stays, the field and Verify are disabled. */
class Unauthorized401OnVerify extends Command {
  constructor(readonly withProvider: boolean) {
    super();
  }
  override check = (m: Readonly<Model>) => m.connected;
  async run(_: Model, real: Real) {
    const { el } = real;
    if (this.withProvider && !el.tokenProvider) useProvider(real, 'slow');
    if (!(await toCodeStep(real))) return;
    const token = real.exchanges.filter((x) => x.path.endsWith('/challenge/whatsapp') && x.status == 200).at(-1)?.token;
    if (!token) return;
    await scriptFaults(token, { route: 'verify', ...EXPIRED });
    const [marks, calls] = [real.marks.length, real.calls.length];
    const verify = track(real, 'verify', () => el.verify(WRONG));
    await Promise.race([verify.call.done, sleep(TIMEOUT_MS + 500)]);
    await el.updateComplete;
    const last = lastEventMark(real);
    // Nothing else under way (a listener's start() would rightly clear the alert).
    const alone = () => real.marks.length == marks + 1 && real.calls.length == calls + 1 && !busy(el);
    if (!alone() || last?.detail.error != 'expired_token' || last.detail.stage != 'verify') return;
    checked(real, '401 on verify');
    const input = part<HTMLInputElement>(el, 'code-input');
    const button = part<HTMLButtonElement>(el, 'verify-button');
    if (input && shown(input) && !input.disabled) real.violations.push('after a 401 on verify the code field is not disabled (DESIGN §3)');
    if (button && offered(button)) real.violations.push('after a 401 on verify the Verify button is still offered (DESIGN §3)');
    if (!textOf(part(el, 'error'))) real.violations.push('after a 401 on verify no alert is shown');
    // With a provider, "Send a new code" is offered, which gets a fresh token.
    if (!el.tokenProvider) return;
    const resend = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]:not([hidden])') ?? part<HTMLButtonElement>(el, 'resend-button');
    await waitUntil(() => offered(resend()), '', { timeout: 2500, interval: 20 }).catch(() => undefined);
    if (!alone()) return;
    checked(real, '401 on verify, provider: send a new code');
    if (!offered(resend())) {
      real.violations.push(`after a 401 on verify with a tokenProvider, no "Send a new code" is offered within 2.5 s (resend-cooldown ${real.cooldown})`);
      return;
    }
    const [asked, sent] = [real.providerCalls.length, real.network.sent.length];
    clickSendOrResend(real);
    await waitUntil(() => real.marks.length > marks + 1, '', { timeout: TIMEOUT_MS + 1000, interval: 10 }).catch(() => undefined);
    if (real.marks.length != marks + 2 || real.calls.length != calls + 1) return;
    if (real.providerCalls.length == asked) real.violations.push('after a 401 on verify, "Send a new code" did not ask the tokenProvider for a fresh token');
    // A provider already installed may be one that hangs or fails: then the start rightly sends nothing.
    const outcome = lastEventMark(real)?.detail;
    if (outcome?.stage == 'start' && (outcome.error == 'timeout' || outcome.error == 'token_unavailable')) return;
    if (real.network.sent.length == sent) real.violations.push('after a 401 on verify, "Send a new code" sent no start');
  }
  override toString = () => `in the code step${this.withProvider ? ' (tokenProvider)' : ''}: 401 expired_token on verify(wrong code)${this.withProvider ? ', then Send a new code' : ''}`;
}

/** The person types while a code is being checked (its answer held back meanwhile). */
class TypeDuringVerify extends Command {
  override check = (m: Readonly<Model>) => m.connected;
  async run(_: Model, real: Real) {
    const { el } = real;
    if (!(await toCodeStep(real))) return;
    const input = part<HTMLInputElement>(el, 'code-input');
    if (!input || input.disabled || input.readOnly || !shown(input)) return;
    let release!: () => void;
    real.hold = { promise: new Promise<void>((resolve) => (release = resolve)), release: () => release(), taken: false };
    const safety = setTimeout(() => real.hold?.release(), 4000);
    try {
      const verifies = real.network.sent.filter((r) => r.path.endsWith('/verify/whatsapp')).length;
      input.focus();
      input.value = WRONG;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: WRONG, inputType: 'insertFromPaste' }));
      await el.updateComplete;
      if (el.state == 'code-sent') {
        const button = part<HTMLButtonElement>(el, 'verify-button');
        if (!offered(button)) return;
        button!.click();
      }
      const out = () => real.network.sent.filter((r) => r.path.endsWith('/verify/whatsapp')).length > verifies && real.hold?.taken;
      await waitUntil(out, '', { timeout: 1000, interval: 10 }).catch(() => undefined);
      if (!out() || (el.state as string) != 'verifying') return;
      await el.updateComplete;
      checked(real, 'typing during verify');
      const before = input.value;
      input.focus();
      await pressKey('Backspace');
      await typeKeys('7');
      await sleep(20);
      if ((el.state as string) == 'verifying' && input.value != before)
        real.violations.push(`Backspace and '7' typed while a code was being checked: the field went from "${before}" to "${input.value}" (read-only: ${input.readOnly}); what is typed after a verify went out must not be lost`);
    } finally {
      clearTimeout(safety);
      real.hold?.release();
      real.hold = undefined;
    }
  }
  override toString = () => 'paste a wrong code, Verify, type a digit while it is checked';
}

/** An input-method composition in the code field (a Japanese or Chinese IME's full-width digits). */
class Compose extends Command {
  constructor(readonly right: boolean) {
    super();
  }
  override check = (m: Readonly<Model>) => m.connected;
  async run(_: Model, real: Real) {
    const { el } = real;
    if (!(await toCodeStep(real))) return;
    await refreshCode(real);
    const input = part<HTMLInputElement>(el, 'code-input');
    if (!input || input.disabled || input.readOnly || !shown(input)) return;
    const code = fullWidth(this.right && real.lastCode ? real.lastCode : WRONG);
    const verifies = () => real.network.sent.filter((r) => r.path.endsWith('/verify/whatsapp')).length;
    checked(real, 'composition');
    const before = verifies();
    input.focus();
    input.value = '';
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, composed: true, data: '' }));
    for (let i = 1; i <= code.length; i++) {
      const text = code.slice(0, i);
      input.value = text;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: text, inputType: 'insertCompositionText', isComposing: true }));
      await el.updateComplete;
      await sleep(0);
      if (input.value != text) {
        real.violations.push(`the code field was rewritten during a composition: "${text}" became "${input.value}"`);
        break;
      }
    }
    if (verifies() > before || (el.state as string) == 'verifying') real.violations.push('a code was verified during a composition');
    input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, composed: true, data: code }));
    await el.updateComplete;
    if (!/^[0-9]*$/.test(input.value)) real.violations.push(`the composition ended and the field holds "${input.value}", not a cleaned code`);
  }
  override toString = () => `compose the ${this.right ? 'right' : 'wrong'} code in full-width digits`;
}

/** verify() once verified: the verified detail, nothing shown, nothing emitted, nothing sent. */
class VerifyAfterVerified extends Command {
  override check = (m: Readonly<Model>) => m.connected;
  async run(_: Model, real: Real) {
    const { el } = real;
    if (el.state != 'verified' && (await toCodeStep(real))) {
      await refreshCode(real);
      const verify = track(real, 'verify', () => el.verify(real.lastCode ?? WRONG));
      await Promise.race([verify.call.done, sleep(TIMEOUT_MS + 500)]);
    }
    await settle(real, 3000);
    const last = lastEventMark(real);
    if (el.state != 'verified' || last?.type != 'challenge-verified') return;
    const [events, sent, calls] = [real.events.length, real.network.sent.length, real.calls.length];
    const verify = track(real, 'verify', () => el.verify(WRONG));
    await Promise.race([verify.call.done, sleep(1000)]);
    await sleep(50);
    await el.updateComplete;
    if (real.calls.length != calls + 1) return; // a listener called in meanwhile
    checked(real, 'verify after verified');
    if (!deepEqual(verify.call.value, last.detail)) real.violations.push(`verify() after verification settled ${JSON.stringify(verify.call.value)}, not the verified detail`);
    if (real.events.length != events) real.violations.push(`verify() after verification emitted ${real.events.slice(events).map((e) => `${e.type} ${JSON.stringify(e.detail)}`).join(', ')}`);
    if (real.network.sent.length != sent) real.violations.push('verify() after verification sent a request');
    if (textOf(part(el, 'error')) && shown(part(el, 'error'))) real.violations.push(`verify() after verification shows "${textOf(part(el, 'error'))}"`);
  }
  override toString = () => 'verify(right code) if not verified, then verify() after verification';
}

/**
 * The device clock jumps an hour (Date.now). §3: every countdown runs on a monotonic clock.
 * In the code step just after a start: with a 30 s cooldown, resend is still not offered a
 * second later; with a 1 s cooldown, it is offered once the second has passed.
 */
class ClockJump extends Command {
  constructor(readonly forward: boolean, readonly inCodeStep: boolean) {
    super();
  }
  async run(_: Model, real: Real) {
    const { el } = real;
    if (this.inCodeStep) await toCodeStep(real);
    real.clockOffset += this.forward ? HOUR : -HOUR;
    const last = lastEventMark(real);
    if (!el.isConnected || el.state != 'code-sent' || last?.type != 'challenge-started' || real.cooldown == 0) return;
    const marks = real.marks.length;
    await sleep(1200);
    if (real.marks.length != marks || el.state != 'code-sent') return;
    const sinceStart = performance.now() - last.at;
    checked(real, `clock ${real.cooldown} s cooldown`);
    const resend = part<HTMLButtonElement>(el, 'resend-button');
    if (real.cooldown == 30 && sinceStart < 25_000 && offered(resend))
      real.violations.push(`clock ${this.forward ? 'forward' : 'back'} an hour: resend offered ${Math.round(sinceStart / 1000)} s into a 30 s cooldown`);
    if (real.cooldown == 1 && sinceStart > 1200 && !offered(resend))
      real.violations.push(`clock ${this.forward ? 'forward' : 'back'} an hour: resend not offered ${Math.round(sinceStart / 1000)} s into a 1 s cooldown`);
  }
  override toString = () => `${this.inCodeStep ? 'in the code step: ' : ''}device clock ${this.forward ? 'forward' : 'back'} an hour`;
}

/** Lets everything under way finish (at most 3 s), then reads the newest code. */
class Settle extends Command {
  async run(_: Model, real: Real) {
    await settle(real, 3000);
    await refreshCode(real);
  }
  override toString = () => 'let it settle';
}

class Wait extends Command {
  constructor(readonly ms: number) {
    super();
  }
  async run() {
    await sleep(this.ms);
  }
  override toString = () => `wait ${this.ms} ms`;
}

/** Starts, right codes and settling come up more often than the rest, so that runs get as far as challenge-verified. */
const commands = [
  fc.constant(new ClickSend()),
  fc.constant(new CallStart()),
  fc.constant(new CallStart()),
  fc.boolean().map((right) => new CallVerify(right)),
  fc.constant(new CallVerify(true)),
  fc.constant(new StartThenVerify()),
  fc.constant(new StartThenVerify()),
  fc.constant(new Reset()),
  fc.constantFrom('token', 'region', 'base-url').map((s) => new ChangeThenStart(s as 'token' | 'region' | 'base-url')),
  fc.boolean().map((viaAttribute) => new SetSameToken(viaAttribute)),
  fc.constant(new Move()),
  fc.boolean().map((putBack) => new RemoveForGood(putBack)),
  fc.constant(new Reinsert()),
  fc.tuple(fc.constantFrom(...EVENTS), fc.constantFrom<ListenerAction>('reset', 'start', 'verify', 'reset+start')).map(([e, a]) => new ListenThenCall(e, a)),
  fc.constantFrom<ProviderKind>('slow', 'hanging', 'stores-now', 'stores-later', 'stores-later').map((k) => new UseProvider(k)),
  fc.constant(new ProviderStoresLater()),
  fc.constant(new ResetDuringTokenWait()),
  fc.boolean().map((wait) => new Unauthorized401OnStart(wait)),
  fc.boolean().map((withProvider) => new Unauthorized401OnVerify(withProvider)),
  fc.constant(new TypeDuringVerify()),
  fc.boolean().map((right) => new Compose(right)),
  fc.constant(new VerifyAfterVerified()),
  fc.tuple(fc.boolean(), fc.boolean()).map(([forward, inCodeStep]) => new ClockJump(forward, inCodeStep)),
  fc.boolean().map((forward) => new ClockJump(forward, true)),
  fc.constantFrom(0, 30, 150).map((ms) => new Wait(ms)),
  fc.constant(new Settle()),
  fc.constant(new Settle()),
];

// ---------------------------------------------------------------------------------------
// One run: a fresh element, the commands, then the rules
// ---------------------------------------------------------------------------------------

/** Each request's answer reaches the element this late (cycled through). */
const LATENCIES = fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 8 });

const realDateNow = Date.now;

/**
 * The innermost fetch wrapper: records each Client API exchange, adds the latency, and
 * keeps a verify answer back while `real.hold` is set. watchFetch wraps it, so a held or
 * delayed answer still counts as in flight.
 */
const wrapFetch = (real: Real, latencies: number[]) => {
  const original = window.fetch;
  let next = 0;
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!/\/(challenge|verify)\/whatsapp$/.test(url.pathname)) return original.call(window, input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const exchange: Exchange = { path: url.pathname, token: (headers.get('authorization') ?? '').replace(/^Bearer /, '') };
    real.exchanges.push(exchange);
    const signal = init?.signal ?? undefined;
    const wait = (promise: Promise<unknown>) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
        signal?.addEventListener('abort', () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError')), { once: true });
        promise.then(() => resolve());
      });
    try {
      const response = await original.call(window, input, init);
      exchange.status = response.status;
      await wait(sleep(latencies[next++ % latencies.length]!));
      if (real.hold && !real.hold.taken && url.pathname.endsWith('/verify/whatsapp')) {
        real.hold.taken = true;
        await wait(real.hold.promise);
      }
      return response;
    } catch (error) {
      exchange.aborted = !!signal?.aborted;
      throw error;
    }
  };
  window.fetch = wrapped as typeof fetch;
  return () => {
    if (window.fetch === wrapped) window.fetch = original;
  };
};

/** The seconds a countdown text says (English: "30 seconds", "2 minutes", "0:29"). */
const countdownSeconds = (text: string): number | undefined => {
  const clock = /(\d+):(\d{2})/.exec(text);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const minutes = /(\d+)\s*(minute|min)/i.exec(text);
  if (minutes) return Number(minutes[1]) * 60;
  const hours = /(\d+)\s*hour/i.exec(text);
  if (hours) return Number(hours[1]) * 3600;
  const seconds = /(\d+)/.exec(text);
  return seconds ? Number(seconds[1]) : undefined;
};

/** What the person sees, checked on every change of the element's shadow DOM. */
const watchScreen = (real: Real) => {
  const { el } = real;
  const seen = new Set<string>();
  const report = (message: string) => {
    if (!seen.has(message)) real.violations.push(message);
    seen.add(message);
  };
  const look = () => {
    if (!el.isConnected) return;
    // No wait longer than the element was told: the cooldown, or a 429's retryAfter.
    const rateLimited = real.events.some((e) => e.detail.error == 'too_many_requests');
    const most = rateLimited ? 3600 : real.cooldown;
    for (const name of ['countdown', 'resend-button', 'status']) {
      const node = part(el, name);
      if (!shown(node)) continue;
      const text = textOf(node);
      const seconds = /\d+:\d{2}|\d+\s*(second|minute|hour|min\b|s\b)/i.test(text) ? countdownSeconds(text) : undefined;
      if (seconds !== undefined) checked(real, 'countdown read');
      if (seconds !== undefined && seconds > most + 1) report(`the ${name} says "${text}" (${seconds} s) with resend-cooldown ${real.cooldown}${rateLimited ? '' : ' and no rate limit'}`);
    }
    // After verification nothing contradicts it.
    const error = part(el, 'error');
    if (el.state == 'verified' && shown(error) && textOf(error)) report(`state verified while the error part shows "${textOf(error)}"`);
  };
  real.observer = new MutationObserver(look);
  real.observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
};

const setUp = async (cooldown: number, latencies: number[]): Promise<{ real: Real; unwrap: () => void }> => {
  const startLimit = { max: 1000, windowSeconds: 60 };
  const [tokens, providerTokens] = await Promise.all([
    Promise.all([newToken({ startLimit }), newToken({ startLimit })]),
    Promise.all([newToken({ startLimit }), newToken({ startLimit })]),
  ]);
  const home = await fixture<HTMLDivElement>(html`<div class="home"></div>`);
  const elsewhere = document.createElement('div');
  document.body.append(elsewhere);
  const el = document.createElement('authsignal-whatsapp-challenge') as Challenge;
  Object.assign(el, { baseUrl: SIM_API, token: tokens[0], timeout: TIMEOUT_MS, resendCooldown: cooldown });
  const real: Real = {
    el,
    home,
    elsewhere,
    cooldown,
    tokens,
    providerTokens,
    dead: new Set(),
    providerCalls: [],
    page: recordPageErrors(),
    network: undefined as unknown as FetchWatch,
    exchanges: [],
    calls: [],
    startIntents: 0,
    events: [],
    marks: [],
    flowEnds: 0,
    flowEndTimes: [],
    violations: [],
    region: 'eu',
    clockOffset: 0,
    checked: {},
  };
  Date.now = () => realDateNow.call(Date) + real.clockOffset;
  const unwrap = wrapFetch(real, latencies);
  real.network = watchFetch({
    onSend: (request) => {
      if (!el.isConnected) real.violations.push(`a request (${request.path}) was sent by a disconnected element`);
      if (request.inFlightAtSend > 1) real.violations.push(`${request.inFlightAtSend} requests in flight when ${request.path} was sent`);
      if (real.dead.has(request.token)) real.violations.push(`${request.path} was sent with a token the server had refused with a 401 (DESIGN §3: the token is dead)`);
    },
  });
  // Attached before any listener a command adds, so an event is marked before a listener's reset().
  for (const type of EVENTS) {
    el.addEventListener(type, (event) => {
      const detail = (event as CustomEvent).detail as Detail;
      real.events.push({ type, detail, connected: el.isConnected });
      real.marks.push({ kind: 'event', type, detail, at: performance.now() });
      if (!el.isConnected) real.violations.push(`${type} emitted while the element was disconnected`);
      if ((type == 'challenge-started' || detail.stage == 'start') && real.dead.size) checked(real, 'start outcome after a 401');
      // The element now knows its token is refused.
      if (detail.status == 401) {
        const refused = real.exchanges.filter((x) => x.status == 401).at(-1)?.token;
        if (refused) real.dead.add(refused);
      }
    });
  }
  home.append(el);
  await el.updateComplete;
  watchScreen(real);
  return { real, unwrap };
};

const tearDown = (real: Real, unwrap: () => void) => {
  real.observer?.disconnect();
  real.network.stop();
  unwrap();
  Date.now = realDateNow;
  real.page.stop();
  real.el.remove();
  real.elsewhere.remove();
};

/**
 * Waits until every call has settled, nothing is in flight and the element is not busy: at
 * most 6 s, far more than a request's timeout plus its latency, so busy after that is stuck.
 */
const quiesce = async (real: Real) => {
  await settle(real, 6000);
  await sleep(50); // an event or a request that should not come would come now
  if (real.el.isConnected) await real.el.updateComplete;
};

/** The state DESIGN §3 gives after the last thing that happened, when it gives one. */
const expectedState = (last: Mark | undefined): { state?: string; not?: string } => {
  if (!last) return {};
  if (last.kind == 'reset' || last.kind == 'settings') return { state: 'idle' };
  if (last.kind != 'event') return {};
  if (last.type == 'challenge-verified') return { state: 'verified' };
  if (last.type == 'challenge-started') return { state: 'code-sent' };
  // verifying --wrong code (inline)--> code-sent
  if (last.detail.stage == 'verify' && last.detail.error == 'verification_failed') return { state: 'code-sent' };
  // "start() begins a new flow (if it fails, the state is idle, not verified)"
  if (last.detail.stage == 'start') return { not: 'verified' };
  return {};
};

/** Every rule, after the run; returns what broke. */
const rulesBroken = async (real: Real): Promise<string[]> => {
  const broken = [...real.violations];
  const { el, calls, events } = real;
  for (const [i, { call, stage, connectedAtCall, flowEndsAtCall, flowEndsAtSettle, settledAt }] of calls.entries()) {
    const name = `call #${i + 1} ${stage}()`;
    if (call.settlements != 1) {
      broken.push(`${name} settled ${call.settlements} times`);
      continue;
    }
    if (call.rejection !== undefined) {
      broken.push(`${name} rejected: ${String((call.rejection as Error)?.message ?? call.rejection)}`);
      continue;
    }
    const outcome = call.value;
    if (!(stage == 'start' ? isStartOutcome : isVerifyOutcome)(outcome)) broken.push(`${name} settled with another stage's outcome: ${JSON.stringify(outcome)}`);
    const aborted = outcome?.error == 'aborted';
    if (!connectedAtCall && !aborted) broken.push(`${name}, made while disconnected, settled with ${JSON.stringify(outcome)}, not aborted`);
    if (connectedAtCall && aborted) {
      // Only reset(), a settings change or a lasting removal aborts (a move does not), and then at once.
      if (flowEndsAtSettle === flowEndsAtCall) broken.push(`${name} was aborted, with no reset(), settings change or lasting removal while it ran`);
      else {
        const end = real.flowEndTimes.slice(flowEndsAtCall, flowEndsAtSettle).filter((t) => t <= settledAt!).at(-1);
        if (end !== undefined && settledAt! - end > PROMPT_MS) broken.push(`${name} settled aborted ${Math.round(settledAt! - end)} ms after what ended its flow, not at once`);
      }
    }
    if (!aborted && !events.some((e) => deepEqual(e.detail, outcome))) broken.push(`${name} settled with ${JSON.stringify(outcome)}, the detail of no event`);
  }
  // §2: the provider's signal aborts when the start it serves is ended by reset(), new
  // settings or a lasting removal (checked for the provider that never answers, while its
  // start could not yet have timed out).
  for (const call of real.providerCalls.filter((c) => c.kind == 'hanging' && c.signal)) {
    const end = real.marks.slice(call.marksAtCall).find((m) => (m.kind == 'reset' || m.kind == 'settings' || m.kind == 'removed'));
    if (end && end.at < call.at + TIMEOUT_MS - 300 && !call.signal!.aborted)
      broken.push(`the tokenProvider's signal was not aborted when its start was ended by ${end.kind} ${Math.round(end.at - call.at)} ms into the wait`);
  }
  if (real.network.maxInFlight > 1) broken.push(`${real.network.maxInFlight} requests in flight at once`);
  if (real.network.inFlight > 0) broken.push(`${real.network.inFlight} request(s) still in flight at the end`);
  if (real.page.errors.length) broken.push(...real.page.errors.map((e) => `page error: ${e}`));
  // Never retry a POST by itself: no more start requests than starts asked for.
  const starts = real.network.sent.filter((r) => r.path.endsWith('/challenge/whatsapp')).length;
  if (starts > real.startIntents) broken.push(`${starts} start requests for ${real.startIntents} starts asked for`);
  // Every WhatsApp message comes from a start request the page saw go out (an aborted one may have reached the server).
  const answered = real.exchanges.filter((x) => x.path.endsWith('/challenge/whatsapp') && x.status == 200).length;
  const messages = await messageCount(real);
  if (messages < answered || messages > starts) broken.push(`${messages} WhatsApp messages for ${starts} start requests, ${answered} answered 200`);
  // Exactly once per outcome: a challenge is reported started once.
  const ids = events.filter((e) => e.type == 'challenge-started').map((e) => e.detail.challengeId);
  if (new Set(ids).size != ids.length) broken.push('a challengeId was reported by challenge-started twice');
  // After verified, verify() emits nothing: no verify error follows challenge-verified unless something happened between.
  for (const [i, mark] of real.marks.entries()) {
    const next = real.marks[i + 1];
    if (mark.kind == 'event' && mark.type == 'challenge-verified' && next?.kind == 'event' && next.detail.stage == 'verify')
      broken.push(`challenge-error ${JSON.stringify(next.detail)} right after challenge-verified`);
  }
  // The state, once nothing is in flight and every call has settled.
  const quiet = calls.every((c) => c.call.settlements > 0) && real.network.inFlight == 0;
  if (quiet && el.isConnected) {
    const { state } = el;
    if (busy(el)) broken.push(`state is ${state} with nothing in flight`);
    if (el.getAttribute('state') != state) broken.push(`state attribute ${el.getAttribute('state')} != state ${state}`);
    const last = real.marks.at(-1);
    const expected = expectedState(last);
    const after = last?.kind == 'event' ? `${last.type} ${JSON.stringify(last.detail)}` : last?.kind;
    if (expected.state && state != expected.state) broken.push(`state is ${state} after ${after}; expected ${expected.state}`);
    if (expected.not && state == expected.not) broken.push(`state is ${state} after ${after}`);
  }
  return broken;
};

describe('flow model: random sequences of calls, events, moves, settings, providers, clocks and typing against the simulator', () => {
  it('every call settles once with its own stage, one request at a time, no dead token sent, no event while disconnected, state agrees with the last event, no page error', async function () {
    this.timeout(115_000);
    let runs = 0;
    /** What the runs exercised, so the log shows the model does more than idle. */
    const seen = { commands: 0, calls: 0, events: 0, requests: 0, aborted: 0, verified: 0, providerCalls: 0, dead: 0, checked: {} as Record<string, number> };
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 30),
        LATENCIES,
        fc.commands(commands, { maxCommands: 16, size: '+1' }),
        async (cooldown, latencies, sequence) => {
          runs++;
          const { real, unwrap } = await setUp(cooldown, latencies);
          try {
            await fc.asyncModelRun(() => ({ model: { connected: true }, real }), sequence);
            await quiesce(real);
            seen.commands += [...sequence].length;
            seen.calls += real.calls.length;
            seen.events += real.events.length;
            seen.requests += real.network.sent.length;
            seen.aborted += real.calls.filter((c) => c.call.value?.error == 'aborted').length;
            seen.verified += real.events.filter((e) => e.type == 'challenge-verified').length;
            seen.providerCalls += real.providerCalls.length;
            seen.dead += real.dead.size;
            for (const [name, n] of Object.entries(real.checked)) seen.checked[name] = (seen.checked[name] ?? 0) + n;
            const broken = await rulesBroken(real);
            if (broken.length) {
              const events = real.events.map((e) => `${e.type} ${JSON.stringify(e.detail)}`);
              const message = `resend-cooldown ${cooldown}:\n  ${broken.join('\n  ')}\nevents:\n  ${events.join('\n  ') || '(none)'}`;
              const error = new Error(message);
              // WebKit's stack, which fast-check reports, leaves the message out.
              if (!String(error.stack).includes(message)) error.stack = `Error: ${message}\n${error.stack}`;
              throw error;
            }
          } finally {
            tearDown(real, unwrap);
          }
        },
      ),
      // Bounded: 30 runs, or as many as fit in 55 s (a loaded 2-core machine gets 15-30;
      // the runner gives a file 120 s in all). On a failure, shrinking stops at the time
      // limit and the smallest sequence found so far is reported.
      // The seed is fixed so that `npm test` runs the same 30 sequences every time (a CI run
      // must not fail on a sequence no one has seen). To explore, set a seed of your own in the
      // page (`globalThis.FLOW_MODEL_SEED = Date.now()` in a scratch copy), and turn each
      // counterexample it finds into a test of its own.
      { seed: (globalThis as { FLOW_MODEL_SEED?: number }).FLOW_MODEL_SEED ?? 20261206, numRuns: 30, interruptAfterTimeLimit: 55_000, markInterruptAsFailure: false, includeErrorInReport: true },
    );
    console.log(`[flow model] ${runs} runs in ${Math.round(performance.now() - started)} ms: ${JSON.stringify(seen)}`);
    // Fewer runs means the time limit cut the property short: something made runs hang.
    expect(runs, 'runs done within the time limit').to.be.at.least(6);
  });
});
