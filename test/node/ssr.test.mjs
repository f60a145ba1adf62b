// Node and server-side rendering: importing the package and the script-tag file in Node
// does not throw, and @lit-labs/ssr renders the element to declarative shadow DOM. (That a
// browser hydrates this output: test/interop/ssr-hydration.test.html.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { renderToString } from '../helpers/interop/ssr.mjs';
import { requireBuild, root } from './dist.mjs';

/** Runs an ES module snippet in a fresh Node process (a clean global scope each time). */
async function inNode(code) {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], { cwd: root });
  return { stdout: stdout.trim(), stderr: stderr.trim() };
}

describe('in Node', () => {
  before(requireBuild);

  it('imports the package without throwing; the element is registered in Lit’s server registry', async () => {
    const { stdout, stderr } = await inNode(`
      const m = await import('authsignal-whatsapp-challenge');
      console.log(typeof m.AuthsignalWhatsappChallenge, customElements.get(m.TAG_NAME) === m.AuthsignalWhatsappChallenge);`);
    assert.equal(stdout, 'function true');
    assert.equal(stderr, '');
  });

  for (const specifier of [
    'authsignal-whatsapp-challenge/authsignal-whatsapp-challenge.min.js',
    './dist/authsignal-whatsapp-challenge.min.js',
  ]) {
    it(`imports the self-contained script-tag file (${specifier}) without throwing, defining nothing`, async () => {
      const { stdout, stderr } = await inNode(`
        const m = await import('${specifier}');
        console.log(m.TAG_NAME, typeof m.AuthsignalWhatsappChallenge, typeof customElements, typeof HTMLElement, typeof document);`);
      // No DOM in Node: nothing to define in, and the file leaves the globals alone.
      assert.equal(stdout, 'authsignal-whatsapp-challenge function undefined undefined undefined');
      assert.equal(stderr, '');
    });
  }

  it('imports the client, the locales and the framework typings’ modules without throwing', async () => {
    const { stderr } = await inNode(`
      await import('authsignal-whatsapp-challenge/client.js');
      await import('authsignal-whatsapp-challenge/locales/es.js');
      await import('authsignal-whatsapp-challenge/types/react');
      await import('authsignal-whatsapp-challenge/types/vue');
      await import('authsignal-whatsapp-challenge/types/svelte');`);
    assert.equal(stderr, '');
  });
});

describe('server-side rendering with @lit-labs/ssr', () => {
  before(requireBuild);

  it('renders the element with a declarative shadow root: styles, the send button, its parts', async () => {
    const html = await renderToString('<authsignal-whatsapp-challenge region="eu"></authsignal-whatsapp-challenge>');
    // [^>]*: further shadow root options (shadowrootdelegatesfocus: a <label for> focuses the send button).
    assert.match(html, /<authsignal-whatsapp-challenge\s+region="eu"><template shadowroot="open" shadowrootmode="open"[^>]*><style>/);
    assert.match(html, /<button\s+part="button"/);
    // The built-in label follows the default slot (the page gave none here).
    assert.match(html, /<slot\s*><\/slot><!--lit-part-->Send code on WhatsApp<!--\/lit-part-->/);
    for (const name of ['base', 'error', 'status']) assert.match(html, new RegExp(`part="${name}"`));
    // The token is never an attribute the server writes.
    assert.doesNotMatch(html, /token=/);
  });

  it('renders the element’s own lang, with a registered locale', async () => {
    const html = await renderToString('<authsignal-whatsapp-challenge lang="es"></authsignal-whatsapp-challenge>', ['authsignal-whatsapp-challenge/locales/es.js']);
    assert.match(html, /<div part="base" dir="ltr" lang="es">/);
    assert.match(html, /<slot\s*><\/slot><!--lit-part-->Enviar código por WhatsApp<!--\/lit-part-->/);
  });

  it('renders the form-field attributes (name, required, token-url, autosubmit) as given, without throwing', async () => {
    // ElementInternals does not exist on the server: the element must not reach for it there.
    const html = await renderToString(
      '<form><authsignal-whatsapp-challenge name="authsignal_token" token-url="/api/authsignal-token" required autosubmit></authsignal-whatsapp-challenge></form>',
    );
    assert.match(html, /<authsignal-whatsapp-challenge\s[^>]*name="authsignal_token"/);
    assert.match(html, /<authsignal-whatsapp-challenge\s[^>]*token-url="\/api\/authsignal-token"/);
    assert.match(html, /<authsignal-whatsapp-challenge\s[^>]*required/);
    assert.match(html, /<template shadowroot="open" shadowrootmode="open"[^>]*><style>/);
    assert.match(html, /<button\s+part="button"/);
  });

  it('renders a disabled element with its button disabled', async () => {
    const html = await renderToString('<authsignal-whatsapp-challenge disabled></authsignal-whatsapp-challenge>');
    assert.match(html, /<button\s+part="button"\s+disabled/);
  });
});
