/**
 * Calling back into the element while it is busy, as ordinary pages do (issue 9, items 1-3):
 * listeners of its own events that call reset(), start() or verify(); settings changed in
 * the same task as a start(); calls that overlap a request in flight. Real HTTP against
 * the simulator throughout.
 *
 * The rules (DESIGN.md section 3 and the lead's decisions): one request in flight at a time,
 * whoever calls; every method settles exactly once, with the detail of the event it emitted
 * (or `{ stage, error: 'aborted' }` with no event), and never rejects; a call of the same
 * stage joins the request in flight, a call of the other stage waits for it and then runs,
 * and its outcome is of its own stage; nothing reaches the page as an error.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { eventsArrive, latestCode, mount, part, sleep, type Mounted } from './helpers/element.js';
import { CROSS_ORIGIN_SIM_API, inbox, newToken, requestsWith, scriptFaults, startRequests } from './helpers/sim.js';
import { follow, recordPageErrors, watchFetch, type Call, type FetchWatch, type PageErrors } from './helpers/watch.js';

type EventType = 'challenge-started' | 'challenge-verified' | 'challenge-error';
type Outcome = Record<string, unknown>;

/** A start outcome names a challenge (and carries no access token) or says `stage: 'start'`. */
const isStartOutcome = (outcome: unknown) => {
  const o = (outcome ?? {}) as Outcome;
  return ('challengeId' in o && !('token' in o)) || o.stage == 'start';
};
/** A verify outcome carries the access token or says `stage: 'verify'`. */
const isVerifyOutcome = (outcome: unknown) => {
  const o = (outcome ?? {}) as Outcome;
  return 'token' in o || o.stage == 'verify';
};

const verifyRequests = async (token: string) =>
  (await requestsWith(token)).filter((r) => r.method == 'POST' && r.path.endsWith('/verify/whatsapp'));

/** A six-digit code that is not `code`. */
const wrongCode = (code: string) => (code == '000000' ? '111111' : '000000');

let page: PageErrors;
let network: FetchWatch;

beforeEach(() => {
  page = recordPageErrors();
  network = watchFetch();
});

afterEach(() => {
  network.stop();
  page.stop();
});

/** Waits for every followed call to settle (a call that never settles fails the test here). */
const settled = async (...calls: (Call | undefined)[]) => {
  const pending = calls.filter((c): c is Call => !!c);
  await waitUntil(() => pending.every((c) => c.settlements > 0), `a method call never settled: ${pending.filter((c) => !c.settlements).map((c) => c.name)}`, { timeout: 5000 });
};

/** What holds after every test in this file, whatever it did. */
const expectCalmEnd = async (mounted: Mounted, calls: (Call | undefined)[]) => {
  await settled(...calls);
  await sleep(100); // an event or a request that should not come would come now
  await mounted.el.updateComplete;
  for (const call of calls.filter((c): c is Call => !!c)) {
    expect(call.rejection, `${call.name} rejected`).to.equal(undefined);
    expect(call.settlements, `${call.name} settlements`).to.equal(1);
  }
  expect(page.errors, 'errors that reached the page').to.deep.equal([]);
  expect(network.maxInFlight, 'Client API requests in flight at once').to.be.at.most(1);
  expect(network.inFlight, 'requests still in flight at the end').to.equal(0);
  // Nothing is in flight, so the element cannot be busy.
  expect(mounted.el.state).to.be.oneOf(['idle', 'code-sent', 'verified']);
  expect(mounted.el.getAttribute('state')).to.equal(mounted.el.state);
};

/** Which event a scenario makes the element emit, and how. */
interface Source {
  name: string;
  event: EventType;
  /** Brings the element to the point where `trigger` makes it emit `event`. */
  prepare(mounted: Mounted): Promise<{ code?: string }>;
  trigger(mounted: Mounted, code?: string): Promise<unknown>;
}

const SOURCES: Source[] = [
  {
    name: 'challenge-started (start answered)',
    event: 'challenge-started',
    prepare: async () => ({}),
    trigger: ({ el }) => el.start(),
  },
  {
    name: 'challenge-verified (right code)',
    event: 'challenge-verified',
    prepare: async ({ el, token }) => {
      await el.start();
      return { code: await latestCode(token) };
    },
    trigger: ({ el }, code) => el.verify(code!),
  },
  {
    name: 'challenge-error from a start (503)',
    event: 'challenge-error',
    prepare: async ({ token }) => {
      await scriptFaults(token, { route: 'challenge', status: 503, body: { error: 'unavailable' } });
      return {};
    },
    trigger: ({ el }) => el.start(),
  },
  {
    name: 'challenge-error from a verify (wrong code)',
    event: 'challenge-error',
    prepare: async ({ el, token }) => {
      await el.start();
      return { code: await latestCode(token) };
    },
    trigger: ({ el }, code) => el.verify(wrongCode(code!)),
  },
];

type Action = 'reset' | 'start' | 'verify';

describe('re-entrancy: calling back into the element', () => {
  describe('a listener of each event that calls reset(), start() or verify()', () => {
    for (const source of SOURCES) {
      for (const action of ['reset', 'start', 'verify'] as Action[]) {
        it(`${source.name} + ${action}(): the first call settles once with the event's detail, the listener's call settles with its own stage, nothing reaches the page`, async () => {
          // No resend cooldown: a start() right after challenge-started may then really send.
          const mounted = await mount({ 'resend-cooldown': '0' });
          const { el } = mounted;
          const { code } = await source.prepare(mounted);
          const before = mounted.events.length;
          let nested: Call | undefined;
          let listenerRan = 0;
          el.addEventListener(
            source.event,
            () => {
              listenerRan++;
              if (action == 'reset') el.reset();
              else if (action == 'start') nested = follow('start() from the listener', () => el.start());
              else nested = follow('verify() from the listener', () => el.verify(code ?? '000000'));
            },
            { once: true },
          );
          const first = follow(`${source.event}'s own call`, () => source.trigger(mounted, code));
          await settled(first);
          // The event comes before the first call settles, so the listener's call exists by now.
          await settled(nested);
          expect(listenerRan).to.equal(1);
          const emitted = mounted.events[before]!;
          expect(emitted.type).to.equal(source.event);
          expect(first.value, 'the first call settles with the detail of the event it emitted').to.deep.equal(emitted.detail);
          if (action == 'start') expect(isStartOutcome(nested!.value), `start() settled with ${JSON.stringify(nested!.value)}`).to.equal(true);
          if (action == 'verify') expect(isVerifyOutcome(nested!.value), `verify() settled with ${JSON.stringify(nested!.value)}`).to.equal(true);
          await expectCalmEnd(mounted, [first, nested]);
          if (action == 'reset') expect(el.state).to.equal('idle');
        });
      }
    }
  });

  describe('what a call from a listener does', () => {
    it('a challenge-error listener that calls reset(): a click gives one error event and no uncaught error', async () => {
      const mounted = await mount();
      const { el } = mounted;
      await scriptFaults(mounted.token, { route: 'challenge', status: 503, body: { error: 'unavailable' } });
      el.addEventListener('challenge-error', () => el.reset());
      part(el, 'button')!.click();
      await eventsArrive(mounted.events);
      await expectCalmEnd(mounted, []);
      expect(mounted.events.map((e) => [e.type, e.detail.stage, e.detail.status])).to.deep.equal([['challenge-error', 'start', 503]]);
      expect(el.state).to.equal('idle');
      expect(part<HTMLButtonElement>(el, 'button')!.disabled).to.equal(false);
    });

    it('start() from a challenge-error listener sends a new start, which completes with challenge-started', async () => {
      const mounted = await mount();
      const { el } = mounted;
      await scriptFaults(mounted.token, { route: 'challenge', status: 503, body: { error: 'unavailable' } });
      let retry: Call | undefined;
      el.addEventListener('challenge-error', () => (retry = follow('start() from the listener', () => el.start())), { once: true });
      const first = follow('start()', () => el.start());
      await settled(first);
      await waitUntil(() => retry, 'the listener ran');
      await settled(retry);
      expect(first.value).to.deep.include({ stage: 'start', status: 503 });
      expect(retry!.value, 'a new start, not the stale outcome of the first').to.have.key('challengeId');
      const [message] = await inbox(mounted.token);
      expect(retry!.value, 'not the stale outcome of the first start').to.deep.equal({ challengeId: message!.challengeId });
      expect(await startRequests(mounted.token)).to.have.length(2);
      expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-error', 'challenge-started']);
      await expectCalmEnd(mounted, [first, retry]);
      expect(el.state).to.equal('code-sent');
    });

    it('start() from a challenge-started listener (no cooldown) sends a resend: a new challenge, not the stale outcome', async () => {
      const mounted = await mount({ 'resend-cooldown': '0' });
      const { el } = mounted;
      let resend: Call | undefined;
      el.addEventListener('challenge-started', () => (resend = follow('start() from the listener', () => el.start())), { once: true });
      const first = follow('start()', () => el.start());
      await settled(first);
      await waitUntil(() => resend, 'the listener ran');
      await settled(resend);
      expect(await startRequests(mounted.token)).to.have.length(2);
      const [newest, older] = await inbox(mounted.token);
      expect(first.value).to.deep.equal({ challengeId: older!.challengeId });
      expect(resend!.value).to.deep.equal({ challengeId: newest!.challengeId });
      await expectCalmEnd(mounted, [first, resend]);
      expect(el.state).to.equal('code-sent');
    });

    it('verify() from a challenge-started listener waits for the start and checks the code: a verify outcome, never the start\'s detail', async () => {
      const mounted = await mount();
      const { el } = mounted;
      let check: Call | undefined;
      el.addEventListener('challenge-started', () => (check = follow('verify() from the listener', () => el.verify('000000'))), { once: true });
      const first = follow('start()', () => el.start());
      await settled(first);
      await waitUntil(() => check, 'the listener ran');
      await settled(check);
      expect(first.value).to.have.key('challengeId');
      expect(isVerifyOutcome(check!.value), JSON.stringify(check!.value)).to.equal(true);
      expect(await verifyRequests(mounted.token)).to.have.length(1);
      await expectCalmEnd(mounted, [first, check]);
    });

    for (const event of ['challenge-started', 'challenge-error'] as const) {
      it(`reset(); start() from a ${event} listener: one request at a time, and the element ends where the last event says`, async () => {
        const mounted = await mount({ 'resend-cooldown': '0' });
        const { el } = mounted;
        if (event == 'challenge-error') await scriptFaults(mounted.token, { route: 'challenge', status: 503, body: { error: 'unavailable' } });
        let again: Call | undefined;
        el.addEventListener(
          event,
          () => {
            el.reset();
            again = follow('start() after reset() in the listener', () => el.start());
          },
          { once: true },
        );
        const first = follow('start()', () => el.start());
        await settled(first);
        await waitUntil(() => again, 'the listener ran');
        await settled(again);
        // A third start, from the page, right after: it must not overlap anything.
        const third = follow('start() from the page', () => el.start());
        await settled(third);
        await expectCalmEnd(mounted, [first, again, third]);
        expect(isStartOutcome(again!.value), JSON.stringify(again!.value)).to.equal(true);
        expect(isStartOutcome(third.value), JSON.stringify(third.value)).to.equal(true);
        expect(mounted.events.at(-1)!.type).to.equal('challenge-started');
        expect(el.state).to.equal('code-sent');
      });
    }
  });

  describe('settings changed in the same task as start()', () => {
    const changes: [string, (mounted: Mounted, fresh: string) => void, boolean][] = [
      ['token', ({ el }, fresh) => (el.token = fresh), true],
      ['region', ({ el }) => (el.region = 'eu'), false],
      ['base-url (property)', ({ el }) => (el.baseUrl = CROSS_ORIGIN_SIM_API), false],
      ['base-url (attribute)', ({ el }) => el.setAttribute('base-url', CROSS_ORIGIN_SIM_API), false],
    ];
    for (const [name, change, changesToken] of changes) {
      it(`${name} set, then start(): the start uses the new setting, sends one message and completes with challenge-started`, async () => {
        const mounted = await mount();
        const { el } = mounted;
        const fresh = await newToken();
        const token = changesToken ? fresh : mounted.token;
        change(mounted, fresh);
        const outcome = follow('start()', () => el.start());
        await settled(outcome);
        const [message] = await inbox(token);
        expect(message, 'the WhatsApp message went out').to.not.equal(undefined);
        expect(outcome.value).to.deep.equal({ challengeId: message!.challengeId });
        expect(mounted.events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-started', outcome.value]]);
        expect(await startRequests(token)).to.have.length(1);
        if (changesToken) expect(await requestsWith(mounted.token), 'the old token was not used').to.have.length(0);
        // The simulator answers on both hosts; the Host header says which one was asked.
        if (name.startsWith('base-url')) expect((await startRequests(token))[0]!.headers.host, 'the host of the new base-url').to.equal(new URL(CROSS_ORIGIN_SIM_API).host);
        await expectCalmEnd(mounted, [outcome]);
        expect(el.state).to.equal('code-sent');
        expect(part(el, 'code-input'), 'the person has a field for the code they got').to.not.equal(null);
      });
    }

    it('a start in flight before the token changes is aborted (no event); the start after the change, in the same task, completes', async () => {
      const mounted = await mount();
      const { el } = mounted;
      await scriptFaults(mounted.token, { route: 'challenge', delayMs: 400, body: { challengeId: 'from-the-old-token' } });
      const old = follow('start() before the change', () => el.start());
      await sleep(50);
      const fresh = await newToken();
      el.token = fresh;
      const now = follow('start() after the change', () => el.start());
      await settled(old, now);
      expect(old.value).to.deep.equal({ stage: 'start', error: 'aborted' });
      expect(now.value, 'the start after the change').to.have.key('challengeId');
      const [message] = await inbox(fresh);
      expect(now.value).to.deep.equal({ challengeId: message!.challengeId });
      await sleep(500); // past the old answer
      expect(mounted.events.map((e) => e.detail)).to.deep.equal([now.value]);
      await expectCalmEnd(mounted, [old, now]);
      expect(el.state).to.equal('code-sent');
    });

    it('a token change after a start has settled ends that flow, even with no new start', async () => {
      const mounted = await mount();
      const { el } = mounted;
      await el.start();
      el.token = await newToken();
      await el.updateComplete;
      expect(el.state).to.equal('idle');
      expect(part(el, 'code-input')).to.equal(null);
      await expectCalmEnd(mounted, []);
    });
  });

  describe('calls that overlap a request in flight', () => {
    it('a verify() waiting behind a token wait that the page ends with a token of its own (and start()) settles aborted at once', async () => {
      const mounted = await mount({ timeout: '10000' });
      const { el } = mounted;
      el.token = '';
      await el.updateComplete;
      el.tokenProvider = () => new Promise<string>(() => {}); // never answers
      const waiting = el.start();
      await sleep(50);
      let verifySettledAt = 0;
      const verify = el.verify('123456').then((outcome) => ((verifySettledAt = performance.now()), outcome));
      await sleep(50);
      // The page's own token, then start(): the waiting start and everything queued behind it end now.
      await scriptFaults(mounted.token, { route: 'challenge', delayMs: 3000, body: { challengeId: 'slow' } });
      const endedAt = performance.now();
      el.token = mounted.token;
      const own = el.start();
      expect(await waiting).to.deep.equal({ stage: 'start', error: 'aborted' });
      expect(await verify).to.deep.equal({ stage: 'verify', error: 'aborted' });
      expect(verifySettledAt - endedAt, 'ms from the new token to the queued verify settling').to.be.below(1000);
      expect(await own).to.deep.equal({ challengeId: 'slow' });
    });

    it('start() twice in one task: both settle with the same outcome object, one request', async () => {
      const mounted = await mount();
      const { el } = mounted;
      const a = el.start();
      const b = el.start();
      const [first, second] = await Promise.all([a, b]);
      expect(second).to.equal(first);
      expect(first).to.have.key('challengeId');
      expect(await startRequests(mounted.token)).to.have.length(1);
      expect(mounted.events).to.have.length(1);
      await expectCalmEnd(mounted, []);
    });

    it('start() during verifying waits for the verify, then settles with a start outcome of its own', async () => {
      const mounted = await mount({ 'resend-cooldown': '0' });
      const { el } = mounted;
      await el.start();
      const code = await latestCode(mounted.token);
      const check = follow('verify()', () => el.verify(code));
      expect(el.state).to.equal('verifying');
      const restart = follow('start() during verifying', () => el.start());
      await settled(check, restart);
      expect(check.value).to.have.keys(['challengeId', 'token']);
      expect(isStartOutcome(restart.value), `start() settled with ${JSON.stringify(restart.value)}`).to.equal(true);
      expect(restart.value).to.not.deep.equal(check.value);
      await expectCalmEnd(mounted, [check, restart]);
    });

    it('verify() during sending waits for the start, then settles with a verify outcome of its own', async () => {
      const mounted = await mount();
      const { el } = mounted;
      const begin = follow('start()', () => el.start());
      expect(el.state).to.equal('sending');
      const check = follow('verify() during sending', () => el.verify('000000'));
      await settled(begin, check);
      expect(begin.value).to.have.key('challengeId');
      expect(isVerifyOutcome(check.value), `verify() settled with ${JSON.stringify(check.value)}`).to.equal(true);
      expect(await verifyRequests(mounted.token), 'the verify ran after the start').to.have.length(1);
      await expectCalmEnd(mounted, [begin, check]);
    });

    it('reset() then start() while a start is in flight: the first is aborted (no event), the second completes, never two in flight', async () => {
      const mounted = await mount();
      const { el } = mounted;
      await scriptFaults(mounted.token, { route: 'challenge', delayMs: 400, body: { challengeId: 'aborted-one' } });
      const first = follow('start()', () => el.start());
      await sleep(50);
      el.reset();
      const second = follow('start() after reset()', () => el.start());
      await settled(first, second);
      expect(first.value).to.deep.equal({ stage: 'start', error: 'aborted' });
      expect(second.value, 'the start after reset()').to.have.key('challengeId');
      const [message] = await inbox(mounted.token);
      expect(second.value).to.deep.equal({ challengeId: message!.challengeId });
      await sleep(500); // past the first answer
      expect(mounted.events.map((e) => e.detail)).to.deep.equal([second.value]);
      await expectCalmEnd(mounted, [first, second]);
      expect(el.state).to.equal('code-sent');
    });

    describe('reset() ends the calls waiting behind the request it aborts', () => {
      it('a verify queued behind a start emits nothing after the reset', async () => {
        const m = await mount();
        await scriptFaults(m.token, { route: 'challenge', delayMs: 300, body: { challengeId: 'c1' } });
        const start = m.el.start();
        const verify = m.el.verify('123456');
        m.el.reset();
        const after = m.events.length;
        expect(await verify).to.deep.equal({ stage: 'verify', error: 'aborted' });
        await start;
        await sleep(400);
        expect(m.events.slice(after)).to.deep.equal([]);
      });

      it('a start queued behind a verify sends no WhatsApp message after the reset, nor after a new token', async () => {
        for (const end of ['reset', 'new token'] as const) {
          const m = await mount({ 'resend-cooldown': '0' });
          await m.el.start();
          const code = await latestCode(m.token);
          await scriptFaults(m.token, { route: 'verify', delayMs: 300, body: { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' } });
          const verify = m.el.verify(code);
          const start = m.el.start();
          if (end == 'reset') m.el.reset();
          else m.el.token = await newToken();
          expect(await start, end).to.deep.equal({ stage: 'start', error: 'aborted' });
          await verify;
          expect(await startRequests(m.token), end).to.have.length(1);
        }
      });
    });
  });
});
