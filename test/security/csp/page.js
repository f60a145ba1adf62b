// The page under a strict Content-Security-Policy (see test/security/server.mjs for the
// header). It loads the element from a same-origin script and runs the flow that the test
// in the parent window drives by postMessage, then reports what the policy blocked.
// Plain JavaScript on purpose: nothing here is transformed by the test server.
const violations = [];
document.addEventListener('securitypolicyviolation', (event) =>
  violations.push({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile,
    disposition: event.disposition,
  }),
);

const post = (message) => parent.postMessage(message, location.origin);
let el;

/** Each probe does one thing the policy must stop, and says whether it was stopped. */
const probes = {
  eval: () => {
    try {
      return (0, eval)('1') === 1 ? 'allowed' : 'blocked';
    } catch {
      return 'blocked';
    }
  },
  inlineScript: () => {
    window.__inlineRan = false;
    try {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true'; // a Trusted Types sink, too
      document.head.append(script);
    } catch {
      return 'blocked';
    }
    return window.__inlineRan ? 'allowed' : 'blocked';
  },
  connectElsewhere: async () => {
    try {
      await fetch('/sim/inbox', { cache: 'no-store' });
      return 'allowed';
    } catch {
      return 'blocked';
    }
  },
  styleAttribute: () => {
    const div = document.createElement('div');
    div.setAttribute('style', 'width: 123px');
    document.body.append(div);
    const width = getComputedStyle(div).width;
    div.remove();
    return width == '123px' ? 'allowed' : 'blocked';
  },
  htmlSink: () => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return 'allowed';
    } catch {
      return 'blocked';
    }
  },
  otherPolicy: () => {
    if (!('trustedTypes' in window)) return 'unsupported';
    try {
      trustedTypes.createPolicy('not-allowed-here', { createHTML: (s) => s });
      return 'allowed';
    } catch {
      return 'blocked';
    }
  },
};

const emit = (type) => (event) =>
  post({ type: 'event', event: type, detail: { ...event.detail, ...(event.detail.token && { token: '(an accessToken)' }) } });

addEventListener('message', async ({ data, origin }) => {
  if (origin != location.origin) return;
  if (data.type == 'load') {
    // Several scripts: each loaded in turn; an error in one is reported, the rest still load.
    const errors = [];
    for (const script of [].concat(data.script)) {
      try {
        await import(script);
      } catch (error) {
        errors.push(`${script}: ${error}`);
      }
    }
    await customElements.whenDefined('authsignal-whatsapp-challenge');
    post({ type: 'loaded', trustedTypes: 'trustedTypes' in window, ...(errors.length && { error: errors.join('; ') }) });
  } else if (data.type == 'start') {
    el = document.createElement('authsignal-whatsapp-challenge');
    el.baseUrl = data.api;
    el.token = data.token;
    for (const type of ['challenge-started', 'challenge-verified', 'challenge-error']) el.addEventListener(type, emit(type));
    document.body.append(el);
    await el.updateComplete;
    el.shadowRoot.querySelector('[part~="button"]').click();
  } else if (data.type == 'code') {
    const input = el.shadowRoot.querySelector('[part~="code-input"]');
    input.value = data.code;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: data.code }));
  } else if (data.type == 'inspect') {
    await el.updateComplete;
    const root = el.shadowRoot;
    const message = root.querySelector('[part~="message"]');
    post({
      type: 'inspected',
      state: el.state,
      violationsDuringFlow: violations.slice(),
      adoptedStyleSheets: root.adoptedStyleSheets?.length ?? 0,
      styleElements: root.querySelectorAll('style').length,
      // The element's own css applied: its message is bold ("font-weight: 600" on .done).
      messageWeight: message ? getComputedStyle(message).fontWeight : '',
      hostDisplay: getComputedStyle(el).display,
    });
  } else if (data.type == 'probe') {
    const before = violations.length;
    const results = {};
    for (const [name, probe] of Object.entries(probes)) {
      try {
        results[name] = await probe();
      } catch (error) {
        results[name] = `probe failed: ${error}`;
      }
    }
    // Reports arrive as events a moment after the blocked action.
    await new Promise((resolve) => setTimeout(resolve, 100));
    post({ type: 'probed', results, violations: violations.slice(before) });
  }
});

post({ type: 'ready' });
