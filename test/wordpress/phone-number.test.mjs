// The WhatsApp number is a second factor (issue 17 point 3), in a real WordPress, through the
// profile form in a real browser: a new number is stored only after a code sent to it is
// verified; changing or removing a number on file needs the account password or a code sent
// to that number; `authsignal_whatsapp_verified_at` goes when the number goes; nothing is
// stored when WordPress refuses the form; an administrator can reset another user's number,
// and the reset is logged on the settings page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, signInPage } from './harness/browser.mjs';
import { verifyWithCode, waitForNewCode, seenChallenges } from './harness/simulator.mjs';
import { wordpressVersion } from './harness/wordpress-files.mjs';
import { ADMIN } from './harness/wordpress-site.mjs';
import { passwordOf, startPluginSite } from './support/plugin-site.mjs';

/** @type {Awaited<ReturnType<typeof startPluginSite>>} */ let wp;
/** @type {import('puppeteer-core').Browser} */ let browser;

before(async () => {
  wp = await startPluginSite({
    // Subscribers: the sign-in step (for editors) stays out of these tests' way.
    users: {
      sam: { role: 'subscriber' },
      vic: { role: 'subscriber', phone: '+15550000020', verified: true },
      una: { role: 'subscriber', phone: '+15550000030', verified: true },
      // An editor: signs in with the password and a code to the number (the plugin's own step).
      eve: { role: 'editor', phone: '+15550000050', verified: true },
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await wp?.stop();
});

/** The number, the pending change and verified_at of a user, from the database. */
const stored = (login) =>
  wp.php(`$id = ${wp.ids[login]}; echo wp_json_encode( array(
    'number'      => get_user_meta( $id, 'authsignal_phone_number', true ),
    'pending'     => get_user_meta( $id, '_authsignal_whatsapp_number_change', true )['number'] ?? '',
    'verified_at' => (int) get_user_meta( $id, 'authsignal_whatsapp_verified_at', true ),
  ) );`);

/** Sets a user's number directly (verified an hour ago), with no change pending. */
const reset = (login, number) =>
  wp.site.eval(`$id = ${wp.ids[login]}; update_user_meta( $id, 'authsignal_phone_number', '${number}' ); update_user_meta( $id, 'authsignal_whatsapp_verified_at', time() - 3600 ); delete_user_meta( $id, '_authsignal_whatsapp_number_change' );`);

/** The user's own profile in a browser. */
async function openProfile(login) {
  const { context, page } = await signInPage(browser, wp.site.url, login, passwordOf(login));
  await page.goto(`${wp.site.url}/wp-admin/profile.php`);
  return { context, page };
}

/**
 * Fills the profile form's fields (by id or name), adds hidden ones, and submits it; resolves
 * to the notices and errors WordPress shows after.
 * @param {import('puppeteer-core').Page} page
 * @param {{ values?: Record<string, string>, checks?: string[], hidden?: Record<string, string> }} form
 */
async function submitProfile(page, { values = {}, checks = [], hidden = {} }) {
  await page.evaluate(
    (values, checks, hidden) => {
      const form = /** @type {HTMLFormElement} */ (document.getElementById('your-profile'));
      for (const [field, value] of Object.entries(values)) {
        const input = /** @type {HTMLInputElement} */ (document.getElementById(field) ?? form.elements.namedItem(field));
        input.value = value;
      }
      for (const id of checks) (/** @type {HTMLInputElement} */ (document.getElementById(id))).checked = true;
      for (const [name, value] of Object.entries(hidden)) {
        const input = document.createElement('input');
        Object.assign(input, { type: 'hidden', name, value });
        form.append(input);
      }
    },
    values,
    checks,
    hidden,
  );
  await Promise.all([page.waitForNavigation(), page.click('#submit')]);
  return page.$eval('#wpbody-content', (el) => el.textContent ?? '');
}

/** The verified token for the element on the page (as if the person typed the code). */
async function verifiedTokenOnPage(page) {
  const html = await page.content();
  const token = /getElementById\('authsignal-number-challenge'\)\.token = ("[^"]+")/.exec(html)?.[1];
  assert.ok(token, 'the profile shows no WhatsApp element with a token');
  return verifyWithCode(wp.sim.url, JSON.parse(token));
}

describe(`the WhatsApp number is a second factor (WordPress ${wordpressVersion})`, () => {
  it('a first number is stored only after the code sent to it is verified, in the browser', async () => {
    const { context, page } = await openProfile('sam');
    const userId = String(wp.ids.sam);
    const text = await submitProfile(page, { values: { authsignal_phone_number: '+1 555 000-0010' } });
    assert.match(text, /Enter the code sent to \+15550000010/);
    assert.deepEqual(stored('sam'), { number: '', pending: '+15550000010', verified_at: 0 });

    const seen = await seenChallenges(wp.sim.url, userId);
    await (await page.waitForSelector('#authsignal-number-challenge >>> [part="button"]'))?.click();
    const code = await waitForNewCode(wp.sim.url, userId, seen);
    const { messages } = await (await fetch(`${wp.sim.url}/sim/inbox`)).json();
    assert.equal(messages.find((m) => m.code === code && m.userId === userId)?.phoneNumber, '+15550000010', 'the code went to the new number');
    const input = await page.waitForSelector('#authsignal-number-challenge >>> [part="code-input"]');
    // The element verifies once the last digit is in, then submits the profile form (autosubmit).
    await Promise.all([page.waitForNavigation({ timeout: 20_000 }), input?.type(code)]);
    const now = stored('sam');
    assert.equal(now.number, '+15550000010');
    assert.equal(now.pending, '');
    assert.ok(Math.abs(now.verified_at - Date.now() / 1000) < 120, `verified_at is ${now.verified_at}`);
    assert.match(await page.$eval('#authsignal-current-number', (el) => el.textContent ?? ''), /\+15550000010, last verified/);
    await context.close();
  });

  it('refused: a forged token or none for the new number stores nothing', async () => {
    wp.site.eval(`delete_user_meta( ${wp.ids.sam}, 'authsignal_phone_number' ); delete_user_meta( ${wp.ids.sam}, '_authsignal_whatsapp_number_change' );`);
    const { context, page } = await openProfile('sam');
    await submitProfile(page, { values: { authsignal_phone_number: '+15550000011' } });
    const forged = await submitProfile(page, { hidden: { authsignal_token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' } });
    assert.match(forged, /could not be confirmed/);
    assert.equal(stored('sam').number, '');
    await submitProfile(page, {});
    assert.deepEqual(stored('sam'), { ...stored('sam'), number: '', pending: '+15550000011' });
    await context.close();
  });

  it('changing a number on file needs the account password (a signed-in session alone is not enough)', async () => {
    reset('vic', '+15550000020');
    const { context, page } = await openProfile('vic');
    const without = await submitProfile(page, { values: { authsignal_phone_number: '+15550000021' } });
    assert.match(without, /enter your password or the code sent to your current number/);
    const wrong = await submitProfile(page, { values: { authsignal_phone_number: '+15550000021', authsignal_current_password: 'not-the-password' } });
    assert.match(wrong, /enter your password or the code sent to your current number/);
    assert.deepEqual(stored('vic'), { ...stored('vic'), number: '+15550000020', pending: '' });

    await submitProfile(page, { values: { authsignal_phone_number: '+15550000021', authsignal_current_password: passwordOf('vic') } });
    // The old number stays the factor until the new one is verified.
    assert.deepEqual(stored('vic'), { ...stored('vic'), number: '+15550000020', pending: '+15550000021' });
    await submitProfile(page, { hidden: { authsignal_token: await verifiedTokenOnPage(page) } });
    const now = stored('vic');
    assert.equal(now.number, '+15550000021');
    assert.ok(Math.abs(now.verified_at - Date.now() / 1000) < 120);
    await context.close();
  });

  it('changing a number on file with a code sent to the current number instead of the password', async () => {
    reset('vic', '+15550000020');
    const { context, page } = await openProfile('vic');
    // The code to the current number: the element on the page, verified.
    await submitProfile(page, { values: { authsignal_phone_number: '+15550000022' }, hidden: { authsignal_token: await verifiedTokenOnPage(page) } });
    assert.deepEqual(stored('vic'), { ...stored('vic'), number: '+15550000020', pending: '+15550000022' });
    await submitProfile(page, { checks: ['authsignal_cancel_number_change'] });
    assert.deepEqual(stored('vic'), { ...stored('vic'), number: '+15550000020', pending: '' });
    await context.close();
  });

  it('removing a number needs the password or a code, and takes verified_at with it', async () => {
    reset('vic', '+15550000020');
    const { context, page } = await openProfile('vic');
    const without = await submitProfile(page, { checks: ['authsignal_remove_number'] });
    assert.match(without, /enter your password or the code sent to your current number/);
    assert.equal(stored('vic').number, '+15550000020');
    await submitProfile(page, { checks: ['authsignal_remove_number'], values: { authsignal_current_password: passwordOf('vic') } });
    assert.deepEqual(stored('vic'), { number: '', pending: '', verified_at: 0 });
    await context.close();
  });

  it('removing a number with a code sent to it instead of the password; a forged code is refused', async () => {
    reset('vic', '+15550000020');
    const { context, page } = await openProfile('vic');
    const forged = await submitProfile(page, { checks: ['authsignal_remove_number'], hidden: { authsignal_token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' } });
    assert.match(forged, /enter your password or the code sent to your current number/);
    assert.equal(stored('vic').number, '+15550000020');
    await submitProfile(page, { checks: ['authsignal_remove_number'], hidden: { authsignal_token: await verifiedTokenOnPage(page) } });
    assert.deepEqual(stored('vic'), { number: '', pending: '', verified_at: 0 });
    await context.close();
  });

  it('a stolen session that sets a new password on the profile cannot use it to replace the number; a new sign-in with it can', async () => {
    const jar = await wp.signInWithCode('eve');
    // WordPress lets a signed-in session set a new password without the old one, and keeps it signed in.
    const newPassword = 'set-by-whoever-holds-the-session-42';
    const changed = await wp.postAdminForm(jar, '/wp-admin/profile.php', 'id="your-profile"', { pass1: newPassword, pass2: newPassword });
    assert.equal(changed.result.status, 302, `the password change: ${changed.result.body.replace(/<[^>]+>/g, ' ').slice(0, 800)}`);
    assert.ok(await wp.canOpenAdmin(jar), 'the session did not survive the password change');

    // That password does not confirm a new number for the session that set it.
    const refused = await wp.postAdminForm(jar, '/wp-admin/profile.php', 'id="your-profile"', { authsignal_phone_number: '+15550000666', authsignal_current_password: newPassword });
    assert.deepEqual(stored('eve'), { ...stored('eve'), number: '+15550000050', pending: '' }, 'a password set during the session confirmed a new number');
    assert.match(refused.result.body, /changed during this session/);
    const removal = await wp.postAdminForm(jar, '/wp-admin/profile.php', 'id="your-profile"', { authsignal_remove_number: '1', authsignal_current_password: newPassword });
    assert.equal(stored('eve').number, '+15550000050', `a password set during the session removed the number (${removal.result.status})`);

    // After a real sign-in (the new password and the code to the number), it does.
    await new Promise((resolve) => setTimeout(resolve, 1100)); // sign-in times are in seconds: a later second than the change
    await wp.postAdminForm(await wp.signInWithCode('eve', newPassword), '/wp-admin/profile.php', 'id="your-profile"', { authsignal_phone_number: '+15550000051', authsignal_current_password: newPassword });
    assert.equal(stored('eve').pending, '+15550000051', 'a password not set during this session no longer confirms a change');
  });

  it('nothing is stored when WordPress refuses the profile form (an empty nickname)', async () => {
    reset('vic', '+15550000020');
    const { context, page } = await openProfile('vic');
    const refused = await submitProfile(page, { values: { nickname: '', authsignal_phone_number: '+15550000023', authsignal_current_password: passwordOf('vic') } });
    assert.match(refused, /Please enter a nickname/);
    assert.deepEqual(stored('vic'), { ...stored('vic'), number: '+15550000020', pending: '' });

    await page.goto(`${wp.site.url}/wp-admin/profile.php`);
    await submitProfile(page, { values: { authsignal_phone_number: '+15550000023', authsignal_current_password: passwordOf('vic') } });
    const before = stored('vic');
    assert.equal(before.pending, '+15550000023');
    await submitProfile(page, { values: { nickname: '' }, hidden: { authsignal_token: await verifiedTokenOnPage(page) } });
    assert.deepEqual(stored('vic'), before, 'the new number was stored by a refused form');
    await context.close();
  });

  it("an administrator resets another user's number, and the reset is logged on the settings page", async () => {
    reset('una', '+15550000030');
    const { context, page } = await signInPage(browser, wp.site.url, ADMIN.login, ADMIN.password);
    await page.goto(`${wp.site.url}/wp-admin/user-edit.php?user_id=${wp.ids.una}`);
    assert.match(await page.$eval('#authsignal-current-number', (el) => el.textContent ?? ''), /\+15550000030/);
    await page.click('#authsignal_reset_number');
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.deepEqual(stored('una'), { number: '', pending: '', verified_at: 0 });
    await page.goto(`${wp.site.url}/wp-admin/options-general.php?page=authsignal-whatsapp`);
    const log = await page.$eval('#authsignal-number-reset-log', (el) => el.textContent ?? '');
    assert.match(log, /una[\s\S]*admin[\s\S]*0030/);
    await context.close();
  });

  it("a user cannot reset their own number with the administrators' reset (it needs the password or a code)", async () => {
    reset('una', '+15550000030');
    const { context, page } = await openProfile('una');
    await submitProfile(page, { hidden: { authsignal_reset_number: '1' } });
    assert.equal(stored('una').number, '+15550000030');
    await context.close();
  });

  it('no PHP notice, warning or error from the plugin', () => {
    const ours = wp.site
      .debugLog()
      .split('\n')
      .filter((line) => line.includes('/plugins/authsignal-whatsapp-challenge/'));
    assert.deepEqual(ours, []);
  });
});
