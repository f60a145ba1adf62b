/**
 * A model-based test of the whole flow (issue 9): fast-check makes random sequences of what
 * pages and people do (clicks, start(), verify() with the right or a wrong code, reset(),
 * a token / region / base-url change followed by start() in the same task, moves, lasting
 * removals and re-insertions, listeners that call back into the element from inside each
 * of its events, a slow and a hanging tokenProvider), and after every sequence the rules of
 * DESIGN.md section 3 must hold:
 *   - every method call settles exactly once and never rejects, with an outcome of its own
 *     stage: the detail of an event the element emitted, or `{ stage, error: 'aborted' }`;
 *     a call made while the element is disconnected settles 'aborted', and a call made while
 *     it is connected is aborted only by reset(), a settings change or a lasting removal
 *     while it runs (a move keeps it);
 *   - at most one Client API request in flight at any time, and none sent by a
 *     disconnected element;
 *   - no event while the element is disconnected;
 *   - once everything has settled the element is not busy, and its `state` agrees with what
 *     happened last (verified after challenge-verified, code-sent after challenge-started,
 *     idle after reset() or a settings change);
 *   - nothing reaches the page as an error.
 *
 * Against the real simulator, over real HTTP: its codes, challenges and answers are the
 * real ones, so "the right code" really is right. What the test adds is latency: the page's
 * fetch is wrapped (helpers/watch.ts) so each real answer reaches the element 0-120 ms late,
 * chosen by fast-check, which is what makes calls overlap. A stubbed fetch would have been
 * quicker and fully deterministic, but would answer as we think the simulator does; the
 * rules above hold under any interleaving, so real timing is no obstacle to a stable test.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import fc from 'fast-check';
import '../src/define.js';
import type { Challenge } from './helpers/element.js';
import { sleep } from './helpers/element.js';
import { CROSS_ORIGIN_SIM_API, SIM_API, inbox, newToken } from './helpers/sim.js';
import { follow, recordPageErrors, watchFetch, type Call, type FetchWatch, type PageErrors } from './helpers/watch.js';

type EventType = 'challenge-started' | 'challenge-verified' | 'challenge-error';
type Detail = Record<string, unknown>;
type ListenerAction = 'reset' | 'start' | 'verify' | 'reset+start';

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
}

/** What happened, in order, as far as "the state agrees with the last thing" cares. */
type Mark = { kind: 'event'; type: EventType; detail: Detail } | { kind: 'reset' | 'settings' | 'removed' | 'inserted' };

interface Real {
  el: Challenge;
  home: HTMLElement;
  elsewhere: HTMLElement;
  /** Real simulator tokens this run may switch between; tokens[0] is the first. */
  tokens: string[];
  /** What the slow provider hands out. */
  providerToken: string;
  network: FetchWatch;
  page: PageErrors;
  calls: TrackedCall[];
  events: { type: EventType; detail: Detail; connected: boolean }[];
  marks: Mark[];
  /** How many times something that may abort a request happened: reset(), a settings change, a lasting removal. */
  flowEnds: number;
  violations: string[];
  /** The newest code the simulator sent for any of this run's tokens, when known. */
  lastCode?: string;
  region: 'eu' | 'au';
}

const EVENTS: EventType[] = ['challenge-started', 'challenge-verified', 'challenge-error'];

const isStartOutcome = (o: Detail | undefined) => !!o && (('challengeId' in o && !('token' in o)) || o.stage == 'start');
const isVerifyOutcome = (o: Detail | undefined) => !!o && ('token' in o || o.stage == 'verify');
const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a) == JSON.stringify(b);

const track = (real: Real, stage: 'start' | 'verify', call: () => Promise<object>) => {
  const tracked: TrackedCall = {
    call: follow(`${stage}()`, call as () => Promise<Detail>),
    stage,
    connectedAtCall: real.el.isConnected,
    flowEndsAtCall: real.flowEnds,
  };
  tracked.call.done.then(() => (tracked.flowEndsAtSettle = real.flowEnds));
  real.calls.push(tracked);
};

/** Something that ends the flow under way, and may abort its request, is about to happen. */
const endFlow = (real: Real, kind: 'reset' | 'settings' | 'removed') => {
  real.marks.push({ kind });
  real.flowEnds++;
};

/** The newest code in the simulator's inbox for this run's tokens. */
const refreshCode = async (real: Real) => {
  const messages = (await Promise.all([...real.tokens, real.providerToken].map((t) => inbox(t)))).flat();
  messages.sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  real.lastCode = messages[0]?.code ?? real.lastCode;
};

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

class ClickSend implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_: Model, { el }: Real) {
    // The send button, or in the code step the resend button (the send button is hidden).
    const send = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]:not([hidden])');
    (send ?? el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="resend-button"]'))?.click();
  }
  toString = () => 'click send';
}

class CallStart implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_: Model, real: Real) {
    track(real, 'start', () => real.el.start());
  }
  toString = () => 'start()';
}

class CallVerify implements fc.AsyncCommand<Model, Real> {
  constructor(readonly right: boolean) {}
  check = () => true;
  async run(_: Model, real: Real) {
    if (this.right) await refreshCode(real);
    const code = this.right && real.lastCode ? real.lastCode : '000000';
    track(real, 'verify', () => real.el.verify(code));
  }
  toString = () => `verify(${this.right ? 'right' : 'wrong'} code)`;
}

/** The person's own path: start, wait for it, then the right code (not waited for). */
class StartThenVerify implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_: Model, real: Real) {
    track(real, 'start', () => real.el.start());
    // At most 2 s: a start that never settles is for the rules to report, not to hang the run.
    await Promise.race([real.calls.at(-1)!.call.done, sleep(2000)]);
    await refreshCode(real);
    track(real, 'verify', () => real.el.verify(real.lastCode ?? '000000'));
  }
  toString = () => 'start(), wait, verify(right code)';
}

class Reset implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_: Model, real: Real) {
    endFlow(real, 'reset');
    real.el.reset();
  }
  toString = () => 'reset()';
}

/** A new token, region or base-url, and start() in the same task. */
class ChangeThenStart implements fc.AsyncCommand<Model, Real> {
  constructor(readonly setting: 'token' | 'region' | 'base-url') {}
  check = () => true;
  async run(_: Model, real: Real) {
    const { el } = real;
    endFlow(real, 'settings');
    if (this.setting == 'token') {
      // The next of this run's tokens (a provider, if set, then has a token it need not replace).
      const next = real.tokens[(real.tokens.indexOf(el.token) + 1) % real.tokens.length]!;
      el.token = next;
    } else if (this.setting == 'region') {
      // base-url decides where requests go; a region change must still end the old flow.
      real.region = real.region == 'eu' ? 'au' : 'eu';
      el.region = real.region;
    } else {
      el.baseUrl = el.baseUrl == SIM_API ? CROSS_ORIGIN_SIM_API : SIM_API;
    }
    track(real, 'start', () => el.start());
  }
  toString = () => `set ${this.setting}, then start()`;
}

/** Removed and re-inserted elsewhere in one task, as a modal or a portal does. */
class Move implements fc.AsyncCommand<Model, Real> {
  check = (m: Readonly<Model>) => m.connected;
  async run(_: Model, real: Real) {
    const { el, home, elsewhere } = real;
    const target = el.parentNode == home ? elsewhere : home;
    el.remove();
    target.append(el);
  }
  toString = () => 'move (remove + re-insert, same task)';
}

/** Removed past the end of the task; then (usually) put back, or left out for later commands. */
class RemoveForGood implements fc.AsyncCommand<Model, Real> {
  constructor(readonly putBack: boolean) {}
  check = (m: Readonly<Model>) => m.connected;
  async run(m: Model, real: Real) {
    real.el.remove();
    endFlow(real, 'removed');
    m.connected = false;
    await sleep(20); // the task ends with the element still out
    if (this.putBack) {
      real.home.append(real.el);
      real.marks.push({ kind: 'inserted' });
      m.connected = true;
    }
  }
  toString = () => `remove (for good)${this.putBack ? ', re-insert 20 ms later' : ''}`;
}

class Reinsert implements fc.AsyncCommand<Model, Real> {
  check = (m: Readonly<Model>) => !m.connected;
  async run(m: Model, real: Real) {
    real.home.append(real.el);
    real.marks.push({ kind: 'inserted' });
    m.connected = true;
  }
  toString = () => 're-insert';
}

/** A listener of one event that calls back into the element from inside it, once. */
class ListenThenCall implements fc.AsyncCommand<Model, Real> {
  constructor(readonly event: EventType, readonly action: ListenerAction) {}
  check = () => true;
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
        if (this.action == 'verify') track(real, 'verify', () => el.verify(real.lastCode ?? '000000'));
      },
      { once: true },
    );
  }
  toString = () => `on ${this.event}: ${this.action}()`;
}

/** Empties `token` (a settings change) so that the provider is asked before each start. */
class UseProvider implements fc.AsyncCommand<Model, Real> {
  constructor(readonly kind: 'slow' | 'hanging') {}
  check = () => true;
  async run(_: Model, real: Real) {
    const { el } = real;
    el.tokenProvider = this.kind == 'slow' ? () => sleep(60).then(() => real.providerToken) : () => new Promise<string>(() => {});
    // Only a real change ends the flow (a second '' is no change).
    if (el.token) endFlow(real, 'settings');
    el.token = '';
  }
  toString = () => `${this.kind} tokenProvider, token ''`;
}

/**
 * Lets everything under way finish (at most 2 s), then reads the newest code: what a person
 * does between steps, and what lets a run get as far as a right code and challenge-verified.
 */
class Settle implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_: Model, real: Real) {
    const busy = () => real.el.state == 'sending' || real.el.state == 'verifying';
    const done = () => real.calls.every((c) => c.call.settlements > 0) && real.network.inFlight == 0 && !busy();
    await waitUntil(done, '', { timeout: 2000, interval: 10 }).catch(() => undefined);
    await refreshCode(real);
  }
  toString = () => 'let it settle';
}

class Wait implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run() {
    await sleep(this.ms);
  }
  toString = () => `wait ${this.ms} ms`;
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
  fc.constant(new Move()),
  fc.boolean().map((putBack) => new RemoveForGood(putBack)),
  fc.constant(new Reinsert()),
  fc.tuple(fc.constantFrom(...EVENTS), fc.constantFrom<ListenerAction>('reset', 'start', 'verify', 'reset+start')).map(([e, a]) => new ListenThenCall(e, a)),
  fc.constantFrom('slow', 'hanging').map((k) => new UseProvider(k as 'slow' | 'hanging')),
  fc.constantFrom(0, 30, 150).map((ms) => new Wait(ms)),
  fc.constant(new Settle()),
  fc.constant(new Settle()),
];

// ---------------------------------------------------------------------------------------
// One run: a fresh element, the commands, then the rules
// ---------------------------------------------------------------------------------------

/** Each request's answer reaches the element this late (cycled through). */
const LATENCIES = fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 8 });

/** Per request; the hanging provider takes this long to fail. Short, to keep runs quick. */
const TIMEOUT_MS = 600;

const setUp = async (cooldown: number, latencies: number[]): Promise<Real> => {
  const startLimit = { max: 1000, windowSeconds: 60 };
  const tokens = await Promise.all([newToken({ startLimit }), newToken({ startLimit })]);
  const providerToken = await newToken({ startLimit });
  const home = await fixture<HTMLDivElement>(html`<div class="home"></div>`);
  const elsewhere = document.createElement('div');
  document.body.append(elsewhere);
  const el = document.createElement('authsignal-whatsapp-challenge') as Challenge;
  Object.assign(el, { baseUrl: SIM_API, token: tokens[0], timeout: TIMEOUT_MS, resendCooldown: cooldown });
  const real: Real = {
    el,
    home,
    elsewhere,
    tokens,
    providerToken,
    page: recordPageErrors(),
    network: undefined as unknown as FetchWatch,
    calls: [],
    events: [],
    marks: [],
    flowEnds: 0,
    violations: [],
    region: 'eu',
  };
  let next = 0;
  real.network = watchFetch({
    latency: () => latencies[next++ % latencies.length]!,
    onSend: (request) => {
      if (!el.isConnected) real.violations.push(`a request (${request.path}) was sent by a disconnected element`);
      if (request.inFlightAtSend > 1) real.violations.push(`${request.inFlightAtSend} requests in flight when ${request.path} was sent`);
    },
  });
  // Attached before any listener a command adds, so an event is marked before a listener's reset().
  for (const type of EVENTS) {
    el.addEventListener(type, (event) => {
      const detail = (event as CustomEvent).detail as Detail;
      real.events.push({ type, detail, connected: el.isConnected });
      real.marks.push({ kind: 'event', type, detail });
      if (!el.isConnected) real.violations.push(`${type} emitted while the element was disconnected`);
    });
  }
  home.append(el);
  await el.updateComplete;
  return real;
};

const tearDown = (real: Real) => {
  real.network.stop();
  real.page.stop();
  real.el.remove();
  real.elsewhere.remove();
};

/**
 * Waits until every call has settled, nothing is in flight and the element is not busy (a
 * click's start is no call the test holds, and a provider's wait is no request): at most
 * 4 s, far more than a request's timeout plus its latency, so busy after that is stuck.
 */
const quiesce = async (real: Real) => {
  const busy = () => real.el.state == 'sending' || real.el.state == 'verifying';
  const done = () => real.calls.every((c) => c.call.settlements > 0) && real.network.inFlight == 0 && !busy();
  await waitUntil(done, '', { timeout: 4000, interval: 20 }).catch(() => undefined);
  await sleep(50); // an event or a request that should not come would come now
  if (real.el.isConnected) await real.el.updateComplete;
};

/** Every rule, after the run; returns what broke. */
const rulesBroken = (real: Real): string[] => {
  const broken = [...real.violations];
  const { el, calls, events } = real;
  for (const [i, { call, stage, connectedAtCall, flowEndsAtCall, flowEndsAtSettle }] of calls.entries()) {
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
    // Only reset(), a settings change or a lasting removal aborts; a move does not.
    if (connectedAtCall && aborted && flowEndsAtSettle === flowEndsAtCall) broken.push(`${name} was aborted, with no reset(), settings change or lasting removal while it ran`);
    if (!aborted && !events.some((e) => deepEqual(e.detail, outcome))) broken.push(`${name} settled with ${JSON.stringify(outcome)}, the detail of no event`);
  }
  if (real.network.maxInFlight > 1) broken.push(`${real.network.maxInFlight} requests in flight at once`);
  if (real.network.inFlight > 0) broken.push(`${real.network.inFlight} request(s) still in flight at the end`);
  if (real.page.errors.length) broken.push(...real.page.errors.map((e) => `page error: ${e}`));
  // The state, once nothing is in flight and every call has settled.
  const quiet = calls.every((c) => c.call.settlements > 0) && real.network.inFlight == 0;
  if (quiet && el.isConnected) {
    const { state } = el;
    if (state == 'sending' || state == 'verifying') broken.push(`state is ${state} with nothing in flight`);
    if (el.getAttribute('state') != state) broken.push(`state attribute ${el.getAttribute('state')} != state ${state}`);
    const last = real.marks.at(-1);
    const expected =
      last?.kind == 'event'
        ? last.type == 'challenge-verified'
          ? 'verified'
          : last.type == 'challenge-started'
            ? 'code-sent'
            : undefined
        : last?.kind == 'reset' || last?.kind == 'settings'
          ? 'idle'
          : undefined;
    if (expected && state != expected) broken.push(`state is ${state} after ${last!.kind == 'event' ? last!.type : `${last!.kind}`}; expected ${expected}`);
  }
  return broken;
};

describe('flow model: random sequences of calls, events, moves and settings against the simulator', () => {
  it('every call settles once with its own stage, one request at a time, no event while disconnected, state agrees with the last event, no page error', async function () {
    this.timeout(120_000);
    let runs = 0;
    /** What the runs exercised, so the log shows the model does more than idle. */
    const seen = { commands: 0, calls: 0, events: 0, requests: 0, aborted: 0, verified: 0 };
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 30),
        LATENCIES,
        fc.commands(commands, { maxCommands: 20, size: '+2' }),
        async (cooldown, latencies, sequence) => {
          runs++;
          const real = await setUp(cooldown, latencies);
          try {
            await fc.asyncModelRun(() => ({ model: { connected: true }, real }), sequence);
            await quiesce(real);
            seen.commands += [...sequence].length;
            seen.calls += real.calls.length;
            seen.events += real.events.length;
            seen.requests += real.network.sent.length;
            seen.aborted += real.calls.filter((c) => c.call.value?.error == 'aborted').length;
            seen.verified += real.events.filter((e) => e.type == 'challenge-verified').length;
            const broken = rulesBroken(real);
            if (broken.length) {
              const events = real.events.map((e) => `${e.type} ${JSON.stringify(e.detail)}`);
              throw new Error(`resend-cooldown ${cooldown}:\n  ${broken.join('\n  ')}\nevents:\n  ${events.join('\n  ') || '(none)'}`);
            }
          } finally {
            tearDown(real);
          }
        },
      ),
      // Bounded: 25 runs take well under a minute; on a failure, shrinking stops at the
      // time limit and the smallest sequence found so far is reported.
      { numRuns: 25, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false, includeErrorInReport: true },
    );
    console.log(`[flow model] ${runs} runs in ${Math.round(performance.now() - started)} ms: ${JSON.stringify(seen)}`);
    // Fewer runs means the time limit cut the property short: something made runs hang.
    expect(runs, 'runs done within the time limit').to.be.at.least(10);
  });
});
