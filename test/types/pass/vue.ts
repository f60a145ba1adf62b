// Vue: what template type checking (Volar, vue-tsc) reads for <authsignal-whatsapp-challenge>.
import type { GlobalComponents } from 'vue';
import type {} from 'authsignal-whatsapp-challenge/types/vue';

type Element = InstanceType<GlobalComponents['authsignal-whatsapp-challenge']>;

export const props: Element['$props'] = {
  token: 'token',
  region: 'eu',
  'base-url': 'https://proxy.example.com/v1/client',
  'code-length': 6,
  class: 'verify',
  onChallengeStarted: (e) => e.detail.challengeId satisfies string,
  onChallengeVerified: (e) => e.detail.token satisfies string,
  onChallengeError: (e) => e.detail.error satisfies string,
};

export const emit = (el: Element, verified: ChallengeVerifiedEvent) => el.$emit('challenge-verified', verified);
type ChallengeVerifiedEvent = GlobalEventHandlersEventMap['challenge-verified'];
