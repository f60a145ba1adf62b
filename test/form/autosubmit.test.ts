/**
 * `autosubmit` (issue 10, DESIGN.md 2b): once verified, the element calls
 * `form.requestSubmit()`, so the form's own validation and submit handlers run, and the
 * form posts exactly once. Outside a form nothing happens.
 */
import { expect, html } from '@open-wc/testing';
import { sleep } from '../helpers/element.js';
import { SIM_API, newToken } from '../helpers/sim.js';
import { FIELD, actionFor, mountForm, postsArrive, postsTo, uniqueId, verifyByClick } from './helpers.js';

/** A form that posts into the sink iframe; `extra` goes before the element. */
const autosubmitForm = async ({ autosubmit = true, extra = html`` } = {}) => {
  const token = await newToken();
  const id = uniqueId('autosubmit');
  const mounted = await mountForm(html`<div>
    <form method="post" action=${actionFor(id)} target="sink">
      ${extra}
      <authsignal-whatsapp-challenge name=${FIELD} base-url=${SIM_API} .token=${token} required ?autosubmit=${autosubmit}></authsignal-whatsapp-challenge>
      <button type="submit">Continue</button>
    </form>
  </div>`);
  let submitEvents = 0;
  mounted.form.addEventListener('submit', () => submitEvents++);
  return { ...mounted, token, id, submitEvents: () => submitEvents };
};

describe('autosubmit', () => {
  it('is a boolean attribute and property', async () => {
    const { el } = await autosubmitForm();
    expect(el.autosubmit).to.equal(true);
    el.removeAttribute('autosubmit');
    await el.updateComplete;
    expect(el.autosubmit).to.equal(false);
  });

  it('posts the form once verified, exactly once, with the verified token', async () => {
    const { el, token, id, submitEvents } = await autosubmitForm();
    const verified = await verifyByClick(el, token);
    const posts = await postsArrive(id);
    await sleep(800); // a second post would arrive in this time
    expect((await postsTo(id)).map((post) => post.fields)).to.deep.equal([[[FIELD, verified]]]);
    expect(posts).to.have.length(1);
    expect(submitEvents(), 'one submit event').to.equal(1);
  });

  it("runs the form's own submit handlers (requestSubmit, not submit()): a handler can stop the post", async () => {
    const { el, form, token, id, submitEvents } = await autosubmitForm();
    let handled = 0;
    form.addEventListener('submit', (event) => {
      handled++;
      event.preventDefault();
    });
    await verifyByClick(el, token);
    await sleep(600);
    expect(handled).to.equal(1);
    expect(submitEvents()).to.equal(1);
    expect(await postsTo(id)).to.deep.equal([]);
  });

  it("runs the form's own validation: another empty required field blocks the post", async () => {
    const { el, form, token, id, submitEvents } = await autosubmitForm({
      extra: html`<label>Email <input name="email" type="email" required /></label>`,
    });
    let invalidEmail = 0;
    form.querySelector('input[name=email]')!.addEventListener('invalid', () => invalidEmail++);
    await verifyByClick(el, token);
    await sleep(600);
    expect(invalidEmail, 'the browser validated the form').to.equal(1);
    expect(submitEvents()).to.equal(0);
    expect(await postsTo(id)).to.deep.equal([]);
  });

  it('without autosubmit, verification posts nothing', async () => {
    const { el, token, id, submitEvents } = await autosubmitForm({ autosubmit: false });
    await verifyByClick(el, token);
    await sleep(600);
    expect(submitEvents()).to.equal(0);
    expect(await postsTo(id)).to.deep.equal([]);
  });

  it('outside a form: verifies, and nothing else happens (no error)', async () => {
    const token = await newToken();
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(String(event.message));
    const onRejection = (event: PromiseRejectionEvent) => errors.push(String(event.reason));
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onRejection);
    try {
      const { el } = await mountForm(html`<div>
        <authsignal-whatsapp-challenge name=${FIELD} base-url=${SIM_API} .token=${token} autosubmit></authsignal-whatsapp-challenge>
      </div>`);
      await verifyByClick(el, token);
      await sleep(300);
      expect(el.state).to.equal('verified');
      expect(errors).to.deep.equal([]);
    } finally {
      removeEventListener('error', onError);
      removeEventListener('unhandledrejection', onRejection);
    }
  });
});
