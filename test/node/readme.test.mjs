// The README's "Frameworks" section shows the code the interop tests run: each example is
// compared with the test's own copy, so the two cannot drift apart. Only what must differ
// is mapped: the package name for the sources' path, and the simulator's URLs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { vueTemplateOptions } from '../helpers/interop/vue/vite-options.mjs';
import { root } from './dist.mjs';
import { frameworkBlocks } from './readme-blocks.mjs';

const read = (path) => readFileSync(join(root, path), 'utf8');

/** Text without its common indentation, and without blank lines at either end. */
const dedent = (text) => {
  const lines = text.replace(/^\s*\n|\n\s*$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)[0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
};

/** The part of a test file between the "the README's example" marker and the next rule. */
const example = (path) => {
  const match = /\/\/ --- the README's example -+\n([\s\S]*?)\n\/\/ -{20,}/.exec(read(path));
  assert.ok(match, `${path} marks the README's example`);
  return match[1].trim();
};

/** A .vue or .svelte fixture without its first line (the comment that says it is the README's). */
const component = (path) => read(path).split('\n').slice(1).join('\n').trim();

describe('README: Frameworks', () => {
  /** @type {Map<string, string[]>} code blocks by ### heading */
  let blocks;

  before(() => {
    blocks = frameworkBlocks();
    assert.ok(blocks.size, 'README has a "## Frameworks" section');
  });

  const block = (heading, index = 0) => {
    const code = blocks.get(heading)?.[index];
    assert.ok(code, `README has code under "### ${heading}"`);
    return code;
  };

  it('has a section for each of plain HTML, a CMS block, React, Vue, Angular, Svelte and SSR', () => {
    for (const heading of ['Plain HTML', 'React 19', 'React 18', 'Vue 3', 'Angular', 'Svelte 5', 'Server-side rendering']) {
      assert.ok(blocks.has(heading), heading);
    }
    assert.ok([...blocks.keys()].some((h) => h.startsWith('CMS')), 'CMS');
  });

  it('React 19: the component test/interop/react.test.tsx renders', () => {
    assert.ok(block('React 19').includes(example('test/interop/react.test.tsx')));
  });

  it('React 18: the wrapper component test/interop/react-wrapper.test.tsx renders', () => {
    assert.ok(block('React 18').includes(example('test/interop/react-wrapper.test.tsx')));
  });

  it('Angular: the component test/interop/angular.test.ts bootstraps', () => {
    assert.ok(block('Angular').includes(example('test/interop/angular.test.ts')));
  });

  it('Vue: the single-file component and the isCustomElement the test compiles it with', () => {
    assert.equal(block('Vue 3', 1), component('test/helpers/interop/vue/WhatsappStep.vue'));
    const isCustomElement = String(vueTemplateOptions.compilerOptions.isCustomElement);
    assert.ok(block('Vue 3', 0).includes(`isCustomElement: ${isCustomElement}`), isCustomElement);
  });

  it('Svelte: the component the test compiles', () => {
    assert.equal(block('Svelte 5'), component('test/helpers/interop/svelte/WhatsappStep.svelte'));
  });

  it('plain HTML and the CMS block: the markup test/interop/script-tag.test.html loads', () => {
    const page = read('test/interop/script-tag.test.html');
    const plain = /<!-- The README's plain HTML example. -->\n([\s\S]*?\.min\.js"><\/script>)/.exec(page)[1];
    const asInReadme = (html) =>
      dedent(html)
        .replace(' id="early"', '')
        .replace(' base-url="{SIM_API}"', '')
        .replaceAll('src="/dist/', 'src="/assets/');
    assert.equal(block('Plain HTML'), asInReadme(plain));

    const cms = /<template id="cms-block">([\s\S]*?)<\/template>/.exec(page)[1];
    const heading = [...blocks.keys()].find((h) => h.startsWith('CMS'));
    assert.equal(
      block(heading),
      asInReadme(cms)
        .replace('src="/assets/', 'src="/wp-content/uploads/')
        .replace('token-url="/sim/token"', 'token-url="/api/authsignal/token"'),
    );
  });

  it('server-side rendering: the hydration support before the element, as the hydration test loads them', () => {
    const code = block('Server-side rendering', 1);
    assert.ok(code.indexOf('lit-element-hydrate-support.js') < code.indexOf("import 'authsignal-whatsapp-challenge'"));
    assert.match(read('test/interop/ssr-hydration.test.html'), /import '@lit-labs\/ssr-client\/lit-element-hydrate-support.js';/);
  });
});
