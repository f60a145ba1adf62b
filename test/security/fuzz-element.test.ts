/**
 * Model-based fuzzing of the element (fc.commands + fc.asyncModelRun): random sequences of
 * user actions (clicks, double clicks, typing, pastes, submits, method calls, reset,
 * disconnect and reconnect, token / region / base-url / tokenProvider / disabled changes
 * mid-request) and of server answers (helpers/fake-server.ts: any status, headers and
 * body; slow, cut off, never final) and of time (sinon's fake clock: timeouts, countdowns,
 * token expiry). A model written from DESIGN.md predicts every request and event; after
 * each step the element must match it, and always:
 *   - exactly one outcome event per attempt; none for an attempt aborted by reset,
 *     disconnect or a configuration change; no event while disconnected;
 *   - no uncaught exception, no unhandled rejection; methods never reject;
 *   - never two requests in flight; no request the user did not trigger;
 *   - `state` is one of the five documented states, and reflected;
 *   - the token only in the Authorization header, of requests to the configured server;
 *     never in an event, the console, a URL or a body.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import sinon from 'sinon';
import '../../src/define.js';
import type { AuthsignalWhatsappChallenge } from '../../src/authsignal-whatsapp-challenge.js';
import type { ChallengeState } from '../../src/challenge-flow.js';
import { fakeJwt } from '../helpers/sim.js';
import { ConsoleSpy, FailureTrap, advance, checkAdvanceWorks, failure, fuzzParameters, macrotask, settle } from './helpers/fuzz.js';
import { FakeServer, answerFor, type Answer, type FakeCall, type Route } from './helpers/fake-server.js';
import { assertResult, expectedResult, plain } from './helpers/oracle.js';

type El = AuthsignalWhatsappChallenge;
type Detail = Record<string, unknown>;

const STATES: ChallengeState[] = ['idle', 'sending', 'code-sent', 'verifying', 'verified'];
const START_TRIGGERS = new Set(['ClickStart', 'CallStart']);
const VERIFY_TRIGGERS = new Set(['TypeCode', 'PasteCode', 'SubmitCode', 'CallVerify']);
const T0 = Date.UTC(2030, 0, 1);

/** The server each configuration must reach (undefined: refused without a request). */
const REGION_URLS: Record<string, string | undefined> = {
  us: 'https://api.authsignal.com/v1/client',
  '': 'https://api.authsignal.com/v1/client',
  au: 'https://au.api.authsignal.com/v1/client',
  eu: 'https://eu.api.authsignal.com/v1/client',
  ca: 'https://ca.api.authsignal.com/v1/client',
  xx: undefined,
  __proto__: undefined,
  toString: undefined,
};
const BASE_URLS: Record<string, string | undefined> = {
  'https://api.example.test/v1/client': 'https://api.example.test/v1/client',
  'https://api.example.test/v1/client/': 'https://api.example.test/v1/client',
  'http://localhost:9/v1/client': 'http://localhost:9/v1/client',
  'http://127.0.0.1:9/api': 'http://127.0.0.1:9/api',
  'http://evil.example/v1/client': undefined,
  'http://localhost.evil.example/v1/client': undefined,
  'javascript:alert(1)//': undefined,
  'not a url': undefined,
};
const expectedBase = (region: string, baseUrl: string | undefined) =>
  baseUrl ? BASE_URLS[baseUrl] : Object.hasOwn(REGION_URLS, region) ? REGION_URLS[region] : undefined;

/** Code-field normalisation as README describes it: the digits, ASCII, in order. */
const DIGIT_ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xff10];
const digitsOf = (text: string) =>
  [...text]
    .map((char) => {
      const point = char.codePointAt(0)!;
      const zero = DIGIT_ZEROS.find((z) => point >= z && point <= z + 9);
      return zero === undefined ? '' : String(point - zero);
    })
    .join('');

type TokenKind = 'opaque' | 'jwt' | 'expired' | 'empty' | 'garbage';

interface PromiseRecord {
  settled?: { value?: unknown; error?: unknown };
}

interface Attempt {
  stage: Route;
  before: ChallengeState;
  call?: FakeCall;
  token: string;
  sentAt: number;
  timeout: number;
  promises: PromiseRecord[];
}

interface Model {
  connected: boolean;
  state: ChallengeState;
  challengeId?: string;
  flowToken: string;
  /** The token the last 401 refused: never sent again (DESIGN.md section 3). */
  dead?: string;
  /** challenge-verified's detail while verified: what verify() then settles with. */
  verifiedDetail?: Detail;
  locked: boolean;
  countdownEnd: number;
  rateLimited: boolean;
  attempt?: Attempt;
  /**
   * Method calls of the other stage than the attempt in flight: each waits for it to settle,
   * then runs (DESIGN.md section 3: one request at a time, whoever calls).
   */
  queued: { stage: 'start' | 'verify'; code: string; record?: PromiseRecord }[];
  token: string;
  region: string;
  baseUrl?: string;
  timeout: number;
  disabled: boolean;
  provider: 'none' | 'resolves' | 'rejects';
  codeLength: number;
  resendCooldown: number;
  startOnly: boolean;
  /** Every event detail expected so far, in order. */
  expected: { type: string; detail: Detail | ((actual: Detail) => void); checked?: boolean }[];
  /** Promises of method calls that answered at once, with the detail they must settle with. */
  localPromises: { record: PromiseRecord; detail: Detail }[];
}

interface Real {
  el: El;
  container: HTMLElement;
  server: FakeServer;
  clock: sinon.SinonFakeTimers;
  events: { type: string; detail: Detail }[];
  /** Every bearer token this run handed the element or its tokenProvider gave. */
  tokens: Set<string>;
  /** Expiry (ms) of the JWT tokens among them. */
  expiries: Map<string, number>;
  providedTokens: string[];
  violations: string[];
  command: string;
  nextId: number;
}

// ---------------------------------------------------------------------------------------
// The model's rules
// ---------------------------------------------------------------------------------------

const isExpired = (real: Real, token: string) => (real.expiries.get(token) ?? Infinity) <= Date.now();
const countdownRunning = (model: Model) => model.countdownEnd > Date.now();
const busy = (model: Model) => model.state == 'sending' || model.state == 'verifying';
const codeStep = (model: Model) => !model.startOnly && !!model.challengeId && model.state != 'verified';
/** A 401 on verify ended the code step: its token is dead. */
const ended = (model: Model) => !!model.challengeId && model.dead == model.flowToken;

const expectEvent = (model: Model, type: string, detail: Model['expected'][number]['detail']) => model.expected.push({ type, detail });

const countDown = (model: Model, seconds: number, rateLimited: boolean, at = Date.now()) => {
  model.countdownEnd = seconds > 0 ? at + seconds * 1000 : 0;
  model.rateLimited = rateLimited;
};

/** Every token of every run, for the console check at the end. */
const everyToken = new Set<string>();

const makeToken = (real: Real, kind: TokenKind): string => {
  const id = `${real.nextId++}${Math.random().toString(36).slice(2, 8)}`;
  const now = Math.floor(Date.now() / 1000);
  const token =
    kind == 'empty'
      ? ''
      : kind == 'opaque'
        ? `opaque-token-${id}`
        : kind == 'garbage'
          ? `not.a-jwt.${id}`
          : fakeJwt({ sub: 'fuzz', jti: id, exp: kind == 'jwt' ? now + 60 : now - 10 });
  if (token) real.tokens.add(token);
  if (token) everyToken.add(token);
  if (kind == 'jwt') real.expiries.set(token, (now + 60) * 1000);
  if (kind == 'expired') real.expiries.set(token, (now - 10) * 1000);
  return token;
};

/** A request the element was right to make, to the right place, in the right form. */
const checkCall = (model: Model, real: Real, call: FakeCall) => {
  const v = (message: string) => real.violations.push(`${real.command}: ${message}`);
  const others = real.server.inFlight.filter((c) => c != call);
  if (others.length) v('a second request while one is in flight');
  if (!real.el.isConnected) v('a request from a disconnected element');
  if (call.route == 'other') return v(`a request to ${call.url}`);
  const triggers = call.route == 'start' ? START_TRIGGERS : VERIFY_TRIGGERS;
  // A call that waited for the request before it begins its own when that one settles.
  const waited = model.queued.some((queued) => queued.stage == call.route);
  if (!triggers.has(real.command) && !waited) v(`a ${call.route} request the user did not trigger`);
  const base = expectedBase(model.region, model.baseUrl);
  const path = call.route == 'start' ? '/challenge/whatsapp' : '/verify/whatsapp';
  if (!base || call.url != base + path) v(`request to ${call.url}, expected ${base}${path}`);
  const headers = new Headers(call.init.headers);
  if ([...headers.keys()].sort().join() != 'authorization,content-type') v(`headers ${[...headers.keys()]}`);
  const auth = headers.get('Authorization') ?? '';
  if (!auth.startsWith('Bearer ') || !real.tokens.has(auth.slice(7))) v('Authorization is not a token this element was given');
  for (const token of real.tokens) {
    if (call.url.includes(token) || String(call.init.body ?? '').includes(token)) v('a token outside the Authorization header');
  }
  const init = call.init as Record<string, unknown>;
  if (init.credentials != 'omit' || init.cache != 'no-store' || init.redirect != 'error') v('credentials, cache or redirect mode');
};

/** A start attempt, when nothing is in flight: refused at once, or a request. */
const beginStart = (model: Model, real: Real, record?: PromiseRecord) => {
  if (countdownRunning(model)) {
    const detail = { stage: 'start', error: 'too_many_requests', retryAfter: Math.ceil((model.countdownEnd - Date.now()) / 1000) };
    expectEvent(model, 'challenge-error', detail);
    if (record) model.localPromises.push({ record, detail });
    return;
  }
  const renewable = model.provider != 'none';
  const useProvider = renewable && (!model.token || isExpired(real, model.token) || model.token == model.dead);
  // A token a 401 refused, with nothing to renew it from: not sent again.
  if (!useProvider && model.token && model.token == model.dead) {
    if (model.state == 'verified') Object.assign(model, { state: 'idle', challengeId: undefined });
    const detail = { stage: 'start', error: 'expired_token' };
    expectEvent(model, 'challenge-error', detail);
    if (record) model.localPromises.push({ record, detail });
    return;
  }
  // A start after a verification begins a new flow: if it fails, nothing is verified.
  if (model.state == 'verified') Object.assign(model, { state: 'idle', challengeId: undefined });
  model.attempt = { stage: 'start', before: model.state, token: useProvider ? '?' : model.token, sentAt: 0, timeout: model.timeout, promises: record ? [record] : [] };
  model.state = 'sending';
};

const beginVerify = (model: Model, code: string, record?: PromiseRecord) => {
  const refuse = (detail: Detail) => {
    expectEvent(model, 'challenge-error', detail);
    if (record) model.localPromises.push({ record, detail });
  };
  if (countdownRunning(model) && model.rateLimited) {
    return refuse({ stage: 'verify', error: 'too_many_requests', retryAfter: Math.ceil((model.countdownEnd - Date.now()) / 1000) });
  }
  // After verification, verify() says so again, and shows and emits nothing.
  if (model.state == 'verified') return void (record && model.localPromises.push({ record, detail: model.verifiedDetail! }));
  if (!model.challengeId) {
    return refuse({ stage: 'verify', error: 'invalid_request', errorDescription: 'No challenge is waiting for a code.' });
  }
  if (ended(model)) return refuse({ stage: 'verify', error: 'expired_token' });
  if (model.locked) return refuse({ stage: 'verify', error: 'verification_failed', failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
  if (digitsOf(code).length != model.codeLength) return refuse({ stage: 'verify', error: 'invalid_code' });
  model.attempt = { stage: 'verify', before: model.state, token: model.flowToken, sentAt: 0, timeout: model.timeout, promises: record ? [record] : [] };
  model.state = 'verifying';
};

/** After the attempt's first steps ran: the request it made, or the refusal the client gave. */
const attached = new WeakSet<object>();
const afterBegin = (model: Model, real: Real, callsBefore: number) => {
  const attempt = model.attempt;
  const made = real.server.calls.slice(callsBefore).filter((call) => !attached.has(call));
  if (!attempt || attempt.call) {
    // A queued call may have begun its request already; the model begins it in drainQueue.
    if (made.length && !model.queued.length) real.violations.push(`${real.command}: ${made.length} unexpected request(s)`);
    return;
  }
  const fromProvider = attempt.token == '?';
  if (fromProvider) attempt.token = model.provider == 'resolves' ? real.providedTokens.at(-1) ?? '' : '';
  const base = expectedBase(model.region, model.baseUrl);
  // A token that looks expired is sent all the same: the server is the judge of expiry.
  const refusal = !attempt.token ? (fromProvider ? 'token_unavailable' : 'token_required') : !base ? 'invalid_configuration' : undefined;
  if (refusal) {
    if (made.length) real.violations.push(`${real.command}: a request despite ${refusal}`);
    finish(model, { error: refusal });
    return;
  }
  if (made.length != 1) {
    real.violations.push(`${real.command}: ${made.length} requests for one attempt`);
    return;
  }
  attempt.call = made[0];
  attached.add(made[0]!);
  attempt.sentAt = Date.now();
  if (new Headers(made[0]!.init.headers).get('Authorization') != `Bearer ${attempt.token}`) {
    real.violations.push(`${real.command}: the request does not carry the token in force`);
  }
};

/** The attempt in flight ended with this client result: the flow's documented reaction. */
const finish = (model: Model, result: Detail, anyRetryAfter = false, at = Date.now()) => {
  const attempt = model.attempt!;
  model.attempt = undefined;
  model.state = attempt.before;
  const { stage } = attempt;
  let detail: Model['expected'][number]['detail'];
  if (result.error !== undefined) {
    const want = plain({ stage, ...result });
    detail = anyRetryAfter ? (actual: Detail) => assertResult(actual, { kind: 'result-any-retry', result: want }, 'challenge-error') : want;
    const applyCountdown = (retryAfter: unknown) => {
      // A rate limit (a 429, or a body that says too_many_requests) waits retryAfter, unless a longer wait already runs.
      if (result.error != 'too_many_requests') return;
      const seconds = typeof retryAfter == 'number' ? retryAfter : 30;
      if (at + seconds * 1000 > (countdownRunning(model) ? model.countdownEnd : 0)) countDown(model, seconds, true, at);
    };
    // A 401 makes the token dead: a start renews it or refuses; on verify it ends the code
    // step, and only a new code helps, so the resend cooldown ends (a rate limit does not).
    if (result.status == 401) model.dead = attempt.token;
    if (result.status == 401 && stage == 'verify' && !(model.rateLimited && countdownRunning(model))) model.countdownEnd = 0;
    if (anyRetryAfter) {
      // Until the event is read, the default wait: a call queued behind this one runs first.
      const before = { countdownEnd: model.countdownEnd, rateLimited: model.rateLimited };
      applyCountdown(undefined);
      // The exact value is the engine's reading of a junk date; take the element's, in place
      // of the default (which must not count as a longer wait already running).
      const check = detail as (actual: Detail) => void;
      detail = (actual: Detail) => {
        check(actual);
        Object.assign(model, before);
        applyCountdown(actual.retryAfter);
      };
    } else {
      applyCountdown(result.retryAfter);
    }
    expectEvent(model, 'challenge-error', detail);
  } else if ('challengeId' in result) {
    Object.assign(model, { state: 'code-sent', challengeId: result.challengeId, locked: false, flowToken: attempt.token });
    countDown(model, model.resendCooldown, false);
    detail = { challengeId: result.challengeId };
    expectEvent(model, 'challenge-started', detail);
  } else if (result.isVerified) {
    model.state = 'verified';
    model.countdownEnd = 0;
    detail = { challengeId: model.challengeId, token: result.accessToken };
    model.verifiedDetail = detail;
    expectEvent(model, 'challenge-verified', detail);
  } else {
    model.locked = result.failureReason == 'MAX_ATTEMPTS_EXCEEDED';
    // Only a new code can help: the resend cooldown ends (a server's rate limit does not).
    if (model.locked && !(model.rateLimited && countdownRunning(model))) model.countdownEnd = 0;
    detail = plain({ stage: 'verify', error: 'verification_failed', failureReason: result.failureReason });
    expectEvent(model, 'challenge-error', detail);
  }
  model.localPromises.push(...attempt.promises.map((record) => ({ record, detail: detail as Detail })));
};

/** The attempt in flight was aborted (reset, disconnect, new configuration): no event. */
const abortAttempt = (model: Model) => {
  const attempt = model.attempt;
  if (!attempt) return;
  count('attempt aborted');
  model.attempt = undefined;
  model.state = attempt.before;
  model.localPromises.push(...attempt.promises.map((record) => ({ record, detail: { stage: attempt.stage, error: 'aborted' } })));
};

/**
 * Calls that waited for the attempt that just ended run now, in the order they were made:
 * a call of the stage of an attempt one of them began joins it; one of the other stage
 * waits again; on a disconnected element each settles aborted. True if one began an attempt.
 */
const drainQueue = (model: Model, real: Real) => {
  let began = false;
  while (model.queued.length) {
    const { stage, code, record } = model.queued[0]!;
    if (model.attempt && model.attempt.stage != stage) break;
    model.queued.shift();
    if (model.attempt) record && model.attempt.promises.push(record);
    else if (!model.connected) record && model.localPromises.push({ record, detail: { stage, error: 'aborted' } });
    else {
      if (stage == 'start') beginStart(model, real, record);
      else beginVerify(model, code, record);
      began ||= !!model.attempt;
    }
  }
  return began;
};

/** A verify call from the page's own controls (a complete code, the Verify button): joins, waits or begins. */
const verifyFromControls = (model: Model, code: string) => {
  if (model.attempt?.stage == 'start') model.queued.push({ stage: 'verify', code });
  else if (!model.attempt) beginVerify(model, code);
};

/**
 * What the code field holds after an input (README, "Code field"): a paste holding a run of
 * exactly code-length digits yields that run; otherwise the digits, cut at code-length.
 */
const fieldAfterInput = (value: string, pasted: string | undefined, length: number) =>
  (pasted === undefined ? undefined : pasted.split(/\P{Nd}+/u).map(digitsOf).find((run) => run.length == length)) ??
  digitsOf(value).slice(0, length);

const resetModel = (model: Model) => {
  abortAttempt(model);
  // Calls that waited for the aborted request were ended by the reset too.
  for (const { stage, record } of model.queued.splice(0)) record && model.localPromises.push({ record, detail: { stage, error: 'aborted' } });
  if (!model.rateLimited) model.countdownEnd = 0;
  Object.assign(model, { state: 'idle', challengeId: undefined, locked: false, flowToken: '' });
};

const track = (promise: Promise<unknown>): PromiseRecord => {
  const record: PromiseRecord = {};
  promise.then(
    (value) => (record.settled = { value }),
    (error) => (record.settled = { error }),
  );
  return record;
};

// ---------------------------------------------------------------------------------------
// Checking the element against the model
// ---------------------------------------------------------------------------------------

const part = <T extends HTMLElement>(el: El, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

const observe = (real: Real) =>
  `${real.events.length}|${real.server.calls.length}|${real.server.calls.map((c) => c.phase[0]).join('')}|${real.el.state}|${real.el.getAttribute('state')}|${real.providedTokens.length}`;

/** Runs an action, lets everything it set off happen, updates the model (`after`), compares. */
const step = async (model: Model, real: Real, command: string, action: () => void | Promise<void>, after?: () => void) => {
  real.command = command;
  count(`command ${command}`);
  const callsBefore = real.server.calls.length;
  await action();
  await settle(() => observe(real));
  await real.el.updateComplete;
  await settle(() => observe(real));
  afterBegin(model, real, callsBefore);
  after?.();
  if (drainQueue(model, real)) afterBegin(model, real, callsBefore);
  real.command = 'none';
  verify(model, real);
};

/** What the runs reached, printed at the end so a reader can see the fuzzing went deep. */
const coverage = new Map<string, number>();
const OWN_ERRORS = new Set(['token_required', 'token_unavailable', 'expired_token', 'invalid_configuration', 'invalid_code', 'too_many_requests', 'network_error', 'timeout', 'invalid_response', 'server_error', 'verification_failed', 'invalid_request', 'unauthorized', 'not_found']);
const count = (what: string) => coverage.set(what, (coverage.get(what) ?? 0) + 1);

const verify = (model: Model, real: Real) => {
  const { el } = real;
  count(`state ${el.state}`);
  const problems = [...real.violations];
  real.violations.length = 0;
  if (!STATES.includes(el.state)) problems.push(`state "${el.state}" is not a documented state`);
  if (el.state != model.state) problems.push(`state ${el.state}, model ${model.state}`);
  if (el.isConnected && el.getAttribute('state') != el.state) problems.push(`state attribute ${el.getAttribute('state')} != ${el.state}`);
  if (real.server.inFlight.length > 1) problems.push('two requests in flight');
  const attemptCall = model.attempt?.call;
  const inFlight = real.server.inFlight;
  if (inFlight.length != (attemptCall && attemptCall.phase != 'settled' ? 1 : 0) || (inFlight[0] && inFlight[0] != attemptCall)) {
    problems.push(`requests in flight: ${inFlight.length}, model: ${attemptCall ? 1 : 0}`);
  }

  // Events: exactly the expected ones, in order.
  if (real.events.length != model.expected.length) {
    problems.push(
      `events: got ${JSON.stringify(real.events.map((e) => [e.type, e.detail]))}, expected ${JSON.stringify(model.expected.map((e) => [e.type, typeof e.detail == 'function' ? '…' : e.detail]))}`,
    );
  } else {
    real.events.forEach((event, index) => {
      const want = model.expected[index]!;
      if (want.checked) return;
      want.checked = true;
      if (event.type != want.type) problems.push(`event ${index}: ${event.type}, expected ${want.type}`);
      try {
        if (typeof want.detail == 'function') want.detail(event.detail);
        else assertResult(event.detail, { kind: 'result', result: want.detail }, `event ${index} (${event.type}) detail`);
      } catch (error) {
        problems.push(String((error as Error).message));
      }
    });
  }

  // Method promises: settled with the outcome their event reported (aborted ones: 'aborted').
  for (const { record, detail } of model.localPromises.splice(0)) {
    if (!record.settled) problems.push(`a method's promise has not settled (expected ${JSON.stringify(detail)})`);
    else if ('error' in record.settled) problems.push(`a method's promise rejected: ${String(record.settled.error)}`);
    else if (typeof detail != 'function' && JSON.stringify(plain(record.settled.value)) != JSON.stringify(plain(detail))) {
      // Same fields, any order.
      try {
        assertResult(record.settled.value, { kind: 'result', result: detail }, 'method promise');
      } catch (error) {
        problems.push(String((error as Error).message));
      }
    }
  }

  // What a person can press: disabled exactly when the design says.
  if (el.isConnected && model.state != 'verified') {
    const running = countdownRunning(model);
    if (codeStep(model)) {
      const resend = part<HTMLButtonElement>(el, 'resend-button');
      const verifyButton = part<HTMLButtonElement>(el, 'verify-button');
      const input = part<HTMLInputElement>(el, 'code-input');
      if (!resend || !verifyButton || !input) problems.push('the code step is not shown');
      else {
        if (resend.disabled != (model.disabled || busy(model) || running)) problems.push(`resend disabled=${resend.disabled}`);
        if (verifyButton.disabled != (model.disabled || model.locked || ended(model) || busy(model) || (model.rateLimited && running))) problems.push(`verify disabled=${verifyButton.disabled}`);
        if (input.disabled != (model.disabled || model.locked || ended(model))) problems.push(`code field disabled=${input.disabled}`);
        // While a code is checked the field is read-only: what the person typed cannot be lost.
        if (input.readOnly != (model.state == 'verifying')) problems.push(`code field readOnly=${input.readOnly}`);
        if (resend.hidden != (ended(model) && model.provider == 'none')) problems.push(`resend hidden=${resend.hidden}`);
      }
    } else {
      const button = part<HTMLButtonElement>(el, 'button');
      if (!button) problems.push('no send button');
      else if (button.disabled != (model.disabled || busy(model) || running)) {
        problems.push(`send button disabled=${button.disabled} (disabled ${model.disabled}, state ${model.state}, countdown ${running})`);
      }
    }
  }
  if (problems.length) throw failure(problems.join('\n'));
};

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<Model, Real>;

class ClickStart implements Cmd {
  constructor(readonly double: boolean) {}
  check = (m: Model) => m.connected && m.state != 'verified';
  async run(m: Model, r: Real) {
    await step(m, r, 'ClickStart', () => {
      const button = part<HTMLButtonElement>(r.el, codeStep(m) ? 'resend-button' : 'button')!;
      if (!button.disabled && !m.attempt) beginStart(m, r);
      button.click();
      if (!this.double) return;
      // The button has not re-rendered: a click the first one did not make busy (a refusal) is a second action.
      if (!button.disabled && !m.attempt) beginStart(m, r);
      button.click();
    });
  }
  toString = () => `ClickStart(${this.double ? 'double' : 'single'})`;
}

class CallStart implements Cmd {
  check = (m: Model) => m.connected;
  async run(m: Model, r: Real) {
    await step(m, r, 'CallStart', () => {
      const pending = m.attempt;
      const record = track(r.el.start());
      if (pending?.stage == 'start') pending.promises.push(record);
      else if (pending) m.queued.push({ stage: 'start', code: '', record });
      else beginStart(m, r, record);
    });
  }
  toString = () => 'CallStart';
}

class CallVerify implements Cmd {
  constructor(readonly code: string) {}
  check = (m: Model) => m.connected;
  async run(m: Model, r: Real) {
    await step(m, r, 'CallVerify', () => {
      const pending = m.attempt;
      const record = track(r.el.verify(this.code));
      if (pending?.stage == 'verify') pending.promises.push(record);
      else if (pending) m.queued.push({ stage: 'verify', code: this.code, record });
      else beginVerify(m, this.code, record);
    });
  }
  toString = () => `CallVerify(${JSON.stringify(this.code)})`;
}

/** Typing (one input event per character) or pasting (one for all) into the code field. */
class EnterCode implements Cmd {
  constructor(
    readonly text: string,
    readonly paste: boolean,
  ) {}
  // A person cannot type into a disabled field, nor into a read-only one while a code is checked.
  check = (m: Model) => m.connected && codeStep(m) && !m.disabled && !m.locked && !ended(m) && m.state != 'verifying';
  async run(m: Model, r: Real) {
    await step(m, r, this.paste ? 'PasteCode' : 'TypeCode', () => {
      const input = part<HTMLInputElement>(r.el, 'code-input')!;
      const chunks = this.paste ? [this.text] : [...this.text];
      for (const chunk of chunks) {
        const before = input.value;
        const value = fieldAfterInput(this.paste ? chunk : input.value + chunk, this.paste ? chunk : undefined, m.codeLength);
        // A complete code submits itself once: more keystrokes on a full field send nothing more.
        if (value.length == m.codeLength && value != before) verifyFromControls(m, value);
        input.value = this.paste ? chunk : input.value + chunk;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: chunk, inputType: this.paste ? 'insertFromPaste' : 'insertText' }));
      }
    });
  }
  toString = () => `${this.paste ? 'Paste' : 'Type'}(${JSON.stringify(this.text)})`;
}

class SubmitCode implements Cmd {
  check = (m: Model) => m.connected && codeStep(m);
  async run(m: Model, r: Real) {
    await step(m, r, 'SubmitCode', () => {
      const button = part<HTMLButtonElement>(r.el, 'verify-button')!;
      const input = part<HTMLInputElement>(r.el, 'code-input')!;
      if (!button.disabled) verifyFromControls(m, input.value);
      button.click();
    });
  }
  toString = () => 'SubmitCode';
}

class Reset implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    await step(m, r, 'Reset', () => {
      resetModel(m);
      r.el.reset();
    });
  }
  toString = () => 'reset()';
}

class Disconnect implements Cmd {
  check = (m: Model) => m.connected;
  async run(m: Model, r: Real) {
    await step(m, r, 'Disconnect', () => {
      m.connected = false;
      abortAttempt(m);
      r.el.remove();
      // The task that removed it ends: a lasting removal (the element checks in a 0 ms timer).
      r.clock.tick(0);
    });
  }
  toString = () => 'Disconnect';
}

class Reconnect implements Cmd {
  check = (m: Model) => !m.connected;
  async run(m: Model, r: Real) {
    await step(m, r, 'Reconnect', () => {
      m.connected = true;
      r.container.append(r.el);
    });
  }
  toString = () => 'Reconnect';
}

/** token, region or base-url changed: a new flow (the old one ends without an event). */
class Configure implements Cmd {
  constructor(
    readonly key: 'token' | 'region' | 'baseUrl',
    readonly value: string,
  ) {}
  check = (m: Model) => m.connected;
  async run(m: Model, r: Real) {
    await step(m, r, `Set ${this.key}`, () => {
      const value = this.key == 'token' ? makeToken(r, this.value as TokenKind) : this.key == 'baseUrl' && this.value == '-' ? undefined : this.value;
      if (m[this.key] !== value) resetModel(m);
      (m as any)[this.key] = value;
      (r.el as any)[this.key] = value;
    });
  }
  toString = () => `${this.key} = ${JSON.stringify(this.value)}`;
}

class SetOption implements Cmd {
  constructor(
    readonly key: 'disabled' | 'timeout' | 'provider',
    readonly value: unknown,
  ) {}
  check = (m: Model) => m.connected;
  async run(m: Model, r: Real) {
    await step(m, r, `Set ${this.key}`, () => {
      (m as any)[this.key] = this.value;
      if (this.key == 'provider') {
        r.el.tokenProvider =
          this.value == 'none'
            ? undefined
            : this.value == 'resolves'
              ? async () => {
                  const token = makeToken(r, 'opaque');
                  r.providedTokens.push(token);
                  return token;
                }
              : async () => {
                  r.providedTokens.push('');
                  throw failure('no token today');
                };
      } else (r.el as any)[this.key] = this.value;
    });
  }
  toString = () => `${this.key} = ${JSON.stringify(this.value)}`;
}

/** The server answers the request in flight (headers and whatever body). */
class Respond implements Cmd {
  constructor(readonly answers: Record<Route, Answer>) {}
  check = (m: Model) => m.attempt?.call?.phase == 'waiting';
  async run(m: Model, r: Real) {
    const attempt = m.attempt!;
    const answer = this.answers[attempt.stage];
    await step(
      m,
      r,
      'Respond',
      () => attempt.call!.respond(answer),
      () => {
        // Final unless only 1xx came, or the body is still on its way.
        if (answer.kind == 'interim-only' || attempt.call!.phase == 'body') return;
        const expected = expectedResult(attempt.stage, answer);
        finish(m, expected.result, expected.kind == 'result-any-retry');
      },
    );
  }
  toString = () => `Respond(${JSON.stringify(this.answers, (k, v) => (k == 'size' ? v : typeof v == 'string' && v.length > 80 ? v.slice(0, 80) + '…' : v))})`;
}

class FinishBody implements Cmd {
  check = (m: Model) => m.attempt?.call?.phase == 'body';
  async run(m: Model, r: Real) {
    const attempt = m.attempt!;
    await step(
      m,
      r,
      'FinishBody',
      () => attempt.call!.finishBody(),
      () => {
        const expected = expectedResult(attempt.stage, attempt.call!.answer!);
        finish(m, expected.result, expected.kind == 'result-any-retry');
      },
    );
  }
  toString = () => 'FinishBody';
}

/** Time passes: timeouts fire, countdowns run out, JWTs expire. */
class Tick implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const attempt = m.attempt;
    const call = attempt?.call;
    const timesOut = !!call && call.phase != 'settled' && Date.now() + this.ms >= attempt!.sentAt + attempt!.timeout;
    const first = attempt ? attempt.sentAt + attempt.timeout - Date.now() : 0;
    if (timesOut && m.queued.length && first < this.ms) {
      // A call waits behind the request that times out: it begins then, and its own request
      // may time out later in the same stretch of time. Two steps, each with one timeout.
      await new Tick(first).run(m, r);
      return new Tick(this.ms - first).run(m, r);
    }
    const headersArrived = call?.phase == 'body';
    await step(
      m,
      r,
      'Tick',
      () => advance(r.clock, this.ms),
      () => timesOut && finish(m, { error: 'timeout', ...(headersArrived && { status: call!.answer!.status }) }, false, attempt!.sentAt + attempt!.timeout),
    );
  }
  toString = () => `Tick(${this.ms})`;
}

const codeText = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^(\d{4}|\d{6})$/) },
  { weight: 2, arbitrary: fc.stringMatching(/^\d{1,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom('123 456', '12-34', '١٢٣٤٥٦', '１２３４', 'abc', '') },
);

const answers = fc.record({ start: answerFor('start'), verify: answerFor('verify') });
/** The documented success, so that runs get past each step often enough to go deep. */
const successes = fc.record({
  start: fc.uuid().map((challengeId) => ({ kind: 'response', interim: [], status: 200, headers: [], body: { kind: 'text', text: JSON.stringify({ challengeId }) } }) as Answer),
  verify: fc.stringMatching(/^[\w-]{16}$/).map(
    (accessToken) => ({ kind: 'response', interim: [], status: 200, headers: [], body: { kind: 'text', text: JSON.stringify({ isVerified: true, accessToken }) } }) as Answer,
  ),
});

/** fc.commands picks among these uniformly: repeats are weights. */
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => Array.from({ length: weight }, () => arbitrary);

const commands = [
  ...weighted(4, fc.boolean().map((double) => new ClickStart(double))),
  fc.constant(new CallStart()),
  codeText.map((code) => new CallVerify(code)),
  ...weighted(4, fc.tuple(codeText, fc.boolean()).map(([text, paste]) => new EnterCode(text, paste))),
  fc.constant(new SubmitCode()),
  fc.constant(new Reset()),
  fc.constant(new Disconnect()),
  ...weighted(2, fc.constant(new Reconnect())),
  // Configuration changes end the flow, so together they weigh as much as one reset.
  ...weighted(
    2,
    fc.oneof(
      fc.constantFrom<TokenKind>('opaque', 'jwt', 'expired', 'empty', 'garbage').map((kind): Cmd => new Configure('token', kind)),
      fc.constantFrom(...Object.keys(REGION_URLS)).map((region): Cmd => new Configure('region', region)),
      fc.constantFrom('-', ...Object.keys(BASE_URLS)).map((url): Cmd => new Configure('baseUrl', url)),
      fc.boolean().map((value): Cmd => new SetOption('disabled', value)),
      fc.constantFrom(1000, 5000, 15000).map((value): Cmd => new SetOption('timeout', value)),
      fc.constantFrom('none', 'resolves', 'rejects').map((value): Cmd => new SetOption('provider', value)),
    ),
  ),
  ...weighted(8, answers.map((a) => new Respond(a))),
  ...weighted(5, successes.map((a) => new Respond(a))),
  ...weighted(2, fc.constant(new FinishBody())),
  ...weighted(3, fc.constantFrom(0, 400, 1000, 5000, 15000, 31_000, 61_000).map((ms) => new Tick(ms))),
];

const runParameters = fc.record({
  codeLength: fc.constantFrom(4, 6),
  resendCooldown: fc.constantFrom(0, 1, 30),
  startOnly: fc.boolean(),
});

describe('security: the element under random actions and answers (model-based fuzz)', () => {
  afterEach(() => sinon.restore());

  it('keeps every invariant for any sequence of actions, answers and time', async function () {
    this.timeout(900_000);
    const { parameters, report } = await fuzzParameters('element: random actions x answers x time (fc.commands)');
    const trap = new FailureTrap().install();
    const consoleSpy = new ConsoleSpy().install();
    let cases = 0;
    let steps = 0;
    try {
      await fc.assert(
        fc.asyncProperty(runParameters, fc.commands(commands, { maxCommands: 40, size: 'medium' }), async (options, cmds) => {
          cases++;
          const server = new FakeServer();
          const fetchStub = sinon.stub(window, 'fetch').callsFake(server.fetch);
          const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
          checkAdvanceWorks(clock);
          const container = document.createElement('div');
          document.body.append(container);
          const failuresBefore = trap.failures.length;
          try {
            await fc.asyncModelRun(async () => {
              const el = document.createElement('authsignal-whatsapp-challenge') as El;
              const real: Real = {
                el,
                container,
                server,
                clock,
                events: [],
                tokens: new Set(),
                expiries: new Map(),
                providedTokens: [],
                violations: [],
                command: 'setup',
                nextId: 0,
              };
              const token = makeToken(real, 'opaque');
              Object.assign(el, { token, baseUrl: 'https://api.example.test/v1/client', timeout: 5000, ...options });
              for (const type of ['challenge-started', 'challenge-verified', 'challenge-error']) {
                el.addEventListener(type, (event) => {
                  const { detail, bubbles, composed } = event as CustomEvent;
                  if (!el.isConnected) real.violations.push(`${type} while disconnected`);
                  if (!bubbles || !composed) real.violations.push(`${type} does not bubble and compose`);
                  const text = JSON.stringify(detail);
                  for (const t of real.tokens) if (text.includes(t)) real.violations.push(`${type} carries the bearer token`);
                  real.events.push({ type, detail });
                  const error = String((detail as Detail).error);
                  count(type != 'challenge-error' ? type : OWN_ERRORS.has(error) ? `error ${error}` : 'error (a code the server made up)');
                });
              }
              server.onCall = (call) => checkCall(model, real, call);
              container.append(el);
              await el.updateComplete;
              const model: Model = {
                connected: true,
                state: 'idle',
                flowToken: '',
                locked: false,
                countdownEnd: 0,
                rateLimited: false,
                queued: [],
                token,
                region: 'us',
                baseUrl: 'https://api.example.test/v1/client',
                timeout: 5000,
                disabled: false,
                provider: 'none',
                expected: [],
                localPromises: [],
                ...options,
              };
              return { model, real: real as Real };
            }, cmds);
            steps += [...cmds].length;
          } finally {
            container.remove(); // disconnects: aborts whatever is still in flight
            clock.uninstall();
            fetchStub.restore();
          }
          await macrotask(); // unhandledrejection is reported in a task of its own
          const failures = trap.failures.slice(failuresBefore);
          if (failures.length) throw failure(failures.join('\n'));
        }),
        parameters,
      );
    } finally {
      trap.uninstall();
      consoleSpy.uninstall();
    }
    report(cases);
    console.log(`[fuzz] element: ${steps} commands in total; reached: ${[...coverage].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const leaked = consoleSpy.lines.filter((line) => [...everyToken].some((t) => line.includes(t)));
    expect(leaked, 'console lines carrying a token').to.deep.equal([]);
    expect(trap.failures).to.deep.equal([]);
  });
});
