/**
 * Hostile content: every string a server sends (errorDescription, failureReason, error,
 * errorCode, challengeId, fields nobody asked for) is inert text. Nothing is injected, no
 * script runs, no attribute takes its value; long text is cut and does not break the layout.
 */
import { expect, fixture, html } from '@open-wc/testing';
import fc from 'fast-check';
import sinon from 'sinon';
import '../../src/define.js';
import type { AuthsignalWhatsappChallenge } from '../../src/authsignal-whatsapp-challenge.js';
import { SIM_API, newToken, scriptFaults } from '../helpers/sim.js';
import { failure, FailureTrap, fuzzParameters, macrotask } from './helpers/fuzz.js';
import { errorForStatus } from './helpers/oracle.js';
import { FakeServer, type Answer } from './helpers/fake-server.js';
import { PAYLOADS, injectionProblems, installXssTrap } from './helpers/payloads.js';

type El = AuthsignalWhatsappChallenge;

/** Server text is cut to this many characters (README: "cut at 200 characters"). */
const MAX_SHOWN = 200;
/**
 * Errors the element describes in its own words (DESIGN.md section 2: every known failure is
 * told in the element's language): these codes, and any answer of 401, 403, 404 or 5xx. For
 * any other, the server's description is shown.
 */
const OWN_WORDS = new Set(['verification_failed', 'too_many_requests', 'invalid_code', 'network_error', 'timeout', 'expired_token', 'invalid_token', 'unauthorized', 'invalid_request', 'forbidden', 'not_found', 'token_required', 'token_unavailable', 'invalid_configuration']);
const toldInOwnWords = (code: string, status: number) => OWN_WORDS.has(code) || [401, 403, 404].includes(status) || status >= 500;

const part = (el: El, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const errorText = (el: El) => part(el, 'error')?.textContent ?? '';

/** Everything that could carry a payload into the page, besides the rendered shadow root. */
const lightDomProblems = (el: El, container: Element) => {
  const problems: string[] = [];
  if (el.children.length) problems.push(`the element got children: ${el.innerHTML.slice(0, 80)}`);
  if (container.children.length != 1) problems.push('the container got other children');
  for (const { name } of el.attributes) {
    if (!/^(base-url|state|lang|disabled|start-only|timeout|code-length|resend-cooldown|region)$/.test(name)) problems.push(`attribute ${name} on the element`);
  }
  return problems;
};

const jsonAnswer = (status: number, body: unknown): Answer => ({
  interim: [],
  kind: 'response',
  status,
  headers: [['Content-Type', 'application/json']],
  body: { kind: 'text', text: JSON.stringify(body) },
});

describe('security: hostile server content', () => {
  afterEach(() => sinon.restore());

  it('shows any server string as inert text, cut to 200 characters (fuzz)', async function () {
    this.timeout(600_000);
    const { parameters, report } = await fuzzParameters('hostile content: server strings stay inert text');
    const xss = installXssTrap();
    const trap = new FailureTrap().install();
    const server = new FakeServer();
    sinon.stub(window, 'fetch').callsFake(server.fetch);
    const known = ['invalid_request', 'too_many_requests', 'expired_token', 'network_error', 'timeout', 'verification_failed', 'invalid_code'];
    const protoKeys = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];
    const hostile = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...PAYLOADS) },
      { weight: 3, arbitrary: fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 20 })).map((p) => p.join('')) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PAYLOADS), fc.integer({ min: 5, max: 60 })).map(([p, n]) => p.repeat(n)) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    );
    const field = fc.option(hostile, { nil: undefined, freq: 5 });
    const scenario = fc.record({
      stage: fc.constantFrom('start', 'verify', 'started'),
      status: fc.oneof(fc.integer({ min: 400, max: 599 }), fc.constantFrom(400, 401, 403, 429, 500, 503)),
      error: fc.oneof(hostile, fc.constantFrom(...known, ...protoKeys)),
      errorCode: fc.option(fc.oneof(hostile, fc.constantFrom(...protoKeys)), { nil: undefined, freq: 3 }),
      errorDescription: field,
      failureReason: hostile,
      extraKey: fc.oneof(fc.constantFrom('message', 'html', 'detail', '__proto__', 'constructor'), hostile),
      extra: hostile,
      challengeId: hostile.filter((id) => id.length > 0),
      /** verify: answered "wrong code" (200) rather than with an error status. */
      wrongCode: fc.boolean(),
    });
    let cases = 0;
    const container = document.createElement('div');
    container.style.width = '320px';
    document.body.append(container);
    let shared: El | undefined;
    try {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          cases++;
          // One element for many cases; a new one after a 429, whose countdown outlives reset().
          if (!shared || shared.shadowRoot!.querySelector('[part~="countdown"]')) {
            shared?.remove();
            shared = document.createElement('authsignal-whatsapp-challenge') as El;
            Object.assign(shared, { token: 'hostile-content-token', baseUrl: 'https://api.example.test/v1/client', resendCooldown: 0 });
            container.append(shared);
          }
          const el = shared;
          el.reset();
          // A token of its own for each case: one a 401 refused is dead, and never sent again.
          el.token = `hostile-content-token-${cases}`;
          try {
            await el.updateComplete;
            const answerNext = async (answer: Answer, action: () => Promise<unknown>) => {
              const before = server.calls.length;
              const outcome = action();
              // The request goes out after the flow's first await: a few microtasks.
              for (let i = 0; i < 20 && server.calls.length == before; i++) await Promise.resolve();
              server.calls[before]?.respond(answer);
              await outcome;
              await el.updateComplete;
            };
            const extra = JSON.parse(`{${JSON.stringify(s.extraKey)}:${JSON.stringify(s.extra)}}`);
            const errorBody = {
              ...extra,
              error: s.error,
              ...(s.errorCode !== undefined && { errorCode: s.errorCode }),
              ...(s.errorDescription !== undefined && { errorDescription: s.errorDescription }),
              failureReason: s.failureReason,
            };
            if (s.stage == 'start') {
              await answerNext(jsonAnswer(s.status, errorBody), () => el.start());
            } else {
              await answerNext(jsonAnswer(200, { ...extra, challengeId: s.challengeId }), () => el.start());
              if (s.stage == 'verify') {
                const wrong = jsonAnswer(200, { ...extra, isVerified: false, failureReason: s.failureReason });
                await answerNext(s.wrongCode ? wrong : jsonAnswer(s.status, errorBody), () => el.verify('123456'));
              }
            }
            const strings = [s.error, s.errorCode, s.errorDescription, s.failureReason, s.extra, s.extraKey, s.challengeId].filter(
              (v): v is string => typeof v == 'string',
            );
            const problems = [...injectionProblems(el.shadowRoot!, strings), ...lightDomProblems(el, container)];

            // The description is shown, verbatim and cut, exactly when the error is not one
            // the element words itself (a code like "constructor" is not one of those).
            const shown = errorText(el);
            const errorAnswered = s.stage == 'start' || (s.stage == 'verify' && !s.wrongCode);
            // As the client decides: the server's code, else what the status means.
            const code = [s.errorCode, s.error].find((v) => typeof v == 'string' && v) ?? errorForStatus(s.status);
            if (!errorAnswered) {
              // A start that worked shows no error; a wrong code is told in the element's words.
              if (s.stage == 'started' ? shown != '' : shown == '' || (s.failureReason.length > 3 && shown.includes(s.failureReason))) {
                problems.push(`error text ${JSON.stringify(shown.slice(0, 80))} after ${s.stage}`);
              }
            } else if (!toldInOwnWords(code, s.status) && s.errorDescription) {
              if (shown != s.errorDescription.slice(0, MAX_SHOWN)) {
                problems.push(`error text ${JSON.stringify(shown.slice(0, 80))}, expected the description ${JSON.stringify(s.errorDescription.slice(0, 80))}`);
              }
            } else if (!shown || (s.errorDescription && s.errorDescription.length > 3 && shown.includes(s.errorDescription))) {
              problems.push(`error text ${JSON.stringify(shown.slice(0, 80))}: expected the element's own words for ${code || s.status}`);
            }
            if (shown.length > MAX_SHOWN + 100) problems.push(`error text of ${shown.length} characters`);
            // Payload markers never show up outside the one place server text may appear.
            const elsewhere = [...el.shadowRoot!.querySelectorAll('*')]
              .filter((node) => !node.closest('[part~="error"]') && node.children.length == 0)
              .map((node) => node.textContent ?? '')
              .join(' ');
            if (elsewhere.includes('__xss')) problems.push('a payload is shown outside the error message');
            if (problems.length) throw failure(problems.join('\n'));
          } catch (error) {
            // Shrinking replays cases: start each replay from a fresh element.
            el.remove();
            shared = undefined;
            throw error;
          }
        }),
        parameters,
      );
      // Handlers such as onerror on a broken image would run a moment later.
      for (let i = 0; i < 20; i++) await macrotask();
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      container.remove();
      trap.uninstall();
      xss.uninstall();
    }
    report(cases);
    expect(xss.hits, 'payloads that ran').to.deep.equal([]);
    expect(trap.failures).to.deep.equal([]);
  });

  it(`shows an error code named like an Object member ("constructor", "__proto__", …) as the server's description`, async () => {
    const server = new FakeServer();
    sinon.stub(window, 'fetch').callsFake(server.fetch);
    const el = await fixture<El>(html`<authsignal-whatsapp-challenge base-url="https://api.example.test/v1/client" .token=${'t'}></authsignal-whatsapp-challenge>`);
    const shown: [string, string][] = [];
    for (const error of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      el.reset();
      const before = server.calls.length;
      const outcome = el.start();
      for (let i = 0; i < 20 && server.calls.length == before; i++) await Promise.resolve();
      server.calls.at(-1)!.respond(jsonAnswer(400, { error, errorDescription: `The server says: ${error}` }));
      await outcome;
      await el.updateComplete;
      shown.push([error, errorText(el)]);
    }
    expect(shown).to.deep.equal([
      ['__proto__', 'The server says: __proto__'],
      ['constructor', 'The server says: constructor'],
      ['toString', 'The server says: toString'],
      ['valueOf', 'The server says: valueOf'],
      ['hasOwnProperty', 'The server says: hasOwnProperty'],
    ]);
  });

  it(`keeps all ${PAYLOADS.length} classic payloads inert in every field, over real HTTP`, async function () {
    this.timeout(60_000);
    const xss = installXssTrap();
    const token = await newToken();
    const container = document.createElement('div');
    container.style.width = '320px';
    document.body.append(container);
    const el = document.createElement('authsignal-whatsapp-challenge') as El;
    Object.assign(el, { token, baseUrl: SIM_API, resendCooldown: 0 });
    container.append(el);
    // Anything added anywhere in the document or the shadow root while the payloads arrive.
    const added: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        // An element's markup without its text: server text shown as text (escaped, in the
        // dir="auto" span the element makes for it) is expected; markup from it is not.
        for (const node of record.addedNodes) {
          if (node.nodeType == Node.ELEMENT_NODE) {
            const copy = node.cloneNode(true) as Element;
            for (const text of [...copy.querySelectorAll('*'), copy].flatMap((e) => [...e.childNodes]).filter((n) => n.nodeType == Node.TEXT_NODE)) text.remove();
            added.push(copy.outerHTML.slice(0, 80));
          }
        }
        if (record.type == 'attributes' && record.target != el) {
          const value = (record.target as Element).getAttribute(record.attributeName!) ?? '';
          if (value.includes('__xss')) added.push(`attribute ${record.attributeName}="${value.slice(0, 60)}"`);
        }
      }
    });
    const problems: string[] = [];
    try {
      await el.updateComplete;
      observer.observe(document, { childList: true, subtree: true, attributes: true });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true, attributes: true });
      // Every answer queued up front, in the order the steps below ask for them.
      await scriptFaults(
        token,
        ...PAYLOADS.flatMap((payload) => [
          { route: 'challenge' as const, status: 400, body: { error: 'upstream_rejected', errorCode: payload, errorDescription: payload, failureReason: payload, [payload]: payload } },
          { route: 'challenge' as const, status: 502, rawBody: `<!doctype html><title>${payload}</title><body>${payload}`, headers: { 'Content-Type': 'text/html' } },
          { route: 'challenge' as const, status: 200, body: { challengeId: payload, message: payload } },
          { route: 'verify' as const, status: 200, body: { isVerified: false, failureReason: payload, errorDescription: payload } },
        ]),
      );
      for (const payload of PAYLOADS) {
        el.reset();
        const first = await el.start();
        await el.updateComplete;
        if (errorText(el) != payload.slice(0, MAX_SHOWN)) problems.push(`${payload}: shown as ${JSON.stringify(errorText(el))}`);
        if ((first as { error?: string }).error != payload) problems.push(`${payload}: error ${JSON.stringify(first)}`);
        const second = await el.start();
        await el.updateComplete;
        if ((second as { error?: string }).error != 'server_error' || errorText(el).includes('__xss')) problems.push(`${payload}: HTML error page ${JSON.stringify(second)} ${errorText(el)}`);
        const started = await el.start();
        if ((started as { challengeId?: string }).challengeId != payload) problems.push(`${payload}: start ${JSON.stringify(started)}`);
        await el.updateComplete;
        const wrong = await el.verify('123456');
        await el.updateComplete;
        if ((wrong as { failureReason?: string }).failureReason != payload) problems.push(`${payload}: verify ${JSON.stringify(wrong)}`);
        if (errorText(el).includes('__xss')) problems.push(`${payload}: failureReason shown`);
        problems.push(...injectionProblems(el.shadowRoot!, [payload]), ...lightDomProblems(el, container));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      observer.disconnect();
      container.remove();
      xss.uninstall();
    }
    // Lit adds and removes its own nodes as the steps change; none may come from a payload.
    expect(added.filter((html) => html.includes('__xss') || /<(img|svg|script|iframe|a|object|embed|style|link|meta|base|math|video|details|marquee|template|x)\b/i.test(html))).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
    expect(xss.hits, 'payloads that ran').to.deep.equal([]);
  });

  it('cuts long server text between characters, never inside an emoji (no lone surrogate on screen)', async () => {
    const token = await newToken();
    const el = await fixture<El>(html`<authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>`);
    const text = `${'a'.repeat(199)}\u{1F600} more`;
    await scriptFaults(token, { route: 'challenge', status: 422, body: { error: 'upstream_rejected', errorDescription: text } });
    expect(await el.start()).to.deep.include({ stage: 'start', error: 'upstream_rejected', status: 422 });
    await el.updateComplete;
    const shown = errorText(el).trim();
    expect(shown.startsWith('a'.repeat(199)), `shown: ${JSON.stringify(shown)}`).to.equal(true);
    expect(text.startsWith(shown), `shown is the start of the server text: ${JSON.stringify(shown)}`).to.equal(true);
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    expect(lone.test(shown), `a lone surrogate in ${JSON.stringify(shown.slice(190))}`).to.equal(false);
  });

  describe('long server text', () => {
    const LONG = {
      'one 5,000-character word': 'W'.repeat(5000),
      'a long URL': `https://example.com/${'segment/'.repeat(600)}`,
      'emoji ZWJ sequences': '👩‍👩‍👧‍👦'.repeat(800),
      'combining marks (zalgo)': `Z${'\u0336\u0335\u0334\u0301\u0300'.repeat(40)}a`.repeat(60),
      'Arabic without spaces': 'مرحبابالعالم'.repeat(400),
      'right-to-left override': `\u202e${'evil.exe'.repeat(400)}`,
      'CJK without spaces': '验证码错误'.repeat(1000),
      'payloads, repeated': PAYLOADS.join('').repeat(20),
    };

    for (const width of [320, 180]) {
      it(`is cut and stays inside a ${width}px container`, async function () {
        this.timeout(30_000);
        const token = await newToken();
        const container = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"></div>`);
        const el = document.createElement('authsignal-whatsapp-challenge') as El;
        Object.assign(el, { token, baseUrl: SIM_API });
        container.append(el);
        await el.updateComplete;
        const problems: string[] = [];
        for (const [name, text] of Object.entries(LONG)) {
          el.reset();
          await scriptFaults(token, { route: 'challenge', status: 400, body: { error: 'upstream_rejected', errorDescription: text } });
          await el.start();
          await el.updateComplete;
          const shown = errorText(el);
          if (shown != text.slice(0, MAX_SHOWN)) problems.push(`${name}: not cut to ${MAX_SHOWN} (${shown.length})`);
          const box = container.getBoundingClientRect();
          const host = el.getBoundingClientRect();
          if (host.width > box.width + 0.5) problems.push(`${name}: the element is ${host.width}px wide`);
          for (const node of el.shadowRoot!.querySelectorAll<HTMLElement>('*')) {
            const rect = node.getBoundingClientRect();
            if (rect.width && (rect.left < box.left - 0.5 || rect.right > box.right + 0.5)) {
              problems.push(`${name}: <${node.tagName.toLowerCase()} part=${node.getAttribute('part')}> spans ${rect.left}-${rect.right}, container ${box.left}-${box.right}`);
            }
          }
          const error = part(el, 'error')!;
          if (error.scrollWidth > error.clientWidth + 1) problems.push(`${name}: the error text overflows (${error.scrollWidth} > ${error.clientWidth})`);
        }
        expect(problems).to.deep.equal([]);
      });
    }
  });
});
