// Beside WordPress's Two Factor plugin (issue 17 point 2), on WordPress 6.8 (Two Factor 0.15.0
// requires it; WP_VERSION=6.8): WhatsApp (Authsignal) is one of Two Factor's providers, set up
// from Two Factor's own profile section with a code sent to the number and then used at
// sign-in; the plugin's own step stays out of the way, so a user with another Two Factor
// method is asked for that one; Two Factor's backup codes are the recovery. Two Factor is
// copied into the test site from ../shared/fixtures/wordpress-plugins/two-factor.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fillSignInForm, launchBrowser, signInPage } from './harness/browser.mjs';
import { request } from './harness/http.mjs';
import { root } from './harness/paths.mjs';
import { seenChallenges, verifyWithCode, waitForNewCode } from './harness/simulator.mjs';
import { wordpressVersion } from './harness/wordpress-files.mjs';
import { ADMIN } from './harness/wordpress-site.mjs';
import { passwordOf, startPluginSite } from './support/plugin-site.mjs';

const twoFactor = join(root, '..', 'shared', 'fixtures', 'wordpress-plugins', 'two-factor');
const PROVIDER = 'Authsignal_WhatsApp_Two_Factor_Provider';

const skip =
  wordpressVersion !== '6.8'
    ? `Two Factor 0.15.0 requires WordPress 6.8 (this run: ${wordpressVersion}; WP_VERSION=6.8 runs it)`
    : !existsSync(join(twoFactor, 'two-factor.php')) && `no copy of Two Factor in ${twoFactor}`;

describe(`beside WordPress's Two Factor plugin (WordPress ${wordpressVersion})`, { skip }, () => {
  /** @type {Awaited<ReturnType<typeof startPluginSite>>} */ let wp;
  /** @type {import('puppeteer-core').Browser} */ let browser;

  before(async () => {
    wp = await startPluginSite({
      // The plugin's own step is on for editors: under Two Factor it must not apply.
      users: {
        tina: { role: 'editor' },
        dora: { role: 'editor', phone: '+15550000041', verified: true },
        fred: { role: 'editor', phone: '+15550000042', verified: true },
        ivy: { role: 'editor', phone: '+15550000043', verified: true },
        hank: { role: 'editor' },
      },
      plugins: [twoFactor],
    });
    wp.site.eval(`update_user_meta( ${wp.ids.dora}, '_two_factor_enabled_providers', array( 'Two_Factor_Dummy' ) ); update_user_meta( ${wp.ids.hank}, '_two_factor_enabled_providers', array( 'Two_Factor_Dummy' ) ); update_user_meta( ${wp.ids.ivy}, '_two_factor_enabled_providers', array( '${PROVIDER}' ) );`);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await wp?.stop();
  });

  /** Two Factor's hidden fields on its sign-in screen, and our element's track token ('' when not shown). */
  const twoFactorScreen = (html) => {
    const field = (name) => new RegExp(`name="${name}"\\s+id="${name}"\\s+value="([^"]*)"`).exec(html)?.[1] ?? '';
    const token = /getElementById\('authsignal-two-factor-challenge'\)\.token = ("[^"]+")/.exec(html)?.[1];
    return { provider: field('provider'), userId: field('wp-auth-id'), nonce: field('wp-auth-nonce'), trackToken: token ? JSON.parse(token) : '' };
  };

  /** Two Factor's validate_2fa post. */
  const validate2fa = (jar, screen, fields) =>
    request(`${wp.site.url}/wp-login.php?action=validate_2fa`, {
      jar,
      form: { provider: screen.provider, 'wp-auth-id': screen.userId, 'wp-auth-nonce': screen.nonce, redirect_to: `${wp.site.url}/wp-admin/`, rememberme: '0', ...fields },
    });

  it('with Two Factor active, the plugin’s own step stays out: Two Factor decides (an editor with no method signs in with the password)', async () => {
    const result = await wp.postPassword('fred');
    assert.equal(result.status, 302, `${result.status} ${result.body.slice(0, 300)}`);
    assert.ok(result.jar.signedIn());
    const settings = await request(`${wp.site.url}/wp-admin/options-general.php?page=authsignal-whatsapp`, { jar: await wp.signInJar('admin') });
    assert.match(settings.body, /id="authsignal-two-factor-active"/);
  });

  it("WhatsApp is set up from Two Factor's profile section: the number is taken once the code sent to it is verified, and the method enabled", async () => {
    const { context, page } = await signInPage(browser, wp.site.url, 'tina', passwordOf('tina'));
    // wp-admin's profile script asks "Leave site?" when the form is left any other way than its button.
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      dialog.accept();
    });
    await page.goto(`${wp.site.url}/wp-admin/profile.php`);
    assert.equal(await page.$eval(`#enabled-${PROVIDER}`, (el) => el.closest('tr')?.textContent?.includes('WhatsApp (Authsignal)')), true);
    // The number's controls are in Two Factor's row (not a section of their own).
    assert.equal(await page.$('#authsignal-whatsapp-number'), null);
    await page.$eval('#authsignal-two-factor-options #authsignal_phone_number', (el) => ((/** @type {HTMLInputElement} */ (el)).value = '+15550000040'));
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.match(await page.$eval('#authsignal-two-factor-options', (el) => el.textContent ?? ''), /Enter the code sent to \+15550000040/);
    assert.equal(wp.php(`echo wp_json_encode( get_user_meta( ${wp.ids.tina}, 'authsignal_phone_number', true ) );`), '');

    const userId = String(wp.ids.tina);
    const seen = await seenChallenges(wp.sim.url, userId);
    await (await page.waitForSelector('#authsignal-number-challenge >>> [part="button"]'))?.click();
    const code = await waitForNewCode(wp.sim.url, userId, seen);
    const input = await page.waitForSelector('#authsignal-number-challenge >>> [part="code-input"]');
    await Promise.all([page.waitForNavigation({ timeout: 20_000 }), input?.type(code)]);
    assert.deepEqual(dialogs, [], 'the browser asked before leaving the profile');
    assert.equal(wp.php(`echo wp_json_encode( get_user_meta( ${wp.ids.tina}, 'authsignal_phone_number', true ) );`), '+15550000040');
    assert.deepEqual(wp.php(`echo wp_json_encode( array_keys( Two_Factor_Core::get_available_providers_for_user( ${wp.ids.tina} ) ) );`), [PROVIDER]);
    await context.close();
  });

  it('then used at sign-in: after the password, Two Factor shows the WhatsApp code, which signs in (in the browser)', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${wp.site.url}/wp-login.php`);
    await fillSignInForm(page, 'tina', passwordOf('tina'));
    await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
    assert.equal(await page.$eval('#provider', (el) => (/** @type {HTMLInputElement} */ (el)).value), PROVIDER);
    assert.equal(await page.$('#authsignal-whatsapp-login-form'), null, "the plugin's own step showed up too");
    assert.ok(!(await page.cookies()).some((c) => c.name.startsWith('wordpress_logged_in')), 'signed in before the code');
    const userId = String(wp.ids.tina);
    const seen = await seenChallenges(wp.sim.url, userId);
    await (await page.waitForSelector('#authsignal-two-factor-challenge >>> [part="button"]'))?.click();
    const code = await waitForNewCode(wp.sim.url, userId, seen);
    const input = await page.waitForSelector('#authsignal-two-factor-challenge >>> [part="code-input"]');
    await Promise.all([page.waitForNavigation({ timeout: 20_000 }), input?.type(code)]);
    assert.equal(new URL(page.url()).pathname, '/wp-admin/');
    assert.match(await page.$eval('#wpadminbar', (el) => el.textContent ?? ''), /tina/);
    const calls = wp.php(`echo wp_json_encode( get_option( 'authsignal_test_verified_calls', array() ) );`);
    assert.deepEqual(calls.at(-1)?.action, 'signIn');
    await context.close();
  });

  it("refused at Two Factor's screen: a forged token, and a token verified for another attempt", async () => {
    const first = await wp.postPassword('tina');
    const screen = twoFactorScreen(first.body);
    assert.equal(screen.provider, PROVIDER);
    const forged = await validate2fa(first.jar, screen, { authsignal_token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' });
    assert.ok(!first.jar.signedIn(), `a forged token signed in: ${forged.status}`);

    // A token verified for the first screen's attempt is refused on a second sign-in.
    const old = await verifyWithCode(wp.sim.url, screen.trackToken);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // Two Factor's delay after a failure
    const second = await wp.postPassword('tina');
    const result = await validate2fa(second.jar, twoFactorScreen(second.body), { authsignal_token: old });
    assert.ok(!second.jar.signedIn(), `an old attempt's token signed in: ${result.status}`);
  });

  it('a user with another Two Factor method is asked for that one, and WhatsApp does not replace it', async () => {
    const first = await wp.postPassword('dora');
    assert.equal(first.status, 200);
    const screen = twoFactorScreen(first.body);
    assert.equal(screen.provider, 'Two_Factor_Dummy');
    assert.match(first.body, /Are you really you\?/);
    assert.ok(!first.body.includes('authsignal-whatsapp-login-form'), "the plugin's own step replaced Two Factor's");
    assert.ok(!first.jar.signedIn());
    const result = await validate2fa(first.jar, screen, {});
    assert.equal(result.status, 302);
    assert.ok(first.jar.signedIn());
  });

  it("Two Factor's backup codes sign a WhatsApp user in", async () => {
    wp.site.eval(`update_user_meta( ${wp.ids.tina}, '_two_factor_enabled_providers', array( '${PROVIDER}', 'Two_Factor_Backup_Codes' ) );`);
    const [code] = wp.php(`echo wp_json_encode( Two_Factor_Backup_Codes::get_instance()->generate_codes( get_userdata( ${wp.ids.tina} ) ) );`);
    await new Promise((resolve) => setTimeout(resolve, 4500)); // Two Factor's delay after the refusals above
    const first = await wp.postPassword('tina');
    const screen = { ...twoFactorScreen(first.body), provider: 'Two_Factor_Backup_Codes' };
    const result = await validate2fa(first.jar, screen, { 'two-factor-backup-code': code });
    assert.equal(result.status, 302, `${result.status} ${result.body.replace(/<[^>]+>/g, ' ').slice(0, 1500)}`);
    assert.ok(first.jar.signedIn());
    assert.ok(await wp.canOpenAdmin(first.jar));
  });

  it('without a secret key, a WhatsApp user is still asked for a second factor (the method fails closed, not dropped)', async () => {
    const settings = wp.php(`echo wp_json_encode( get_option( 'authsignal_whatsapp_settings' ) );`);
    wp.site.eval(`$s = get_option( 'authsignal_whatsapp_settings' ); $s['secret_key'] = ''; update_option( 'authsignal_whatsapp_settings', $s ); update_user_meta( ${wp.ids.tina}, '_two_factor_provider', '${PROVIDER}' );`);
    try {
      const first = await wp.postPassword('tina');
      assert.equal(first.status, 200, `the password alone answered ${first.status} ${first.location}`);
      assert.ok(!first.jar.signedIn(), 'signed in with the password alone');
      const screen = twoFactorScreen(first.body);
      assert.equal(screen.provider, PROVIDER);
      assert.match(first.body, /id="authsignal-two-factor-unavailable"/);
      assert.ok(!(await validate2fa(first.jar, screen, { authsignal_token: 'anything' })).location.includes('/wp-admin/'));
      assert.ok(!first.jar.signedIn());
    } finally {
      wp.site.eval(`update_option( 'authsignal_whatsapp_settings', json_decode( '${JSON.stringify(settings)}', true ) );`);
    }
  });

  it("the plugin's own backup codes page is not offered under Two Factor (its recovery codes are)", async () => {
    const jar = await wp.signInJar(ADMIN.login);
    const page = await request(`${wp.site.url}/wp-admin/users.php?page=authsignal-whatsapp-backup-codes`, { jar });
    assert.notEqual(page.status, 200);
  });

  it("the number's controls need Two Factor's recent verification, as its own options do: a stale session neither removes nor adds a number", async () => {
    const number = (login) => wp.php(`echo wp_json_encode( array( get_user_meta( ${wp.ids[login]}, 'authsignal_phone_number', true ), get_user_meta( ${wp.ids[login]}, '_authsignal_whatsapp_number_change', true )['number'] ?? '' ) );`);
    /** Signs in through Two Factor (WhatsApp for ivy, the dummy method for hank). */
    const signIn = async (login) => {
      const first = await wp.postPassword(login);
      const screen = twoFactorScreen(first.body);
      const fields = screen.trackToken ? { authsignal_token: await verifyWithCode(wp.sim.url, screen.trackToken) } : {};
      const result = await validate2fa(first.jar, screen, fields);
      assert.ok(first.jar.signedIn(), `${login} through Two Factor: ${result.status}`);
      return first.jar;
    };
    /** Makes the user's sessions' last second factor an hour old (Two Factor allows changes for 20 minutes). */
    const stale = (login) =>
      wp.site.eval(`$id = ${wp.ids[login]}; $sessions = get_user_meta( $id, 'session_tokens', true ); foreach ( $sessions as $key => $session ) { $sessions[ $key ]['two-factor-login'] = time() - HOUR_IN_SECONDS; } update_user_meta( $id, 'session_tokens', $sessions );`);
    const profile = (jar, fields) => wp.postAdminForm(jar, '/wp-admin/profile.php', 'id="your-profile"', fields);

    const ivy = await signIn('ivy');
    stale('ivy');
    const removal = await profile(ivy, { authsignal_remove_number: '1', authsignal_current_password: passwordOf('ivy') });
    assert.deepEqual(number('ivy'), ['+15550000043', ''], 'a stale session removed the number (and switched two-factor off)');
    assert.match(removal.result.body, /verify with your two-factor method again/);
    await profile(ivy, { authsignal_phone_number: '+15550000044', authsignal_current_password: passwordOf('ivy') });
    assert.deepEqual(number('ivy'), ['+15550000043', ''], 'a stale session started a number change');

    const hank = await signIn('hank');
    stale('hank');
    await profile(hank, { authsignal_phone_number: '+15550000045' });
    assert.deepEqual(number('hank'), ['', ''], 'a stale session started adding a number (the WhatsApp method)');

    // A session that verified a second factor just now may.
    await profile(await signIn('ivy'), { authsignal_remove_number: '1', authsignal_current_password: passwordOf('ivy') });
    assert.deepEqual(number('ivy'), ['', '']);
  });

  it('no PHP notice, warning or error from the plugin', () => {
    const ours = wp.site
      .debugLog()
      .split('\n')
      .filter((line) => line.includes('/plugins/authsignal-whatsapp-challenge/'));
    assert.deepEqual(ours, []);
  });
});
