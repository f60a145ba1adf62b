/**
 * Time (DESIGN.md sections 2 and 3): every countdown and deadline runs on a monotonic clock,
 * so a device clock that jumps (corrected by the network, changed by hand) changes no wait;
 * an HTTP-date `Retry-After` is read against the response's own `Date` header; `retryAfter`
 * is never more than 3,600 seconds. Real HTTP against the simulator; only `Date.now` is
 * moved, by a fixed offset, the way a corrected device clock moves.
 */
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { clickSend, mount, part } from './helpers/element.js';
import { countdownSeconds } from './helpers/reading.js';
import { scriptFaults, startRequests } from './helpers/sim.js';

const HOUR = 3_600_000;

/** This device's clock jumps by `ms` (negative: back) and runs on from there. */
const jumpClock = (ms: number) => {
  const realNow = Date.now.bind(Date);
  sinon.stub(Date, 'now').callsFake(() => realNow() + ms);
};

describe('time: a device clock that jumps changes no wait', () => {
  afterEach(() => sinon.restore());

  for (const [name, jump] of [
    ['an hour back', -HOUR],
    ['an hour forward', HOUR],
  ] as const) {
    it(`the clock set ${name} during a resend cooldown: "Send a new code" is still offered when the cooldown ends, not before`, async function () {
      this.timeout(15_000);
      const cooldown = 2;
      const mounted = await mount({ 'resend-cooldown': String(cooldown) });
      const sentAt = performance.now();
      await clickSend(mounted);
      const resend = part<HTMLButtonElement>(mounted.el, 'resend-button')!;
      expect(resend.disabled, 'during the cooldown').to.equal(true);
      jumpClock(jump);
      mounted.el.requestUpdate();
      await mounted.el.updateComplete;
      expect(resend.disabled, 'just after the jump').to.equal(true);
      expect(countdownSeconds(mounted.el), 'the countdown just after the jump').to.be.within(1, cooldown);
      await waitUntil(() => !resend.disabled, `"Send a new code" still disabled after the ${cooldown} s cooldown`, { timeout: 8000 });
      const waited = (performance.now() - sentAt) / 1000;
      expect(waited, 'seconds from the click until "Send a new code"').to.be.within(cooldown - 0.5, cooldown + 5);
    });
  }

  it('a 429 for one hour, then the clock set back an hour: start() reports at most 3,600 seconds left, and so does the countdown', async () => {
    const mounted = await mount();
    await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers: { 'Retry-After': '3600' }, body: { error: 'too_many_requests' } });
    const { detail } = await clickSend(mounted);
    expect(detail).to.deep.include({ stage: 'start', error: 'too_many_requests', retryAfter: 3600 });
    jumpClock(-HOUR);
    const again = await mounted.el.start();
    expect(again).to.deep.include({ stage: 'start', error: 'too_many_requests' });
    expect((again as { retryAfter: number }).retryAfter, 'retryAfter after the jump').to.be.within(3590, 3600);
    await mounted.el.updateComplete;
    expect(countdownSeconds(mounted.el), 'the countdown after the jump').to.be.within(3590, 3600);
    expect(await startRequests(mounted.token)).to.have.length(1);
  });

  for (const [name, deviceAhead] of [
    ['an hour slow', -HOUR],
    ['an hour fast', HOUR],
  ] as const) {
    it(`a 429 whose Retry-After is an HTTP date, from a server whose clock differs (this device is ${name}): retryAfter is counted against the Date header`, async () => {
      const mounted = await mount();
      jumpClock(deviceAhead);
      // The server's clock is right; the device's is off by an hour. The server says: a minute.
      const server = Date.now() - deviceAhead;
      const headers = { 'Retry-After': new Date(server + 60_000).toUTCString(), Date: new Date(server).toUTCString() };
      await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers, body: { error: 'too_many_requests' } });
      const { detail } = await clickSend(mounted);
      expect(detail).to.deep.include({ stage: 'start', error: 'too_many_requests', status: 429 });
      expect(detail.retryAfter, 'retryAfter').to.be.within(59, 61);
      expect(countdownSeconds(mounted.el), 'the countdown').to.be.within(58, 61);
    });
  }
});
