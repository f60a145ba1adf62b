// The demo page: a real site in miniature. It signs in a demo user (the site's own
// session), the element gets its token from this site's backend (token-url), and once the
// code is verified the page posts the token to the backend, which validates it with
// Authsignal's Server API and answers with what it found. The simulated inbox shows what
// the local simulator "sent" on WhatsApp, and to which number.
import '../src/define.js';
import '../src/locales/es.js';
import '../src/locales/pt-BR.js';
import '../src/locales/fr.js';
import '../src/locales/de.js';
import '../src/locales/hi.js';
import '../src/locales/id.js';
import '../src/locales/ar.js';
import { DEMO_LANGUAGES, DEMO_STRINGS, RIGHT_TO_LEFT, type DemoLanguage, type DemoStrings } from './demo-strings.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const challenge = $<HTMLElementTagNameMap['authsignal-whatsapp-challenge']>('#challenge');

interface PageConfig {
  server: 'simulator' | 'authsignal';
  action: string;
  clientApiPath?: string;
  clientApiUrl?: string;
  region?: string;
}
interface InboxMessage {
  code: string;
  sentAt: string;
  phoneNumber: string | null;
}
interface ValidationAnswer {
  ok: boolean;
  userId?: string;
  action?: string;
  state?: string | null;
  reason?: string;
}

let strings: DemoStrings = DEMO_STRINGS.en;
let config: PageConfig | undefined;
let userId = '';
let lastValidation: ValidationAnswer | 'checking' | undefined;

const log = (name: string, detail: unknown) => {
  const item = document.createElement('li');
  const time = new Date().toLocaleTimeString(document.documentElement.lang);
  item.append(`${time} ${name} `, Object.assign(document.createElement('code'), { textContent: JSON.stringify(detail) }));
  $('#log').prepend(item);
};

/** Puts the page's own text in the chosen language (the element follows `lang` itself). */
function applyLanguage(language: DemoLanguage) {
  strings = DEMO_STRINGS[language];
  document.documentElement.lang = language;
  document.documentElement.dir = RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
  for (const node of document.querySelectorAll<HTMLElement>('[data-text]')) {
    node.textContent = strings[node.dataset.text as keyof DemoStrings];
  }
  showServer();
  showValidation();
  refreshInbox();
}

function showServer() {
  if (!config) return;
  $('#server-name').textContent =
    config.server == 'simulator' ? strings.serverSimulator : `${strings.serverAuthsignal} (${config.region ?? config.clientApiUrl})`;
}

/** The backend's verdict on the verified token: user, action, state, or why it refused. */
function showValidation() {
  const status = $('#backend-status');
  const result = $('#backend-result');
  status.className = '';
  if (!lastValidation || lastValidation == 'checking') {
    status.textContent = lastValidation ? strings.backendChecking : strings.backendWaiting;
    result.hidden = true;
    return;
  }
  const { ok, reason } = lastValidation;
  status.textContent = ok ? strings.backendAccepted : strings.backendRefused;
  status.className = ok ? 'accepted' : 'refused';
  $('#result-user').textContent = lastValidation.userId ?? userId;
  $('#result-action').textContent = lastValidation.action ?? config?.action ?? '';
  $('#result-state').textContent = lastValidation.state ?? '—';
  $('#result-reason').textContent = reason ?? '—';
  result.hidden = false;
}

/** What the simulator "sent" on WhatsApp to the signed-in user, newest first. */
async function refreshInbox() {
  const list = $('#inbox');
  const empty = (text: string) => {
    const item = Object.assign(document.createElement('li'), { className: 'empty', textContent: text });
    list.replaceChildren(item);
  };
  if (config?.server != 'simulator') return empty(config ? strings.inboxReal : strings.inboxEmpty);
  const inbox = await fetch(`/sim/inbox?userId=${encodeURIComponent(userId)}`);
  const { messages: mine } = (await inbox.json()) as { messages: InboxMessage[] };
  if (!mine.length) return empty(strings.inboxEmpty);
  list.replaceChildren(
    ...mine.map((m) => {
      const item = document.createElement('li');
      const to = Object.assign(document.createElement('span'), { className: 'to', dir: 'ltr', textContent: m.phoneNumber ?? '?' });
      item.append(
        Object.assign(document.createElement('span'), { className: 'meta', textContent: `${strings.inboxTo} ` }),
        to,
        Object.assign(document.createElement('span'), { className: 'meta', textContent: ` · ${new Date(m.sentAt).toLocaleTimeString(document.documentElement.lang)}` }),
        document.createElement('br'),
        `${strings.inboxMessage} `,
        Object.assign(document.createElement('span'), { className: 'code', dir: 'ltr', textContent: m.code }),
      );
      return item;
    }),
  );
}

/** Posts the verified token to the backend, as a site does before it lets the person in. */
async function validateOnBackend(token: string) {
  lastValidation = 'checking';
  showValidation();
  const response = await fetch('/api/authsignal/validate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  lastValidation = (await response.json()) as ValidationAnswer;
  log('backend validate', lastValidation);
  showValidation();
}

challenge.addEventListener('challenge-started', (event) => {
  log('challenge-started', event.detail);
  refreshInbox();
});
challenge.addEventListener('challenge-verified', (event) => {
  log('challenge-verified', { ...event.detail, token: `${event.detail.token.slice(0, 12)}…` });
  validateOnBackend(event.detail.token);
});
challenge.addEventListener('challenge-error', (event) => log('challenge-error', event.detail));

// Language and colours apply at once and never restart the flow: the element keeps its
// state when only its language changes.
$<HTMLSelectElement>('#lang').addEventListener('change', (event) => {
  const language = (event.target as HTMLSelectElement).value as DemoLanguage;
  challenge.lang = language;
  applyLanguage(language);
});
$<HTMLSelectElement>('#scheme').addEventListener('change', (event) => {
  document.documentElement.style.colorScheme = (event.target as HTMLSelectElement).value;
});

$('#reset').addEventListener('click', () => {
  // The next start asks the backend for a new token: a new tracked action.
  challenge.reset();
  lastValidation = undefined;
  showValidation();
});

async function main() {
  // The element stays hidden (index.html) until it knows which server to talk to.
  config = (await (await fetch('/api/demo/config')).json()) as PageConfig;
  const me = await fetch('/api/demo/me');
  const user = me.ok ? await me.json() : await (await fetch('/api/demo/sign-in', { method: 'POST' })).json();
  userId = user.id;
  $('#user-id').textContent = user.id;
  $('#user-phone').textContent = user.phoneNumber ?? '—';
  if (config.server == 'simulator') challenge.baseUrl = `${location.origin}${config.clientApiPath}`;
  else if (config.region) challenge.region = config.region;
  else challenge.baseUrl = config.clientApiUrl;
  challenge.hidden = false;
  log('signed in', { user: user.id, server: config.server });
  const requested = new URLSearchParams(location.search).get('lang') as DemoLanguage | null;
  const language = requested && DEMO_LANGUAGES.includes(requested) ? requested : 'en';
  $<HTMLSelectElement>('#lang').value = language;
  challenge.lang = language;
  applyLanguage(language);
}

main();
