// The reference for `npm run bench`: a hand-written custom element, no library, that renders
// the same shadow DOM as <authsignal-whatsapp-challenge> in its idle state (the same parts,
// slots, live regions and the very same stylesheet), and on click POSTs the same request and
// dispatches `challenge-started`. It is what the Lit element is compared with: the cost of
// the UI itself, without the library and without the element's features.
import css from './element-styles.js'; // scripts/bench.mjs puts the element's own CSS text here

// Made on first use, as Lit makes an element's stylesheet when the first instance connects.
let sheet;

const template = document.createElement('template');
template.innerHTML =
  '<div part="base" dir="ltr" lang="en"><slot name="heading"></slot>' +
  '<button part="button" aria-busy="false"><slot>Send code on WhatsApp</slot> </button>' +
  '<p part="error" id="error" role="alert"></p><p part="status" role="status"></p></div>';

export class VanillaWhatsappButton extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
    root.append(template.content.cloneNode(true));
    root.querySelector('button').addEventListener('click', () => this.start());
    this.setAttribute('state', 'idle');
  }

  start() {
    const base = this.getAttribute('base-url');
    return fetch(base + '/challenge/whatsapp', {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.getAttribute('token')}`, 'Content-Type': 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    })
      .then((response) => response.json())
      .then(({ challengeId }) => {
        this.dispatchEvent(new CustomEvent('challenge-started', { detail: { challengeId }, bubbles: true, composed: true }));
      });
  }
}

customElements.define('vanilla-whatsapp-button', VanillaWhatsappButton);
