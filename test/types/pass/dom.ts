// Plain DOM: the tag map, the event map and the exported detail types.
import type {
  AuthsignalWhatsappChallenge,
  ChallengeErrorDetail,
  ChallengeStartedDetail,
  ChallengeVerifiedDetail,
} from 'authsignal-whatsapp-challenge';
import 'authsignal-whatsapp-challenge';

const el = document.querySelector('authsignal-whatsapp-challenge')!;
el satisfies AuthsignalWhatsappChallenge;
document.createElement('authsignal-whatsapp-challenge') satisfies AuthsignalWhatsappChallenge;
el.token = 'token';
el.region = 'eu';
el.baseUrl = 'https://proxy.example.com/v1/client';
el.tokenProvider = async () => 'token';
el.strings = { send: 'Text me a code' };

el.addEventListener('challenge-started', (e) => e.detail.challengeId satisfies string);
el.addEventListener('challenge-verified', (e) => e.detail.token satisfies string);
el.addEventListener('challenge-error', (e) => {
  e.detail.stage satisfies 'start' | 'verify';
  e.detail.error satisfies string;
  e.detail.retryAfter satisfies number | undefined;
});
// Bubbling and composed: typed on any element and on the document too.
document.addEventListener('challenge-verified', (e) => e.detail.challengeId satisfies string);

export const details: [ChallengeStartedDetail, ChallengeVerifiedDetail, ChallengeErrorDetail] = [
  { challengeId: 'c' },
  { challengeId: 'c', token: 't' },
  { stage: 'start', error: 'network_error' },
];
export const outcome: Promise<ChallengeStartedDetail | ChallengeErrorDetail> = el.start();
