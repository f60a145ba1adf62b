/**
 * Connecting and disconnecting while a request is in flight (issue 9, item 5), over real
 * HTTP against the simulator.
 *
 * The rules (DESIGN.md section 3 and the lead's decisions): an element removed and
 * re-inserted in the same task (a modal or a portal moving it) keeps its request and emits
 * its outcome; one still disconnected when the task ends aborts its request, emits nothing,
 * and the pending method settles `{ stage, error: 'aborted' }`; a disconnected element
 * (never connected, or removed) sends nothing, emits nothing, and settles 'aborted'.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import { latestCode, mount, part, recordEvents, sleep, type Challenge, type Mounted } from './helpers/element.js';
import { SIM_API, inbox, newToken, requestsWith, scriptFaults, startRequests } from './helpers/sim.js';
import { follow, recordPageErrors, type Call, type PageErrors } from './helpers/watch.js';

const verifyRequests = async (token: string) =>
  (await requestsWith(token)).filter((r) => r.method == 'POST' && r.path.endsWith('/verify/whatsapp'));

/** The claims of a JWT (unchecked; the simulator signed it). */
const claims = (jwt: string) => JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));

/** Asks the simulator directly whether `code` is still good for `token`'s challenge. */
const verifyDirectly = async (token: string, code: string) =>
  (
    await fetch(`${SIM_API}/verify/whatsapp`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ verificationCode: code }),
    })
  ).json();

/** Ways a page moves an element within one task. */
const MOVES: [string, (el: Challenge, elsewhere: HTMLElement) => void][] = [
  [
    'removed and put back in the same place',
    (el) => {
      const [parent, next] = [el.parentNode!, el.nextSibling];
      el.remove();
      parent.insertBefore(el, next);
    },
  ],
  ['moved into another container (a portal)', (el, elsewhere) => elsewhere.append(el)],
  [
    'removed, then appended elsewhere after other DOM work',
    (el, elsewhere) => {
      el.remove();
      elsewhere.append(document.createElement('span'));
      elsewhere.append(el);
    },
  ],
];

/**
 * Waits for a call to settle, at most 3 s: a call that never settles fails here, with a
 * message, instead of timing the whole test out.
 */
const settled = async (call: Call) => {
  await Promise.race([call.done, sleep(3000)]);
  expect(call.settlements, `${call.name} settled`).to.equal(1);
  expect(call.rejection, `${call.name} rejected`).to.equal(undefined);
};

let page: PageErrors;
beforeEach(() => {
  page = recordPageErrors();
});
afterEach(() => page.stop());

/** A container outside the fixture, as a modal root would be; removed after the test. */
const elsewhereContainer = async () => fixture<HTMLDivElement>(html`<div id="modal-root"></div>`);

describe('lifecycle: moves and removals mid-request', () => {
  describe('moved in the same task keeps the request and its outcome', () => {
    for (const [name, move] of MOVES) {
      it(`${name} mid-verify: challenge-verified with the access token the simulator gave for the used code`, async () => {
        const mounted = await mount();
        const { el, token } = mounted;
        const elsewhere = await elsewhereContainer();
        const started = await el.start();
        const code = await latestCode(token);
        const check = follow('verify()', () => el.verify(code));
        move(el, elsewhere);
        await settled(check);
        expect(check.rejection).to.equal(undefined);
        // The simulator answered (the code is used up): the element must have reported it.
        expect(await verifyDirectly(token, code), 'the simulator used the code').to.include({ isVerified: false });
        expect(check.value, 'the outcome of the verify the server acted on').to.have.keys(['challengeId', 'token']);
        const { token: accessToken } = check.value as { token: string };
        expect(claims(accessToken)).to.include({ verified: true, challengeId: (started as { challengeId: string }).challengeId });
        expect(mounted.events.map((e) => [e.type, e.detail])).to.deep.equal([
          ['challenge-started', started],
          ['challenge-verified', check.value],
        ]);
        await el.updateComplete;
        expect(el.isConnected).to.equal(true);
        expect(el.state).to.equal('verified');
        expect(page.errors).to.deep.equal([]);
      });
    }

    it('moved into another container mid-start: challenge-started, and the code field shows', async () => {
      const mounted = await mount();
      const { el, token } = mounted;
      const elsewhere = await elsewhereContainer();
      const begin = follow('start()', () => el.start());
      elsewhere.append(el);
      await settled(begin);
      const [message] = await inbox(token);
      expect(message, 'the WhatsApp message went out').to.not.equal(undefined);
      expect(begin.value).to.deep.equal({ challengeId: message!.challengeId });
      expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-started']);
      await el.updateComplete;
      expect(el.state).to.equal('code-sent');
      expect(part(el, 'code-input')).to.not.equal(null);
      expect(page.errors).to.deep.equal([]);
    });

    it('a move with a microtask between removal and re-insertion, in one task, keeps the request', async () => {
      const m = await mount();
      await scriptFaults(m.token, { route: 'challenge', delayMs: 300, body: { challengeId: 'kept' } });
      const parent = m.el.parentElement!;
      const start = m.el.start();
      await sleep(50);
      m.el.remove();
      await Promise.resolve();
      parent.append(m.el);
      expect(await start).to.deep.equal({ challengeId: 'kept' });
    });

    it("a move that spans ten microtasks of one task while the tokenProvider's answer is taken in keeps the start: challenge-started once", async () => {
      const m = await mount();
      m.el.token = '';
      await m.el.updateComplete;
      const fresh = await newToken();
      const parent = m.el.parentElement!;
      m.el.tokenProvider = async () => {
        await sleep(50);
        // Out of the document as its answer comes back, and back in ten microtasks later, in the same task.
        m.el.remove();
        void (async () => {
          for (let i = 0; i < 10; i++) await Promise.resolve();
          parent.append(m.el);
        })();
        return fresh;
      };
      const start = follow('start()', () => m.el.start());
      await settled(start);
      const [message] = await inbox(fresh);
      expect(message, 'the WhatsApp message went out').to.not.equal(undefined);
      expect(start.value).to.deep.equal({ challengeId: message!.challengeId });
      expect(m.events.map((e) => e.type)).to.deep.equal(['challenge-started']);
      expect(m.el.isConnected, 'back in the document').to.equal(true);
      expect(page.errors).to.deep.equal([]);
    });

    it('moved while a slow start is in flight: its answer still arrives as challenge-started', async () => {
      const mounted = await mount();
      const { el, token } = mounted;
      const elsewhere = await elsewhereContainer();
      await scriptFaults(token, { route: 'challenge', delayMs: 300, body: { challengeId: 'slow-but-kept' } });
      const begin = follow('start()', () => el.start());
      await sleep(50);
      elsewhere.append(el);
      await settled(begin);
      expect(begin.value).to.deep.equal({ challengeId: 'slow-but-kept' });
      expect(mounted.events.map((e) => e.detail)).to.deep.equal([{ challengeId: 'slow-but-kept' }]);
    });
  });

  describe('still disconnected when the task ends: aborted, no event', () => {
    it('removed for good mid-start: start() settles aborted and no event follows the late answer', async () => {
      const mounted = await mount();
      const { el, token } = mounted;
      await scriptFaults(token, { route: 'challenge', delayMs: 300, body: { challengeId: 'never-seen' } });
      const begin = follow('start()', () => el.start());
      await sleep(50);
      el.remove();
      await settled(begin);
      expect(begin.value).to.deep.equal({ stage: 'start', error: 'aborted' });
      await sleep(500); // past the late answer
      expect(mounted.events).to.deep.equal([]);
      expect(page.errors).to.deep.equal([]);
    });

    it('removed in the same task as verify(), never put back: verify() settles aborted, no event', async () => {
      const mounted = await mount();
      const { el, token } = mounted;
      await el.start();
      await scriptFaults(token, { route: 'verify', delayMs: 300, body: { isVerified: true, accessToken: 'never-seen' } });
      const check = follow('verify()', () => el.verify('123456'));
      el.remove();
      await settled(check);
      expect(check.value).to.deep.equal({ stage: 'verify', error: 'aborted' });
      await sleep(500);
      expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-started']);
      expect(page.errors).to.deep.equal([]);
    });

    it('removed, and put back only in a later task: the request was aborted, no event, and the element works again', async () => {
      const mounted = await mount();
      const { el, token } = mounted;
      const parent = el.parentNode!;
      await scriptFaults(token, { route: 'challenge', delayMs: 300, body: { challengeId: 'never-seen' } });
      const begin = follow('start()', () => el.start());
      el.remove();
      await sleep(50);
      parent.appendChild(el);
      await settled(begin);
      expect(begin.value).to.deep.equal({ stage: 'start', error: 'aborted' });
      await sleep(450);
      expect(mounted.events).to.deep.equal([]);
      await el.updateComplete;
      expect(el.state).to.equal('idle');
      const again = await el.start();
      expect(again).to.have.key('challengeId');
      expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-started']);
    });
  });

  describe('a disconnected element sends nothing', () => {
    /** An element that was never connected, configured as a page would before inserting it. */
    const detached = async () => {
      const token = await newToken();
      const el = document.createElement('authsignal-whatsapp-challenge') as Challenge;
      Object.assign(el, { baseUrl: SIM_API, token });
      return { el, token, events: recordEvents(el) } satisfies Mounted;
    };

    /** Lets anything that was wrongly sent reach the simulator's log. */
    const afterAWhile = () => sleep(300);

    it('never connected: start() sends nothing, emits nothing, and settles aborted', async () => {
      const { el, token, events } = await detached();
      const begin = follow('start()', () => el.start());
      await settled(begin);
      expect(begin.value).to.deep.equal({ stage: 'start', error: 'aborted' });
      await afterAWhile();
      expect(await requestsWith(token), 'requests the simulator saw').to.deep.equal([]);
      expect(await inbox(token), 'WhatsApp messages sent').to.deep.equal([]);
      expect(events).to.deep.equal([]);
      expect(el.state).to.equal('idle');
      expect(page.errors).to.deep.equal([]);
    });

    it('never connected: verify() sends nothing, emits nothing, and settles aborted', async () => {
      const { el, token, events } = await detached();
      const check = follow('verify()', () => el.verify('123456'));
      await settled(check);
      expect(check.value).to.deep.equal({ stage: 'verify', error: 'aborted' });
      await afterAWhile();
      expect(await requestsWith(token)).to.deep.equal([]);
      expect(events).to.deep.equal([]);
    });

    it('removed: start() and a click on the send button send nothing, emit nothing, and start() settles aborted', async () => {
      const mounted = await mount();
      const { el, token } = mounted;
      el.remove();
      await sleep(50);
      const begin = follow('start()', () => el.start());
      await settled(begin);
      expect(begin.value).to.deep.equal({ stage: 'start', error: 'aborted' });
      part(el, 'button')?.click();
      await afterAWhile();
      expect(await startRequests(token)).to.deep.equal([]);
      expect(await inbox(token)).to.deep.equal([]);
      expect(mounted.events).to.deep.equal([]);
      expect(page.errors).to.deep.equal([]);
    });

    it('removed with a code waiting: verify() of the right code sends nothing and settles aborted; the code stays good', async () => {
      const mounted = await mount();
      const { el, token } = mounted;
      await el.start();
      const code = await latestCode(token);
      el.remove();
      await sleep(50);
      const check = follow('verify()', () => el.verify(code));
      await settled(check);
      expect(check.value).to.deep.equal({ stage: 'verify', error: 'aborted' });
      await afterAWhile();
      expect(await verifyRequests(token)).to.deep.equal([]);
      expect(mounted.events.map((e) => e.type)).to.deep.equal(['challenge-started']);
      expect(await verifyDirectly(token, code), 'the code was not used up').to.include({ isVerified: true });
    });
  });
});
