// Page side of `npm run bench` (driven by scripts/bench.mjs through puppeteer).
// page.html?subject=element|vanilla|sdk|candidate loads one subject and exposes window.bench.
// Every time is taken with performance.mark/measure (5 µs resolution: the page is
// cross-origin isolated by the bench server's COOP/COEP headers).
const subject = new URLSearchParams(location.search).get('subject');
const SUBJECTS = {
  element: { tag: 'authsignal-whatsapp-challenge', load: () => import('/dist/authsignal-whatsapp-challenge.min.js') },
  vanilla: { tag: 'vanilla-whatsapp-button', load: () => import('./vanilla-element.js') },
  sdk: { tag: null, load: () => import('./sdk.js') }, // @authsignal/browser, bundled by scripts/bench.mjs
  // BENCH_CANDIDATE: another build of the element (say, with a fix), measured beside this one.
  candidate: { tag: 'authsignal-whatsapp-challenge', load: () => import('./candidate.js') },
};
const { tag, load } = SUBJECTS[subject];
const host = document.getElementById('host');
const API = `${location.origin}/api/v1/client`;
// A token shaped like Authsignal's (a JWT), valid until 2100: the element reads its `exp`.
const b64url = (value) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const TOKEN = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'bench', exp: 4102444800 })}.c2lnbmF0dXJl`;

performance.mark('load-start');
const module = await load();
performance.mark('load-end');

/** @authsignal/browser: constructed once, as an app would, with the token set. */
let authsignal;
if (subject == 'sdk') {
  authsignal = new module.Authsignal({ tenantId: 'bench-tenant', baseUrl: `${location.origin}/api/v1` });
  authsignal.setToken(TOKEN);
}

const measure = (name, start, end) => {
  const { duration } = performance.measure(name, start, end);
  performance.clearMarks(start);
  performance.clearMarks(end);
  performance.clearMeasures(name);
  return duration;
};

/** Resolves when every element under host has rendered (Lit) or at once (vanilla). */
const rendered = () => Promise.all(Array.from(host.children, (el) => el.updateComplete));

const newSubject = (attributes = {}) => {
  if (subject == 'sdk') {
    const button = document.createElement('button');
    button.textContent = 'Send code on WhatsApp';
    button.addEventListener('click', () => authsignal.whatsapp.challenge());
    return button;
  }
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries({ token: TOKEN, 'base-url': API, ...attributes })) {
    el.setAttribute(name, value);
  }
  return el;
};

const buttonOf = (el) => (subject == 'sdk' ? el : el.shadowRoot.querySelector('button'));

window.bench = {
  subject,
  crossOriginIsolated,
  loadTime: measure('load', 'load-start', 'load-end'),

  /**
   * Upgrade and first render of n instances, as the HTML parser would create them:
   * `dom` until every instance has rendered its shadow DOM, `layout` also with the style
   * recalculation and layout that the next frame needs (forced synchronously).
   */
  async render(n) {
    performance.mark('render-start');
    host.innerHTML = `<${tag}></${tag}>`.repeat(n);
    await rendered();
    performance.mark('render-dom');
    void host.getBoundingClientRect().height; // style + layout, in and out of the shadow roots
    performance.mark('render-layout');
    const dom = performance.measure('render-dom', 'render-start', 'render-dom').duration;
    const layout = performance.measure('render-layout', 'render-start', 'render-layout').duration;
    performance.clearMarks();
    performance.clearMeasures();
    const count = host.querySelectorAll(tag).length;
    const ok = count == n && Array.from(host.children).every((el) => el.shadowRoot?.querySelector('button'));
    if (!ok) throw new Error(`render(${n}): ${count} instances, not all with a button`);
    return { dom, layout };
  },

  /** A fresh instance, rendered, ready to be clicked; returns its button. */
  async mountForClick(attributes) {
    host.replaceChildren(newSubject(attributes));
    await rendered();
    window.__requests.length = 0;
    return buttonOf(host.firstElementChild);
  },

  /** mountForClick, then the centre of the button in viewport coordinates, for a real click. */
  async mountForMouse() {
    const { left, top, width, height } = (await this.mountForClick()).getBoundingClientRect();
    return { x: left + width / 2, y: top + height / 2 };
  },

  /** The last click: time from the click event to fetch, and how fetch was reached. */
  lastClick() {
    const [request] = window.__requests;
    if (!request) return undefined;
    return { ...request, duration: measure('click-to-request', 'click', 'request') };
  },

  /** True when fetch is called synchronously inside the click handler (no microtask first). */
  async syncCheck() {
    const button = await this.mountForClick();
    button.click(); // from script: no microtask can run before click() returns
    const sync = window.__requests.length > 0;
    await new Promise((resolve) => setTimeout(resolve, 10));
    performance.clearMarks();
    return sync;
  },

  async mountIdle(attributes) {
    host.replaceChildren(newSubject(attributes));
    await rendered();
    return host.firstElementChild.state ?? host.firstElementChild.getAttribute('state');
  },

  /** Starts the flow of the mounted element (fetch is stubbed: answers 200 at once). */
  async startFlow() {
    const el = host.firstElementChild;
    await el.start();
    await el.updateComplete;
    return el.state;
  },

  animations() {
    const el = host.firstElementChild;
    return document.getAnimations().length + (el?.shadowRoot?.getAnimations().length ?? 0);
  },
};
window.benchReady = true;
