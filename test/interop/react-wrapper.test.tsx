/**
 * The @lit/react wrapper, `authsignal-whatsapp-challenge/react`: the way for React 18, which
 * sets props on a custom element as attributes and cannot listen for its events. It sets
 * `token` as a property and maps `onChallengeStarted` etc. to listeners; run here on
 * React 19, and on React 18.3 by test/interop/react18/ (a workspace with its own React).
 * `WhatsappStep` is the README's React 18 example.
 */
import { useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { AuthsignalWhatsappChallenge } from '../../src/react.js';
import { interopSuite } from '../helpers/interop/suite.js';

// --- the README's example ---------------------------------------------------------------
export function WhatsappStep({ token, baseUrl, onVerified }: {
  token: string;
  baseUrl?: string;
  onVerified: (token: string) => void;
}) {
  const [status, setStatus] = useState('');
  return (
    <>
      <AuthsignalWhatsappChallenge
        token={token}
        region="eu"
        base-url={baseUrl}
        onChallengeStarted={() => setStatus('Code sent on WhatsApp')}
        onChallengeVerified={(e) => {
          setStatus('Verified');
          onVerified(e.detail.token);
        }}
        onChallengeError={(e) => setStatus(`Error: ${e.detail.error}`)}
      />
      <p data-status>{status}</p>
    </>
  );
}
// -----------------------------------------------------------------------------------------

// The version in the title: test/interop/react18/ runs this suite again under React 18.
interopSuite(`React ${version}, @lit/react wrapper`, async (container, props) => {
  const root = createRoot(container);
  const render = (show: boolean) =>
    flushSync(() => root.render(<main>{show && <WhatsappStep {...props} />}</main>));
  render(true);
  return {
    hide: async () => render(false),
    destroy: async () => root.unmount(),
  };
});
