/**
 * `tokenProvider` that is slow, never answers, fails, or answers with something that is
 * not a token (issue 9, item 4), over real HTTP against the simulator.
 *
 * The rules (DESIGN.md sections 2 and 3, and the lead's decisions): the provider's wait
 * counts against `timeout`, so one that never answers ends in
 * `challenge-error { stage: 'start', error: 'timeout' }` after `timeout` ms; one that
 * rejects, throws, or gives anything but a non-empty string ends in
 * `{ stage: 'start', error: 'token_unavailable' }` with nothing sent.
 */
import { expect } from '@open-wc/testing';
import { mount, sleep, type Mounted } from './helpers/element.js';
import { newToken, requestsWith, scriptFaults, startRequests } from './helpers/sim.js';
import { follow, recordPageErrors, watchFetch, type Call, type FetchWatch, type PageErrors } from './helpers/watch.js';

type Provider = () => Promise<string>;

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

/**
 * An element whose own token has expired (a real simulator token, so the simulator's log
 * shows whether it was sent anyway), which therefore asks its provider before a start.
 */
const mountWithProvider = async (provider: Provider, attributes: Record<string, string> = {}): Promise<Mounted> => {
  const mounted = await mount(attributes, { expiresIn: -60 });
  mounted.el.tokenProvider = provider;
  return mounted;
};

/** Waits at most `ms` for the call; a call that never settles fails with a message. */
const settledWithin = async (call: Call, ms: number) => {
  await Promise.race([call.done, sleep(ms)]);
  expect(call.settlements, `${call.name} settled within ${ms} ms`).to.equal(1);
  expect(call.rejection, `${call.name} rejected`).to.equal(undefined);
};

/** Nothing went to the Client API: not the expired token, and not anything else. */
const expectNothingSent = async ({ token }: Mounted) => {
  expect(network.sent.map((r) => r.path), 'Client API requests').to.deep.equal([]);
  expect(await requestsWith(token), 'requests the simulator saw with the expired token').to.deep.equal([]);
};

describe('tokenProvider', () => {
  describe('that never answers', () => {
    it('ends in challenge-error timeout after `timeout` ms, sends nothing, and the element is idle again', async function () {
      this.timeout(15_000);
      const never: Provider = () => new Promise<string>(() => {});
      const mounted = await mountWithProvider(never, { timeout: '400' });
      const begin = performance.now();
      const start = follow('start()', () => mounted.el.start());
      await mounted.el.updateComplete;
      expect(mounted.el.state, 'busy while it waits').to.equal('sending');
      await settledWithin(start, 4000);
      const waited = performance.now() - begin;
      expect(start.value).to.deep.equal({ stage: 'start', error: 'timeout' });
      expect(waited, 'ms until the timeout').to.be.within(350, 3000);
      expect(mounted.events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-error', start.value]]);
      await mounted.el.updateComplete;
      expect(mounted.el.state).to.equal('idle');
      await expectNothingSent(mounted);
      expect(page.errors).to.deep.equal([]);
    });

    it('with no token at all: the same timeout', async function () {
      this.timeout(15_000);
      const mounted = await mountWithProvider(() => new Promise<string>(() => {}), { timeout: '400' });
      mounted.el.token = '';
      await mounted.el.updateComplete;
      const start = follow('start()', () => mounted.el.start());
      await settledWithin(start, 4000);
      expect(start.value).to.deep.equal({ stage: 'start', error: 'timeout' });
      expect(network.sent).to.deep.equal([]);
    });

    it('a token that comes after the timeout is never used', async function () {
      this.timeout(15_000);
      const late = await newToken();
      const mounted = await mountWithProvider(() => sleep(900).then(() => late), { timeout: '300' });
      const start = follow('start()', () => mounted.el.start());
      await settledWithin(start, 4000);
      expect(start.value).to.deep.equal({ stage: 'start', error: 'timeout' });
      await sleep(1000); // past the provider's late answer
      expect(await startRequests(late), 'starts sent with the late token').to.deep.equal([]);
      expect(mounted.events).to.have.length(1);
      expect(mounted.el.state).to.equal('idle');
      expect(page.errors).to.deep.equal([]);
    });
  });

  describe('a slow provider', () => {
    it('that answers within the timeout: its token is used, and the start completes', async () => {
      const fresh = await newToken();
      const mounted = await mountWithProvider(() => sleep(200).then(() => fresh), { timeout: '5000' });
      const outcome = await mounted.el.start();
      expect(outcome).to.have.key('challengeId');
      expect(await startRequests(fresh)).to.have.length(1);
      expect(await requestsWith(mounted.token), 'the expired token was not sent').to.deep.equal([]);
    });

    it('its wait counts against the timeout: provider time plus server time over `timeout` is a timeout', async function () {
      this.timeout(15_000);
      // 400 ms for the token, then a server that takes 400 ms, against a 600 ms timeout:
      // the request itself has only 200 ms left. Each side has 200 ms of slack.
      const fresh = await newToken();
      await scriptFaults(fresh, { route: 'challenge', delayMs: 400, body: { challengeId: 'too-late-in-total' } });
      const mounted = await mountWithProvider(() => sleep(400).then(() => fresh), { timeout: '600' });
      const begin = performance.now();
      const outcome = await mounted.el.start();
      expect(outcome).to.deep.equal({ stage: 'start', error: 'timeout' });
      expect(performance.now() - begin).to.be.below(2500);
      await sleep(500);
      expect(mounted.events.map((e) => e.detail)).to.deep.equal([outcome]);
    });
  });

  describe('that fails or gives no usable token: token_unavailable, nothing sent', () => {
    const failures: [string, () => unknown][] = [
      ['rejects', () => Promise.reject(new Error('backend down'))],
      ['rejects with nothing', () => Promise.reject()],
      ['resolves an empty string', async () => ''],
      ['resolves undefined', async () => undefined],
      ['resolves null', async () => null],
      ['resolves a number', async () => 42],
      ['resolves an object with a token inside', async () => ({ token: 'eyJ.x.y' })],
      ['throws instead of returning a promise', () => {
        throw new Error('not even a promise');
      }],
      ['returns a string that is not in a promise', () => ''],
    ];
    for (const [name, provider] of failures) {
      it(`a provider that ${name}`, async () => {
        const mounted = await mountWithProvider(provider as Provider);
        const start = follow('start()', () => mounted.el.start());
        await settledWithin(start, 3000);
        expect(start.value).to.deep.equal({ stage: 'start', error: 'token_unavailable' });
        expect(mounted.events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-error', start.value]]);
        await mounted.el.updateComplete;
        expect(mounted.el.state).to.equal('idle');
        await sleep(100);
        await expectNothingSent(mounted);
        expect(page.errors).to.deep.equal([]);
      });
    }

    it('with no token set either: token_unavailable, not token_required', async () => {
      const mounted = await mountWithProvider(() => Promise.reject(new Error('backend down')));
      mounted.el.token = '';
      await mounted.el.updateComplete;
      expect(await mounted.el.start()).to.deep.equal({ stage: 'start', error: 'token_unavailable' });
      expect(network.sent).to.deep.equal([]);
    });

    it('asks again on the next start, and a token it then gives is used', async () => {
      const fresh = await newToken();
      let calls = 0;
      const mounted = await mountWithProvider(async () => (++calls == 1 ? '' : fresh));
      expect(await mounted.el.start()).to.deep.equal({ stage: 'start', error: 'token_unavailable' });
      expect(await mounted.el.start()).to.have.key('challengeId');
      expect(calls).to.equal(2);
      expect(await startRequests(fresh)).to.have.length(1);
    });
  });
});
