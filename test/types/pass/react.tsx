// React 19 JSX: the element's attributes, properties and events, typed.
import type {} from 'authsignal-whatsapp-challenge/types/react';

export const Typed = ({ token }: { token: string }) => (
  <authsignal-whatsapp-challenge
    token={token}
    region="eu"
    base-url="https://proxy.example.com/v1/client"
    code-length={6}
    resend-cooldown={30}
    timeout={15000}
    disabled={false}
    start-only
    lang="es"
    strings={{ send: 'Text me a code' }}
    tokenProvider={async () => token}
    className="verify"
    id="whatsapp"
    onchallenge-started={(e) => e.detail.challengeId satisfies string}
    onchallenge-verified={(e) => e.detail.token satisfies string}
    onchallenge-error={(e) => e.detail.error satisfies string}
  >
    Send me a code
  </authsignal-whatsapp-challenge>
);
