// A WordPress with the plugin from the zip already active and set up against the simulator,
// for the test files that do not test installing it (phone-number, recovery, two-factor):
// the zip is unpacked into wp-content/plugins and activated from PHP, which is much faster
// than the upload screen (wordpress.test.mjs covers that). Plus the sign-in helpers those
// files share.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CookieJar, request } from '../harness/http.mjs';
import { fixtureDir, pluginZip } from '../harness/paths.mjs';
import { SECRET_KEY, startSimulator, verifyWithCode } from '../harness/simulator.mjs';
import { startWordPress } from '../harness/wordpress-site.mjs';

export const passwordOf = (login) => `${login}-password-for-tests`;

/**
 * @param {{
 *   users: Record<string, { role: string, phone?: string, verified?: boolean }>,
 *   loginRoles?: string[],
 *   constants?: Record<string, string | number | boolean>,
 *   plugins?: string[],   folders copied into wp-content/plugins and activated after ours, e.g. the Two Factor fixture
 *   start?: Parameters<typeof startWordPress>[0],
 * }} options
 */
export async function startPluginSite({ users, loginRoles = ['editor'], constants = {}, plugins = [], start = {} }) {
  assert.ok(existsSync(pluginZip), `${pluginZip} is missing: run npm run build first`);
  const sim = await startSimulator();
  const site = await startWordPress({ constants, muPlugins: [join(fixtureDir, 'authsignal-test-recorder.php')], ...start }).catch(async (error) => {
    await sim.close();
    throw error;
  });
  try {
    return await setUp({ sim, site, users, loginRoles, plugins });
  } catch (error) {
    await site.stop();
    await sim.close();
    throw error;
  }
}

/** Unpacks and activates the plugins, saves the settings, adds the users; returns the helpers. */
async function setUp({ sim, site, users, loginRoles, plugins }) {
  const pluginsDir = join(site.siteRoot, 'wp-content', 'plugins');
  execFileSync('unzip', ['-q', '-o', pluginZip, '-d', pluginsDir]);
  for (const folder of plugins) cpSync(folder, join(pluginsDir, folder.split('/').pop() ?? ''), { recursive: true });
  /** PHP in the site; the last line it echoes, parsed as JSON. */
  const php = (code) => {
    let output;
    try {
      output = site.eval(code);
    } catch (error) {
      const page = `${error.stdout ?? ''}`.replace(/<style[^]*<\/style>/, '').replace(/<[^>]+>/g, '').trim();
      throw new Error(`PHP failed: ${page}\n${error.stderr ?? ''}\n${site.debugLog().slice(-3000)}`, { cause: error });
    }
    return JSON.parse(output.trim().split('\n').pop() ?? 'null');
  };
  const activate = ['authsignal-whatsapp-challenge/authsignal-whatsapp-challenge.php', ...plugins.map((f) => {
    const name = f.split('/').pop();
    return `${name}/${name}.php`;
  })];
  const settings = {
    secret_key: SECRET_KEY,
    region: 'us',
    api_url: `${sim.url}/v1`,
    action: 'whatsappVerification',
    login_enabled: true,
    login_roles: loginRoles,
    without_phone: 'allow',
  };
  const ids = php(`
    require_once ABSPATH . 'wp-admin/includes/plugin.php';
    foreach ( json_decode( '${JSON.stringify(activate)}', true ) as $plugin ) {
      $result = activate_plugin( $plugin );
      if ( is_wp_error( $result ) ) { echo wp_json_encode( $result->get_error_message() ); exit( 1 ); }
    }
    update_option( 'authsignal_whatsapp_settings', json_decode( '${JSON.stringify(settings)}', true ) );
    $ids = array();
    foreach ( json_decode( '${JSON.stringify(users)}', true ) as $login => $user ) {
      $id = wp_insert_user( array( 'user_login' => $login, 'user_pass' => $login . '-password-for-tests', 'user_email' => $login . '@example.test', 'role' => $user['role'] ) );
      if ( ! empty( $user['phone'] ) ) { update_user_meta( $id, 'authsignal_phone_number', $user['phone'] ); }
      if ( ! empty( $user['verified'] ) ) { update_user_meta( $id, 'authsignal_whatsapp_verified_at', time() - 3600 ); }
      $ids[ $login ] = $id;
    }
    echo wp_json_encode( $ids );`);

  /** A cookie jar with WordPress's test cookie, as a browser on wp-login.php has. */
  const freshJar = () => {
    const jar = new CookieJar();
    jar.cookies.set('wordpress_test_cookie', 'WP%20Cookie%20check');
    return jar;
  };

  /** The password form of wp-login.php. */
  const postPassword = (login, jar = freshJar(), password = passwordOf(login)) =>
    request(`${site.url}/wp-login.php`, {
      jar,
      form: { log: login, pwd: password, 'wp-submit': 'Log In', redirect_to: `${site.url}/wp-admin/`, testcookie: '1' },
    }).then((result) => ({ ...result, jar }));

  /** Signs in with a password only (users the second step does not ask). */
  const signInJar = async (login) => {
    const result = await postPassword(login);
    assert.equal(result.status, 302, `signing in as ${login}: ${result.status} ${result.body.slice(0, 500)}`);
    return result.jar;
  };

  /** The plugin's own step after the password: its hidden fields and the element's track token ('' when none). */
  const passwordStep = async (login, password = passwordOf(login)) => {
    const result = await postPassword(login, freshJar(), password);
    assert.equal(result.status, 200, `the password step for ${login} answered ${result.status} ${result.location}`);
    const userId = Number(/name="wp-auth-id" value="(\d+)"/.exec(result.body)?.[1]);
    const key = /name="wp-auth-key" value="([^"]+)"/.exec(result.body)?.[1] ?? '';
    const token = /\.token = ("[^"]+");<\/script>/.exec(result.body)?.[1];
    assert.ok(userId && key, `the WhatsApp step's page:\n${result.body.slice(0, 3000)}`);
    return { jar: result.jar, html: result.body, userId, key, trackToken: token ? /** @type {string} */ (JSON.parse(token)) : '' };
  };

  /** The step's form post, with the element's token and/or a backup code. */
  const codeStep = ({ jar, userId, key }, { token = '', backupCode } = {}) =>
    request(`${site.url}/wp-login.php?action=authsignal_whatsapp`, {
      jar,
      form: {
        'wp-auth-id': String(userId),
        'wp-auth-key': key,
        authsignal_token: token,
        ...(backupCode === undefined ? {} : { authsignal_backup_code: backupCode }),
      },
    });


  /** Signs in through the plugin's own step: the password, then the code to the number on file. */
  const signInWithCode = async (login, password = passwordOf(login)) => {
    const attempt = await passwordStep(login, password);
    const result = await codeStep(attempt, { token: await verifyWithCode(sim.url, attempt.trackToken) });
    assert.ok(attempt.jar.signedIn(), `signing in ${login} with the code: ${result.status} ${result.body.slice(0, 500)}`);
    return attempt.jar;
  };

  /**
   * A wp-admin form as the page that shows it would post it: the text and hidden inputs of the
   * form (passwords, checkboxes and buttons left out), plus `extra`.
   * @param {import('../harness/http.mjs').CookieJar} jar
   * @param {string} path e.g. '/wp-admin/profile.php'
   * @param {string} marker text inside the form, e.g. 'id="your-profile"'
   * @param {Record<string, string> | ((html: string) => Promise<Record<string, string>>)} extra
   */
  const postAdminForm = async (jar, path, marker, extra = {}) => {
    const page = await request(`${site.url}${path}`, { jar });
    assert.equal(page.status, 200, `${path}: ${page.status} ${page.location}`);
    const start = page.body.lastIndexOf('<form', page.body.indexOf(marker));
    assert.ok(page.body.includes(marker) && start >= 0, `${path} has no form with ${marker}`);
    const html = page.body.slice(start, page.body.indexOf('</form>', start));
    /** @type {Record<string, string>} */ const form = {};
    for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
      const attr = (name) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
      const type = attr('type') ?? 'text';
      const name = attr('name');
      if (!name || !['text', 'hidden', 'email', 'url', 'tel'].includes(type)) continue;
      form[name] = (attr('value') ?? '').replace(/&amp;/g, '&').replace(/&#0?39;/g, "'").replace(/&quot;/g, '"');
    }
    const more = typeof extra === 'function' ? await extra(page.body) : extra;
    return { page, result: await request(`${site.url}${path}`, { jar, form: { ...form, ...more } }) };
  };

  /** Whether the jar's owner gets into wp-admin. */
  const canOpenAdmin = async (jar) => (await request(`${site.url}/wp-admin/`, { jar })).status === 200;

  return {
    sim,
    site,
    ids,
    php,
    freshJar,
    postPassword,
    signInJar,
    passwordStep,
    codeStep,
    signInWithCode,
    postAdminForm,
    canOpenAdmin,
    stop: async () => {
      await site.stop();
      await sim.close();
    },
  };
}
