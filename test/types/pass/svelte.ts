// Svelte 5: what svelte-check reads for <authsignal-whatsapp-challenge> in markup.
import type { SvelteHTMLElements } from 'svelte/elements';
import type {} from 'authsignal-whatsapp-challenge/types/svelte';

export const attributes: SvelteHTMLElements['authsignal-whatsapp-challenge'] = {
  token: 'token',
  region: 'eu',
  'base-url': 'https://proxy.example.com/v1/client',
  'start-only': true,
  class: 'verify',
  'onchallenge-started': (e) => e.detail.challengeId satisfies string,
  'onchallenge-verified': (e) => e.detail.token satisfies string,
  'onchallenge-error': (e) => e.detail.error satisfies string,
};
