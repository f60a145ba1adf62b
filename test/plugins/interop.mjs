// What the framework interop tests (test/interop/) need from the test server, so that each
// framework runs its real runtime from npm, compiled by its own compiler:
// - React ships CommonJS only: `react`, `react-dom/client` and the JSX runtimes are served
//   as one ESM bundle made by esbuild (one React instance shared by all of them).
// - Vue: `vue` is its full browser build, the one with the template compiler.
// - Svelte: `*.svelte` files are compiled by `svelte/compiler` when the browser asks.
// - `.tsx`: JSX with React's automatic runtime.
// - Angular: its decorators need TypeScript's `experimentalDecorators`, for
//   test/interop/angular* only (the element and the other tests use standard semantics).
// - test/interop/*.test.html: a `<!-- ssr: … -->` comment is replaced by the element as
//   @lit-labs/ssr renders it in Node (test/helpers/interop/ssr.mjs), for hydration tests.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, transform } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const VENDOR = '/__interop__/vendor/';
const REACT_MODULES = ['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom', 'react-dom/client'];

/** The compiler options every transform starts from: the project's own. */
const baseTsconfig = () => JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));

const withOptions = (options) => {
  const tsconfig = baseTsconfig();
  return JSON.stringify({ ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, ...options } });
};

const run = promisify(execFile);

/** The export names of CommonJS modules, read by a Node process of their own. */
async function exportNames(modules) {
  const script = `console.log(JSON.stringify(${JSON.stringify(modules)}.map((m) => Object.keys(require(m)))))`;
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: root });
  const identifier = /^[A-Za-z_$][\w$]*$/;
  const names = JSON.parse(stdout);
  return new Map(modules.map((m, i) => [m, names[i].filter((name) => identifier.test(name) && name != 'default')]));
}

/** React as ES modules: one bundle, split so that every entry shares one copy of React. */
async function bundleReact() {
  const names = await exportNames(REACT_MODULES);
  const { outputFiles } = await build({
    entryPoints: REACT_MODULES.map((name) => ({ in: `vendor:${name}`, out: name })),
    absWorkingDir: root,
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
              resolveDir: root,
              loader: 'js',
            };
          });
        },
      },
    ],
  });
  return new Map(outputFiles.map((file) => [file.path.replace(/^\/out\//, VENDOR), file.text]));
}

/** The server-rendered element, by a Node process of its own (the SSR shims stay out of this one). */
const renderOnServer = async (markup) =>
  (await run(process.execPath, [join(root, 'test/helpers/interop/ssr.mjs'), markup], { cwd: root })).stdout;

export function interopPlugin() {
  let react;
  const tsxConfig = withOptions({ jsx: 'react-jsx' });
  const angularConfig = withOptions({ experimentalDecorators: true, useDefineForClassFields: false });

  return {
    name: 'interop',

    resolveImport({ source, context }) {
      if (REACT_MODULES.includes(source)) return `${VENDOR}${source}.js`;
      if (source == 'vue') return '/node_modules/vue/dist/vue.esm-browser.js';
      // As @web/dev-server-esbuild does for .ts: `./x.js` means `./x.ts` when that exists.
      if (context.path.endsWith('.tsx') && source.startsWith('.') && source.endsWith('.js')) {
        const asTs = source.slice(0, -3) + '.ts';
        try {
          readFileSync(join(root, dirname(context.path), asTs));
          return asTs;
        } catch {
          return undefined;
        }
      }
    },

    async serve(context) {
      if (!context.path.startsWith(VENDOR)) return;
      react ??= bundleReact();
      const body = (await react).get(context.path);
      return body === undefined ? undefined : { body, type: 'js' };
    },

    resolveMimeType(context) {
      if (context.path.endsWith('.svelte') || context.path.endsWith('.tsx')) return 'js';
    },

    async transform(context) {
      const file = join(root, context.path);
      const sourcefile = relative(root, file);
      if (context.path.endsWith('.svelte')) {
        const { compile } = await import('svelte/compiler');
        const { js } = compile(context.body, { filename: sourcefile, generate: 'client', dev: true });
        return { body: js.code };
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
          body = body.replace(comment, await renderOnServer(markup));
        }
        return { body };
      }
    },
  };
}
