// The WordPress plugin in a real WordPress (Debian's 6.1 files, or 6.8's with WP_VERSION=6.8;
// MariaDB, PHP's built-in server), with the Authsignal simulator (sim/) on its own port as the API, driven by a real
// browser (puppeteer-core + Debian's Chromium; WP_BROWSER=firefox for Firefox ESR) and by
// plain HTTP where the test plays an attacker. In order, sharing one site:
//   1. the zip from `npm run build` installs through Plugins > Add New > Upload Plugin;
//   2. PHP unit tests of the rules (test/wordpress/php/unit-tests.php), inside that site;
//   3. settings saved from the settings page, the secret key in no page source;
//   4. the shortcode and the block: a signed-in user verifies, the post lands (user meta,
//      the hook, recorded by test/wordpress/fixture/authsignal-test-recorder.php);
//   5. two-step sign-in: end to end with the code from the simulator's inbox, every bypass of
//      issue 12 item 4 and of issue 17 refused (other sign-in plugins modelled by
//      test/wordpress/fixture/authsignal-test-sign-in-plugins.php), the send limits, two
//      devices, interim and AJAX sign-in;
//   6. no PHP notice from the plugin's files with WP_DEBUG on.
// Screenshots of the settings page, the shortcode page and the sign-in step go to
// screenshots/wordpress-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserName, fillSignInForm, launchBrowser, signInPage } from './harness/browser.mjs';
import { CookieJar, request } from './harness/http.mjs';
import { fixtureDir, pluginZip, root } from './harness/paths.mjs';
import { SECRET_KEY, seenChallenges, startSimulator, track, verifyWithCode, waitForNewCode } from './harness/simulator.mjs';
import { wordpressVersion } from './harness/wordpress-files.mjs';
import { ADMIN, startWordPress } from './harness/wordpress-site.mjs';

const screenshots = join(root, 'screenshots');

/** @type {Awaited<ReturnType<typeof startSimulator>>} */ let sim;
/** @type {Awaited<ReturnType<typeof startWordPress>>} */ let site;
/** @type {import('puppeteer-core').Browser} */ let browser;

/** Test users: [login, role, WhatsApp number or ''] -> id, password. */
const users = {
  alice: { role: 'subscriber', phone: '+15550000001', id: 0 },
  bob: { role: 'editor', phone: '+15550000002', id: 0 },
  carol: { role: 'editor', phone: '+15550000003', id: 0 },
  dave: { role: 'editor', phone: '', id: 0 },
};
const passwordOf = (login) => `${login}-password-for-tests`;
const pages = { shortcode: '', block: '', plain: '' };

/** PHP in the site; the result of `echo wp_json_encode(...)` parsed. */
const php = (code) => JSON.parse(site.eval(code).trim().split('\n').pop() ?? 'null');

before(async () => {
  assert.ok(existsSync(pluginZip), `${pluginZip} is missing: run npm run build first`);
  sim = await startSimulator();
  site = await startWordPress({ muPlugins: [join(fixtureDir, 'authsignal-test-recorder.php'), join(fixtureDir, 'authsignal-test-sign-in-plugins.php')] });
  const { total, files, database, install, server } = site.timings;
  console.log(`# WordPress started in ${total} ms (files ${files}, MariaDB ${database}, wp_install ${install}, php -S ${server}); simulator at ${sim.url}`);
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await sim?.close();
});

describe(`WordPress plugin in a real WordPress ${wordpressVersion} (${browserName})`, () => {
  it('installs from the zip through Plugins > Add New > Upload Plugin, and activates', async () => {
    const { context, page } = await signInPage(browser, site.url, ADMIN.login, ADMIN.password);
    await page.goto(`${site.url}/wp-admin/plugin-install.php?tab=upload`);
    const input = await page.waitForSelector('#pluginzip');
    await /** @type {import('puppeteer-core').ElementHandle<HTMLInputElement>} */ (input).uploadFile(pluginZip);
    await Promise.all([page.waitForNavigation({ timeout: 60_000 }), page.click('#install-plugin-submit')]);
    const installed = await page.$eval('#wpbody-content', (el) => el.textContent ?? '');
    assert.match(installed, /Plugin installed successfully/);
    await Promise.all([page.waitForNavigation(), page.click('a.button-primary[href*="action=activate"]')]);
    assert.match(await page.$eval('#wpbody-content', (el) => el.textContent ?? ''), /Plugin activated/);
    assert.equal(
      php(`echo wp_json_encode( in_array( 'authsignal-whatsapp-challenge/authsignal-whatsapp-challenge.php', (array) get_option( 'active_plugins' ), true ) );`),
      true,
    );
    await context.close();
  });

  it('PHP unit tests: validation rules, validate-answer checks, pending sign-in store, used tokens', async (t) => {
    const output = site.eval(readFileSync(join(root, 'test', 'wordpress', 'php', 'unit-tests.php'), 'utf8').replace(/^<\?php/, ''));
    const line = output.split('\n').find((l) => l.startsWith('AUTHSIGNAL-RESULTS '));
    assert.ok(line, `the PHP runner printed no results:\n${output}`);
    const results = JSON.parse(line.slice('AUTHSIGNAL-RESULTS '.length));
    assert.ok(results.length >= 9, 'all PHP tests ran');
    for (const result of results) {
      await t.test(`php: ${result.name}`, () => assert.ok(result.ok, result.message));
    }
  });

  it('settings page: saves key, API URL, action and sign-in options; the secret key is in no page source', async () => {
    const { context, page } = await signInPage(browser, site.url, ADMIN.login, ADMIN.password);
    const settingsUrl = `${site.url}/wp-admin/options-general.php?page=authsignal-whatsapp`;
    await page.goto(settingsUrl);
    await page.type('#authsignal-secret-key', SECRET_KEY);
    await page.$eval('#authsignal-api-url', (el, value) => ((/** @type {HTMLInputElement} */ (el)).value = value), `${sim.url}/v1`);
    await page.click('#authsignal-login-enabled');
    // Editors get the second step; administrators keep signing in with a password (the tests sign in as one).
    await page.$$eval('input[name="authsignal_whatsapp_settings[login_roles][]"]', (boxes) => {
      for (const box of /** @type {HTMLInputElement[]} */ (boxes)) box.checked = box.value === 'editor';
    });
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.match(await page.$eval('#wpbody-content', (el) => el.textContent ?? ''), /Settings saved/);
    const saved = php(`echo wp_json_encode( get_option( 'authsignal_whatsapp_settings' ) );`);
    assert.equal(saved.secret_key, SECRET_KEY);
    assert.equal(saved.api_url, `${sim.url}/v1`);
    assert.equal(saved.action, 'whatsappVerification');
    assert.equal(saved.login_enabled, true);
    assert.deepEqual(saved.login_roles, ['editor']);
    assert.equal(saved.without_phone, 'allow');

    const source = await (await page.goto(settingsUrl))?.text();
    assert.ok(source?.includes('authsignal-secret-key'), 'the settings page was served');
    assert.ok(!source?.includes(SECRET_KEY), 'the settings page source holds the secret key');
    assert.match(source ?? '', new RegExp(`ending in ${SECRET_KEY.slice(-4)}`));
    await page.screenshot({ path: join(screenshots, 'wordpress-settings.png'), fullPage: true });

    // Saving again with the field left empty keeps the key.
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.equal(php(`echo wp_json_encode( get_option( 'authsignal_whatsapp_settings' )['secret_key'] );`), SECRET_KEY);
    for (const path of ['/', '/wp-admin/', '/wp-admin/profile.php', '/wp-admin/options.php']) {
      const html = await (await page.goto(`${site.url}${path}`))?.text();
      assert.ok(!html?.includes(SECRET_KEY), `${path} holds the secret key`);
    }
    await context.close();
  });

  it('profile: the WhatsApp number field refuses a number that is not E.164 and takes one that is (to be confirmed by a code)', async () => {
    const roles = JSON.stringify(Object.fromEntries(Object.entries(users).map(([login, user]) => [login, user.role])));
    const ids = php(`
      $ids = array();
      foreach ( json_decode( '${roles}', true ) as $login => $role ) {
        $ids[ $login ] = wp_insert_user( array( 'user_login' => $login, 'user_pass' => $login . '-password-for-tests', 'user_email' => $login . '@example.test', 'role' => $role ) );
      }
      echo wp_json_encode( $ids );`);
    for (const [login, id] of Object.entries(ids)) users[login].id = id;

    const { context, page } = await signInPage(browser, site.url, 'alice', passwordOf('alice'));
    await page.goto(`${site.url}/wp-admin/profile.php`);
    await page.type('#authsignal_phone_number', '555-1234');
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.match(await page.$eval('#wpbody-content', (el) => el.textContent ?? ''), /international format/);
    assert.equal(php(`echo wp_json_encode( get_user_meta( ${users.alice.id}, 'authsignal_phone_number', true ) );`), '');
    await page.goto(`${site.url}/wp-admin/profile.php`);
    await page.$eval('#authsignal_phone_number', (el) => ((/** @type {HTMLInputElement} */ (el)).value = '+1 555 000-0001'));
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    // The number now waits for the code sent to it (phone-number.test.mjs); here it goes in directly.
    assert.equal(php(`echo wp_json_encode( get_user_meta( ${users.alice.id}, '_authsignal_whatsapp_number_change', true )['number'] );`), '+15550000001');
    site.eval(`update_user_meta( ${users.alice.id}, 'authsignal_phone_number', '+15550000001' ); delete_user_meta( ${users.alice.id}, '_authsignal_whatsapp_number_change' );`);
    await context.close();

    // The others' numbers go in directly.
    for (const [login, user] of Object.entries(users)) {
      if (login !== 'alice' && user.phone) site.eval(`update_user_meta( ${user.id}, 'authsignal_phone_number', '${user.phone}' );`);
    }
    Object.assign(
      pages,
      php(`echo wp_json_encode( array(
        'shortcode' => get_permalink( wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'Verify with the shortcode', 'post_content' => '<!-- wp:paragraph --><p>Confirm your WhatsApp number.</p><!-- /wp:paragraph --><!-- wp:shortcode -->[authsignal_whatsapp_challenge]<!-- /wp:shortcode -->' ) ) ),
        'block' => get_permalink( wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'Verify with the block', 'post_content' => '<!-- wp:authsignal/whatsapp-challenge /-->' ) ) ),
        'plain' => get_permalink( wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'No verification here', 'post_content' => 'Nothing to verify.' ) ) ),
      ) );`),
    );
  });

  it('a signed-out visitor sees a sign-in link, not the element; pages without it load no element script', async () => {
    const { body } = await request(pages.shortcode);
    assert.ok(!body.includes('<authsignal-whatsapp-challenge'), 'the element is shown to a signed-out visitor');
    assert.match(body, /wp-login\.php\?redirect_to=/);
    assert.ok(!body.includes('authsignal-whatsapp-challenge.min.js'), 'the element script loads for a signed-out visitor');
    const jar = await signInJar('alice');
    const plain = await request(pages.plain, { jar });
    assert.ok(!plain.body.includes('authsignal-whatsapp-challenge.min.js'), 'a page without the shortcode loads the element script');
    const shortcode = await request(pages.shortcode, { jar });
    const tag = /<script[^>]*authsignal-whatsapp-challenge\.min\.js[^>]*>/.exec(shortcode.body)?.[0];
    assert.match(tag ?? 'no tag', /^<script type="module" /);
  });

  it('a signed-in user verifies on the shortcode page: the post lands, user meta is set, the hook fires', async () => {
    const { context, page } = await signInPage(browser, site.url, 'alice', passwordOf('alice'));
    await page.goto(pages.shortcode);
    const userId = String(users.alice.id);
    const seen = await seenChallenges(sim.url, userId);
    const send = await page.waitForSelector('pierce/[part="button"]');
    await page.screenshot({ path: join(screenshots, 'wordpress-shortcode.png'), fullPage: true });
    await send?.click();
    const code = await waitForNewCode(sim.url, userId, seen);
    const input = await page.waitForSelector('pierce/[part="code-input"]');
    // The element verifies once the last digit is in, then submits the form (autosubmit).
    await Promise.all([page.waitForNavigation({ timeout: 20_000 }), input?.type(code)]);
    assert.match(page.url(), /authsignal_whatsapp=verified/);
    assert.equal(new URL(page.url()).pathname, new URL(pages.shortcode).pathname);
    assert.match(await page.$eval('.authsignal-whatsapp-verified', (el) => el.textContent ?? ''), /verified/);
    await page.screenshot({ path: join(screenshots, 'wordpress-shortcode-verified.png'), fullPage: true });
    const verifiedAt = php(`echo wp_json_encode( (int) get_user_meta( ${users.alice.id}, 'authsignal_whatsapp_verified_at', true ) );`);
    assert.ok(Math.abs(verifiedAt - Date.now() / 1000) < 120, `authsignal_whatsapp_verified_at is now, not ${verifiedAt}`);
    const calls = php(`echo wp_json_encode( get_option( 'authsignal_test_verified_calls', array() ) );`);
    assert.deepEqual(calls, [
      { user_id: users.alice.id, action: 'whatsappVerification', result_user_id: userId, result_state: 'CHALLENGE_SUCCEEDED', result_is_valid: true },
    ]);
    await context.close();
  });

  it('the block renders the same form as the shortcode', async () => {
    const jar = await signInJar('alice');
    const form = (html) => {
      const match = /<form class="authsignal-whatsapp-form"[\s\S]*?<\/form>/.exec(html);
      assert.ok(match, 'a form with the element');
      // Only the nonces and the page's own URL may differ.
      return match[0]
        .replace(/(_wpnonce=|name="_authsignal_nonce" value=")[0-9a-f]+/g, '$1NONCE')
        .replace(/(name="authsignal_(?:redirect|back)" value=")[^"]*/g, '$1PAGE');
    };
    const fromShortcode = form((await request(pages.shortcode, { jar })).body);
    const fromBlock = (await request(pages.block, { jar })).body;
    assert.equal(form(fromBlock), fromShortcode);
    assert.match(fromShortcode, /<authsignal-whatsapp-challenge name="authsignal_token" token-url="[^"]+authsignal_action=whatsappVerification[^"]*" lang="en-US" base-url="http:\/\/127\.0\.0\.1:\d+\/v1\/client" required autosubmit>/);
    assert.match(fromBlock, /class="wp-block-authsignal-whatsapp-challenge"/);
  });

  /**
   * Opens a new page in the block editor as the administrator, inserts the block and waits for
   * its server-rendered preview; console warnings are collected from the start.
   */
  async function blockInEditor() {
    const { context, page } = await signInPage(browser, site.url, ADMIN.login, ADMIN.password);
    /** @type {string[]} */ const warnings = [];
    page.on('console', (message) => {
      if (['warn', 'warning', 'error'].includes(message.type())) warnings.push(message.text());
    });
    await page.goto(`${site.url}/wp-admin/post-new.php?post_type=page`);
    await page.waitForFunction(() => Boolean(window.wp?.blocks?.getBlockType?.('authsignal/whatsapp-challenge')), { timeout: 60_000 });
    await page.evaluate(() => {
      const { createBlock } = window.wp.blocks;
      window.wp.data.dispatch('core/block-editor').insertBlocks(createBlock('authsignal/whatsapp-challenge', { action: 'editorPreview' }));
    });
    // WordPress 6.8 puts the content in an iframe when every block is apiVersion 3.
    const iframe = await page.$('iframe[name="editor-canvas"]');
    const canvas = iframe ? await iframe.contentFrame() : page.mainFrame();
    // The administrator has no number on file: the server render says where to add one.
    const notice = await canvas.waitForSelector('.wp-block-authsignal-whatsapp-challenge .authsignal-whatsapp-notice', { timeout: 30_000 });
    const preview = await notice?.evaluate((el) => el.textContent ?? '');
    // The block is selected after insertion: its settings (three TextControls) are in the sidebar.
    await page.waitForSelector('.block-editor-block-inspector input[type="text"]', { timeout: 30_000 });
    const labels = await page.$$eval('.block-editor-block-inspector label', (els) => els.map((el) => el.textContent ?? ''));
    return { context, page, warnings, iframe: Boolean(iframe), preview, labels };
  }

  it('the block in the editor: registered from block.json (apiVersion 3) with its hand-written script, previewed by the server render, no deprecation warning', async () => {
    const { context, page, warnings, iframe, preview, labels } = await blockInEditor();
    const type = await page.evaluate(() => {
      const { title, apiVersion } = window.wp.blocks.getBlockType('authsignal/whatsapp-challenge');
      return { title, apiVersion };
    });
    assert.deepEqual(type, { title: 'WhatsApp verification', apiVersion: 3 });
    if (wordpressVersion === '6.8') assert.ok(iframe, 'on WordPress 6.8 the block keeps the editor in its iframe');
    assert.match(preview ?? '', /Add your WhatsApp number to your profile to verify it\./);
    assert.deepEqual(labels.filter((label) => /Action code|Redirect after verification|Language/.test(label)), ['Action code', 'Redirect after verification', 'Language']);
    assert.deepEqual(warnings.filter((text) => /deprecat/i.test(text)), []);
    await context.close();
  });

  it("the block in the editor, in German: block.json's title and the editor script's labels are translated", async () => {
    site.eval(`update_option( 'authsignal_test_locale', 'de_DE' );`);
    try {
      const { context, page, preview, labels } = await blockInEditor();
      const block = await page.evaluate(() => {
        const { title, description, keywords } = window.wp.blocks.getBlockType('authsignal/whatsapp-challenge');
        return { title, description, keywords };
      });
      assert.equal(block.title, 'WhatsApp-Bestätigung');
      assert.match(block.description, /^Lässt angemeldete Besucher/);
      assert.ok(block.keywords.includes('bestätigung'), JSON.stringify(block.keywords));
      assert.ok(labels.includes('Aktionscode') && labels.includes('Weiterleitung nach der Bestätigung') && labels.includes('Sprache'), JSON.stringify(labels));
      assert.match(preview ?? '', /Füge deine WhatsApp-Nummer zu deinem Profil hinzu, um sie zu bestätigen\./);
      await context.close();
    } finally {
      site.eval(`delete_option( 'authsignal_test_locale' );`);
    }
  });

  it('the token route answers { token } with its nonce only, and never for signIn', async () => {
    const jar = await signInJar('alice');
    const html = (await request(pages.shortcode, { jar })).body;
    const tokenUrl = /token-url="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(tokenUrl);
    const ok = await request(tokenUrl, { jar, method: 'POST', headers: { accept: 'application/json' } });
    assert.equal(ok.status, 200, ok.body);
    assert.equal(typeof JSON.parse(ok.body).token, 'string');
    const noNonce = await request(tokenUrl.replace(/_wpnonce=[0-9a-f]+/, '_wpnonce='), { jar, method: 'POST' });
    assert.equal(noNonce.status, 403, 'without the nonce: rest_cookie_invalid_nonce');
    const signedOut = await request(tokenUrl, { method: 'POST' });
    assert.ok([401, 403].includes(signedOut.status), `signed out: ${signedOut.status}`);
    const signIn = await request(tokenUrl.replace('authsignal_action=whatsappVerification', 'authsignal_action=signIn'), { jar, method: 'POST' });
    assert.equal(signIn.status, 400);
  });

  it('the token route gives tokens only for action codes this site showed the user, not for one a script makes up', async () => {
    const jar = await signInJar('alice');
    const html = (await request(pages.shortcode, { jar })).body;
    const tokenUrl = /token-url="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    assert.match(tokenUrl, /authsignal_action=whatsappVerification/);
    for (const code of ['payoutApproval', 'deleteAccount']) {
      const madeUp = await request(tokenUrl.replace('authsignal_action=whatsappVerification', `authsignal_action=${code}`), { jar, method: 'POST' });
      assert.equal(madeUp.status, 403, `${code}: ${madeUp.status} ${madeUp.body}`);
    }
    const noActionNonce = await request(tokenUrl.replace(/authsignal_action_nonce=[0-9a-f]+&?/, ''), { jar, method: 'POST' });
    assert.equal(noActionNonce.status, 403);
  });

  it('the token route hands one user at most five tokens a minute, then 429 with Retry-After', async () => {
    for (const [login, phone] of [['erin', '+15550000005'], ['frank', '+15550000006']]) {
      php(`$id = wp_insert_user( array( 'user_login' => '${login}', 'user_pass' => '${passwordOf(login)}', 'user_email' => '${login}@example.test', 'role' => 'subscriber' ) ); update_user_meta( $id, 'authsignal_phone_number', '${phone}' ); echo wp_json_encode( $id );`);
    }
    const tokenUrlOf = async (jar) => /token-url="([^"]+)"/.exec((await request(pages.shortcode, { jar })).body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const jar = await signInJar('erin');
    const tokenUrl = await tokenUrlOf(jar);
    const statuses = [];
    let retryAfter = '';
    for (let i = 0; i < 7; i++) {
      const answer = await request(tokenUrl, { jar, method: 'POST' });
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after') ?? '';
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After: ${retryAfter}`);
    // The limit is per user: frank still gets his.
    const frank = await signInJar('frank');
    assert.equal((await request(await tokenUrlOf(frank), { jar: frank, method: 'POST' })).status, 200);
  });

  it('the form handler refuses a used token, a forged one, and a swapped action', async () => {
    const jar = await signInJar('alice');
    const html = (await request(pages.shortcode, { jar })).body;
    const field = (name) => /** @type {string} */ (new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replaceAll('&amp;', '&'));
    const tokenUrl = /token-url="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const trackToken = JSON.parse((await request(tokenUrl, { jar, method: 'POST' })).body).token;
    const resultToken = await verifyWithCode(sim.url, trackToken);
    const post = (token, changes = {}) =>
      request(`${site.url}/wp-admin/admin-post.php`, {
        jar,
        form: {
          action: 'authsignal_whatsapp_verify',
          authsignal_action: field('authsignal_action'),
          authsignal_redirect: field('authsignal_redirect'),
          authsignal_back: field('authsignal_back'),
          _authsignal_nonce: field('_authsignal_nonce'),
          authsignal_token: token,
          ...changes,
        },
      });
    const callsBefore = php(`echo wp_json_encode( count( get_option( 'authsignal_test_verified_calls', array() ) ) );`);
    assert.match((await post('forged.' + resultToken.slice(7))).location, /authsignal_whatsapp=failed/, 'a forged token');
    assert.match((await post(resultToken, { authsignal_action: 'otherAction' })).location, /authsignal_whatsapp=failed/, 'the action swapped (nonce is bound to it)');
    assert.match((await post(resultToken, { _authsignal_nonce: '' })).location, /authsignal_whatsapp=failed/, 'no nonce (a cross-site post)');
    assert.match((await post(resultToken)).location, /authsignal_whatsapp=verified/, 'the real token, once');
    assert.match((await post(resultToken)).location, /authsignal_whatsapp=failed/, 'the same token again');
    assert.equal(php(`echo wp_json_encode( count( get_option( 'authsignal_test_verified_calls', array() ) ) );`), callsBefore + 1);
  });

  it('the form handler answers fields sent as arrays (authsignal_back[]=x) with a refusal, not a PHP fatal error', async () => {
    const jar = await signInJar('alice');
    for (const field of ['authsignal_back[]', 'authsignal_redirect[]']) {
      const result = await request(`${site.url}/wp-admin/admin-post.php`, {
        jar,
        form: { action: 'authsignal_whatsapp_verify', authsignal_action: 'whatsappVerification', [field]: 'x', authsignal_token: 't' },
      });
      assert.equal(result.status, 303, `${field}: ${result.status} ${result.body.slice(0, 300)}`);
      assert.match(result.location, /authsignal_whatsapp=failed/, field);
    }
  });

  it('the "verified" notice shows only after a real verification, not to anyone who adds ?authsignal_whatsapp=verified', async () => {
    // erin has a number and has never verified.
    const jar = await signInJar('erin');
    const forged = await request(`${pages.shortcode}${pages.shortcode.includes('?') ? '&' : '?'}authsignal_whatsapp=verified`, { jar });
    assert.match(forged.body, /<authsignal-whatsapp-challenge/, 'the page was served with its form');
    assert.doesNotMatch(forged.body, /authsignal-whatsapp-verified/);
    const signedOut = await request(`${pages.shortcode}${pages.shortcode.includes('?') ? '&' : '?'}authsignal_whatsapp=verified`);
    assert.doesNotMatch(signedOut.body, /authsignal-whatsapp-verified/);
  });

  it("a contributor's draft cannot ask for another action code (no token-url, no form for it); an administrator's page can", async () => {
    const ids = php(`
      $connie = wp_insert_user( array( 'user_login' => 'connie', 'user_pass' => 'connie-password-for-tests', 'user_email' => 'connie@example.test', 'role' => 'contributor' ) );
      update_user_meta( $connie, 'authsignal_phone_number', '+15550000007' );
      $draft = wp_insert_post( array( 'post_author' => $connie, 'post_status' => 'draft', 'post_title' => 'Payout', 'post_content' => '[authsignal_whatsapp_challenge action="payoutApproval"]' ) );
      $admins = wp_insert_post( array( 'post_author' => 1, 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'Approve a payout', 'post_content' => '[authsignal_whatsapp_challenge action="payoutApproval"]' ) );
      echo wp_json_encode( array( 'draft' => $draft, 'admins' => get_permalink( $admins ) ) );`);
    const connie = await signInJar('connie');
    const preview = await request(`${site.url}/?p=${ids.draft}&preview=true`, { jar: connie });
    assert.match(preview.body, /Payout/, 'the preview was served');
    assert.doesNotMatch(preview.body, /payoutApproval/);
    assert.doesNotMatch(preview.body, /<authsignal-whatsapp-challenge/);
    assert.match(preview.body, /the action code in this shortcode is not valid/);
    const alice = await signInJar('alice');
    const trusted = await request(ids.admins, { jar: alice });
    assert.match(trusted.body, /name="authsignal_action" value="payoutApproval"/);
  });

  it('the settings page refuses a secret key with a space, and switching the step on with no role, each with a message', async () => {
    const admin = await signInJar(ADMIN.login);
    const saved = php(`echo wp_json_encode( get_option( 'authsignal_whatsapp_settings' ) );`);
    const save = async (changes) => {
      const page = (await request(`${site.url}/wp-admin/options-general.php?page=authsignal-whatsapp`, { jar: admin })).body;
      const field = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
      const form = new URLSearchParams({
        option_page: 'authsignal_whatsapp',
        action: 'update',
        _wpnonce: field('_wpnonce'),
        _wp_http_referer: '/wp-admin/options-general.php?page=authsignal-whatsapp',
        'authsignal_whatsapp_settings[region]': saved.region,
        'authsignal_whatsapp_settings[api_url]': saved.api_url,
        'authsignal_whatsapp_settings[action]': saved.action,
        'authsignal_whatsapp_settings[without_phone]': saved.without_phone,
        'authsignal_whatsapp_settings[login_enabled]': '1',
      });
      for (const [name, value] of Object.entries(changes)) {
        if (Array.isArray(value)) for (const item of value) form.append(name, item);
        else form.set(name, value);
      }
      const answer = await request(`${site.url}/wp-admin/options.php`, { jar: admin, form });
      assert.equal(answer.status, 302, answer.body.slice(0, 500));
      return (await request(new URL(answer.location, site.url).href, { jar: admin })).body;
    };
    const spaced = await save({ 'authsignal_whatsapp_settings[secret_key]': 'sk_live abc', 'authsignal_whatsapp_settings[login_roles][]': ['editor'] });
    assert.match(spaced, /The secret key cannot contain spaces or line breaks/);
    assert.equal(php(`echo wp_json_encode( get_option( 'authsignal_whatsapp_settings' )['secret_key'] );`), saved.secret_key);
    const noRoles = await save({});
    assert.match(noRoles, /Choose at least one role for WhatsApp verification at sign-in/);
    const after = php(`echo wp_json_encode( get_option( 'authsignal_whatsapp_settings' ) );`);
    assert.deepEqual({ enabled: after.login_enabled, roles: after.login_roles }, { enabled: saved.login_enabled, roles: saved.login_roles });
  });

  it("WordPress's personal data tools export the WhatsApp number and the last verification, and erase them", async () => {
    const run = (tool, email) =>
      php(`$tools = apply_filters( 'wp_privacy_personal_data_${tool}s', array() ); echo wp_json_encode( call_user_func( $tools['authsignal-whatsapp-challenge']['callback'], '${email}', 1 ) );`);
    const exported = run('exporter', 'alice@example.test');
    const items = Object.fromEntries(exported.data[0].data.map((item) => [item.name, item.value]));
    assert.equal(items['WhatsApp number'], '+15550000001');
    assert.match(items['Last WhatsApp verification'], /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(run('exporter', 'nobody@example.test').data, []);
    const erased = run('eraser', 'alice@example.test');
    assert.equal(erased.items_removed, true);
    assert.deepEqual(run('exporter', 'alice@example.test').data, []);
    site.eval(`update_user_meta( ${users.alice.id}, 'authsignal_phone_number', '+15550000001' );`);
  });

  it('the privacy eraser removes a number as an administrator\'s reset does: logged for the site owner, authsignal_whatsapp_number_changed fired', () => {
    const result = php(`
      $id = wp_insert_user( array( 'user_login' => 'erased-' . wp_generate_password( 6, false ), 'user_email' => 'erased-' . wp_generate_password( 6, false ) . '@example.test', 'user_pass' => wp_generate_password(), 'role' => 'editor' ) );
      update_user_meta( $id, 'authsignal_phone_number', '+15550009876' );
      $seen = array();
      add_action( 'authsignal_whatsapp_number_changed', function ( ...$args ) use ( &$seen ) { $seen[] = $args; }, 10, 4 );
      wp_set_current_user( 1 );
      $tools  = apply_filters( 'wp_privacy_personal_data_erasers', array() );
      $erased = call_user_func( $tools['authsignal-whatsapp-challenge']['callback'], get_userdata( $id )->user_email, 1 );
      $log    = get_option( 'authsignal_whatsapp_number_resets', array() );
      echo wp_json_encode( array( 'id' => $id, 'removed' => $erased['items_removed'], 'number' => get_user_meta( $id, 'authsignal_phone_number', true ), 'seen' => $seen, 'last' => end( $log ) ) );`);
    assert.equal(result.removed, true);
    assert.equal(result.number, '');
    assert.deepEqual(result.seen, [[result.id, '+15550009876', '', 'reset']], 'authsignal_whatsapp_number_changed did not fire');
    assert.ok(result.last, 'nothing in the number log');
    assert.deepEqual({ user: result.last.user_id, by: result.last.by, number: result.last.number }, { user: result.id, by: 1, number: '9876' });
  });

  describe('two-step sign-in (editors; administrators and subscribers sign in with a password)', () => {
    // The suite signs bob in far more than ten times an hour: the hourly limit has its own test.
    before(() => site.eval(`update_option( 'authsignal_test_sends_per_hour', 1000 );`));
    it('a correct password sets no auth cookie and leaves no session; it shows the WhatsApp step; wp-admin stays closed', async () => {
      const attempt = await passwordStep('bob');
      assert.equal(attempt.userId, users.bob.id);
      assert.ok(!attempt.jar.signedIn(), `auth cookies were set: ${attempt.jar.header()}`);
      // Not even set and cleared again in the same answer: no sign-in cookie value goes out.
      const authCookies = attempt.setCookies.filter((line) => /^wordpress_(logged_in_|sec_|[0-9a-f]{32}=)/.test(line));
      assert.deepEqual(authCookies.filter((line) => !/^[^=]+=(\s|%20|\+)?;/.test(line)), []);
      assert.deepEqual(php(`echo wp_json_encode( WP_Session_Tokens::get_instance( ${users.bob.id} )->get_all() );`), []);
      await assertSignedOut(attempt.jar);
      // Subscribers are not asked.
      const alice = await signInJar('alice');
      assert.ok(alice.signedIn());
    });

    it('end to end in the browser: the code from the simulator inbox signs the person in', async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 1100, height: 900 });
      await page.goto(`${site.url}/wp-login.php`);
      await fillSignInForm(page, 'bob', passwordOf('bob'));
      await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
      const userId = String(users.bob.id);
      const seen = await seenChallenges(sim.url, userId);
      const send = await page.waitForSelector('pierce/[part="button"]').catch(async (error) => {
        await page.screenshot({ path: join(screenshots, 'wordpress-login-step-failed.png'), fullPage: true });
        throw new Error(`no send button on ${page.url()}: ${(await page.content()).slice(0, 4000)}`, { cause: error });
      });
      await page.screenshot({ path: join(screenshots, 'wordpress-login-step.png'), fullPage: true });
      assert.ok(!(await page.cookies()).some((c) => c.name.startsWith('wordpress_logged_in')), 'signed in before the code');
      await send?.click();
      const code = await waitForNewCode(sim.url, userId, seen);
      const input = await page.waitForSelector('pierce/[part="code-input"]');
      await page.screenshot({ path: join(screenshots, 'wordpress-login-step-code.png'), fullPage: true });
      await Promise.all([page.waitForNavigation({ timeout: 20_000 }), input?.type(code)]);
      assert.equal(new URL(page.url()).pathname, '/wp-admin/');
      assert.ok((await page.cookies()).some((c) => c.name.startsWith('wordpress_logged_in')));
      assert.match(await page.$eval('#wpadminbar', (el) => el.textContent ?? ''), /bob/);
      const calls = php(`echo wp_json_encode( get_option( 'authsignal_test_verified_calls', array() ) );`);
      assert.deepEqual(calls.at(-1), { user_id: users.bob.id, action: 'signIn', result_user_id: userId, result_state: 'CHALLENGE_SUCCEEDED', result_is_valid: true });
      await context.close();
    });

    it('the right token for the right attempt signs in (the control for the refusals below)', async () => {
      const attempt = await passwordStep('bob');
      const result = await codeStep(attempt, await verifyWithCode(sim.url, attempt.trackToken));
      assert.equal(result.status, 303);
      assert.match(result.location, /\/wp-admin\/$/);
      assert.ok(attempt.jar.signedIn());
      assert.equal((await request(`${site.url}/wp-admin/`, { jar: attempt.jar })).status, 200);
    });

    it('refused: posting no token, or a forged one', async () => {
      const attempt = await passwordStep('bob');
      for (const token of ['', 'eyJhbGciOiJIUzI1NiJ9.e30.forged']) {
        const result = await codeStep(attempt, token);
        assert.equal(result.status, 200, 'the step is shown again');
        assert.match(result.body, /id="login_error"/);
        const again = parseStep(result.body);
        Object.assign(attempt, again);
        await assertSignedOut(attempt.jar);
      }
    });

    it('refused: replaying the form after a successful sign-in', async () => {
      const attempt = await passwordStep('bob');
      const token = await verifyWithCode(sim.url, attempt.trackToken);
      assert.equal((await codeStep(attempt, token)).status, 303);
      const replay = await codeStep({ ...attempt, jar: freshJar() }, token);
      assert.equal(replay.status, 303);
      assert.match(replay.location, /wp-login\.php\?authsignal_whatsapp=expired/);
      await assertSignedOut(replay.jar);
    });

    it('refused: a token that already signed in once, in a new attempt', async () => {
      const first = await passwordStep('bob');
      const token = await verifyWithCode(sim.url, first.trackToken);
      assert.equal((await codeStep(first, token)).status, 303);
      const second = await passwordStep('bob');
      const result = await codeStep(second, token);
      assert.match(result.body, /id="login_error"/);
      await assertSignedOut(second.jar);
    });

    it('refused: a token verified by another user', async () => {
      const carol = await passwordStep('carol');
      const carolsToken = await verifyWithCode(sim.url, carol.trackToken);
      const bob = await passwordStep('bob');
      const result = await codeStep(bob, carolsToken);
      assert.match(result.body, /id="login_error"/);
      await assertSignedOut(bob.jar);
      // Carol's own sign-in still works with it: the refusal was about the user.
      assert.equal((await codeStep(carol, carolsToken)).status, 303);
    });

    it('refused: a token for another action (the page verification) and one from an earlier attempt', async () => {
      const bob = await passwordStep('bob');
      const otherAction = await track(sim.url, String(users.bob.id), 'whatsappVerification', { phoneNumber: users.bob.phone });
      const pageToken = await verifyWithCode(sim.url, otherAction.token);
      const first = await codeStep(bob, pageToken);
      assert.match(first.body, /id="login_error"/);
      Object.assign(bob, parseStep(first.body));
      // A signIn token of bob's, but tracked for another attempt (another idempotency key).
      const earlier = await track(sim.url, String(users.bob.id), 'signIn', { phoneNumber: users.bob.phone, idempotencyKey: 'an-earlier-attempt' });
      const earlierToken = await verifyWithCode(sim.url, earlier.token);
      assert.match((await codeStep(bob, earlierToken)).body, /id="login_error"/);
      await assertSignedOut(bob.jar);
    });

    it("refused: the pending sign-in's user id changed to another user's", async () => {
      const bob = await passwordStep('bob');
      const bobsToken = await verifyWithCode(sim.url, bob.trackToken);
      for (const other of [users.carol.id, 1]) {
        const result = await codeStep({ ...bob, userId: other }, bobsToken);
        assert.equal(result.status, 303);
        assert.match(result.location, /authsignal_whatsapp=expired/);
        await assertSignedOut(bob.jar);
      }
    });

    it('refused: an expired pending sign-in, even with the right token', async () => {
      site.eval(`update_option( 'authsignal_test_pending_lifetime', 2 );`);
      try {
        const bob = await passwordStep('bob');
        const token = await verifyWithCode(sim.url, bob.trackToken);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        const result = await codeStep(bob, token);
        assert.equal(result.status, 303);
        assert.match(result.location, /authsignal_whatsapp=expired/);
        await assertSignedOut(bob.jar);
      } finally {
        site.eval(`delete_option( 'authsignal_test_pending_lifetime' );`);
      }
    });

    it('refused: five wrong tokens end the pending sign-in', async () => {
      const bob = await passwordStep('bob');
      let last;
      for (let i = 0; i < 5; i++) {
        last = await codeStep(bob, `wrong-${i}`);
        if (last.status === 200) Object.assign(bob, parseStep(last.body));
      }
      assert.equal(last?.status, 303);
      assert.match(last?.location ?? '', /authsignal_whatsapp=failed/);
      await assertSignedOut(bob.jar);
    });

    it('XML-RPC: the account password alone is refused for editors; subscribers are unaffected', async () => {
      const call = async (login) =>
        (
          await fetch(`${site.url}/xmlrpc.php`, {
            method: 'POST',
            headers: { 'content-type': 'text/xml' },
            body: `<?xml version="1.0"?><methodCall><methodName>wp.getProfile</methodName><params><param><value><int>1</int></value></param><param><value><string>${login}</string></value></param><param><value><string>${passwordOf(login)}</string></value></param></params></methodCall>`,
          })
        ).text();
      assert.match(await call('bob'), /faultCode/);
      assert.match(await call('alice'), /<name>username<\/name><value><string>alice<\/string>/);
    });

    it('application passwords keep working for XML-RPC and the REST API (as readme.txt says)', async () => {
      const appPassword = php(`
        [ $password ] = WP_Application_Passwords::create_new_application_password( ${users.bob.id}, array( 'name' => 'test client' ) );
        echo wp_json_encode( $password );`);
      const xmlrpc = await (
        await fetch(`${site.url}/xmlrpc.php`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body: `<?xml version="1.0"?><methodCall><methodName>wp.getProfile</methodName><params><param><value><int>1</int></value></param><param><value><string>bob</string></value></param><param><value><string>${appPassword}</string></value></param></params></methodCall>`,
        })
      ).text();
      assert.match(xmlrpc, /<name>username<\/name><value><string>bob<\/string>/);
      const basic = `Basic ${Buffer.from(`bob:${appPassword}`).toString('base64')}`;
      const me = await fetch(`${site.url}/?rest_route=/wp/v2/users/me`, { headers: { authorization: basic } });
      assert.equal(me.status, 200);
      assert.equal((await me.json()).id, users.bob.id);
      // The account password is no key to the REST API (core: cookies or application passwords only).
      const withPassword = await fetch(`${site.url}/?rest_route=/wp/v2/users/me`, {
        headers: { authorization: `Basic ${Buffer.from(`bob:${passwordOf('bob')}`).toString('base64')}` },
      });
      assert.notEqual(withPassword.status, 200);
    });

    it('XML-RPC system.multicall: an application password in one call lets no account password through in another', async () => {
      const call = (login, password) =>
        `<value><struct><member><name>methodName</name><value><string>wp.getProfile</string></value></member><member><name>params</name><value><array><data><value><int>1</int></value><value><string>${login}</string></value><value><string>${password}</string></value></data></array></value></member></struct></value>`;
      const multicall = async (...calls) =>
        (
          await fetch(`${site.url}/xmlrpc.php`, {
            method: 'POST',
            headers: { 'content-type': 'text/xml' },
            body: `<?xml version="1.0"?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data>${calls.join('')}</data></array></value></param></params></methodCall>`,
          })
        ).text();
      const appPasswordOf = (id) =>
        php(`[ $password ] = WP_Application_Passwords::create_new_application_password( ${id}, array( 'name' => 'multicall test' ) ); echo wp_json_encode( $password );`);
      // Another user's application password first (alice, a subscriber), then bob's account password.
      const others = await multicall(call('alice', appPasswordOf(users.alice.id)), call('bob', passwordOf('bob')));
      assert.match(others, /<name>username<\/name><value><string>alice<\/string>/, 'the first call (the control) answered');
      assert.doesNotMatch(others, /<name>username<\/name><value><string>bob<\/string>/, "bob got in with his account password after alice's application password");
      assert.match(others, /faultCode/);
      // Not even bob's own application password in an earlier call vouches for his account password.
      const own = await multicall(call('bob', appPasswordOf(users.bob.id)), call('bob', passwordOf('bob')));
      assert.equal(own.match(/<name>username<\/name><value><string>bob<\/string>/g)?.length, 1, 'only the application password call answered');
    });

    it("a wrong key for someone's pending sign-in is refused and leaves the real one alone", async () => {
      const bob = await passwordStep('bob');
      const token = await verifyWithCode(sim.url, bob.trackToken);
      for (const key of ['x', '0'.repeat(64)]) {
        const stranger = await request(`${site.url}/wp-login.php?action=authsignal_whatsapp`, { form: { 'wp-auth-id': String(users.bob.id), 'wp-auth-key': key, authsignal_token: token } });
        assert.equal(stranger.status, 303);
        assert.match(stranger.location, /authsignal_whatsapp=expired/);
      }
      const result = await codeStep(bob, token);
      assert.equal(result.status, 303);
      assert.match(result.location, /\/wp-admin\/$/, "bob's own sign-in was cancelled by a stranger's post");
      assert.ok(bob.jar.signedIn());
    });

    describe('every other way in is closed too (test/wordpress/fixture/authsignal-test-sign-in-plugins.php)', () => {
      /** Runs `body` with the fixture's option `name` on. */
      const withOption = async (name, body) => {
        site.eval(`update_option( '${name}', 1 );`);
        try {
          return await body();
        } finally {
          site.eval(`delete_option( '${name}' );`);
        }
      };
      const basic = (login, password) => ({ authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}` });
      const sessionsOf = (login) => php(`echo wp_json_encode( count( WP_Session_Tokens::get_instance( ${users[login].id} )->get_all() ) );`);
      const wpLoginCalls = () => php(`echo wp_json_encode( get_option( 'authsignal_test_wp_login_calls', array() ) );`);

      it('a Basic-auth plugin at determine_current_user, run before REST_REQUEST exists: the account password publishes nothing', async () => {
        await withOption('authsignal_test_basic_auth', async () => {
          // The control: the fixture does let a subscriber in with her account password.
          const alice = await fetch(`${site.url}/?rest_route=/wp/v2/users/me`, { headers: basic('alice', passwordOf('alice')) });
          assert.equal(alice.status, 200, 'the Basic-auth fixture works for a role the step does not ask');
          const before = php(`echo wp_json_encode( (int) wp_count_posts()->publish );`);
          const post = await fetch(`${site.url}/?rest_route=/wp/v2/posts`, {
            method: 'POST',
            headers: { ...basic('bob', passwordOf('bob')), 'content-type': 'application/json' },
            body: JSON.stringify({ title: 'Published with the password alone', status: 'publish' }),
          });
          assert.ok([401, 403].includes(post.status), `bob's password alone: ${post.status} ${await post.text()}`);
          assert.equal(php(`echo wp_json_encode( (int) wp_count_posts()->publish );`), before);
          const me = await fetch(`${site.url}/?rest_route=/wp/v2/users/me`, { headers: basic('bob', passwordOf('bob')) });
          assert.notEqual(me.status, 200);
        });
      });

      it('a Basic-auth plugin that checks the password itself (wp_check_password, no authenticate filters): the request is not signed in as an editor', async () => {
        await withOption('authsignal_test_basic_auth_direct', async () => {
          const alice = await fetch(`${site.url}/?rest_route=/wp/v2/users/me`, { headers: basic('alice', passwordOf('alice')) });
          assert.equal(alice.status, 200, 'the fixture works for a role the step does not ask');
          const before = php(`echo wp_json_encode( (int) wp_count_posts()->publish );`);
          const post = await fetch(`${site.url}/?rest_route=/wp/v2/posts`, {
            method: 'POST',
            headers: { ...basic('bob', passwordOf('bob')), 'content-type': 'application/json' },
            body: JSON.stringify({ title: 'Published with the password alone', status: 'publish' }),
          });
          assert.ok([401, 403].includes(post.status), `bob's password alone: ${post.status}`);
          assert.equal(php(`echo wp_json_encode( (int) wp_count_posts()->publish );`), before);
          // A signed-in editor (the completed step's cookie) still is who the cookie says.
          const bob = await passwordStep('bob');
          await codeStep(bob, await verifyWithCode(sim.url, bob.trackToken));
          assert.equal((await request(`${site.url}/wp-admin/`, { jar: bob.jar })).status, 200);
        });
      });

      it('a directory login at authenticate priority 200: its sign-in gets the WhatsApp step, no cookie, no session', async () => {
        await withOption('authsignal_test_directory', async () => {
          const form = (login) => ({ log: login, pwd: `directory-${login}`, 'wp-submit': 'Log In', redirect_to: `${site.url}/wp-admin/`, testcookie: '1' });
          const alice = freshJar();
          assert.equal((await request(`${site.url}/wp-login.php`, { jar: alice, form: form('alice') })).status, 302, 'the directory fixture signs a subscriber in');
          assert.ok(alice.signedIn());
          const jar = freshJar();
          const sessions = sessionsOf('bob');
          const step = await request(`${site.url}/wp-login.php`, { jar, form: form('bob') });
          assert.equal(step.status, 200, `${step.status} ${step.location}`);
          assert.equal(parseStep(step.body).userId, users.bob.id);
          await assertSignedOut(jar);
          assert.equal(sessionsOf('bob'), sessions);
        });
      });

      it('a magic-link or SSO plugin that sets the auth cookie and fires wp_login: the cookie is taken back, the session destroyed, the step shown', async () => {
        await withOption('authsignal_test_magic_link', async () => {
          const alice = freshJar();
          assert.equal((await request(`${site.url}/?authsignal_test_magic=alice`, { jar: alice })).status, 302);
          assert.ok(alice.signedIn(), 'the magic-link fixture signs a subscriber in');
          const jar = freshJar();
          const sessions = sessionsOf('bob');
          const step = await request(`${site.url}/?authsignal_test_magic=bob`, { jar });
          assert.equal(step.status, 200, `${step.status} ${step.location}`);
          const authCookies = step.headers.getSetCookie().filter((line) => /^wordpress_(logged_in_|sec_|[0-9a-f]{32}=)/.test(line));
          assert.deepEqual(authCookies.filter((line) => !/^[^=]+=(\s|%20|\+)?;/.test(line)), [], 'an auth cookie value went out');
          await assertSignedOut(jar);
          assert.equal(sessionsOf('bob'), sessions);
          // The step it shows works: the code signs bob in.
          const attempt = { jar, ...parseStep(step.body) };
          const done = await codeStep(attempt, await verifyWithCode(sim.url, attempt.trackToken));
          assert.equal(done.status, 303);
          assert.ok(jar.signedIn());
        });
      });

      it("a magic-link plugin that fires wp_login with the login alone (the pre-3.0 form): no fatal error, the step shown, nothing opens without the code", async () => {
        site.eval(`update_option( 'authsignal_test_magic_link', 2 );`);
        try {
          const alice = freshJar();
          assert.equal((await request(`${site.url}/?authsignal_test_magic=alice`, { jar: alice })).status, 302);
          assert.ok(alice.signedIn(), 'the one-argument fixture signs a subscriber in');
          const jar = freshJar();
          const sessions = sessionsOf('bob');
          const step = await request(`${site.url}/?authsignal_test_magic=bob`, { jar });
          assert.equal(step.status, 200, `${step.status} ${step.location ?? ''} ${step.body.slice(0, 300)}`);
          const authCookies = step.headers.getSetCookie().filter((line) => /^wordpress_(logged_in_|sec_|[0-9a-f]{32}=)/.test(line));
          assert.deepEqual(authCookies.filter((line) => !/^[^=]+=(\s|%20|\+)?;/.test(line)), [], 'an auth cookie value went out');
          assert.notEqual((await request(`${site.url}/wp-admin/`, { jar })).status, 200, 'wp-admin opened without the code');
          await assertSignedOut(jar);
          assert.equal(sessionsOf('bob'), sessions);
          const attempt = { jar, ...parseStep(step.body) };
          assert.equal(attempt.userId, users.bob.id);
          const done = await codeStep(attempt, await verifyWithCode(sim.url, attempt.trackToken));
          assert.equal(done.status, 303);
          assert.ok(jar.signedIn());
        } finally {
          site.eval(`delete_option( 'authsignal_test_magic_link' );`);
        }
      });

      it('XML-RPC with a directory plugin at authenticate PHP_INT_MAX, after the plugin\'s own check: the account password is still refused for editors', async () => {
        await withOption('authsignal_test_late_directory', async () => {
          const call = async (login, password) =>
            (
              await fetch(`${site.url}/xmlrpc.php`, {
                method: 'POST',
                headers: { 'content-type': 'text/xml' },
                body: `<?xml version="1.0"?><methodCall><methodName>wp.getProfile</methodName><params><param><value><int>1</int></value></param><param><value><string>${login}</string></value></param><param><value><string>${password}</string></value></param></params></methodCall>`,
              })
            ).text();
          assert.match(await call('alice', passwordOf('alice')), /<name>username<\/name><value><string>alice<\/string>/, 'the control: a subscriber');
          const bob = await call('bob', passwordOf('bob'));
          assert.doesNotMatch(bob, /<name>username<\/name>/, 'the account password alone returned the profile');
          assert.match(bob, /faultCode/);
          // Application passwords keep working.
          const appPassword = php(`[ $password ] = WP_Application_Passwords::create_new_application_password( ${users.bob.id}, array( 'name' => 'late directory test' ) ); echo wp_json_encode( $password );`);
          assert.match(await call('bob', appPassword), /<name>username<\/name><value><string>bob<\/string>/);
          // And the interactive sign-in still asks for the code.
          const bobStep = await passwordStep('bob');
          assert.equal(bobStep.userId, users.bob.id);
          await assertSignedOut(bobStep.jar);
        });
      });

      it('a plugin that sets the auth cookie and never fires wp_login: its cookie opens nothing for an editor', async () => {
        await withOption('authsignal_test_cookie_only', async () => {
          const alice = freshJar();
          await request(`${site.url}/?authsignal_test_cookie=alice`, { jar: alice });
          assert.equal((await request(`${site.url}/wp-admin/`, { jar: alice })).status, 200, 'the fixture signs a subscriber in');
          const bob = freshJar();
          await request(`${site.url}/?authsignal_test_cookie=bob`, { jar: bob });
          const admin = await request(`${site.url}/wp-admin/`, { jar: bob });
          assert.equal(admin.status, 302, 'wp-admin opened with the cookie of a session the step never saw');
          assert.match(admin.location, /wp-login\.php/);
          const me = await request(`${site.url}/?rest_route=/wp/v2/users/me`, { jar: bob });
          assert.notEqual(me.status, 200);
        });
      });

      it('admin-ajax: a handler that checks the password with wp_authenticate() gets a refusal for editors', async () => {
        await withOption('authsignal_test_ajax_login', async () => {
          const check = async (login) => {
            const jar = freshJar();
            const answer = await request(`${site.url}/wp-admin/admin-ajax.php`, { jar, form: { action: 'authsignal_test_password_check', log: login, pwd: passwordOf(login) } });
            return { jar, json: JSON.parse(answer.body) };
          };
          assert.equal((await check('alice')).json.success, true, 'the control: a subscriber');
          const bob = await check('bob');
          assert.equal(bob.json.success, false);
          assert.match(bob.json.data.message, /application password/);
          await assertSignedOut(bob.jar);
        });
      });

      it('an AJAX sign-in form gets JSON that sends the person to the step, which signs them in; wp_login fires once, at the end', async () => {
        await withOption('authsignal_test_ajax_login', async () => {
          const jar = freshJar();
          const callsBefore = wpLoginCalls().length;
          const answer = await request(`${site.url}/wp-admin/admin-ajax.php`, {
            jar,
            form: { action: 'authsignal_test_signon', log: 'bob', pwd: passwordOf('bob') },
            headers: { 'x-requested-with': 'XMLHttpRequest' },
          });
          assert.match(answer.headers.get('content-type') ?? '', /application\/json/);
          const json = JSON.parse(answer.body);
          assert.equal(json.success, false);
          assert.equal(json.data.code, 'authsignal_whatsapp_required');
          await assertSignedOut(jar);
          assert.equal(wpLoginCalls().length, callsBefore, 'wp_login fired before the code');
          const step = await request(json.data.redirect, { jar });
          assert.equal(step.status, 200);
          assert.match(step.headers.get('referrer-policy') ?? '', /no-referrer/);
          const attempt = { jar, ...parseStep(step.body) };
          const done = await codeStep(attempt, await verifyWithCode(sim.url, attempt.trackToken));
          assert.equal(done.status, 303);
          assert.ok(jar.signedIn());
          assert.deepEqual(wpLoginCalls().slice(callsBefore), ['bob'], 'wp_login fires once, when the sign-in completes');
        });
      });
    });

    it('wp-login.php: wp_login fires once, when the code completes the sign-in, not at the password', async () => {
      const callsBefore = php(`echo wp_json_encode( count( get_option( 'authsignal_test_wp_login_calls', array() ) ) );`);
      const bob = await passwordStep('bob');
      assert.equal(php(`echo wp_json_encode( count( get_option( 'authsignal_test_wp_login_calls', array() ) ) );`), callsBefore);
      await codeStep(bob, await verifyWithCode(sim.url, bob.trackToken));
      assert.deepEqual(php(`echo wp_json_encode( array_slice( get_option( 'authsignal_test_wp_login_calls', array() ), ${callsBefore} ) );`), ['bob']);
    });

    it('two devices: a second sign-in does not cancel the first; both finish', async () => {
      const phone = await passwordStep('bob');
      const laptop = await passwordStep('bob');
      const laptopDone = await codeStep(laptop, await verifyWithCode(sim.url, laptop.trackToken));
      assert.equal(laptopDone.status, 303);
      assert.match(laptopDone.location, /\/wp-admin\/$/);
      const phoneDone = await codeStep(phone, await verifyWithCode(sim.url, phone.trackToken));
      assert.equal(phoneDone.status, 303, 'the first sign-in was cancelled by the second');
      assert.match(phoneDone.location, /\/wp-admin\/$/);
      assert.ok(phone.jar.signedIn() && laptop.jar.signedIn());
    });

    it("interim login (wp-admin's session-expired pop-up): the step and its success stay inside the pop-up", async () => {
      const jar = freshJar();
      const step = await request(`${site.url}/wp-login.php`, {
        jar,
        form: { log: 'bob', pwd: passwordOf('bob'), 'wp-submit': 'Log In', 'interim-login': '1', testcookie: '1' },
      });
      assert.equal(step.status, 200);
      assert.match(step.body, /<body class="[^"]*interim-login/);
      assert.match(step.body, /name="interim-login" value="1"/);
      const attempt = { jar, ...parseStep(step.body) };
      const done = await request(`${site.url}/wp-login.php?action=authsignal_whatsapp`, {
        jar,
        form: { 'wp-auth-id': String(attempt.userId), 'wp-auth-key': attempt.key, 'interim-login': '1', authsignal_token: await verifyWithCode(sim.url, attempt.trackToken) },
      });
      assert.equal(done.status, 200, 'a redirect would load the whole dashboard inside the pop-up');
      assert.match(done.body, /<body class="[^"]*interim-login-success/);
      assert.doesNotMatch(done.body, /id="wpadminbar"/);
      assert.ok(jar.signedIn());
    });

    it('send limits: three codes per pending sign-in, then a clear message', async () => {
      site.eval(`update_option( 'authsignal_test_ajax_login', 1 );`);
      try {
        const jar = freshJar();
        const json = JSON.parse((await request(`${site.url}/wp-admin/admin-ajax.php`, { jar, form: { action: 'authsignal_test_signon', log: 'carol', pwd: passwordOf('carol') }, headers: { accept: 'application/json' } })).body);
        const tokens = [];
        for (let i = 0; i < 3; i++) {
          const step = await request(json.data.redirect, { jar });
          assert.equal(step.status, 200, `code ${i + 1}`);
          tokens.push(parseStep(step.body).trackToken);
        }
        assert.equal(new Set(tokens).size, 3, 'each visit started its own code');
        const fourth = await request(json.data.redirect, { jar });
        assert.equal(fourth.status, 303);
        assert.match(fourth.location, /authsignal_whatsapp=sends/);
        assert.match((await request(fourth.location, { jar })).body, /Too many WhatsApp codes were sent for this sign-in/);
      } finally {
        site.eval(`delete_option( 'authsignal_test_ajax_login' );`);
      }
    });

    it('send limits hold under concurrent visits of the step: no more codes than the limits', async () => {
      site.eval(`update_option( 'authsignal_test_ajax_login', 1 ); delete_user_meta( ${users.carol.id}, '_authsignal_whatsapp_send_times' );`);
      try {
        const pendingStep = async () => {
          const jar = freshJar();
          const answer = await request(`${site.url}/wp-admin/admin-ajax.php`, { jar, form: { action: 'authsignal_test_signon', log: 'carol', pwd: passwordOf('carol') }, headers: { accept: 'application/json' } });
          return { jar, url: JSON.parse(answer.body).data.redirect };
        };
        const codesFrom = async ({ jar, url }, visits) => {
          const answers = await Promise.all(Array.from({ length: visits }, () => request(url, { jar })));
          return new Set(answers.filter((a) => a.status === 200 && a.body.includes('<authsignal-whatsapp-challenge')).map((a) => parseStep(a.body).trackToken).filter(Boolean));
        };
        const sendTimes = () => php(`echo wp_json_encode( count( (array) get_user_meta( ${users.carol.id}, '_authsignal_whatsapp_send_times', true ) ) );`);
        // Three per pending sign-in, however many visits at once.
        const perSignIn = await codesFrom(await pendingStep(), 8);
        assert.ok(perSignIn.size >= 1 && perSignIn.size <= 3, `${perSignIn.size} codes for one pending sign-in (limit 3)`);
        assert.equal(sendTimes(), perSignIn.size);
        // The hourly limit (here 2 more), however many visits at once.
        site.eval(`update_option( 'authsignal_test_sends_per_hour', ${perSignIn.size + 2} );`);
        const perHour = await codesFrom(await pendingStep(), 8);
        assert.ok(perHour.size <= 2, `${perHour.size} codes beyond an hourly limit that left 2`);
        assert.equal(sendTimes(), perSignIn.size + perHour.size);
      } finally {
        site.eval(`delete_option( 'authsignal_test_ajax_login' ); delete_user_meta( ${users.carol.id}, '_authsignal_whatsapp_send_times' ); update_option( 'authsignal_test_sends_per_hour', 1000 );`);
      }
    });

    it('send limits: ten codes per user and hour, then the step says so and sends none', async () => {
      site.eval(`delete_user_meta( ${users.carol.id}, '_authsignal_whatsapp_send_times' ); delete_option( 'authsignal_test_sends_per_hour' );`);
      for (let i = 0; i < 10; i++) await passwordStep('carol');
      const jar = freshJar();
      const eleventh = await request(`${site.url}/wp-login.php`, {
        jar,
        form: { log: 'carol', pwd: passwordOf('carol'), 'wp-submit': 'Log In', redirect_to: `${site.url}/wp-admin/`, testcookie: '1' },
      });
      assert.equal(eleventh.status, 200);
      assert.match(eleventh.body, /Too many WhatsApp codes were sent to this account in the last hour/);
      assert.doesNotMatch(eleventh.body, /<authsignal-whatsapp-challenge/);
      await assertSignedOut(jar);
      site.eval(`delete_user_meta( ${users.carol.id}, '_authsignal_whatsapp_send_times' ); update_option( 'authsignal_test_sends_per_hour', 1000 );`);
    });

    it('people without a number: let in and asked to add one by default; refused when the setting says so', async () => {
      const dave = freshJar();
      const form = { log: 'dave', pwd: passwordOf('dave'), 'wp-submit': 'Log In', redirect_to: `${site.url}/wp-admin/`, testcookie: '1' };
      const allowed = await request(`${site.url}/wp-login.php`, { jar: dave, form });
      assert.equal(allowed.status, 302);
      assert.ok(dave.signedIn());
      assert.match((await request(`${site.url}/wp-admin/`, { jar: dave })).body, /Please <a href="[^"]+">add your WhatsApp number to your profile<\/a>\./);
      site.eval(`$s = get_option( 'authsignal_whatsapp_settings' ); $s['without_phone'] = 'block'; update_option( 'authsignal_whatsapp_settings', $s );`);
      const blocked = freshJar();
      const refused = await request(`${site.url}/wp-login.php`, { jar: blocked, form });
      assert.equal(refused.status, 200);
      assert.match(refused.body, /needs a WhatsApp number/);
      await assertSignedOut(blocked);
    });
  });

  it('AUTHSIGNAL_SECRET_KEY and AUTHSIGNAL_API_URL in wp-config.php override the settings, and the page says so', async () => {
    const saved = php(`echo wp_json_encode( get_option( 'authsignal_whatsapp_settings' ) );`);
    // The stored key and URL made useless: only the constants can make the token route work.
    site.eval(`$s = get_option( 'authsignal_whatsapp_settings' ); $s['secret_key'] = 'a-wrong-stored-key'; $s['api_url'] = 'https://api.example.invalid/v1'; update_option( 'authsignal_whatsapp_settings', $s );`);
    site.setConstants({ AUTHSIGNAL_SECRET_KEY: SECRET_KEY, AUTHSIGNAL_API_URL: `${sim.url}/v1` });
    try {
      const admin = await signInJar(ADMIN.login);
      const page = (await request(`${site.url}/wp-admin/options-general.php?page=authsignal-whatsapp`, { jar: admin })).body;
      assert.match(page, /Set in wp-config\.php \(AUTHSIGNAL_SECRET_KEY\)/);
      assert.match(page, /Set in wp-config\.php \(AUTHSIGNAL_API_URL\)/);
      assert.ok(!page.includes('id="authsignal-secret-key"'), 'the key field is still offered');
      assert.ok(!page.includes(SECRET_KEY), 'the page source holds the secret key');
      const alice = await signInJar('alice');
      const html = (await request(pages.shortcode, { jar: alice })).body;
      const tokenUrl = /token-url="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
      assert.match(html, new RegExp(`base-url="${sim.url.replaceAll('.', '\\.')}/v1/client"`));
      const answer = await request(tokenUrl, { jar: alice, method: 'POST' });
      assert.equal(answer.status, 200, answer.body);
    } finally {
      site.setConstants({});
      site.eval(`update_option( 'authsignal_whatsapp_settings', json_decode( '${JSON.stringify(saved)}', true ) );`);
    }
  });

  it("with AUTHSIGNAL_SECRET_KEY in wp-config.php, the key never goes to the settings page's Custom API URL", async () => {
    const saved = php(`echo wp_json_encode( get_option( 'authsignal_whatsapp_settings' ) );`);
    /** @type {string[]} */ const caught = [];
    const catcher = createServer((req, res) => {
      caught.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(500).end();
    });
    await new Promise((resolve) => catcher.listen(0, '127.0.0.1', () => resolve(undefined)));
    const catcherUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (catcher.address()).port}/v1`;
    // An administrator (who cannot read wp-config.php) typed their own server as the Custom API URL.
    site.eval(`$s = get_option( 'authsignal_whatsapp_settings' ); $s['api_url'] = '${catcherUrl}'; update_option( 'authsignal_whatsapp_settings', $s ); update_option( 'authsignal_test_offline', 1 ); delete_option( 'authsignal_test_offline_requests' );`);
    site.setConstants({ AUTHSIGNAL_SECRET_KEY: 'constant-only-key-123' });
    try {
      const alice = await signInJar('alice');
      const html = (await request(pages.shortcode, { jar: alice })).body;
      const tokenUrl = /token-url="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
      await request(tokenUrl, { jar: alice, method: 'POST' });
      assert.deepEqual(caught, [], 'the wp-config.php key went to the URL an administrator typed');
      // It went to the region's URL instead (answered by the test site's offline filter).
      const wouldSend = php(`echo wp_json_encode( get_option( 'authsignal_test_offline_requests', array() ) );`);
      assert.ok(wouldSend.length > 0 && wouldSend.every((url) => url.startsWith('https://api.authsignal.com/v1/')), JSON.stringify(wouldSend));
      assert.match(html, /<authsignal-whatsapp-challenge[^>]* region="us"/);
      assert.doesNotMatch(html, /base-url=/);
      const admin = await signInJar(ADMIN.login);
      const settings = (await request(`${site.url}/wp-admin/options-general.php?page=authsignal-whatsapp`, { jar: admin })).body;
      assert.match(settings, /Not used: the secret key comes from wp-config\.php/);
      assert.ok(!settings.includes('id="authsignal-api-url"'), 'the Custom API URL field is still offered');
    } finally {
      site.setConstants({});
      catcher.close();
      site.eval(`delete_option( 'authsignal_test_offline' ); delete_option( 'authsignal_test_offline_requests' ); update_option( 'authsignal_whatsapp_settings', json_decode( '${JSON.stringify(saved)}', true ) );`);
    }
  });

  it('with no secret key the sign-in step fails closed: the chosen roles are refused, and the settings page warns', async () => {
    const saved = php(`echo wp_json_encode( get_option( 'authsignal_whatsapp_settings' ) );`);
    site.eval(`$s = get_option( 'authsignal_whatsapp_settings' ); $s['secret_key'] = ''; update_option( 'authsignal_whatsapp_settings', $s );`);
    try {
      const bob = freshJar();
      const refused = await request(`${site.url}/wp-login.php`, {
        jar: bob,
        form: { log: 'bob', pwd: passwordOf('bob'), 'wp-submit': 'Log In', redirect_to: `${site.url}/wp-admin/`, testcookie: '1' },
      });
      assert.equal(refused.status, 200, `bob (editor) with the password alone: ${refused.status} ${refused.location}`);
      assert.match(refused.body, /The WhatsApp verification is unavailable right now/);
      await assertSignedOut(bob);
      // Roles the step does not ask are unaffected.
      assert.ok((await signInJar('alice')).signedIn());
      const admin = await signInJar(ADMIN.login);
      const settings = (await request(`${site.url}/wp-admin/options-general.php?page=authsignal-whatsapp`, { jar: admin })).body;
      assert.match(settings, /id="authsignal-no-key-warning"/);
      assert.match(settings, /no secret key is set/);
    } finally {
      site.eval(`update_option( 'authsignal_whatsapp_settings', json_decode( '${JSON.stringify(saved)}', true ) );`);
    }
    const admin = await signInJar(ADMIN.login);
    const settings = (await request(`${site.url}/wp-admin/options-general.php?page=authsignal-whatsapp`, { jar: admin })).body;
    assert.doesNotMatch(settings, /authsignal-no-key-warning/, 'the warning with a key saved');
  });

  it("a Spanish site: the plugin's own text in Spanish, the element with lang es-ES and the Spanish locale file", async () => {
    site.eval(`update_option( 'authsignal_test_locale', 'es_ES' );`);
    try {
      const bob = await passwordStep('bob');
      const html = bob.html;
      assert.match(html, /Para terminar de iniciar sesión, verifica con el código que enviamos a tu WhatsApp\./);
      assert.match(html, /<authsignal-whatsapp-challenge id="authsignal-whatsapp-login" name="authsignal_token" lang="es-ES"/);
      assert.match(html, /<script type="module" src=['"][^'"]*assets\/locales\/es\.min\.js/);
      const wrong = await codeStep(bob, 'not-a-token');
      assert.match(wrong.body, /No se pudo confirmar la verificación por WhatsApp\./);
      const admin = await signInJar(ADMIN.login);
      const settings = (await request(`${site.url}/wp-admin/options-general.php?page=authsignal-whatsapp`, { jar: admin })).body;
      assert.match(settings, /Exigir verificación por WhatsApp al iniciar sesión/);
    } finally {
      site.eval(`delete_option( 'authsignal_test_locale' );`);
    }
  });

  it('deactivating the plugin removes its scheduled clean-up', async () => {
    const scheduled = () => php(`echo wp_json_encode( (bool) wp_next_scheduled( 'authsignal_whatsapp_forget_used_tokens' ) );`);
    await request(`${site.url}/`);
    assert.equal(scheduled(), true, 'scheduled while active');
    assert.equal(
      php(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; deactivate_plugins( 'authsignal-whatsapp-challenge/authsignal-whatsapp-challenge.php' ); echo wp_json_encode( (bool) wp_next_scheduled( 'authsignal_whatsapp_forget_used_tokens' ) );`),
      false,
    );
    php(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; echo wp_json_encode( activate_plugin( 'authsignal-whatsapp-challenge/authsignal-whatsapp-challenge.php' ) );`);
  });

  it('uninstalling removes its settings, user meta and used-token records', async () => {
    const before = php(`global $wpdb; echo wp_json_encode( array(
      'option' => false !== get_option( 'authsignal_whatsapp_settings' ),
      'phones' => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = 'authsignal_phone_number'" ),
      'used' => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE '\\_authsignal\\_whatsapp\\_used\\_%'" ),
    ) );`);
    assert.deepEqual({ option: before.option, phones: before.phones > 0, used: before.used > 0 }, { option: true, phones: true, used: true });
    const after = php(`
      require_once ABSPATH . 'wp-admin/includes/plugin.php';
      require_once ABSPATH . 'wp-admin/includes/file.php';
      deactivate_plugins( 'authsignal-whatsapp-challenge/authsignal-whatsapp-challenge.php' );
      $deleted = delete_plugins( array( 'authsignal-whatsapp-challenge/authsignal-whatsapp-challenge.php' ) );
      global $wpdb;
      echo wp_json_encode( array(
        'deleted' => true === $deleted,
        'option' => false !== get_option( 'authsignal_whatsapp_settings' ),
        'meta' => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key IN ( 'authsignal_phone_number', 'authsignal_whatsapp_verified_at', '_authsignal_whatsapp_pending_login', '_authsignal_whatsapp_ask_for_number', '_authsignal_whatsapp_token_times' )" ),
        'used' => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE '\\_authsignal\\_whatsapp\\_used\\_%'" ),
      ) );`);
    assert.deepEqual(after, { deleted: true, option: false, meta: 0, used: 0 });
  });

  it('no PHP notice, warning or error from the plugin with WP_DEBUG on', () => {
    const ours = site
      .debugLog()
      .split('\n')
      .filter((line) => line.includes('/plugins/authsignal-whatsapp-challenge/') || line.includes('/mu-plugins/'));
    assert.deepEqual(ours, []);
  });
});

/** A cookie jar with WordPress's test cookie, as a browser on wp-login.php has. */
function freshJar() {
  const jar = new CookieJar();
  jar.cookies.set('wordpress_test_cookie', 'WP%20Cookie%20check');
  return jar;
}

/** Signs in through wp-login.php with a password only (users the second step does not ask). */
async function signInJar(login) {
  const jar = freshJar();
  const result = await request(`${site.url}/wp-login.php`, {
    jar,
    form: { log: login, pwd: passwordOf(login), 'wp-submit': 'Log In', redirect_to: `${site.url}/wp-admin/`, testcookie: '1' },
  });
  assert.equal(result.status, 302, `signing in as ${login}`);
  return jar;
}

/** The hidden fields and the track token of the WhatsApp step's page. */
function parseStep(html) {
  const userId = Number(/name="wp-auth-id" value="(\d+)"/.exec(html)?.[1]);
  const key = /name="wp-auth-key" value="([0-9a-f]+)"/.exec(html)?.[1];
  const token = /\.token = ("[^"]+");<\/script>/.exec(html)?.[1];
  assert.ok(userId && key && token, `the WhatsApp step's page:\n${html.slice(0, 3000)}`);
  return { userId, key, trackToken: /** @type {string} */ (JSON.parse(token)) };
}

/** The password step, as a browser does it: the WhatsApp step's page comes back. */
async function passwordStep(login) {
  const jar = freshJar();
  const result = await request(`${site.url}/wp-login.php`, {
    jar,
    form: { log: login, pwd: passwordOf(login), 'wp-submit': 'Log In', redirect_to: `${site.url}/wp-admin/`, testcookie: '1' },
  });
  assert.equal(result.status, 200, `the password step for ${login} answered ${result.status} ${result.location}`);
  return { jar, html: result.body, setCookies: result.headers.getSetCookie(), ...parseStep(result.body) };
}

/**
 * The WhatsApp step's form post.
 * @param {{ jar: CookieJar, userId: number, key: string }} attempt
 * @param {string} token
 */
async function codeStep({ jar, userId, key }, token) {
  const result = await request(`${site.url}/wp-login.php?action=authsignal_whatsapp`, {
    jar,
    form: { 'wp-auth-id': String(userId), 'wp-auth-key': key, authsignal_token: token },
  });
  return { ...result, jar };
}

/** No sign-in cookie in the jar, and wp-admin sends the jar's owner to the sign-in form. */
async function assertSignedOut(jar) {
  assert.ok(!jar.signedIn(), `auth cookies were set: ${jar.header()}`);
  const admin = await request(`${site.url}/wp-admin/`, { jar });
  assert.equal(admin.status, 302);
  assert.match(admin.location, /wp-login\.php/);
}
