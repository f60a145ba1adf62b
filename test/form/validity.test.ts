/**
 * `required`, constraint validation and the native-control members (issue 10, DESIGN.md
 * 2b): until verified, a required element is `valueMissing` with a message in its own
 * language; the browser blocks the form and focuses the element's next step.
 *
 * Assertions compare booleans rather than elements: a failing assertion on an element makes
 * the runner serialize the whole element, which never ends.
 */
import { expect, fixture, html } from '@open-wc/testing';
import ar from '../../src/locales/ar.js';
import de from '../../src/locales/de.js';
import en from '../../src/locales/en.js';
import es from '../../src/locales/es.js';
import fr from '../../src/locales/fr.js';
import hi from '../../src/locales/hi.js';
import id from '../../src/locales/id.js';
import ptBR from '../../src/locales/pt-BR.js';
import { latestCode, part, sleep, type Challenge } from '../helpers/element.js';
import { SIM_API, newToken, startRequests } from '../helpers/sim.js';
import { follow, recordPageErrors } from '../helpers/watch.js';
import { FIELD, actionFor, mountForm, postsArrive, postsTo, uniqueId, verifyByClick, type FormChallenge } from './helpers.js';

/** A required element in a form, labelled by a `<label for>`, with a submit button. */
const requiredForm = async ({ lang = 'en', required = true } = {}) => {
  const token = await newToken();
  const postId = uniqueId('validity');
  const mounted = await mountForm(html`<div lang=${lang}>
    <form method="post" action=${actionFor(postId)} target="sink">
      <label for="otp">Verify your phone</label>
      <authsignal-whatsapp-challenge id="otp" name=${FIELD} base-url=${SIM_API} .token=${token} ?required=${required}></authsignal-whatsapp-challenge>
      <button type="submit">Continue</button>
    </form>
  </div>`);
  return { ...mounted, token, postId, submitButton: mounted.form.querySelector<HTMLButtonElement>('button[type=submit]')! };
};

/** Counts the `invalid` events a control receives, as native controls fire them. */
const countInvalid = (el: HTMLElement) => {
  const seen = { count: 0 };
  el.addEventListener('invalid', () => seen.count++);
  return seen;
};

/** The key of the built-in English text the element shows as its validation message. */
const messageKey = (message: string) => (Object.keys(en) as (keyof typeof en)[]).find((key) => en[key] === message);

/** Where focus is inside the element: the part name of its shadow root's active element. */
const focusedPart = (el: FormChallenge) => el.shadowRoot!.activeElement?.getAttribute('part') ?? null;

describe('required and validity', () => {
  it('required is a boolean attribute and property', async () => {
    const { el } = await requiredForm();
    expect(el.required).to.equal(true);
    el.required = false;
    await el.updateComplete;
    expect(el.hasAttribute('required')).to.equal(false);
  });

  it('unverified and required: valueMissing, with a message, and checkValidity() fails with an invalid event', async () => {
    const { el, form } = await requiredForm();
    const invalid = countInvalid(el);
    expect(el.willValidate).to.equal(true);
    expect(el.validity.valueMissing).to.equal(true);
    expect(el.validity.valid).to.equal(false);
    expect(el.validationMessage).to.be.a('string').and.not.equal('');
    expect(el.checkValidity()).to.equal(false);
    expect(invalid.count).to.equal(1);
    expect(form.checkValidity()).to.equal(false);
    expect(el.matches(':invalid'), ':invalid').to.equal(true);
  });

  it('reportValidity() fails too, and fires invalid', async () => {
    const { el } = await requiredForm();
    const invalid = countInvalid(el);
    expect(el.reportValidity()).to.equal(false);
    expect(invalid.count).to.equal(1);
  });

  it('not required: valid before verification, with no message', async () => {
    const { el, form } = await requiredForm({ required: false });
    expect(el.validity.valid).to.equal(true);
    expect(el.validity.valueMissing).to.equal(false);
    expect(el.validationMessage).to.equal('');
    expect(el.checkValidity()).to.equal(true);
    expect(form.checkValidity()).to.equal(true);
  });

  it('verified: valid, no message, and the form submits', async () => {
    const { el, token, postId, submitButton } = await requiredForm();
    const verified = await verifyByClick(el, token);
    expect(el.validity.valid).to.equal(true);
    expect(el.validationMessage).to.equal('');
    expect(el.checkValidity()).to.equal(true);
    expect(el.matches(':valid'), ':valid').to.equal(true);
    submitButton.click();
    expect((await postsArrive(postId)).map((post) => post.fields)).to.deep.equal([[[FIELD, verified]]]);
  });

  it('reset() makes it required again', async () => {
    const { el, token } = await requiredForm();
    await verifyByClick(el, token);
    expect(el.validity.valid, 'verified').to.equal(true);
    el.reset();
    await el.updateComplete;
    expect(el.validity.valueMissing).to.equal(true);
  });

  describe('a blocked submission', () => {
    it('requestSubmit(): no submit event, an invalid event, focus on the send button', async () => {
      const { el, form, postId } = await requiredForm();
      const invalid = countInvalid(el);
      let submits = 0;
      form.addEventListener('submit', () => submits++);
      form.requestSubmit();
      await el.updateComplete;
      expect(submits).to.equal(0);
      expect(invalid.count).to.equal(1);
      expect(document.activeElement === el, 'focus is in the element').to.equal(true);
      expect(focusedPart(el)).to.equal('button');
      await sleep(300);
      expect(await postsTo(postId)).to.deep.equal([]);
    });

    it("a click on the form's submit button: blocked the same way", async () => {
      const { el, form, postId, submitButton } = await requiredForm();
      const invalid = countInvalid(el);
      let submits = 0;
      form.addEventListener('submit', () => submits++);
      submitButton.click();
      await el.updateComplete;
      expect(submits).to.equal(0);
      expect(invalid.count).to.equal(1);
      expect(focusedPart(el)).to.equal('button');
      await sleep(300);
      expect(await postsTo(postId)).to.deep.equal([]);
    });

    it('once a code was sent, focus goes to the code field', async () => {
      const { el, form } = await requiredForm();
      const started = await el.start();
      expect(started).to.have.property('challengeId');
      await el.updateComplete;
      (document.activeElement as HTMLElement | null)?.blur();
      form.requestSubmit();
      await el.updateComplete;
      expect(focusedPart(el)).to.equal('code-input');
    });

    it('after the last wrong code, reportValidity() focuses the resend button, the next step', async () => {
      const token = await newToken();
      const form = await fixture<HTMLFormElement>(
        html`<form><input id="other" /><authsignal-whatsapp-challenge name="t" required base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge></form>`,
      );
      const el = form.querySelector<Challenge>('authsignal-whatsapp-challenge')!;
      await el.start();
      const wrong = (await latestCode(token)) == '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) await el.verify(wrong);
      await el.updateComplete;
      form.querySelector<HTMLInputElement>('#other')!.focus();
      el.reportValidity();
      expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('resend-button');
    });
  });

  describe('the message is in the element’s language', () => {
    it('has a strings key, which overrides it', async () => {
      const { el } = await requiredForm();
      const key = messageKey(el.validationMessage);
      expect(key, `a key of locales/en.ts holds "${el.validationMessage}"`).to.be.a('string');
      el.strings = { [key!]: 'Verify your WhatsApp number first.' };
      await el.updateComplete;
      expect(el.validationMessage).to.equal('Verify your WhatsApp number first.');
    });

    const locales = { ar, de, es, fr, hi, id, 'pt-BR': ptBR };
    for (const [lang, strings] of Object.entries(locales)) {
      it(`lang="${lang}": the locale's own text, not the English one`, async () => {
        const english = (await requiredForm()).el.validationMessage;
        const key = messageKey(english)!;
        expect(key, 'the English message is a key of locales/en.ts').to.be.a('string');
        const translated = (strings as Record<string, unknown>)[key];
        expect(translated, `locales/${lang}.ts has "${key}"`).to.be.a('string').and.not.equal(english);

        const { el } = await requiredForm({ lang });
        expect(el.validationMessage).to.equal(translated);
      });
    }

    it('follows a change of lang', async () => {
      const { el } = await requiredForm();
      const english = el.validationMessage;
      el.lang = 'de';
      await el.updateComplete;
      expect(el.validationMessage).to.not.equal(english);
      expect(el.validationMessage).to.not.equal('');
    });
  });

  describe('a strings override of the message that is no text (strings={{ required: props.message }} with no message)', () => {
    for (const [name, value] of [
      ['an empty string', ''],
      ['undefined', undefined],
    ] as const) {
      it(`${name}: the form still refuses to submit, with a message; start() never rejects, and a second start() settles`, async () => {
        const page = recordPageErrors();
        try {
          const { el, form } = await requiredForm();
          const key = messageKey(el.validationMessage);
          expect(key, `a key of locales/en.ts holds "${el.validationMessage}"`).to.be.a('string');
          el.strings = { [key!]: value } as typeof el.strings;
          await el.updateComplete;
          expect(el.checkValidity(), 'checkValidity()').to.equal(false);
          expect(form.checkValidity(), 'form.checkValidity()').to.equal(false);
          expect(el.validity.valueMissing, 'valueMissing').to.equal(true);
          expect(el.validationMessage, 'validationMessage').to.be.a('string').and.not.equal('');
          for (const which of ['first', 'second']) {
            const start = follow(`the ${which} start()`, () => el.start());
            await Promise.race([start.done, sleep(5000)]);
            expect(start.settlements, `the ${which} start() settled`).to.equal(1);
            expect(start.rejection, `the ${which} start() rejected`).to.equal(undefined);
          }
          expect(el.checkValidity(), 'checkValidity() after the starts').to.equal(false);
          await sleep(50);
          expect(page.errors, 'errors on the page').to.deep.equal([]);
        } finally {
          page.stop();
        }
      });
    }
  });

  describe('like a native control', () => {
    it('labels lists its <label for>, and a click on the label focuses the element', async () => {
      const { el, wrapper } = await requiredForm();
      const label = wrapper.querySelector('label')!;
      expect(el.labels.length).to.equal(1);
      expect(el.labels[0] === label, 'labels[0] is the label').to.equal(true);
      (document.activeElement as HTMLElement | null)?.blur();
      label.click();
      await el.updateComplete;
      expect(document.activeElement === el, 'the element has focus').to.equal(true);
      expect(el.state, 'focusing is not starting').to.equal('idle');
    });

    it('a disabled <fieldset> disables it: no validation, disabled controls, nothing sent', async () => {
      const token = await newToken();
      const { el, form } = await mountForm(html`<div>
        <form>
          <fieldset disabled>
            <authsignal-whatsapp-challenge name=${FIELD} base-url=${SIM_API} .token=${token} required></authsignal-whatsapp-challenge>
          </fieldset>
        </form>
      </div>`);
      await el.updateComplete;
      expect(el.matches(':disabled'), ':disabled').to.equal(true);
      expect(el.willValidate).to.equal(false);
      expect(form.checkValidity(), 'a disabled control does not block its form').to.equal(true);
      expect(part<HTMLButtonElement>(el, 'button')!.disabled, 'the send button').to.equal(true);
      part(el, 'button')!.click();
      await sleep(300);
      expect(await startRequests(token)).to.deep.equal([]);

      form.querySelector('fieldset')!.disabled = false;
      await el.updateComplete;
      expect(part<HTMLButtonElement>(el, 'button')!.disabled, 'enabled again').to.equal(false);
      expect(el.willValidate).to.equal(true);
    });

    it('the disabled attribute bars it from validation too', async () => {
      const { el, form } = await requiredForm();
      el.disabled = true;
      await el.updateComplete;
      expect(el.willValidate).to.equal(false);
      expect(form.checkValidity()).to.equal(true);
    });

    it('outside a form: form is null, validity still works', async () => {
      const token = await newToken();
      const { el } = await mountForm(html`<div>
        <authsignal-whatsapp-challenge name=${FIELD} base-url=${SIM_API} .token=${token} required></authsignal-whatsapp-challenge>
      </div>`);
      expect(el.form === null, 'form is null').to.equal(true);
      expect(el.validity.valueMissing).to.equal(true);
    });
  });

  it('axe finds no violation in the invalid state (after a blocked submission)', async () => {
    const { wrapper, el, form } = await requiredForm();
    form.requestSubmit();
    await el.updateComplete;
    expect(el.validity.valid, 'invalid').to.equal(false);
    await expect(wrapper).to.be.accessible();
  });
});
