/**
 * The element as a form field (issue 10, DESIGN.md 2b): its value is the verified token,
 * `challenge-verified`'s detail.token, and nothing before that. A real `<form method="post">`
 * is submitted natively to the test server, which records the urlencoded body.
 */
import { expect, html } from '@open-wc/testing';
import { SIM_API, newToken } from '../helpers/sim.js';
import { latestCode, sleep } from '../helpers/element.js';
import { FIELD, actionFor, fieldValues, mountForm, postsArrive, postsTo, uniqueId, verifyByClick } from './helpers.js';

/** A form with another field (so a post is never empty), the element, and a submit button. */
const verifyForm = async ({ required = false } = {}) => {
  const token = await newToken();
  const id = uniqueId('value');
  const mounted = await mountForm(html`<div>
    <form method="post" action=${actionFor(id)} target="sink">
      <input type="hidden" name="other" value="kept" />
      <authsignal-whatsapp-challenge name=${FIELD} base-url=${SIM_API} .token=${token} ?required=${required}></authsignal-whatsapp-challenge>
      <button type="submit">Continue</button>
    </form>
  </div>`);
  return { ...mounted, token, id, submitButton: mounted.form.querySelector<HTMLButtonElement>('button[type=submit]')! };
};

describe('form value', () => {
  it('name is an attribute and a property; the property names the field too', async () => {
    const { el, form, token } = await verifyForm();
    expect(el.name).to.equal(FIELD);
    el.name = 'otp_token';
    await el.updateComplete;
    const verified = await verifyByClick(el, token);
    expect(fieldValues(form, 'otp_token')).to.deep.equal([verified]);
    expect(fieldValues(form, FIELD)).to.deep.equal([]);
  });

  it('belongs to its form like a native control', async () => {
    const { el, form } = await verifyForm();
    // Booleans, not elements: a failing assertion on an element makes the runner serialize it.
    expect(el.form === form, 'el.form is its form').to.equal(true);
    expect([...form.elements].includes(el), 'form.elements lists it').to.equal(true);
    expect(form.elements.namedItem(FIELD) === el, 'form.elements[name] is it').to.equal(true);
  });

  it('FormData has no field before verification, and the verified token after it', async () => {
    const { el, form, token } = await verifyForm();
    expect(fieldValues(form)).to.deep.equal([]);

    const verified = await verifyByClick(el, token);
    expect(verified).to.be.a('string').and.not.equal('');
    expect(fieldValues(form)).to.deep.equal([verified]);
    // The other field is untouched: the element adds one entry, its own.
    expect(new FormData(form).getAll('other')).to.deep.equal(['kept']);
  });

  it('still has no value while a code is being checked, or after a wrong code', async () => {
    const { el, form, token } = await verifyForm();
    await el.start();
    expect(fieldValues(form), 'code sent').to.deep.equal([]);
    const outcome = await el.verify((await latestCode(token)) == '000000' ? '111111' : '000000');
    expect(outcome).to.include({ stage: 'verify', error: 'verification_failed' });
    expect(fieldValues(form), 'wrong code').to.deep.equal([]);
  });

  describe('a native submission', () => {
    it('after verification, posts authsignal_token=<the verified token>', async () => {
      const { el, id, token, submitButton } = await verifyForm({ required: true });
      const verified = await verifyByClick(el, token);

      submitButton.click();
      const [post] = await postsArrive(id);
      expect(post!.contentType).to.match(/^application\/x-www-form-urlencoded/);
      expect(post!.fields).to.deep.equal([
        ['other', 'kept'],
        [FIELD, verified],
      ]);
    });

    it('without required, an unverified form posts, with no authsignal_token field', async () => {
      const { id, submitButton } = await verifyForm();
      submitButton.click();
      const [post] = await postsArrive(id);
      expect(post!.fields).to.deep.equal([['other', 'kept']]);
    });

    it('with required, an unverified form posts nothing (requestSubmit and the submit button)', async () => {
      const { form, id, submitButton } = await verifyForm({ required: true });
      let submitEvents = 0;
      form.addEventListener('submit', () => submitEvents++);

      form.requestSubmit();
      submitButton.click();
      await sleep(500);
      expect(submitEvents, 'the browser blocked the submission before its submit event').to.equal(0);
      expect(await postsTo(id)).to.deep.equal([]);
    });
  });

  describe('the value is cleared by', () => {
    it('reset()', async () => {
      const { el, form, token } = await verifyForm();
      const verified = await verifyByClick(el, token);
      expect(fieldValues(form), 'verified').to.deep.equal([verified]);
      el.reset();
      await el.updateComplete;
      expect(fieldValues(form)).to.deep.equal([]);
      expect(el.state).to.equal('idle');
    });

    it('a new token', async () => {
      const { el, form, token } = await verifyForm();
      const verified = await verifyByClick(el, token);
      expect(fieldValues(form), 'verified').to.deep.equal([verified]);
      el.token = await newToken();
      await el.updateComplete;
      expect(fieldValues(form)).to.deep.equal([]);
    });

    it('a new start', async () => {
      const { el, form, token } = await verifyForm();
      const verified = await verifyByClick(el, token);
      expect(fieldValues(form), 'verified').to.deep.equal([verified]);
      const outcome = await el.start();
      expect(outcome).to.have.property('challengeId');
      expect(fieldValues(form)).to.deep.equal([]);
    });

    it('form.reset(), which also ends the flow (a code sent, or verified)', async () => {
      const { el, form, token } = await verifyForm({ required: true });
      await el.start();
      expect(el.state).to.equal('code-sent');
      form.reset();
      await el.updateComplete;
      expect(el.state, 'form.reset() while a code was sent').to.equal('idle');

      const verified = await verifyByClick(el, token);
      expect(fieldValues(form), 'verified').to.deep.equal([verified]);
      form.reset();
      await el.updateComplete;
      expect(fieldValues(form)).to.deep.equal([]);
      expect(el.state).to.equal('idle');
      expect(el.validity.valueMissing, 'required again after the reset').to.equal(true);
    });
  });

  it('a disabled fieldset leaves its (verified) value out of FormData, like any disabled control', async () => {
    const token = await newToken();
    const { el, form } = await mountForm(html`<div>
      <form>
        <fieldset>
          <authsignal-whatsapp-challenge name=${FIELD} base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>
        </fieldset>
      </form>
    </div>`);
    const verified = await verifyByClick(el, token);
    const fieldset = form.querySelector('fieldset')!;
    fieldset.disabled = true;
    expect(fieldValues(form)).to.deep.equal([]);
    fieldset.disabled = false;
    expect(fieldValues(form), 'enabled again: the value is still there').to.deep.equal([verified]);
  });
});
