// Shared by scripts/size.mjs and scripts/bench.mjs: build when needed, bundle "the same way
// as the production build" (the plugins of rollup.config.mjs), and count bytes.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const root = fileURLToPath(new URL('../..', import.meta.url));
// rollup.config.mjs reads dist/ and its plugins match paths relative to the working directory.
process.chdir(root);
export const MAIN_FILE = 'dist/authsignal-whatsapp-challenge.min.js';

/** min (raw), gzip (level 9) and brotli (quality 11) byte counts of a file's contents. */
export const measure = (buffer) => ({
  min: buffer.length,
  gzip: gzipSync(buffer, { level: 9 }).length,
  brotli: brotliCompressSync(buffer, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
    },
  }).length,
});

/** Newest modification time of the files under `dir` (recursively), 0 when none. */
const newest = (path) => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
};

/** Locale script-tag files the build should produce: one per src/locales/*.ts but English. */
export const localeFiles = () =>
  readdirSync(join(root, 'src/locales'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f != 'en.ts')
    .map((f) => `dist/locales/${f.replace(/\.ts$/, '.min.js')}`)
    .sort();

/**
 * Runs `npm run build` when dist/ is missing, incomplete or older than its sources (or
 * always, with `force`). Returns true when it built.
 */
export const ensureBuilt = ({ force = false, log = console.log } = {}) => {
  const outputs = [MAIN_FILE, 'dist/index.js', ...localeFiles()].map((f) => join(root, f));
  const missing = outputs.filter((f) => !existsSync(f));
  const built = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(
    newest(join(root, 'src')),
    newest(join(root, 'rollup.config.mjs')),
    newest(join(root, 'scripts/build.mjs')),
    newest(join(root, 'tsconfig.json')),
  );
  const why = force
    ? 'asked to'
    : missing.length
      ? `missing ${missing.map((f) => relative(root, f)).join(', ')}`
      : sources > built
        ? 'sources are newer than dist/'
        : '';
  if (!why) return false;
  log(`building (${why}): npm run build`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  return true;
};

/**
 * The rollup plugins of the self-contained build, read from rollup.config.mjs, so that
 * anything measured here is minified exactly as dist/authsignal-whatsapp-challenge.min.js is.
 */
export const productionPlugins = async () => {
  {
    let config = (await import(pathToFileURL(join(root, 'rollup.config.mjs')).href)).default;
    if (typeof config == 'function') config = await config({});
    const configs = [config].flat();
    const main =
      configs.find((c) => [c.output].flat().some((o) => o?.file?.endsWith('authsignal-whatsapp-challenge.min.js'))) ??
      configs[0];
    return main.plugins.flat().filter(Boolean);
  }
};

/**
 * Bundles `input` (a file path, or `{ code }` for a virtual entry) with the production
 * plugins; `external` ids stay imports. Resolves to the minified code as a Buffer.
 */
export const bundle = async (input, { external = () => false } = {}) => {
  const { rollup } = await import('rollup');
  const plugins = await productionPlugins();
  const VIRTUAL = '\0bench-entry.js';
  const entry =
    typeof input == 'string'
      ? []
      : [
          {
            name: 'virtual-entry',
            resolveId: (id) => (id == VIRTUAL ? id : null),
            load: (id) => (id == VIRTUAL ? input.code : null),
          },
        ];
  {
    const build = await rollup({
      input: typeof input == 'string' ? join(root, input) : VIRTUAL,
      external,
      plugins: [...entry, ...plugins],
      onwarn: (warning, warn) => {
        if (warning.code != 'CIRCULAR_DEPENDENCY' && warning.code != 'THIS_IS_UNDEFINED') warn(warning);
      },
    });
    const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
    await build.close();
    return Buffer.from(output[0].code);
  }
};

/** Lit and its parts: what the npm package leaves to the host's bundler. */
export const isLit = (id) => /^(lit|lit-html|lit-element|@lit\/reactive-element)(\/|$)/.test(id);
