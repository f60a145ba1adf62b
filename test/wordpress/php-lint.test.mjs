// Static checks of the WordPress plugin's PHP, with no WordPress running: `php -l` on every
// file (plugin, fixture, PHP tests) under the PHP that runs the tests, and PHP_CodeSniffer
// (Debian's php-codesniffer) with the generic sniffs in test/wordpress/php/phpcs.xml. The
// WordPress Coding Standards ruleset itself lives on Packagist only, out of reach here.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root } from './harness/paths.mjs';

const phpFiles = ['integrations/wordpress', 'test/wordpress']
  .flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map((name) => join(dir, String(name))))
  .filter((name) => name.endsWith('.php'))
  .sort();

const hasPhpcs = spawnSync('phpcs', ['--version']).status === 0;

const pluginDir = join(root, 'integrations', 'wordpress', 'authsignal-whatsapp-challenge');
const languages = join(pluginDir, 'languages');

/** The msgids of a .po or .pot file with a non-empty msgstr (a .pot: every msgid), continuation lines joined. */
function msgids(file) {
  const text = readFileSync(file, 'utf8').replace(/"\n"/g, '');
  const template = file.endsWith('.pot');
  return new Set([...text.matchAll(/^msgid "(.+)"\nmsgstr "(.*)"$/gm)].filter((m) => template || m[2] !== '').map((m) => m[1]));
}

/** The strings the plugin's PHP hands to gettext now, by Debian's xgettext (null when it is not installed). */
function currentMsgids() {
  if (spawnSync('xgettext', ['--version']).status !== 0) return null;
  const files = phpFiles.filter((file) => file.startsWith('integrations/')).map((file) => join(root, file));
  const keywords = ['__', '_e', 'esc_html__', 'esc_html_e', 'esc_attr__', 'esc_attr_e'].map((k) => `--keyword=${k}`);
  const pot = execFileSync('xgettext', ['--language=PHP', '--from-code=UTF-8', ...keywords, '-o', '-', ...files], { encoding: 'utf8' });
  return new Set([...pot.replace(/"\n"/g, '').matchAll(/^msgid "(.+)"$/gm)].map((match) => match[1]));
}

describe('WordPress plugin: static checks of its PHP', () => {
  it('translations: the .pot has every string of the PHP, and each language (.po and .mo) has every string of the .pot', () => {
    const pot = msgids(join(languages, 'authsignal-whatsapp-challenge.pot'));
    const current = currentMsgids();
    if (current) assert.deepEqual([...current].sort(), [...pot].sort(), 'the .pot is out of date: run xgettext (see the .po headers)');
    const locales = readdirSync(languages).filter((f) => f.endsWith('.po')).map((f) => f.slice('authsignal-whatsapp-challenge-'.length, -3));
    assert.deepEqual(locales.sort(), ['ar', 'de_DE', 'es_ES', 'fr_FR', 'hi_IN', 'id_ID', 'pt_BR']);
    for (const locale of locales) {
      const po = msgids(join(languages, `authsignal-whatsapp-challenge-${locale}.po`));
      assert.deepEqual([...pot].filter((id) => !po.has(id)), [], `${locale}: untranslated`);
      assert.ok(existsSync(join(languages, `authsignal-whatsapp-challenge-${locale}.mo`)), `${locale}: no .mo`);
    }
  });

  it(`php -l: all ${phpFiles.length} PHP files parse`, () => {
    assert.ok(phpFiles.length >= 15, `found only ${phpFiles.length} PHP files`);
    for (const file of phpFiles) {
      const result = spawnSync('php', ['-l', join(root, file)], { encoding: 'utf8' });
      assert.equal(result.status, 0, `${file}: ${result.stdout}${result.stderr}`);
    }
  });

  it('the plugin requires PHP 8.1 and WordPress 6.1 in both its header and readme.txt', () => {
    const plugin = join(root, 'integrations', 'wordpress', 'authsignal-whatsapp-challenge');
    const header = execFileSync('sed', ['-n', '1,20p', join(plugin, 'authsignal-whatsapp-challenge.php')], { encoding: 'utf8' });
    const readme = execFileSync('sed', ['-n', '1,12p', join(plugin, 'readme.txt')], { encoding: 'utf8' });
    for (const text of [header, readme]) {
      assert.match(text, /Requires at least: 6\.1/);
      assert.match(text, /Requires PHP: +8\.1/);
      assert.match(text, /License: +GPL-2\.0-or-later/);
    }
    assert.match(header, /Text Domain: +authsignal-whatsapp-challenge/);
  });

  it('PHP_CodeSniffer: no error or warning from the generic sniffs', { skip: hasPhpcs ? false : 'phpcs is not installed (apt-get install php-codesniffer)' }, () => {
    const result = spawnSync('phpcs', ['-q', '-s', '--standard=test/wordpress/php/phpcs.xml', 'integrations/wordpress'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(result.stdout.trim(), '');
    assert.equal(result.status, 0, result.stderr);
  });
});
