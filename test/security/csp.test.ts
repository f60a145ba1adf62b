/**
 * Strict Content-Security-Policy and Trusted Types. The test runner's own page injects
 * inline scripts, so the policy goes on a separate page (test/security/csp/page.html, its
 * header set by test/security/server.mjs) loaded in an iframe; this test drives it by
 * postMessage. The API is the simulator on the *other* loopback origin, so connect-src
 * names exactly one cross-origin API path and nothing else.
 *
 * The whole flow must work (start, the code from the simulator's inbox, verify) with no
 * `securitypolicyviolation`, and probes prove each engine really enforced the policy.
 */
import { expect } from '@open-wc/testing';
import { CROSS_ORIGIN_SIM_API, inbox, newToken } from '../helpers/sim.js';

const PAGE = '/test/security/csp/page.html';

/** The builds a site may load: the esbuild production bundle, the dev source, the CDN file. */
const BUILDS = {
  'production bundle of src/ (Lit included)': '/test/security/csp/bundle.js',
  'source through the test server (Lit dev build)': '/src/define.ts',
  'dist/authsignal-whatsapp-challenge.min.js': '/dist/authsignal-whatsapp-challenge.min.js',
};

const engine = () => {
  const ua = navigator.userAgent;
  return /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chromium' : 'WebKit';
};

/** An iframe with the CSP page, and a way to talk to it. */
const openPage = async (query = '') => {
  const frame = document.createElement('iframe');
  const messages: any[] = [];
  const waiters: { test: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  const onMessage = (event: MessageEvent) => {
    if (event.source != frame.contentWindow) return;
    messages.push(event.data);
    for (const waiter of waiters.splice(0)) {
      if (waiter.test(event.data)) waiter.resolve(event.data);
      else waiters.push(waiter);
    }
  };
  addEventListener('message', onMessage);
  const next = (test: (m: any) => boolean, what: string, ms = 10_000) =>
    new Promise<any>((resolve, reject) => {
      const found = messages.find(test);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no "${what}" from the CSP page; got ${JSON.stringify(messages).slice(0, 500)}`)), ms);
      waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  const ready = next((m) => m.type == 'ready', 'ready');
  frame.src = PAGE + query;
  document.body.append(frame);
  await ready;
  return {
    send: (message: object) => frame.contentWindow!.postMessage(message, location.origin),
    next,
    messages,
    close: () => {
      removeEventListener('message', onMessage);
      frame.remove();
    },
  };
};

describe('security: strict Content-Security-Policy and Trusted Types', () => {
  it('serves the test page with the strict policy, naming only the API in connect-src', async () => {
    const response = await fetch(PAGE, { cache: 'no-store' });
    const policy = response.headers.get('Content-Security-Policy') ?? '';
    console.log(`[csp] ${engine()}: Content-Security-Policy: ${policy}`);
    expect(policy).to.include("default-src 'none'");
    expect(policy).to.include("script-src 'self'");
    expect(policy).to.include(`connect-src ${CROSS_ORIGIN_SIM_API}/`);
    expect(policy).to.include("require-trusted-types-for 'script'");
    expect(policy).to.include('trusted-types lit-html');
    expect(policy).not.to.match(/unsafe-(inline|eval|hashes)|wasm-unsafe-eval|style-src|\*/);
  });

  for (const [build, script] of Object.entries(BUILDS)) {
    it(`runs the whole flow with no violation: ${build}`, async function () {
      this.timeout(30_000);
      if (script.startsWith('/dist/')) {
        const built = await fetch(script, { method: 'HEAD', cache: 'no-store' });
        // `npm test` does not build; CI runs the size check (which builds) afterwards.
        if (!built.ok) {
          console.log(`[csp] ${engine()}: ${script} not built (npm run build); skipped`);
          this.skip();
        }
      }
      const token = await newToken();
      const page = await openPage();
      try {
        page.send({ type: 'load', script });
        const loaded = await page.next((m) => m.type == 'loaded', 'loaded');
        expect(loaded.error, 'loading the element').to.equal(undefined);

        page.send({ type: 'start', token, api: CROSS_ORIGIN_SIM_API });
        const started = await page.next((m) => m.type == 'event', 'challenge-started');
        expect(started.event, JSON.stringify(started.detail)).to.equal('challenge-started');
        const [message] = await inbox(token);
        page.send({ type: 'code', code: message!.code });
        const verified = await page.next((m) => m.type == 'event' && m != started, 'challenge-verified');
        expect(verified.event, JSON.stringify(verified.detail)).to.equal('challenge-verified');

        page.send({ type: 'inspect' });
        const inspected = await page.next((m) => m.type == 'inspected', 'inspected');
        expect(inspected.state).to.equal('verified');
        expect(inspected.violationsDuringFlow, 'violations during the flow').to.deep.equal([]);
        // Lit's css goes in through adoptedStyleSheets, which style-src does not govern.
        expect(inspected.styleElements, '<style> elements in the shadow root').to.equal(0);
        expect(inspected.adoptedStyleSheets).to.be.greaterThan(0);
        expect(inspected.messageWeight, "the element's own css applied").to.be.oneOf(['600', 'bold']);
        expect(inspected.hostDisplay).to.equal('block');

        page.send({ type: 'probe' });
        const { results, violations } = await page.next((m) => m.type == 'probed', 'probed');
        // Proof that this engine enforced the policy on the same page the flow just passed on.
        expect(results.eval, 'eval').to.equal('blocked');
        expect(results.inlineScript, 'an inline script').to.equal('blocked');
        expect(results.connectElsewhere, 'fetch outside connect-src').to.equal('blocked');
        expect(results.styleAttribute, 'a style attribute (no style-src)').to.equal('blocked');
        const directives: string[] = [...new Set<string>(violations.map((v: { directive: string }) => v.directive))].sort();
        // Engines name the directive differently (script-src or script-src-elem, style-src or style-src-attr).
        expect(directives).to.include('connect-src');
        // With Trusted Types enforced, eval and script text are stopped (and reported) by it first.
        expect(directives.some((d) => d.startsWith('script-src') || d == 'require-trusted-types-for'), directives.join()).to.equal(true);
        expect(directives.some((d) => d.startsWith('style-src')), directives.join()).to.equal(true);
        const trustedTypes = loaded.trustedTypes
          ? results.htmlSink == 'blocked' && results.otherPolicy == 'blocked'
            ? 'enforced'
            : `supported but not enforced (${JSON.stringify(results)})`
          : 'not supported';
        if (loaded.trustedTypes) {
          expect(results.htmlSink, 'innerHTML with a string (Trusted Types)').to.equal('blocked');
          expect(results.otherPolicy, 'a policy other than lit-html').to.equal('blocked');
          expect(directives).to.include('require-trusted-types-for');
        }
        console.log(
          `[csp] ${engine()} ${build}: flow passed, 0 violations; enforced: ${directives.join(', ')}; Trusted Types: ${trustedTypes}; styles via ${inspected.adoptedStyleSheets} adopted sheet(s), no style-src needed`,
        );
      } finally {
        page.close();
      }
    });
  }

  describe('two copies of Lit on one page (the npm build and the CDN file)', () => {
    const scripts = [BUILDS['production bundle of src/ (Lit included)'], BUILDS['source through the test server (Lit dev build)']];

    it("work with trusted-types lit-html 'allow-duplicates'", async function () {
      this.timeout(30_000);
      const token = await newToken();
      const page = await openPage('?duplicates=allow');
      try {
        page.send({ type: 'load', script: scripts });
        const loaded = await page.next((m) => m.type == 'loaded', 'loaded');
        expect(loaded.error, 'loading both copies').to.equal(undefined);
        page.send({ type: 'start', token, api: CROSS_ORIGIN_SIM_API });
        const started = await page.next((m) => m.type == 'event', 'challenge-started');
        expect(started.event, JSON.stringify(started.detail)).to.equal('challenge-started');
        page.send({ type: 'inspect' });
        const inspected = await page.next((m) => m.type == 'inspected', 'inspected');
        expect(inspected.violationsDuringFlow).to.deep.equal([]);
      } finally {
        page.close();
      }
    });

    it("stop the second copy without 'allow-duplicates' where Trusted Types are enforced; the first keeps working", async function () {
      this.timeout(30_000);
      const token = await newToken();
      const page = await openPage();
      try {
        page.send({ type: 'load', script: scripts });
        const loaded = await page.next((m) => m.type == 'loaded', 'loaded');
        page.send({ type: 'start', token, api: CROSS_ORIGIN_SIM_API });
        const started = await page.next((m) => m.type == 'event', 'challenge-started');
        expect(started.event, JSON.stringify(started.detail)).to.equal('challenge-started');
        page.send({ type: 'inspect' });
        const inspected = await page.next((m) => m.type == 'inspected', 'inspected');
        const refused = inspected.violationsDuringFlow.filter((v: { directive: string }) => v.directive == 'trusted-types');
        console.log(`[csp] ${engine()}: a second copy of Lit under "trusted-types lit-html": ${loaded.error ? `refused (${refused.length} trusted-types report(s))` : 'loaded'}`);
        if (loaded.trustedTypes) expect(loaded.error, 'the second copy').to.match(/lit-html|policy|Trusted|TypeError/i);
        expect(inspected.violationsDuringFlow.filter((v: { directive: string }) => v.directive != 'trusted-types')).to.deep.equal([]);
      } finally {
        page.close();
      }
    });
  });
});
