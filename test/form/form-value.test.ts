/**
 * The element as a form field (issue 10, DESIGN.md 2b): its value is the verified token,
 * `challenge-verified`'s detail.token, and nothing before that. A real `<form method="post">`
 * is submitted natively to the test server, which records the urlencoded body.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { SIM_API, newToken, scriptFaults } from '../helpers/sim.js';
import { latestCode, sleep, type Challenge } from '../helpers/element.js';
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

  describe('only the flow sets the value (DESIGN.md section 3)', () => {
    const FORGED = 'eyJhbGciOiJub25lIn0.eyJ2ZXJpZmllZCI6dHJ1ZX0.forged';

    /** Every method a page script can reach on the element, below what every HTMLElement has. */
    const publicMethods = (el: Challenge) => {
      const names = new Set<string>();
      for (let proto = Object.getPrototypeOf(el); proto && proto !== HTMLElement.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const name of Object.getOwnPropertyNames(proto)) {
          const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
          if (name != 'constructor' && typeof descriptor.value == 'function') names.add(name);
        }
      }
      for (const name of Object.keys(el)) if (typeof (el as unknown as Record<string, unknown>)[name] == 'function') names.add(name);
      return [...names];
    };

    it('emit is not a public method: a page script cannot call it', async () => {
      const { el } = await verifyForm({ required: true });
      expect('emit' in el, "'emit' in el").to.equal(false);
      expect(() => (el as unknown as { emit(...args: unknown[]): void }).emit('challenge-verified', { challengeId: 'c', token: FORGED })).to.throw(TypeError);
    });

    it('no method, property or event a page can reach makes a required element valid or gives FormData a value; a real verification does', async () => {
      const { el, form } = await verifyForm({ required: true });
      const forgedDetail = { challengeId: 'forged-challenge', token: FORGED };
      /** What made the element valid or gave the form a value, each right after it was tried. */
      const forgers: string[] = [];
      const attempt = async (what: string, act: () => unknown) => {
        try {
          const result = act();
          if (result && typeof (result as Promise<unknown>).then == 'function') (result as Promise<unknown>).then(undefined, () => {});
        } catch {
          /* refused */
        }
        await sleep(0);
        if (!el.validity.valueMissing || fieldValues(form).length) forgers.push(what);
      };
      // The element's own ElementInternals are its alone: a page cannot attach another set.
      expect(() => el.attachInternals(), 'attachInternals() from the page').to.throw();
      // Events that look like the element's own, dispatched from outside.
      for (const type of ['challenge-verified', 'challenge-started']) {
        await attempt(`a ${type} event`, () => el.dispatchEvent(new CustomEvent(type, { detail: forgedDetail, bubbles: true, composed: true })));
      }
      // Properties a page might try.
      for (const [name, value] of [['value', FORGED], ['state', 'verified'], ['formValue', FORGED], ['token', FORGED]] as const) {
        await attempt(`el.${name} = ${JSON.stringify(value)}`, () => ((el as unknown as Record<string, unknown>)[name] = value));
      }
      // Every method, with arguments shaped like an event's detail, a restored form value, a state.
      const methods = publicMethods(el);
      expect(methods, 'methods found').to.include.members(['start', 'verify', 'reset', 'checkValidity']);
      for (const name of methods) {
        for (const args of [['challenge-verified', forgedDetail], [FORGED, 'restore'], [{ name: 'verified', ...forgedDetail }], []]) {
          await attempt(`${name}(${JSON.stringify(args).slice(1, -1).slice(0, 40)})`, () => (el as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args));
        }
      }
      await sleep(500);
      expect(forgers, `what made it valid (of ${methods.join(', ')})`).to.deep.equal([]);
      expect(el.validity.valueMissing, 'valueMissing at the end').to.equal(true);
      expect(fieldValues(form), 'FormData at the end').to.deep.equal([]);

      // The same form, a real verification: valid, and the verified token is the value.
      const fresh = await verifyForm({ required: true });
      const verified = await verifyByClick(fresh.el, fresh.token);
      expect(fresh.el.checkValidity(), 'after a real verification').to.equal(true);
      expect(fieldValues(fresh.form)).to.deep.equal([verified]);
    });
  });

  it('a failed new start after verification leaves nothing verified: no value, required again, no "Verified" text', async () => {
    const token = await newToken();
    const form = await fixture<HTMLFormElement>(
      html`<form><authsignal-whatsapp-challenge name="t" required base-url=${SIM_API} .token=${token} resend-cooldown="0"></authsignal-whatsapp-challenge></form>`,
    );
    const el = form.querySelector<Challenge>('authsignal-whatsapp-challenge')!;
    await el.start();
    await el.verify(await latestCode(token));
    await el.updateComplete;
    expect(new FormData(form).get('t')).to.be.a('string');
    await scriptFaults(token, { route: 'challenge', status: 503, body: { error: 'unavailable' } });
    const outcome = await el.start();
    await el.updateComplete;
    expect(outcome).to.deep.include({ stage: 'start' });
    expect(el.state).to.equal('idle');
    expect(new FormData(form).has('t')).to.equal(false);
    expect(el.checkValidity()).to.equal(false);
    expect(el.shadowRoot!.textContent).to.not.contain('Verified');
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
