// The demo page: the element against the simulator (or Authsignal with a real token), a
// live event log, the simulated WhatsApp inbox, and language and colour switches.
import '../src/define.js';
import '../src/locales/es.js';
import '../src/locales/pt-BR.js';
import '../src/locales/fr.js';
import '../src/locales/de.js';
import '../src/locales/hi.js';
import '../src/locales/id.js';
import '../src/locales/ar.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const challenge = $<HTMLElementTagNameMap['authsignal-whatsapp-challenge']>('#challenge');
const SIM_API = `${location.origin}/v1/client`;
let simToken = '';

const log = (name: string, detail: unknown) => {
  const item = document.createElement('li');
  const time = new Date().toLocaleTimeString();
  item.append(`${time} ${name} `, Object.assign(document.createElement('code'), { textContent: JSON.stringify(detail) }));
  $('#log').prepend(item);
};
for (const name of ['challenge-started', 'challenge-verified', 'challenge-error'] as const) {
  challenge.addEventListener(name, (event) => {
    log(name, event.detail);
    if (name == 'challenge-started') refreshInbox();
  });
}

/** Shows what the simulator "sent" on WhatsApp for the current token. */
async function refreshInbox() {
  if (!simToken) return;
  const { messages } = await (await fetch(`/sim/inbox?token=${encodeURIComponent(simToken)}`)).json();
  const list = $('#inbox');
  list.replaceChildren(
    ...messages.map((m: { code: string; sentAt: string }) => {
      const item = document.createElement('li');
      item.append(
        'Your verification code is ',
        Object.assign(document.createElement('span'), { className: 'code', textContent: m.code }),
        ` (${new Date(m.sentAt).toLocaleTimeString()})`,
      );
      return item;
    }),
  );
  if (!messages.length) list.innerHTML = '<li class="empty">No message yet.</li>';
}

async function useSimulator() {
  simToken = (await (await fetch('/sim/token', { method: 'POST' })).json()).token;
  challenge.baseUrl = SIM_API;
  challenge.token = simToken;
  refreshInbox();
}

function useRealToken(token: string, region: string) {
  simToken = '';
  challenge.baseUrl = undefined;
  challenge.region = region;
  challenge.token = token.trim();
  $('#inbox').innerHTML = '<li class="empty">Real messages go to the phone of the user the token belongs to.</li>';
}

const form = $<HTMLFormElement>('#settings-form');
form.addEventListener('change', () => {
  $('#real-fields').hidden = (form.elements.namedItem('server') as RadioNodeList).value != 'real';
});
// Language and colours apply at once: the element follows the nearest [lang] and color-scheme.
$('#lang').addEventListener('change', () => (challenge.lang = $<HTMLSelectElement>('#lang').value));
$('#scheme').addEventListener('change', () => {
  document.documentElement.style.colorScheme = $<HTMLSelectElement>('#scheme').value;
});
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const server = (form.elements.namedItem('server') as RadioNodeList).value;
  if (server == 'real') useRealToken($<HTMLTextAreaElement>('#real-token').value, $<HTMLSelectElement>('#region').value);
  else await useSimulator();
  log('settings', { server, region: challenge.region });
});

$('#reset').addEventListener('click', async () => {
  if (simToken) await useSimulator(); // a new token: the simulator rate-limits per token
  challenge.reset();
});

useSimulator();
