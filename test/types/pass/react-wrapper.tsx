// The @lit/react wrapper (for React 18): properties and on… event props, typed.
import { AuthsignalWhatsappChallenge } from 'authsignal-whatsapp-challenge/react';

export const Wrapped = ({ token }: { token: string }) => (
  <AuthsignalWhatsappChallenge
    token={token}
    region="eu"
    baseUrl="https://proxy.example.com/v1/client"
    onChallengeStarted={(e) => e.detail.challengeId satisfies string}
    onChallengeVerified={(e) => e.detail.token satisfies string}
    onChallengeError={(e) => e.detail.error satisfies string}
  />
);
