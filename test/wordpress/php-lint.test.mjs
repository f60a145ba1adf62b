// Static checks of the WordPress plugin's PHP, with no WordPress running: `php -l` on every
// file (plugin, fixture, PHP tests) under the PHP that runs the tests; the WordPress Coding
// Standards (WPCS 3.0.1, WordPress-Extra + WordPress-Docs, through ../shared/tools/wpcs/run or
// WPCS_RUN) on the plugin; and the translations: every string of the PHP, of the block
// editor's script and of block.json in the .pot, and in every language.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root } from './harness/paths.mjs';

const phpFiles = ['integrations/wordpress', 'test/wordpress']
  .flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map((name) => join(dir, String(name))))
  .filter((name) => name.endsWith('.php'))
  .sort();


const pluginDir = join(root, 'integrations', 'wordpress', 'authsignal-whatsapp-challenge');
const languages = join(pluginDir, 'languages');

/**
 * The entries of a .po or .pot file with a non-empty msgstr (a .pot: every entry), as
 * "context\u0004msgid" (or the msgid alone), continuation lines joined.
 */
function msgids(file) {
  const text = readFileSync(file, 'utf8').replace(/"\n"/g, '');
  const template = file.endsWith('.pot');
  return new Set(
    [...text.matchAll(/^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.*)"$/gm)]
      .filter((m) => template || m[3] !== '')
      .map((m) => (m[1] ? `${m[1]}\u0004${m[2]}` : m[2])),
  );
}

/**
 * The strings the plugin hands to gettext now: its PHP and block/editor.js by Debian's
 * xgettext, and block.json's title, description and keywords with the contexts WordPress
 * translates them in (null when xgettext is not installed).
 */
function currentMsgids() {
  if (spawnSync('xgettext', ['--version']).status !== 0) return null;
  const files = phpFiles.filter((file) => file.startsWith('integrations/')).map((file) => join(root, file));
  const keywords = ['__', '_e', 'esc_html__', 'esc_html_e', 'esc_attr__', 'esc_attr_e', '_x:1,2c', 'esc_html_x:1,2c', 'esc_attr_x:1,2c'].map((k) => `--keyword=${k}`);
  const php = execFileSync('xgettext', ['--language=PHP', '--from-code=UTF-8', ...keywords, '-o', '-', ...files], { encoding: 'utf8' });
  const js = execFileSync('xgettext', ['--language=JavaScript', '--from-code=UTF-8', '--keyword=__', '--keyword=_x:1,2c', '-o', '-', join(pluginDir, 'block', 'editor.js')], { encoding: 'utf8' });
  const ids = new Set();
  for (const pot of [php, js]) {
    for (const m of pot.replace(/"\n"/g, '').matchAll(/^(?:msgctxt "(.+)"\n)?msgid "(.+)"$/gm)) ids.add(m[1] ? `${m[1]}\u0004${m[2]}` : m[2]);
  }
  const block = JSON.parse(readFileSync(join(pluginDir, 'block', 'block.json'), 'utf8'));
  const quote = (text) => JSON.stringify(text).slice(1, -1);
  ids.add(`block title\u0004${quote(block.title)}`);
  ids.add(`block description\u0004${quote(block.description)}`);
  for (const keyword of block.keywords) ids.add(`block keyword\u0004${quote(keyword)}`);
  return ids;
}

const wpcsRun = process.env.WPCS_RUN ?? join(root, '..', 'shared', 'tools', 'wpcs', 'run');
const hasWpcs = existsSync(wpcsRun) && spawnSync('phpcs', ['--version']).status === 0;

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

  it('WordPress Coding Standards (WordPress-Extra, WordPress-Docs): no error or warning in the plugin', { skip: hasWpcs ? false : `${wpcsRun} or phpcs is missing` }, () => {
    const result = spawnSync(wpcsRun, [pluginDir], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  it("the editor script's translations: one JSON file per language, named as WordPress looks for it, with every string of block/editor.js", () => {
    const current = currentMsgids();
    const js = spawnSync('xgettext', ['--version']).status === 0
      ? execFileSync('xgettext', ['--language=JavaScript', '--from-code=UTF-8', '--keyword=__', '-o', '-', join(pluginDir, 'block', 'editor.js')], { encoding: 'utf8' })
      : null;
    if (!current || !js) return;
    const strings = [...js.replace(/"\n"/g, '').matchAll(/^msgid "(.+)"$/gm)].map((m) => m[1]);
    // load_script_textdomain(): <domain>-<locale>-<md5 of the script's path in the plugin>.json
    const hash = createHash('md5').update('block/editor.js').digest('hex');
    for (const locale of ['ar', 'de_DE', 'es_ES', 'fr_FR', 'hi_IN', 'id_ID', 'pt_BR']) {
      const file = join(languages, `authsignal-whatsapp-challenge-${locale}-${hash}.json`);
      assert.ok(existsSync(file), `${locale}: no ${file}`);
      const messages = JSON.parse(readFileSync(file, 'utf8')).locale_data.messages;
      assert.deepEqual(strings.filter((id) => !messages[JSON.parse(`"${id}"`)]?.[0]), [], `${locale}: untranslated in the editor`);
    }
  });
});
