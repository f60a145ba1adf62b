/**
 * The code field (issue 9, items 18 and 19): it never holds more than `code-length` digits;
 * a pasted text with a run of exactly that many digits (a whole WhatsApp message) yields
 * that run; and the error of a wrong code goes as soon as the person types again.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../src/locales/ar.js';
import { clickSend, eventsArrive, latestCode, mount, part, pasteCode, sleep, textOf, typeCode, type Challenge } from './helpers/element.js';
import { type as typeKeys } from './helpers/keyboard.js';
import { requestsWith, scriptFaults } from './helpers/sim.js';

const field = (el: Challenge) => part<HTMLInputElement>(el, 'code-input')!;

/**
 * A paste as a browser delivers it: a cancelable `paste` event carrying the clipboard; then,
 * unless it was cancelled (the element may take the text itself), the text lands at the
 * caret (here the end of what the field holds) and one input event follows.
 */
const paste = (el: Challenge, text: string) => {
  const input = field(el);
  input.focus();
  const clipboardData = new DataTransfer();
  clipboardData.setData('text/plain', text);
  const event = new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true, composed: true });
  if (!input.dispatchEvent(event)) return;
  input.value += text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: text, inputType: 'insertFromPaste' }));
};

/** Started, with the code the simulator sent. */
const started = async (attributes: Record<string, string> = {}) => {
  const mounted = await mount(attributes);
  await clickSend(mounted);
  return { ...mounted, code: await latestCode(mounted.token) };
};

/** A code of the same length that the simulator did not send. */
const wrongCode = (code: string) => (code == '000000' ? '111111' : '000000');

describe('the code field', () => {
  describe('never holds more than code-length digits (item 18)', () => {
    it('"12" typed, then the code pasted: the field holds the code, which verifies', async () => {
      const { el, events, code } = await started();
      typeCode(el, '12');
      expect(field(el).value).to.equal('12');
      paste(el, code);
      expect(field(el).value).to.equal(code);
      await eventsArrive(events, 2);
      expect(events[1]!.type).to.equal('challenge-verified');
    });

    it('a pasted WhatsApp message gives the code in it, not every digit of the message', async () => {
      const { el, events, code } = await started();
      paste(el, `${code} is your verification code. This code expires in 10 minutes.`);
      expect(field(el).value).to.equal(code);
      await eventsArrive(events, 2);
      expect(events[1]!.type).to.equal('challenge-verified');
    });

    it('the same message pasted after a digit already typed gives the code', async () => {
      const { el, events, code } = await started();
      typeCode(el, '9');
      paste(el, `${code} is your verification code. This code expires in 10 minutes.`);
      expect(field(el).value).to.equal(code);
      await eventsArrive(events, 2);
      expect(events[1]!.type).to.equal('challenge-verified');
    });

    it('with code-length 8, a message with an 8-digit code gives those 8 digits', async () => {
      const { el } = await started({ 'code-length': '8' });
      paste(el, 'Code 12345678 expires in 10 minutes.');
      expect(field(el).value).to.equal('12345678');
    });

    it('a paste with no run of exactly code-length digits keeps its digits, cut at code-length', async () => {
      const { el } = await started({ 'code-length': '8' });
      paste(el, '1234567890123');
      expect(field(el).value).to.equal('12345678');
    });

    it('typing one digit after another stops at code-length', async () => {
      const { el } = await started({ 'code-length': '8' });
      const input = field(el);
      for (const digit of '1234567890') {
        typeCode(el, digit);
        expect(input.value.length, `after typing ${digit}`).to.be.at.most(8);
      }
      expect(input.value).to.equal('12345678');
    });

    it('at the default length, a seventh typed digit is not kept', async () => {
      const { el, code } = await started();
      typeCode(el, wrongCode(code) + '7');
      expect(field(el).value.length).to.be.at.most(6);
    });
  });

  describe('after a wrong code (item 19)', () => {
    it('the error goes as soon as the person types in the field', async () => {
      const { el, events, code } = await started();
      pasteCode(el, wrongCode(code));
      await eventsArrive(events, 2);
      await el.updateComplete;
      const input = field(el);
      await waitUntil(() => input.value == '', 'the field is cleared after a wrong code');
      expect(textOf(el, 'error')).to.not.equal('');
      expect(input.getAttribute('aria-invalid')).to.equal('true');

      typeCode(el, code[0]!);
      await el.updateComplete;
      expect(textOf(el, 'error'), 'error text after typing').to.equal('');
      expect(input.getAttribute('aria-invalid'), 'aria-invalid after typing').to.not.equal('true');
      // The digit typed stays, and the rest of the code still verifies.
      typeCode(el, code.slice(1));
      await eventsArrive(events, 3);
      expect(events[2]!.type).to.equal('challenge-verified');
    });

    it('a 429 with "Retry-After: 0" limits nothing: typing still clears a wrong-code message', async () => {
      const m = await mount();
      await m.el.start();
      const wrong = wrongCode(await latestCode(m.token));
      await scriptFaults(m.token, { route: 'verify', status: 429, headers: { 'Retry-After': '0' }, body: { error: 'too_many_requests' } });
      await m.el.verify(wrong);
      await m.el.verify(wrong);
      await m.el.updateComplete;
      expect(textOf(m.el, 'error')).to.not.equal('');
      typeCode(m.el, '1');
      await m.el.updateComplete;
      expect(textOf(m.el, 'error')).to.equal('');
    });
  });

  describe('while a code is being checked (DESIGN.md section 3: the field never loses what the person typed)', () => {
    it('the field is read-only while a code is being checked, so a keystroke changes nothing; after a wrong code it is cleared and editable again', async () => {
      const { el, events, token, code } = await started();
      const wrong = wrongCode(code);
      // Slow enough that the keystroke below surely lands while the code is being checked.
      await scriptFaults(token, { route: 'verify', delayMs: 3000, body: { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' } });
      const input = field(el);
      input.focus();
      pasteCode(el, wrong);
      await el.updateComplete;
      expect(el.state, 'the code went out').to.equal('verifying');
      expect(input.readOnly, 'read-only while the code is checked').to.equal(true);
      expect(input.disabled, 'still in the page: read-only, not disabled').to.equal(false);
      input.focus();
      await typeKeys('9');
      expect(el.state, 'still checking when the key was pressed').to.equal('verifying');
      expect(input.value, 'what the field shows while the code is checked').to.equal(wrong);

      await eventsArrive(events, 2);
      expect(events[1]!.detail).to.deep.include({ stage: 'verify', error: 'verification_failed' });
      await waitUntil(() => input.value == '', 'the field is cleared after the wrong code');
      expect(input.readOnly, 'read-only after the answer').to.equal(false);
      expect(input.disabled, 'disabled after the answer').to.equal(false);
      input.focus();
      await typeKeys(code);
      await eventsArrive(events, 3);
      expect(events[2]!.type).to.equal('challenge-verified');
    });
  });

  describe('during an input-method composition (Japanese, Chinese)', () => {
    const fullWidth = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const verifyRequests = async (token: string) =>
      (await requestsWith(token)).filter((r) => r.method == 'POST' && r.path.endsWith('/verify/whatsapp'));

    /** The input method shows `text` in the field, uncommitted, as it does at every keystroke. */
    const composing = (input: HTMLInputElement, text: string) => {
      input.value = text;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: text, inputType: 'insertCompositionText', isComposing: true }));
    };

    for (const [order, trailingInput] of [
      ['compositionend last, as Chromium and Firefox send it', false],
      ['an input event after compositionend, as WebKit sends it', true],
    ] as const) {
      it(`the field is not rewritten and nothing is verified until the composition ends; then the code is cleaned and verified once (${order})`, async () => {
        const { el, events, token, code } = await started();
        const input = field(el);
        input.focus();
        input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, composed: true, data: '' }));
        const wide = fullWidth(code);
        for (let n = 1; n <= wide.length; n++) {
          composing(input, wide.slice(0, n));
          await el.updateComplete;
          expect(input.value, `the field mid-composition, after ${n} digit(s)`).to.equal(wide.slice(0, n));
        }
        await sleep(300);
        expect(await verifyRequests(token), 'verify requests during the composition').to.deep.equal([]);
        expect(events.map((e) => e.type), 'events during the composition').to.deep.equal(['challenge-started']);

        input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, composed: true, data: wide }));
        if (trailingInput) input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: wide, inputType: 'insertFromComposition' }));
        expect(input.value, 'the field once the composition ended').to.equal(code);
        await eventsArrive(events, 2);
        expect(events[1]!.type).to.equal('challenge-verified');
        await sleep(300);
        expect(await verifyRequests(token), 'verify requests').to.have.length(1);
      });
    }
  });

  describe('one box per digit, drawn for the one real field (issue 15)', () => {
    it('is still one input, with one-time-code autofill, a numeric keyboard and its label', async () => {
      const { el } = await started();
      const inputs = el.shadowRoot!.querySelectorAll('input');
      expect(inputs.length).to.equal(1);
      expect(inputs[0]!.getAttribute('autocomplete')).to.equal('one-time-code');
      expect(inputs[0]!.inputMode).to.equal('numeric');
      expect([...inputs[0]!.labels!].map((label) => label.textContent)).to.deep.equal(['Code from WhatsApp']);
    });

    for (const length of [4, 6, 10]) {
      it(`${length} digits typed stay in their boxes: the field has no text to scroll to`, async () => {
        const { el } = await started({ 'code-length': String(length) });
        const input = field(el);
        input.focus();
        // One digit short of a whole code, which would go to the server and be cleared.
        typeCode(el, '1234567890'.slice(0, length - 1));
        input.value += '9';
        input.setSelectionRange(length, length);
        expect(input.value).to.have.length(length);
        expect(input.scrollWidth, 'the text and caret fit the field').to.be.at.most(input.clientWidth);
        expect(input.scrollLeft).to.equal(0);
      });
    }

    it('at 200% zoom, a whole code still fits its boxes', async () => {
      const { el } = await started();
      el.style.zoom = '2';
      try {
        const input = field(el);
        input.focus();
        typeCode(el, '12345');
        input.value += '6';
        input.setSelectionRange(6, 6);
        expect(input.scrollWidth, 'the text and caret fit the field').to.be.at.most(input.clientWidth);
        expect(input.scrollLeft).to.equal(0);
      } finally {
        el.style.zoom = '';
      }
    });

    it('shows digits of at least 16 CSS px, even on a page whose root font is 10 px (iOS zooms in below 16)', async () => {
      document.documentElement.style.fontSize = '10px';
      try {
        const { el } = await started();
        expect(parseFloat(getComputedStyle(field(el)).fontSize)).to.be.at.least(16);
      } finally {
        document.documentElement.style.fontSize = '';
      }
    });

    it('keeps the digits left to right on a right-to-left page', async () => {
      const { el } = await started({ lang: 'ar' });
      expect(el.shadowRoot!.querySelector('[part=base]')!.getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(field(el)).direction).to.equal('ltr');
    });

    it('fits ten boxes in a 320 px column: nothing sticks out sideways', async () => {
      const { el } = await started({ 'code-length': '10' });
      el.style.width = '288px'; // 320 px less a page margin each side
      await el.updateComplete;
      const input = field(el);
      expect(input.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right);
      el.style.width = '';
    });
  });
});

