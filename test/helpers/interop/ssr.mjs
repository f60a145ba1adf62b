// Server-side rendering of the npm build (dist/) with @lit-labs/ssr, in Node.
//   node test/helpers/interop/ssr.mjs '<authsignal-whatsapp-challenge region="eu"></authsignal-whatsapp-challenge>'
// prints the HTML a server would send: the element with its declarative shadow DOM.
// Used by test/node/ssr.test.mjs and, for the hydration test in the browser, by the test
// server (test/plugins/interop.mjs).
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html, unsafeStatic } from 'lit/static-html.js';
import { fileURLToPath } from 'node:url';
import 'authsignal-whatsapp-challenge';

/** `markup` (static HTML with the element in it) rendered as a server would send it, after importing `modules` (locales). */
export async function renderToString(markup, modules = []) {
  for (const module of modules) await import(module);
  return collectResult(render(html`${unsafeStatic(markup)}`));
}

if (process.argv[1] == fileURLToPath(import.meta.url)) {
  process.stdout.write(await renderToString(process.argv[2] ?? ''));
}
