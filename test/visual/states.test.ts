/**
 * Screenshots as tests (issue 15): every state a person can see, light and dark, some in
 * Arabic and at 320 px, forced colours in Chromium, each compared pixel for pixel with the
 * baseline of its engine in test/visual/baselines/<engine>/. A difference fails, and the
 * failure message names the diff image (test/visual/failed/<engine>/<name>-diff.png).
 * New baselines: `npm run test:visual -- --update` (README, Development).
 *
 * Every state is reached through the element's public API (start(), verify(), reset(),
 * attributes) and real HTTP against the simulator, which is told per token to be slow, to
 * rate-limit or to refuse: never through the element's private fields.
 */
import { expect } from '@open-wc/testing';
import { emulateMediaFeatures } from '../helpers/media-features.js';
import { scriptFaults } from '../helpers/sim.js';
import {
  codeField,
  enterWrongCode,
  holdClock,
  photograph,
  rateLimitNext,
  releaseClock,
  sendCode,
  sentCode,
  slowStart,
  stage,
  typeDigits,
  type Stage,
  type StageOptions,
} from './stage.js';

/** Each state, reached from a fresh element, as a person (or the page) gets there. */
const STATES: Record<string, (options: StageOptions) => Promise<Stage>> = {
  idle: (options) => stage(options),

  // The start is held by the simulator for 5 s; reset() ends it after the picture.
  sending: async (options) => {
    const s = await stage(options);
    await slowStart(s, 5000);
    void s.el.start();
    await s.el.updateComplete;
    expect(s.el.state).to.equal('sending');
    return s;
  },

  // With three digits typed: the boxes, three filled and three empty.
  'code-sent': async (options) => {
    const s = await stage(options);
    await sendCode(s);
    await typeDigits(s.el, '123');
    return s;
  },

  'wrong-code': async (options) => {
    const s = await stage(options);
    await sendCode(s);
    const outcome = await enterWrongCode(s);
    expect(outcome).to.include({ error: 'verification_failed', failureReason: 'CODE_INVALID_OR_EXPIRED' });
    return s;
  },

  // The simulator's own limit: five wrong codes, then MAX_ATTEMPTS_EXCEEDED.
  locked: async (options) => {
    const s = await stage(options);
    await sendCode(s);
    let outcome;
    for (let attempt = 0; attempt < 5; attempt++) outcome = await enterWrongCode(s);
    expect(outcome).to.include({ failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
    return s;
  },

  // An hour's Retry-After: the sentence in minutes, the countdown held at 60:00.
  'rate-limited': async (options) => {
    const s = await stage(options);
    await rateLimitNext(s, 'challenge', 3600);
    const outcome = await sendCode(s);
    expect(outcome).to.include({ error: 'too_many_requests', retryAfter: 3600 });
    return s;
  },

  verified: async (options) => {
    const s = await stage(options);
    await sendCode(s);
    const outcome = await s.el.verify(await sentCode(s));
    await s.el.updateComplete;
    expect(outcome).to.have.property('token');
    return s;
  },

  'start-only': async (options) => {
    const s = await stage({ ...options, attributes: { 'start-only': true } });
    await sendCode(s);
    return s;
  },

  disabled: (options) => stage({ ...options, attributes: { disabled: true } }),

  // A 401 on verify ends the code step (issue 16): the alert stays, the field and Verify are
  // disabled, and with no tokenProvider or token-url no "Send a new code": reloading is the way on.
  'session-ended': async (options) => {
    const s = await stage(options);
    await sendCode(s);
    await scriptFaults(s.token, { route: 'verify', status: 401, body: { error: 'unauthorized', errorCode: 'expired_token' } });
    const outcome = await s.el.verify('123456');
    await s.el.updateComplete;
    expect(outcome).to.include({ error: 'expired_token', status: 401 });
    return s;
  },
};

const staged: Stage[] = [];
const track = async (reach: Promise<Stage>) => {
  const s = await reach;
  staged.push(s);
  return s;
};

describe('what a person sees, pixel for pixel', function () {
  // Several real requests per state, in three engines sharing two cores.
  this.timeout(30_000);

  beforeEach(holdClock);
  afterEach(() => {
    // Ends any request still in flight (the slow start) before the clock is let go.
    for (const s of staged.splice(0)) s.el.reset();
    releaseClock();
  });

  for (const scheme of ['light', 'dark'] as const) {
    describe(`${scheme} scheme`, () => {
      for (const [name, reach] of Object.entries(STATES)) {
        it(name, async () => {
          const s = await track(reach({ scheme }));
          await photograph(s.frame, `${name}-${scheme}`);
        });
      }

      // What the element shows is focus on its next step, the send button; the message, in
      // the element's language, is the browser's own bubble. Chromium draws that bubble
      // into the page while it fades in, so it is closed (focus leaves and comes back)
      // before the picture: the bubble is the browser's, not the element's.
      it('required, reporting its message', async () => {
        const s = await track(stage({ scheme, attributes: { required: true } }));
        expect(s.el.reportValidity()).to.equal(false);
        expect(s.el.validationMessage).to.equal('Verify with a code from WhatsApp to continue.');
        const focused = s.el.shadowRoot!.activeElement as HTMLElement;
        expect(focused.getAttribute('part')).to.equal('button');
        focused.blur();
        focused.focus();
        await photograph(s.frame, `required-${scheme}`, { keepFocus: true });
      });
    });
  }

  describe('Arabic, right to left (the digits stay left to right)', () => {
    const cases: [string, 'light' | 'dark'][] = [
      ['idle', 'light'],
      ['code-sent', 'light'],
      ['code-sent', 'dark'],
      ['wrong-code', 'dark'],
      ['rate-limited', 'light'],
    ];
    for (const [name, scheme] of cases) {
      it(`${name}, ${scheme}`, async () => {
        const s = await track(STATES[name]!({ scheme, lang: 'ar' }));
        await photograph(s.frame, `ar-${name}-${scheme}`);
      });
    }
  });

  describe('320 px wide', () => {
    const cases: [string, StageOptions][] = [
      ['code-sent', { scheme: 'light' }],
      ['rate-limited', { scheme: 'light' }],
      ['code-sent', { scheme: 'dark', lang: 'ar' }],
    ];
    for (const [name, options] of cases) {
      const label = `${options.lang ?? 'en'}-${name}-${options.scheme}`;
      it(label, async () => {
        const s = await track(STATES[name]!({ ...options, width: 320 }));
        await photograph(s.frame, `320-${label}`);
      });
    }
  });

  describe('zoomed to 200%', () => {
    for (const name of ['code-sent', 'wrong-code']) {
      it(name, async () => {
        const s = await track(STATES[name]!({ scheme: 'light', zoom: 2 }));
        // Photographed through an unzoomed wrapper: WebKit measures a zoomed element's box
        // at its unzoomed size, and the picture would be cut.
        const wrapper = document.createElement('div');
        wrapper.style.cssText = 'display: flex; width: max-content';
        s.frame.before(wrapper);
        wrapper.append(s.frame);
        await photograph(wrapper, `zoom-200-${name}`);
        wrapper.remove();
      });
    }
  });

  describe('one box per digit, whatever the code length', () => {
    for (const length of [4, 10]) {
      it(`code-length ${length}`, async () => {
        const s = await track(stage({ attributes: { 'code-length': String(length) } }));
        await sendCode(s);
        await typeDigits(s.el, '1234567890'.slice(0, length - 1));
        expect(codeField(s.el).value).to.have.length(length - 1);
        await photograph(s.frame, `code-length-${length}`);
      });
    }
  });

  describe('forced colours (Chromium: the only engine here that can emulate them)', () => {
    let emulating = false;
    afterEach(async () => {
      if (emulating) await emulateMediaFeatures({ name: 'forced-colors', value: '' });
      emulating = false;
    });

    for (const name of ['idle', 'code-sent', 'wrong-code']) {
      it(name, async function () {
        try {
          await emulateMediaFeatures({ name: 'forced-colors', value: 'active' });
          emulating = true;
        } catch {
          this.skip();
        }
        const s = await track(STATES[name]!({ scheme: 'light' }));
        await photograph(s.frame, `forced-colors-${name}`);
      });
    }
  });
});
