/**
 * The no-JavaScript form, used by keyboard alone (issue 10): the page sets nothing
 * on the element (no token, no listener); `token-url` gives the token, `required` blocks the
 * form until verified, `autosubmit` posts it. Real key presses (test/plugins/keyboard.mjs).
 */
import { expect, html, waitUntil } from '@open-wc/testing';
import { latestCode } from '../helpers/element.js';
import { press, type } from '../helpers/keyboard.js';
import { SIM_API, newToken } from '../helpers/sim.js';
import { FIELD, actionFor, mountForm, postsArrive, postsTo, tokenUrl, uniqueId, type FormChallenge } from './helpers.js';

/** The part name of what has focus inside the element, or null. */
const focusedPart = (el: FormChallenge) =>
  document.activeElement === el ? (el.shadowRoot!.activeElement?.getAttribute('part') ?? null) : null;

describe('the no-JavaScript form by keyboard alone', () => {
  it('Tab to Continue is blocked and lands on the send button; Enter sends; the code is typed; the form posts the token', async () => {
    const t = await newToken();
    const id = uniqueId('keyboard');
    const { el, form } = await mountForm(html`<div>
      <form method="post" action=${actionFor(id)} target="sink">
        <label for="otp">Verify your phone</label>
        <authsignal-whatsapp-challenge id="otp" name=${FIELD} base-url=${SIM_API} token-url=${tokenUrl({ t })} required autosubmit></authsignal-whatsapp-challenge>
        <button type="submit">Continue</button>
      </form>
    </div>`);
    const verified = new Promise<string>((resolve) => el.addEventListener('challenge-verified', (e) => resolve(e.detail.token)));
    const continueButton = form.querySelector('button[type=submit]')!;
    (document.activeElement as HTMLElement | null)?.blur();

    await press('Tab');
    expect(focusedPart(el), 'the first Tab stop is the send button').to.equal('button');
    await press('Tab');
    expect(document.activeElement === continueButton, 'then Continue').to.equal(true);

    // Unverified and required: the browser refuses, and takes the person to the next step.
    await press('Enter');
    await el.updateComplete;
    expect(focusedPart(el), 'focus back on the send button').to.equal('button');
    expect(await postsTo(id), 'nothing posted yet').to.deep.equal([]);

    await press('Enter');
    await waitUntil(() => focusedPart(el) == 'code-input', 'focus did not move to the code field', { timeout: 5000 });

    await type(await latestCode(t));
    const token = await verified;
    const [post, ...more] = await postsArrive(id);
    expect(more).to.deep.equal([]);
    expect(post!.fields).to.deep.equal([[FIELD, token]]);
  });
});
