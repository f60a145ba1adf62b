/**
 * Calm under load, over real HTTP: 200 instances clicked once each make exactly 200 start
 * requests and each gets its own event; 50 clicks in a second on one instance make one.
 *
 * The simulator limits starts per token (5 per 60 s by default, sim/rate-limit.mjs), so the
 * 200 instances share one token minted with `startLimit: { max: 1000, windowSeconds: 60 }`.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { AuthsignalWhatsappChallenge } from '../../src/authsignal-whatsapp-challenge.js';
import { recordEvents, sleep } from '../helpers/element.js';
import { SIM_API, inbox, newToken, scriptFaults, startRequests } from '../helpers/sim.js';

type El = AuthsignalWhatsappChallenge;

/**
 * The button a person would click to get a code: the send button until the code field
 * shows, then "Send a new code". The send button stays in the DOM (hidden) in the code step,
 * so it must not be picked then: clicking it tests nothing a person can do.
 */
const startButton = (el: El) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="button"], [part~="resend-button"]')].find(
    (button) => !button.closest('[hidden]') && button.getClientRects().length > 0,
  )!;

describe('security: load', () => {
  it('200 instances, each clicked once: 200 start requests, and each instance gets its own event', async function () {
    this.timeout(60_000);
    const token = await newToken({ startLimit: { max: 1000, windowSeconds: 60 } });
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const instances = Array.from({ length: 200 }, () => {
      const el = document.createElement('authsignal-whatsapp-challenge') as El;
      Object.assign(el, { baseUrl: SIM_API, token });
      container.append(el);
      return { el, events: recordEvents(el) };
    });
    await Promise.all(instances.map(({ el }) => el.updateComplete));
    const started = performance.now();
    for (const { el } of instances) startButton(el).click();
    await waitUntil(() => instances.every(({ events }) => events.length >= 1), 'every instance answered', { timeout: 45_000, interval: 50 });
    console.log(`[load] 200 instances answered in ${Math.round(performance.now() - started)} ms`);
    await sleep(300); // nothing more may arrive

    expect(instances.filter(({ events }) => events.length != 1 || events[0]!.type != 'challenge-started').map(({ events }) => events.map((e) => [e.type, e.detail.error]))).to.deep.equal([]);
    expect(await startRequests(token)).to.have.length(200);
    // Each event names a message the simulator really sent, and no two instances share one.
    const ids = instances.map(({ events }) => events[0]!.detail.challengeId as string);
    expect(new Set(ids).size).to.equal(200);
    const sent = new Set((await inbox(token)).map((m) => m.challengeId));
    expect(ids.filter((id) => !sent.has(id))).to.deep.equal([]);
    // Each instance's own detail, on its own element: the event target is the instance.
    expect(instances.every(({ el, events }) => events[0]!.event.target == el)).to.equal(true);
  });

  for (const [name, faults] of [
    ['while the request is in flight (a slow server)', [{ route: 'challenge', delayMs: 1500, body: { challengeId: 'slow-one' } }]],
    ['once it has answered (the resend cooldown)', []],
  ] as const) {
    it(`50 clicks in a second on one instance make one request: ${name}`, async function () {
      this.timeout(20_000);
      const token = await newToken();
      if (faults.length) await scriptFaults(token, ...faults);
      const el = await fixture<El>(html`<authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>`);
      const events = recordEvents(el);
      const clicked: string[] = [];
      for (let click = 0; click < 50; click++) {
        const button = startButton(el);
        clicked.push(button.getAttribute('part')!);
        button.click();
        await sleep(20);
      }
      await waitUntil(() => events.length >= 1, 'the one answer', { timeout: 5000 });
      await sleep(300);
      expect(await startRequests(token)).to.have.length(1);
      expect(events.map((e) => e.type)).to.deep.equal(['challenge-started']);
      // The clicks after the answer landed on "Send a new code", the button a person sees then.
      const onResend = clicked.filter((name) => name == 'resend-button').length;
      if (faults.length) expect(clicked[0]).to.equal('button');
      else expect(onResend, `clicks on the resend button (of ${clicked.join(',')})`).to.be.at.least(40);
    });
  }
});
