// The WordPress files, from Debian's packages: `apt-get download` + `dpkg -x` into a cache
// directory, once. Not `apt-get install wordpress`: that pulls in Apache. The extra packages
// hold what Debian's WordPress links to instead of shipping (underscore.js, cropper, getID3);
// their links are relative, so they resolve inside the cache tree.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './paths.mjs';

/** Debian packages that make a working WordPress tree (6.1 in Debian 12). */
export const WORDPRESS_PACKAGES = [
  'wordpress',
  'wordpress-theme-twentytwentythree',
  'libjs-underscore',
  'libjs-cropper',
  'php-getid3',
];

/** Where the extracted tree is kept between runs; WORDPRESS_CACHE overrides it. */
export const cacheDir = process.env.WORDPRESS_CACHE ?? join(root, 'node_modules', '.cache', 'authsignal-wordpress');

/**
 * The extracted tree's root (it holds usr/share/wordpress), downloading and extracting the
 * packages the first time.
 * @returns {string}
 */
export function wordpressTree() {
  const tree = join(cacheDir, 'tree');
  if (existsSync(join(tree, 'usr', 'share', 'wordpress', 'wp-settings.php'))) return tree;
  const debs = join(cacheDir, 'debs');
  mkdirSync(debs, { recursive: true });
  const have = () => readdirSync(debs).filter((f) => f.endsWith('.deb'));
  if (have().length < WORDPRESS_PACKAGES.length) {
    execFileSync('apt-get', ['download', ...WORDPRESS_PACKAGES], { cwd: debs, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  for (const deb of have()) execFileSync('dpkg', ['-x', join(debs, deb), tree]);
  return tree;
}
