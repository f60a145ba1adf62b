// A real WordPress for one test run: Debian's WordPress files copied into a temporary
// directory, our wp-config.php, a private MariaDB, `wp_install()` from PHP's CLI, and PHP's
// built-in web server with a few workers. `startWordPress()` measures how long that takes.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMariaDb } from './mariadb.mjs';
import { wordpressTree } from './wordpress-files.mjs';
import { freePort } from '../../helpers/free-port.mjs';

/** The administrator `wp_install()` creates. */
export const ADMIN = { login: 'admin', password: 'admin-password-for-tests', email: 'admin@example.test' };

/**
 * Copies the WordPress files: hard links when the cache is on the same file system (WordPress
 * never rewrites its own files here: updates are off), a real copy otherwise.
 * @param {string} from
 * @param {string} to
 */
function copyTree(from, to) {
  try {
    execFileSync('cp', ['-al', from, to], { stdio: 'ignore' });
  } catch {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

/** @param {unknown} value */
const phpLiteral = (value) => JSON.stringify(value).replace(/\$/g, '\\$');

/**
 * @param {{ url: string, socket: string, constants: Record<string, string | number | boolean> }} options
 */
function wpConfig({ url, socket, constants }) {
  const salt = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const keys = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'];
  const define = (name, value) => `define( ${phpLiteral(name)}, ${typeof value === 'string' ? phpLiteral(value) : String(value)} );`;
  return `<?php
// Written by test/wordpress/harness/wordpress-site.mjs for one test run.
${define('DB_NAME', 'wordpress')}
${define('DB_USER', 'root')}
${define('DB_PASSWORD', '')}
${define('DB_HOST', `localhost:${socket}`)}
${define('DB_CHARSET', 'utf8mb4')}
${define('DB_COLLATE', '')}
${keys.map((key) => define(key, salt())).join('\n')}
$table_prefix = 'wp_';
${define('WP_HOME', url)}
${define('WP_SITEURL', url)}
${define('WP_DEBUG', true)}
${define('WP_DEBUG_DISPLAY', false)}
${define('WP_DEBUG_LOG', true)}
${define('WP_HTTP_BLOCK_EXTERNAL', true)}
${define('WP_ACCESSIBLE_HOSTS', '127.0.0.1')}
${define('AUTOMATIC_UPDATER_DISABLED', true)}
${define('DISABLE_WP_CRON', true)}
${define('FS_METHOD', 'direct')}
${Object.entries(constants).map(([name, value]) => define(name, value)).join('\n')}
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`;
}

/**
 * Runs PHP code inside the site (wp-load.php already loaded, as from a CLI tool). The code
 * comes on stdin, so no quoting games; what it echoes is returned.
 * @param {string} siteRoot
 * @param {string} code PHP statements, without `<?php`
 */
export function wpEval(siteRoot, code, { installing = false } = {}) {
  return execFileSync('php', [join(siteRoot, 'wp-eval-for-tests.php')], {
    input: `<?php\n${code}\n`,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, WP_EVAL_INSTALLING: installing ? '1' : '' },
  });
}

const EVAL_SCRIPT = `<?php
// Test harness only: runs the PHP given on stdin inside this WordPress, from the CLI.
if ( PHP_SAPI !== 'cli' ) { http_response_code( 404 ); exit; }
$_SERVER['HTTP_HOST'] = parse_url( 'URL', PHP_URL_HOST ) . ':' . parse_url( 'URL', PHP_URL_PORT );
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
// Before wp-load.php: a site with no tables would otherwise redirect to the installer and exit.
if ( getenv( 'WP_EVAL_INSTALLING' ) ) { define( 'WP_INSTALLING', true ); }
require __DIR__ . '/wp-load.php';
$__code = stream_get_contents( STDIN );
$__file = tempnam( sys_get_temp_dir(), 'wp-eval-' );
file_put_contents( $__file, $__code );
try { require $__file; } finally { unlink( $__file ); }
`;

/**
 * @typedef {object} WordPressSite
 * @property {string} url the home URL, http://127.0.0.1:PORT
 * @property {string} siteRoot ABSPATH
 * @property {(code: string) => string} eval PHP in the site, see wpEval
 * @property {() => string} debugLog what WP_DEBUG_LOG wrote so far ('' when nothing)
 * @property {(extra: Record<string, string | number | boolean>) => void} setConstants rewrites
 *   wp-config.php with these constants added to the start options' (read from the next request on)
 * @property {{ total: number, files: number, database: number, install: number, server: number }} timings ms
 * @property {() => Promise<void>} stop stops PHP and MariaDB and removes the directory
 */

/**
 * @param {{ constants?: Record<string, string | number | boolean>, muPlugins?: string[], workers?: number, keep?: boolean }} [options]
 *   muPlugins: PHP files copied into wp-content/mu-plugins
 * @returns {Promise<WordPressSite>}
 */
export async function startWordPress({ constants = {}, muPlugins = [], workers = 4, keep = false } = {}) {
  // Application passwords need HTTPS, or an environment that says it is local.
  constants = { WP_ENVIRONMENT_TYPE: 'local', ...constants };
  const started = Date.now();
  const timings = { total: 0, files: 0, database: 0, install: 0, server: 0 };
  const dir = mkdtempSync(join(tmpdir(), 'wp-site-'));
  const cleanups = [() => keep || rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    let mark = Date.now();
    copyTree(join(wordpressTree(), 'usr'), join(dir, 'usr'));
    const siteRoot = join(dir, 'usr', 'share', 'wordpress');
    rmSync(join(siteRoot, '.htaccess'), { force: true });
    mkdirSync(join(siteRoot, 'wp-content', 'mu-plugins'), { recursive: true });
    mkdirSync(join(siteRoot, 'wp-content', 'uploads'), { recursive: true });
    for (const file of muPlugins) cpSync(file, join(siteRoot, 'wp-content', 'mu-plugins', file.split('/').pop()));
    timings.files = Date.now() - mark;

    mark = Date.now();
    const database = await startMariaDb(join(dir, 'mariadb'));
    cleanups.push(database.stop);
    execFileSync('mariadb', [`--socket=${database.socket}`, '-uroot', '-e', 'CREATE DATABASE wordpress']);
    timings.database = Date.now() - mark;

    mark = Date.now();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // Unlinked first: the file may be a hard link into the cache, which must stay Debian's.
    rmSync(join(siteRoot, 'wp-config.php'), { force: true });
    writeFileSync(join(siteRoot, 'wp-config.php'), wpConfig({ url, socket: database.socket, constants }));
    writeFileSync(join(siteRoot, 'wp-eval-for-tests.php'), EVAL_SCRIPT.replaceAll("'URL'", phpLiteral(url).replace(/^"|"$/g, "'")));
    wpEval(
      siteRoot,
      `require_once ABSPATH . 'wp-admin/includes/upgrade.php';
ob_start();
$result = wp_install( 'Authsignal WhatsApp test site', ${phpLiteral(ADMIN.login)}, ${phpLiteral(ADMIN.email)}, true, '', ${phpLiteral(ADMIN.password)} );
ob_end_clean();
if ( empty( $result['user_id'] ) ) { echo 'wp_install failed'; exit( 1 ); }
echo 'installed';`,
      { installing: true },
    );
    // wp_install() asks wordpress.org for translations, which WP_HTTP_BLOCK_EXTERNAL refuses:
    // those warnings are about the test machine, not about what the tests look at.
    rmSync(join(siteRoot, 'wp-content', 'debug.log'), { force: true });
    timings.install = Date.now() - mark;

    mark = Date.now();
    // OPcache is on for php -S; revalidate_freq=0 makes it see wp-config.php edits (setConstants) at once.
    const php = spawn('php', ['-d', 'opcache.revalidate_freq=0', '-S', `127.0.0.1:${port}`, '-t', siteRoot], {
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: String(workers) },
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: with workers, PHP forks, and the workers must stop with it.
      detached: true,
    });
    let phpLog = '';
    php.stderr.on('data', (chunk) => (phpLog = (phpLog + chunk).slice(-20_000)));
    const phpExited = new Promise((resolve) => php.once('exit', resolve));
    cleanups.push(async () => {
      try {
        process.kill(-(/** @type {number} */ (php.pid)), 'SIGTERM');
      } catch {
        // already gone
      }
      await phpExited;
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const response = await fetch(`${url}/wp-login.php`);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (php.exitCode !== null) throw new Error(`php -S exited:\n${phpLog}`);
      if (Date.now() > deadline) throw new Error(`php -S did not answer within 20 s:\n${phpLog}`);
      await sleep(50);
    }
    timings.server = Date.now() - mark;
    timings.total = Date.now() - started;

    const debugLogFile = join(siteRoot, 'wp-content', 'debug.log');
    return {
      url,
      siteRoot,
      timings,
      setConstants: (extra) =>
        writeFileSync(join(siteRoot, 'wp-config.php'), wpConfig({ url, socket: database.socket, constants: { ...constants, ...extra } })),
      eval: (code) => wpEval(siteRoot, code),
      debugLog: () => (existsSync(debugLogFile) ? readFileSync(debugLogFile, 'utf8') : ''),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
