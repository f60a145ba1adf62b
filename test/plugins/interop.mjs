// What the framework interop tests (test/interop/) need from the test server, so that each
// framework runs its real runtime from npm, compiled by its own compiler:
// - React ships CommonJS only: `react`, `react-dom/client` and the JSX runtimes are served
//   as one ESM bundle made by esbuild (one React instance shared by all of them).
// - React 18: the pages of the tests in test/interop/react18/ get the React 18 installed in
//   that folder (an npm workspace, so it sits beside the repository's React 19), bundled the
//   same way. The project's own modules such a page imports (the wrapper in src/react.ts, the
//   tests and their helpers) are served as its own copies, `?react=18`, whose `react` is
//   React 18 too: one React in the page, as in a React 18 app.
// - Vue: `*.vue` files are compiled by `vue/compiler-sfc` with the template options of the
//   README's vite.config.js (test/helpers/interop/vue/vite-options.mjs), as
//   @vitejs/plugin-vue does; `vue` is its browser build.
// - Svelte: `*.svelte` files are compiled by `svelte/compiler` when the browser asks, and
//   `svelte` resolves with the `browser` export condition (the runner's own resolution
//   leaves it out and would load Svelte's server build).
// - `.tsx`: JSX with React's automatic runtime.
// - Angular: its decorators need TypeScript's `experimentalDecorators`, for
//   test/interop/angular* only (the element and the other tests use standard semantics).
// - test/interop/*.test.html: a `<!-- ssr: … -->` comment is replaced by the element as
//   @lit-labs/ssr renders it in Node (test/helpers/interop/ssr.mjs), for hydration tests.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { nodeResolvePlugin } from '@web/dev-server';
import { build, transform } from 'esbuild';
import { vueTemplateOptions } from '../helpers/interop/vue/vite-options.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const VENDOR = '/__interop__/vendor/';
const REACT18_VENDOR = '/__interop__/vendor-react18/';
const REACT18_DIR = '/test/interop/react18/';
/** Where each React is installed, by the URL its bundle is served under. */
const REACTS = new Map([
  [VENDOR, root],
  [REACT18_VENDOR, join(root, REACT18_DIR)],
]);
const REACT_MODULES = ['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom', 'react-dom/client'];

const run = promisify(execFile);

/** The export names of CommonJS modules as resolved from `dir`, read by a Node process of their own. */
async function exportNames(modules, dir) {
  const script = `console.log(JSON.stringify(${JSON.stringify(modules)}.map((m) => Object.keys(require(m)))))`;
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: dir });
  const identifier = /^[A-Za-z_$][\w$]*$/;
  const names = JSON.parse(stdout);
  return new Map(modules.map((m, i) => [m, names[i].filter((name) => identifier.test(name) && name != 'default')]));
}

/**
 * The React installed in `dir` as ES modules, served under `prefix`: one bundle, split so
 * that every entry shares one copy of React.
 */
async function bundleReact(prefix, dir) {
  const names = await exportNames(REACT_MODULES, dir);
  const { outputFiles } = await build({
    entryPoints: REACT_MODULES.map((name) => ({ in: `vendor:${name}`, out: name })),
    absWorkingDir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    write: false,
    outdir: '/out',
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
    plugins: [
      {
        name: 'cjs-to-esm',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^vendor:/ }, ({ path }) => ({ path: path.slice(7), namespace: 'vendor' }));
          // CommonJS has no static export names: list them from the module itself.
          esbuild.onLoad({ filter: /.*/, namespace: 'vendor' }, ({ path }) => {
            return {
              contents: `import m from '${path}'; export default m; export const { ${names.get(path).join(', ')} } = m;`,
              resolveDir: dir,
              loader: 'js',
            };
          });
        },
      },
    ],
  });
  return new Map(outputFiles.map((file) => [file.path.replace(/^\/out\//, prefix), file.text]));
}

/** The server-rendered element, by a Node process of its own (the SSR shims stay out of this one). */
const renderOnServer = async (markup) =>
  (await run(process.execPath, [join(root, 'test/helpers/interop/ssr.mjs'), markup], { cwd: root })).stdout;

/** Whether a module is one of a React 18 page's: a test in test/interop/react18/, or what it imports. */
const onReact18Page = (context) => context.path.startsWith(REACT18_DIR) || context.URL.searchParams.get('react') == '18';

export function interopPlugin() {
  /** The React bundles, by URL prefix, each made when a page first asks for it. */
  const reactBundles = new Map();
  // The few tsconfig options esbuild reads; the rest is the project's (tsconfig.json).
  const tsxConfig = { compilerOptions: { jsx: 'react-jsx', useDefineForClassFields: false } };
  const angularConfig = { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } };

  /** Node resolution with the `browser` condition, for Svelte and what Svelte imports. */
  let browserResolve;

  return {
    name: 'interop',

    async serverStart(args) {
      browserResolve = nodeResolvePlugin(args.config.rootDir, false, { exportConditions: ['browser', 'development'], browser: true });
      await browserResolve.serverStart?.(args);
    },

    resolveImport(args) {
      const { source, context } = args;
      // The README's examples import the package by its name: here, its source.
      if (source == 'authsignal-whatsapp-challenge') return '/src/index.ts';
      if (/^svelte(\/|$)/.test(source) || context.path.includes('/node_modules/svelte/') || context.path.endsWith('.svelte')) {
        return browserResolve.resolveImport(args);
      }
      if (REACT_MODULES.includes(source)) return `${onReact18Page(context) ? REACT18_VENDOR : VENDOR}${source}.js`;
      if (source == 'vue') return '/node_modules/vue/dist/vue.esm-browser.js';
      // As @web/dev-server-esbuild does for .ts: `./x.js` means `./x.ts` (or `./x.tsx`) when that exists.
      if (context.path.endsWith('.tsx') && source.startsWith('.') && source.endsWith('.js')) {
        for (const extension of ['.ts', '.tsx']) {
          const asTs = source.slice(0, -3) + extension;
          if (existsSync(join(root, dirname(context.path), asTs))) return asTs;
        }
      }
    },

    // After every resolution: in a React 18 page, the project's own modules (not packages,
    // not these bundles) are imported as that page's copies.
    transformImport({ source, context }) {
      if (!onReact18Page(context) || !/^\.{0,2}\//.test(source) || source.includes('/node_modules/') || source.startsWith('/__')) return;
      return `${source}${source.includes('?') ? '&' : '?'}react=18`;
    },

    async serve(context) {
      const prefix = [...REACTS.keys()].find((p) => context.path.startsWith(p));
      if (!prefix) return;
      if (!reactBundles.has(prefix)) reactBundles.set(prefix, bundleReact(prefix, REACTS.get(prefix)));
      const body = (await reactBundles.get(prefix)).get(context.path);
      return body === undefined ? undefined : { body, type: 'js' };
    },

    resolveMimeType(context) {
      if (/\.(svelte|vue|tsx)$/.test(context.path)) return 'js';
    },

    async transform(context) {
      const file = join(root, context.path);
      const sourcefile = relative(root, file);
      if (context.path.endsWith('.svelte')) {
        const { compile } = await import('svelte/compiler');
        const { js } = compile(context.body, { filename: sourcefile, generate: 'client', dev: true });
        return { body: js.code };
      }
      if (context.path.endsWith('.vue')) {
        const { parse, compileScript } = await import('vue/compiler-sfc');
        // As @vitejs/plugin-vue does: the parser decides what is an element, so it gets them too.
        const { descriptor, errors } = parse(context.body, { filename: sourcefile, templateParseOptions: vueTemplateOptions.compilerOptions });
        if (errors.length) throw errors[0];
        const id = Buffer.from(sourcefile).toString('hex').slice(-8);
        const script = compileScript(descriptor, { id, inlineTemplate: true, templateOptions: vueTemplateOptions });
        const { code } = await transform(script.content, { loader: 'ts', sourcefile, sourcemap: 'inline', target: 'es2022' });
        return { body: code };
      }
      if (context.path.endsWith('.tsx')) {
        const { code } = await transform(context.body, { loader: 'tsx', sourcefile, sourcemap: 'inline', tsconfigRaw: tsxConfig, target: 'es2022' });
        return { body: code };
      }
      if (/^\/test\/interop\/angular[^/]*\.ts$/.test(context.path)) {
        // Decorators lowered here, the TypeScript way; @web/dev-server-esbuild then sees plain JS.
        const { code } = await transform(context.body, { loader: 'ts', sourcefile, sourcemap: 'inline', tsconfigRaw: angularConfig, target: 'es2022' });
        return { body: code };
      }
      if (context.path.startsWith('/test/interop/') && context.path.endsWith('.html') && context.body.includes('<!-- ssr:')) {
        let body = context.body;
        for (const [comment, markup] of [...body.matchAll(/<!-- ssr: ([\s\S]*?) -->/g)]) {
          // A failure (no dist/: npm run build) shows in the page's tests instead of a hang.
          const html = await renderOnServer(markup).catch(
            (error) => `<script>throw new Error(${JSON.stringify(`SSR failed: ${error.stderr || error.message}`)})</script>`,
          );
          body = body.replace(comment, html);
        }
        return { body };
      }
    },
  };
}
