/** What every security test shares: the fuzz case count, global failure traps, console spies. */
import fc from 'fast-check';

interface FuzzConfig {
  ci: boolean;
  runs: number;
  seed?: number;
}

let config: Promise<FuzzConfig> | undefined;

/**
 * Cases per property: 1000 by default and always at least 1000 with CI=true; FUZZ_RUNS=n
 * sets another count for local runs (read by test/security/server.mjs). Read it before
 * stubbing `fetch`.
 */
export const fuzzConfig = (): Promise<FuzzConfig> =>
  (config ??= window
    .fetch('/test/security/fuzz-config.json', { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : { ci: false, runs: 1000 }))
    .catch(() => ({ ci: false, runs: 1000 })));

/** fc.assert parameters for one property, and a line that reports how many cases ran. */
export const fuzzParameters = async <Ts>(name: string): Promise<{ parameters: fc.Parameters<Ts>; report: (cases: number) => void }> => {
  const { runs, seed, ci } = await fuzzConfig();
  return {
    parameters: { numRuns: runs, ...(seed !== undefined && { seed }), verbose: 0, includeErrorInReport: true },
    report: (cases) => console.log(`[fuzz] ${name}: ${cases} cases run (numRuns ${runs}${ci ? ', CI' : ''})`),
  };
};

/** A macrotask turn that is not a timer, so it works under fake timers and is quick. */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
export const macrotask = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

/** Lets queued promise callbacks run: `hops` turns of the microtask queue, no task. */
export const drain = async (hops = 64) => {
  for (let hop = 0; hop < hops; hop++) await undefined;
};

/**
 * Lets promise chains and Lit updates run until `observe()` stops changing. Everything the
 * fake server, the element and Lit do is promise-driven, so draining the microtask queue is
 * enough and much quicker than task turns (about 1 ms each in WebKit); `{ task: true }`
 * waits for whole task turns instead, for work a real browser API queues as a task.
 */
export const settle = async (observe: () => string, { min = 1, max = 40, task = false } = {}) => {
  let last = observe();
  let still = 0;
  for (let turn = 0; turn < max; turn++) {
    await (task ? macrotask() : drain());
    const now = observe();
    still = now == last ? still + 1 : 0;
    last = now;
    if (still >= min) return;
  }
};

/** Uncaught exceptions and unhandled rejections, anywhere on the page, while installed. */
export class FailureTrap {
  readonly failures: string[] = [];
  private readonly onError = (event: ErrorEvent) => this.failures.push(`error: ${event.message}`);
  private readonly onRejection = (event: PromiseRejectionEvent) =>
    this.failures.push(`unhandledrejection: ${String(event.reason?.stack ?? event.reason)}`);

  install() {
    window.addEventListener('error', this.onError);
    window.addEventListener('unhandledrejection', this.onRejection);
    return this;
  }

  uninstall() {
    window.removeEventListener('error', this.onError);
    window.removeEventListener('unhandledrejection', this.onRejection);
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table', 'group', 'groupCollapsed'] as const;

/** Copies everything written to the console (still passing it on) while installed. */
export class ConsoleSpy {
  readonly lines: string[] = [];
  private originals = new Map<string, (...args: unknown[]) => void>();

  install() {
    for (const method of CONSOLE_METHODS) {
      const original = (console as any)[method] as (...args: unknown[]) => void;
      this.originals.set(method, original);
      (console as any)[method] = (...args: unknown[]) => {
        this.lines.push(args.map(stringify).join(' '));
        original.apply(console, args);
      };
    }
    return this;
  }

  uninstall() {
    for (const [method, original] of this.originals) (console as any)[method] = original;
    this.originals.clear();
  }
}

/** Every string inside a value (objects, arrays, errors), for leak checks. */
export const stringify = (value: unknown): string => {
  if (typeof value == 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/**
 * An Error whose `stack` starts with its message: fast-check reports a failure by its
 * stack, and Firefox's stacks leave the message out.
 */
export const failure = (message: string): Error => {
  const error = new Error(message);
  error.stack = `Error: ${message}\n${error.stack ?? ''}`;
  return error;
};

type Clock = { now: number; tick(ms: number): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(id: unknown): void };

/** When each pending fake timer is due. @sinonjs/fake-timers keeps them in `clock.timers`. */
const dueTimes = (clock: Clock): number[] => {
  const timers = (clock as unknown as { timers?: Map<unknown, { callAt: number }> | Record<string, { callAt: number }> }).timers;
  const list = timers instanceof Map ? [...timers.values()] : Object.values(timers ?? {});
  return list.map((timer) => timer.callAt);
};

/**
 * `clock.tickAsync(ms)`, but draining the microtask queue after each timer rather than
 * waiting for a real (clamped) setTimeout: a minute of countdown ticks costs microseconds.
 * Timers fire one moment at a time, and promise chains run at that moment, as they would.
 */
export const advance = async (clock: Clock, ms: number) => {
  const end = clock.now + ms;
  for (;;) {
    const next = Math.min(...dueTimes(clock));
    if (!(next <= end)) break;
    clock.tick(Math.max(0, next - clock.now));
    await drain();
  }
  clock.tick(end - clock.now);
  await drain();
};

/** Throws unless advance() can see the clock's timers (fake-timers' internals may change). */
export const checkAdvanceWorks = (clock: Clock) => {
  const id = clock.setTimeout(() => undefined, 1234);
  const seen = dueTimes(clock).includes(clock.now + 1234);
  clock.clearTimeout(id);
  if (!seen) throw new Error('advance() cannot see the fake clock\'s timers: @sinonjs/fake-timers changed; update dueTimes()');
};
