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
import { expect, waitUntil } from '@open-wc/testing';
import { latestCode, mount, part, pasteCode, sleep, type Mounted } from './helpers/element.js';
import { inbox, newToken, requestsWith, scriptFaults, startRequests } from './helpers/sim.js';
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

    it('a provider that answers just inside timeout: the start is not sent with no time left', async () => {
      const m = await mount({ timeout: '1000' });
      m.el.token = '';
      await m.el.updateComplete;
      const fresh = await newToken();
      m.el.tokenProvider = () => new Promise((resolve) => setTimeout(() => resolve(fresh), 900));
      expect(await m.el.start()).to.deep.equal({ stage: 'start', error: 'timeout' });
      await sleep(100);
      expect(await inbox(fresh)).to.have.length(0);
    });

    it('during a slow provider, a page that sets token and calls start() gets a start with that token; the waiting one is aborted', async () => {
      const m = await mount();
      m.el.token = '';
      await m.el.updateComplete;
      const provided = await newToken();
      m.el.tokenProvider = () => new Promise((resolve) => setTimeout(() => resolve(provided), 300));
      const first = m.el.start();
      await sleep(20);
      const own = await newToken();
      m.el.token = own;
      const second = await m.el.start();
      expect(second).to.have.key('challengeId');
      expect(await first).to.deep.equal({ stage: 'start', error: 'aborted' });
      await sleep(400);
      expect(await startRequests(own)).to.have.length(1);
      expect(await startRequests(provided)).to.have.length(0);
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

  describe('that also stores the token it hands over (DESIGN.md section 2: "that changes nothing")', () => {
    it('a tokenProvider that stores its token in framework state a task later does not end its flow: no second WhatsApp message, and the code verifies', async () => {
      // React: `const t = await getToken(); setToken(t); return t;` with token={token} bound on
      // the element. React commits the state, and so sets el.token, in a later task.
      const mounted = await mount();
      const { el, events } = mounted;
      el.token = '';
      await el.updateComplete;
      const fresh = await newToken();
      const later = (ms: number) => setTimeout(() => (el.token = fresh), ms);
      el.tokenProvider = async () => {
        const t = await sleep(20).then(() => fresh);
        later(0); // the commit
        later(150); // and re-renders that set the same value again
        return t;
      };
      const outcome = await el.start();
      expect(outcome).to.have.key('challengeId');
      await sleep(300); // past every later task that set the token
      await el.updateComplete;
      expect(el.state, 'still waiting for the code').to.equal('code-sent');
      expect(part(el, 'code-input'), 'the code field still shows').to.not.equal(null);
      later(0);
      await sleep(50);
      pasteCode(el, await latestCode(fresh));
      await waitUntil(() => events.length >= 2, 'the code is checked', { timeout: 5000 });
      expect(events.map((e) => e.type)).to.deep.equal(['challenge-started', 'challenge-verified']);
      el.token = fresh;
      await sleep(50);
      await el.updateComplete;
      expect(el.state, 'the same token once more after verification').to.equal('verified');
      expect(await inbox(fresh), 'WhatsApp messages sent').to.have.length(1);
      expect(page.errors).to.deep.equal([]);
    });

    it('a tokenProvider that also stores the token on the element (el.token = t) at once does not end its own start', async () => {
      const m = await mount();
      m.el.token = '';
      await m.el.updateComplete;
      const fresh = await newToken();
      m.el.tokenProvider = async () => {
        m.el.token = fresh;
        await sleep(20);
        return fresh;
      };
      expect(await m.el.start()).to.have.key('challengeId');
    });

    it('a tokenProvider that stores the untrimmed token it hands over ("t\\n" on the element and as its answer) changes nothing: the first start gets a challengeId', async () => {
      const m = await mount();
      m.el.token = '';
      await m.el.updateComplete;
      const fresh = await newToken();
      const raw = `${fresh}\n`;
      m.el.tokenProvider = async () => {
        m.el.token = raw;
        return raw;
      };
      const start = follow('start()', () => m.el.start());
      await settledWithin(start, 5000);
      expect(start.value).to.have.key('challengeId');
      expect(m.events.map((e) => e.type)).to.deep.equal(['challenge-started']);
      expect(await inbox(fresh), 'WhatsApp messages').to.have.length(1);
      expect(page.errors).to.deep.equal([]);
    });
  });

  it('a token that cannot go into a header (smart quotes from a CMS) is not usable: the provider is asked, and its token is used', async () => {
    const m = await mount();
    const fresh = await newToken();
    let asked = 0;
    m.el.tokenProvider = async () => (asked++, fresh);
    m.el.token = `\u201d${m.token}\u201d`;
    await m.el.updateComplete;
    const start = follow('start()', () => m.el.start());
    await settledWithin(start, 5000);
    expect(start.value, JSON.stringify(start.value)).to.have.key('challengeId');
    expect(asked, 'the provider was asked').to.equal(1);
    expect(await startRequests(fresh), 'starts with the provider token').to.have.length(1);
    expect(await requestsWith(m.token), 'requests with the smart-quoted token').to.deep.equal([]);
  });

  it('a provider token with a trailing newline or spaces is used trimmed, as a token-url answer is', async () => {
    for (const padding of ['\n', ' ', '\r\n', '\t ']) {
      const fresh = await newToken();
      const mounted = await mountWithProvider(async () => `${fresh}${padding}`);
      expect(await mounted.el.start(), JSON.stringify(padding)).to.have.key('challengeId');
      const [sent] = await startRequests(fresh);
      expect(sent?.headers.authorization, JSON.stringify(padding)).to.equal(`Bearer ${fresh}`);
    }
  });

  describe('reset() during a token wait', () => {
    it('settles the waiting start() aborted at once, well before timeout, and aborts the signal the provider was given', async () => {
      const fresh = await newToken();
      let given: { signal?: AbortSignal } | undefined;
      const mounted = await mountWithProvider(
        ((options: { signal: AbortSignal }) => {
          given = options;
          return sleep(3000).then(() => fresh);
        }) as unknown as Provider,
        { timeout: '10000' },
      );
      const start = follow('start()', () => mounted.el.start());
      await sleep(50);
      const abortedBefore = given?.signal?.aborted;
      const resetAt = performance.now();
      mounted.el.reset();
      await settledWithin(start, 1500);
      expect(start.value).to.deep.equal({ stage: 'start', error: 'aborted' });
      expect(performance.now() - resetAt, 'ms from reset() to the settlement').to.be.below(1500);
      expect(given?.signal, 'the provider is given { signal }').to.be.instanceOf(AbortSignal);
      expect(abortedBefore, 'not aborted while the start waited').to.equal(false);
      expect(given!.signal!.aborted, 'aborted by reset()').to.equal(true);
      expect(mounted.events, 'no event').to.deep.equal([]);
    });
  });

  describe('after a 401 expired_token on start, the token is dead', () => {
    const expired = { route: 'challenge' as const, status: 401, body: { error: 'unauthorized', errorCode: 'expired_token' } };

    it('with a tokenProvider, the next start asks the provider and uses its token; the dead token is not sent again', async () => {
      // The token looks valid by this device's clock (a clock that is behind): only the server knows.
      const mounted = await mount();
      const fresh = await newToken();
      let asked = 0;
      mounted.el.tokenProvider = async () => (asked++, fresh);
      await scriptFaults(mounted.token, expired);
      expect(await mounted.el.start()).to.deep.include({ stage: 'start', error: 'expired_token', status: 401 });
      expect(asked, 'a usable token is used first').to.equal(0);
      expect(await mounted.el.start()).to.have.key('challengeId');
      expect(asked, 'the provider was asked').to.equal(1);
      expect(await startRequests(fresh), 'starts with the fresh token').to.have.length(1);
      expect(await startRequests(mounted.token), 'starts with the dead token').to.have.length(1);
    });

    it('a provider that hands back the token the server refused: it is not sent again, the start settles expired_token', async () => {
      const mounted = await mount();
      mounted.el.token = '';
      await mounted.el.updateComplete;
      const refused = await newToken();
      mounted.el.tokenProvider = async () => refused;
      await scriptFaults(refused, expired);
      expect(await mounted.el.start()).to.deep.include({ stage: 'start', error: 'expired_token', status: 401 });
      const again = follow('start()', () => mounted.el.start());
      await settledWithin(again, 5000);
      expect(again.value).to.deep.include({ stage: 'start', error: 'expired_token' });
      await sleep(100);
      expect(await startRequests(refused), 'starts with the refused token').to.have.length(1);
      expect(await inbox(refused), 'WhatsApp messages').to.deep.equal([]);
    });

    it('with neither a tokenProvider nor a token-url, the next start sends nothing and settles expired_token at once', async () => {
      const mounted = await mount();
      await scriptFaults(mounted.token, expired);
      expect(await mounted.el.start()).to.deep.include({ stage: 'start', error: 'expired_token', status: 401 });
      const again = await mounted.el.start();
      expect(again).to.deep.include({ stage: 'start', error: 'expired_token' });
      expect(mounted.events.map((e) => [e.type, e.detail.error])).to.deep.equal([
        ['challenge-error', 'expired_token'],
        ['challenge-error', 'expired_token'],
      ]);
      await sleep(100);
      expect(await startRequests(mounted.token), 'starts with the dead token').to.have.length(1);
      expect(await inbox(mounted.token), 'WhatsApp messages').to.deep.equal([]);
    });
  });
});
