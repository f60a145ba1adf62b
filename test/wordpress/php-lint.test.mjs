// Static checks of the WordPress plugin's PHP, with no WordPress running: `php -l` on every
// file (plugin, fixture, PHP tests) under the PHP that runs the tests, and PHP_CodeSniffer
// (Debian's php-codesniffer) with the generic sniffs in test/wordpress/php/phpcs.xml. The
// WordPress Coding Standards ruleset itself lives on Packagist only, out of reach here.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root } from './harness/paths.mjs';

const phpFiles = ['integrations/wordpress', 'test/wordpress']
  .flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map((name) => join(dir, String(name))))
  .filter((name) => name.endsWith('.php'))
  .sort();

const hasPhpcs = spawnSync('phpcs', ['--version']).status === 0;

describe('WordPress plugin: static checks of its PHP', () => {
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
