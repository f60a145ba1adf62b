// The WordPress files, from Debian's packages: `apt-get download` + `dpkg -x` into a cache
// directory, once per WordPress version. Not `apt-get install wordpress`: that pulls in
// Apache. The extra packages hold what Debian's WordPress links to instead of shipping
// (underscore.js, cropper, lodash on 6.8, getID3); their links are relative, so they resolve inside the
// cache tree.
//   6.1: Debian 12's packages, from the machine's own apt sources.
//   6.8: Debian 13's, fetched without touching the system's apt setup: a private sources
//        file whose mirror is the one in /etc/apt/sources.list.d/debian.sources (read at run
//        time, so no host name is written here) with the suite changed to trixie, and private
//        package lists.
// WP_VERSION=6.1 (default) or 6.8 picks the version the tests run on.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './paths.mjs';

/** What each version needs: the Debian suite (null: the machine's own sources) and the packages. */
export const WORDPRESS_VERSIONS = {
  '6.1': {
    suite: null,
    packages: ['wordpress', 'wordpress-theme-twentytwentythree', 'libjs-underscore', 'libjs-cropper', 'php-getid3'],
  },
  '6.8': {
    suite: 'trixie',
    packages: ['wordpress', 'wordpress-theme-twentytwentyfive', 'libjs-underscore', 'libjs-cropper', 'libjs-lodash', 'php-getid3'],
  },
};

/** The version the tests run on. */
export const wordpressVersion = process.env.WP_VERSION ?? '6.1';

/** Where the extracted trees are kept between runs; WORDPRESS_CACHE overrides it. */
export const cacheDir = process.env.WORDPRESS_CACHE ?? join(root, 'node_modules', '.cache', 'authsignal-wordpress');

/**
 * The first `URIs:` of the machine's Debian sources (deb822), e.g. the mirror it installs from.
 * @returns {string}
 */
function debianMirror() {
  const sources = readFileSync('/etc/apt/sources.list.d/debian.sources', 'utf8');
  const uri = /^URIs:\s*(\S+)/m.exec(sources)?.[1];
  if (!uri) throw new Error('no URIs: line in /etc/apt/sources.list.d/debian.sources');
  return uri;
}

/**
 * apt-get options for a private apt setup that knows only `suite` (of the machine's mirror).
 * @param {string} dir where the sources file and the package lists go
 * @param {string} suite
 */
function privateApt(dir, suite) {
  const lists = join(dir, 'lists');
  mkdirSync(join(lists, 'partial'), { recursive: true });
  const sourcesFile = join(dir, `${suite}.list`);
  writeFileSync(sourcesFile, `deb ${debianMirror()} ${suite} main\n`);
  const options = ['-o', `Dir::Etc::sourcelist=${sourcesFile}`, '-o', 'Dir::Etc::sourceparts=-', '-o', `Dir::State::Lists=${lists}`];
  execFileSync('apt-get', [...options, 'update'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return options;
}

/**
 * The extracted tree's root (it holds usr/share/wordpress), downloading and extracting the
 * packages the first time.
 * @param {string} [version] '6.1' or '6.8'
 * @returns {string}
 */
export function wordpressTree(version = wordpressVersion) {
  const wanted = WORDPRESS_VERSIONS[/** @type {keyof typeof WORDPRESS_VERSIONS} */ (version)];
  if (!wanted) throw new Error(`WP_VERSION=${version}: not one of ${Object.keys(WORDPRESS_VERSIONS).join(', ')}`);
  const base = join(cacheDir, version);
  const tree = join(base, 'tree');
  if (existsSync(join(tree, 'usr', 'share', 'wordpress', 'wp-settings.php'))) return tree;
  const debs = join(base, 'debs');
  mkdirSync(debs, { recursive: true });
  const have = () => readdirSync(debs).filter((f) => f.endsWith('.deb'));
  if (have().length < wanted.packages.length) {
    const options = wanted.suite ? privateApt(join(base, 'apt'), wanted.suite) : [];
    execFileSync('apt-get', [...options, 'download', ...wanted.packages], { cwd: debs, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  for (const deb of have()) execFileSync('dpkg', ['-x', join(debs, deb), tree]);
  return tree;
}
