/**
 * Back/forward (issue 10, DESIGN.md 2b): a page restored by back/forward never brings the
 * verified token back (it is single-use and short-lived); the element starts idle.
 *
 * Two ways back to a verified form (test/form/fixtures/verified-form.html):
 * - in an iframe, which no engine keeps in its back/forward cache: the document is loaded
 *   again and the browser restores its form controls' state (formStateRestoreCallback);
 *   plain, with `Cache-Control: no-store`, and with an unload listener;
 * - as a top-level window (window.open), the only kind that can come back from the
 *   back/forward cache with its scripts' state intact (pageshow.persisted); the page drives
 *   itself and posts what it saw to the test server. Where the engine did not use its
 *   cache, the bfcache test checks the same and is then marked skipped, saying so; where
 *   it opens no window for a script (WebKit's MiniBrowser), both window tests are skipped.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sleep } from '../helpers/element.js';
import { SIM_API, newToken } from '../helpers/sim.js';
import { fieldValues, postsTo, uniqueId, verifyByClick, type FormChallenge } from './helpers.js';

const TAG = 'authsignal-whatsapp-challenge';
const PAGE = '/test/form/fixtures/verified-form.html';

/** Resolves on the frame's next load. */
const loaded = (frame: HTMLIFrameElement) => new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));

/** The form page's element and form, once the element is defined and rendered. */
const formIn = async (frame: HTMLIFrameElement) => {
  const win = frame.contentWindow!;
  await win.customElements.whenDefined(TAG);
  const el = win.document.querySelector<FormChallenge>(TAG)!;
  await el.updateComplete;
  return { el, form: win.document.querySelector('form')! };
};

/**
 * Back, in the frame only. The Navigation API (where there is one) goes back in this frame's
 * own entries; history.back() goes back in the whole tab's, so it is used only once the
 * visit away is known to have added an entry.
 */
const goBack = (win: Window, entriesBefore: number) => {
  const navigation = (win as Window & { navigation?: { canGoBack: boolean; back(): unknown } }).navigation;
  if (navigation) {
    expect(navigation.canGoBack, 'the frame has a page to go back to').to.equal(true);
    navigation.back();
  } else {
    expect(history.length, 'the visit away added a history entry').to.be.above(entriesBefore);
    win.history.back();
  }
};

describe('back/forward never brings the token back', () => {
  // Frames stay until the end: removing one drops its history entries at the next
  // navigation, which would upset the history count the next test relies on.
  const frames: HTMLIFrameElement[] = [];
  after(() => frames.forEach((frame) => frame.remove()));

  for (const [how, query] of [
    ['an iframe', ''],
    ['an iframe, page served with Cache-Control: no-store', '?nostore=1'],
    ['an iframe, page with an unload listener', '?unload=1'],
  ] as const) {
    it(`${how}: away and back, the form has no token and the element is idle`, async () => {
      const frame = document.createElement('iframe');
      frames.push(frame);
      frame.title = 'A verified form';
      frame.src = PAGE + query;
      const firstLoad = loaded(frame);
      document.body.append(frame);
      await firstLoad;

      const token = await newToken();
      const before = await formIn(frame);
      before.el.baseUrl = SIM_API;
      before.el.token = token;
      await before.el.updateComplete;
      const verified = await verifyByClick(before.el, token);
      expect(fieldValues(before.form), 'verified before leaving').to.deep.equal([verified]);

      // A frame navigated soon after its load may replace its history entry (Chromium):
      // then history.back() would take the runner's own page back. Make sure it does not.
      await sleep(600);
      const entries = history.length;
      const away = loaded(frame);
      frame.contentWindow!.location.href = '/test/form/fixtures/away.html';
      await away;
      const back = loaded(frame);
      goBack(frame.contentWindow!, entries);
      await back;

      const after = await formIn(frame);
      await sleep(300); // form state restoration runs around load
      expect(frame.contentWindow!.location.pathname, 'back on the form').to.equal(PAGE);
      expect(fieldValues(after.form)).to.deep.equal([]);
      expect(after.el.state).to.equal('idle');
      expect(after.el.validity.valueMissing, 'required, unverified again').to.equal(true);

      // Forward again, so that the tab's history ends at this frame's last page: the next
      // test's visit away then adds an entry instead of cutting this forward one off.
      const forward = loaded(frame);
      frame.contentWindow!.history.forward();
      await forward;
    });
  }

  /** Opens the self-driving page in its own top-level window; resolves with its two reports. */
  const roundTripInWindow = async (query: string) => {
    const id = uniqueId('restore');
    // noopener: a page another window can script is never put in the back/forward cache.
    open(`${PAGE}?report=${id}${query}`, '_blank', 'noopener');
    let reports: Record<string, string>[] = [];
    const read = async () => (reports = (await postsTo(id)).map((post) => Object.fromEntries(post.fields)));
    // WebKit's MiniBrowser opens no window for a script (window.open gives null): nothing to test there.
    const opened = await waitUntil(async () => (await read()).length > 0, '', { timeout: 5000, interval: 200 }).then(
      () => true,
      () => false,
    );
    if (!opened) return undefined;
    await waitUntil(
      async () => (await read()).some((r) => r.phase == 'back' || r.phase == 'failed'),
      'the window did not report back (was it opened?)',
      { timeout: 15_000, interval: 200 },
    );
    const verified = reports.find((r) => r.phase == 'verified');
    const back = reports.find((r) => r.phase == 'back');
    expect(verified, `verified first: ${JSON.stringify(reports)}`).to.not.equal(undefined);
    return { verified: verified!, back: back! };
  };

  it('a top-level page restored from the back/forward cache: no token, idle', async function () {
    this.timeout(25_000);
    const trip = await roundTripInWindow('');
    if (!trip) return this.skip();
    const { verified, back } = trip;
    expect(verified.field, 'verified before leaving').to.not.equal('');
    expect(verified.field, 'the form held the verified token').to.equal(verified.token);
    expect(back.field, 'the token is not in the form').to.equal('');
    expect(back.state).to.equal('idle');
    expect(back.valueMissing).to.equal('true');
    if (back.persisted != 'true') {
      // The same checks held, but on a page loaded again: say so rather than pass for bfcache.
      this.skip();
    }
  });

  it('a top-level page not cached (unload listener), loaded again: no token, idle', async function () {
    this.timeout(25_000);
    const trip = await roundTripInWindow('&unload=1');
    if (!trip) return this.skip();
    const { verified, back } = trip;
    expect(verified.field, 'verified before leaving').to.not.equal('');
    expect(verified.field, 'the form held the verified token').to.equal(verified.token);
    expect(back.field).to.equal('');
    expect(back.state).to.equal('idle');
    expect(back.valueMissing).to.equal('true');
  });
});
