// Ready to publish: package.json's exports, sideEffects and files, checked against what
// `npm pack` would publish and against what the modules do when imported.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { requireBuild, root } from './dist.mjs';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** A package.json pattern (`./dist/locales/*.js`) as a RegExp over packed paths (`dist/locales/es.js`). */
const patternToRegExp = (pattern) =>
  new RegExp(`^${pattern.replace(/^\.\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}$`);

describe('package.json, for publishing', () => {
  let packed;

  before(async () => {
    requireBuild();
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    packed = JSON.parse(stdout)[0].files.map((file) => file.path).sort();
  });

  it('packs only the build, its sources (for the source maps), the README and package.json', () => {
    const allowed = [
      /^(README\.md|LICENSE(\.md)?|package\.json)$/,
      /^dist\/(.+\/)?[\w.-]+\.(js|d\.ts)(\.map)?$/,
      /^dist\/custom-elements\.json$/,
      /^src\/(.+\/)?[\w.-]+\.ts$/,
    ];
    const unexpected = packed.filter((path) => !allowed.some((pattern) => pattern.test(path)));
    assert.deepEqual(unexpected, []);
    // Every compiled module comes from a source that is packed too.
    for (const path of packed.filter((p) => /^dist\/.+(?<!\.min)(?<!\.d)\.js$/.test(p))) {
      assert.ok(packed.includes(path.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')), `${path} has its source`);
    }
  });

  it('exports the element, define, client, locales, min file, React wrapper and typings; every target is packed', () => {
    assert.deepEqual(Object.keys(pkg.exports), [
      '.',
      './define.js',
      './client.js',
      './locales/*.min.js',
      './locales/*.js',
      './authsignal-whatsapp-challenge.min.js',
      './react',
      './types/react',
      './types/vue',
      './types/svelte',
      './custom-elements.json',
      './package.json',
    ]);
    assert.deepEqual(pkg.exports['.'], { types: './dist/index.d.ts', import: './dist/index.js' });
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const conditions = typeof target == 'string' ? { default: target } : target;
      if ('types' in conditions) assert.equal(Object.keys(conditions)[0], 'types', `${subpath}: types first`);
      for (const file of Object.values(conditions)) {
        const matches = packed.filter((path) => patternToRegExp(file).test(path) || `./${path}` == file);
        assert.ok(matches.length > 0, `${subpath} -> ${file} is packed`);
      }
    }
    for (const field of ['main', 'module', 'types']) {
      assert.ok(packed.includes(pkg[field].replace(/^\.\//, '')), `${field} is packed`);
    }
  });

  it('resolves the locale subpaths to each language, for bundlers and for script tags', async () => {
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `for (const s of ['locales/es.js', 'locales/es.min.js', 'locales/pt-BR.js', 'authsignal-whatsapp-challenge.min.js'])
         console.log(import.meta.resolve('authsignal-whatsapp-challenge/' + s).replace(/^.*\\/dist\\//, 'dist/'));`,
    ], { cwd: root });
    assert.deepEqual(stdout.trim().split('\n'), [
      'dist/locales/es.js',
      'dist/locales/es.min.js',
      'dist/locales/pt-BR.js',
      'dist/authsignal-whatsapp-challenge.min.js',
    ]);
  });

  it('names in sideEffects exactly the modules that register something', async () => {
    assert.deepEqual(pkg.sideEffects, ['./dist/define.js', './dist/index.js', './dist/locales/*.js', './dist/*.min.js']);
    const sideEffects = pkg.sideEffects.map(patternToRegExp);
    const modules = packed.filter((p) => p.endsWith('.js') && !p.endsWith('.min.js'));
    // The React wrapper registers through define.js, which is listed; it needs React to load.
    const pure = modules.filter((p) => !sideEffects.some((re) => re.test(p)) && p != 'dist/react.js');
    const registering = ['dist/define.js', 'dist/locales/es.js'];
    // In one Node process: the modules left out of sideEffects register nothing, and the
    // check sees a registration when there is one.
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const registry = () => Object.keys(globalThis[Symbol.for('authsignal-whatsapp-challenge.locales')] ?? {});
       const seen = () => [customElements.get('authsignal-whatsapp-challenge') ? 'element' : '', ...registry()].filter(Boolean).join(',');
       for (const m of ${JSON.stringify(pure)}) await import('./' + m);
       console.log(seen() || 'nothing');
       for (const m of ${JSON.stringify(registering)}) await import('./' + m);
       console.log(seen());`,
    ], { cwd: root });
    assert.deepEqual(stdout.trim().split('\n'), ['nothing', 'element,es']);
    assert.ok(pure.includes('dist/authsignal-whatsapp-challenge.js') && pure.includes('dist/client.js'));
  });

  it('has @lit/react (for the React 18 wrapper) and react as optional peer dependencies only', () => {
    for (const name of ['@lit/react', 'react']) assert.ok(!(name in pkg.dependencies), `${name} is not a dependency`);
    assert.deepEqual(Object.keys(pkg.peerDependencies).sort(), ['@lit/react', 'react']);
    for (const name of Object.keys(pkg.peerDependencies)) {
      assert.equal(pkg.peerDependenciesMeta?.[name]?.optional, true, `${name} is optional`);
    }
  });
});
