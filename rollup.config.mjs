// The self-contained script-tag build. The npm package itself is tsc's plain ESM output
// (lit external); rollup only makes the single files for a <script type="module"> tag.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { literalsHtmlCssMinifier } from '@literals/rollup-plugin-html-css-minifier';
import { readdirSync } from 'node:fs';

const minify = terser({
  ecma: 2021,
  module: true,
  compress: { passes: 3, unsafe_arrows: true },
  // Lit's private fields (`_$…`) keep their names: other Lit copies on the page read them.
  mangle: { properties: false },
  format: { comments: false },
});

const bundle = (input, file) => ({
  input,
  output: { file, format: 'es', sourcemap: true },
  plugins: [
    nodeResolve({ exportConditions: ['production'] }),
    // Our html`` and css`` templates, whitespace and comments out (Lit's own code is already minified).
    literalsHtmlCssMinifier({ include: ['dist/**'], failOnError: true }),
    minify,
  ],
});

const locales = readdirSync('dist/locales')
  .filter((f) => f.endsWith('.js') && !f.endsWith('.min.js') && f != 'en.js')
  .map((f) => bundle(`dist/locales/${f}`, `dist/locales/${f.replace(/\.js$/, '.min.js')}`));

// Node may import this file too (server rendering, a framework's build): Lit's browser build
// reads HTMLElement and document as it loads, so where there are none it gets stand-ins,
// local to the file (globals untouched); define.js then registers nothing.
const element = bundle('dist/define.js', 'dist/authsignal-whatsapp-challenge.min.js');
element.output.banner =
  'const HTMLElement=globalThis.HTMLElement??class{},document=globalThis.document??{createTreeWalker:()=>({})};';

export default [element, ...locales];
