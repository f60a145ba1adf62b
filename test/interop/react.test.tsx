/**
 * React 19 (react-dom/client) renders the element with its native custom element support:
 * `token` as a property, `base-url` as an attribute, `onchallenge-*` props as listeners.
 * `WhatsappStep` is the README's React example.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import '../../src/define.js';
import type {} from '../../src/types/react.js';
import { formInteropSuite, interopSuite, type FormStepProps } from '../helpers/interop/suite.js';

// --- the README's example ---------------------------------------------------------------
export function WhatsappStep({ token, baseUrl, onVerified }: {
  token: string;
  baseUrl?: string;
  onVerified: (token: string) => void;
}) {
  const [status, setStatus] = useState('');
  return (
    <>
      <authsignal-whatsapp-challenge
        token={token}
        region="eu"
        base-url={baseUrl}
        onchallenge-started={() => setStatus('Code sent on WhatsApp')}
        onchallenge-verified={(e) => {
          setStatus('Verified');
          onVerified(e.detail.token);
        }}
        onchallenge-error={(e) => setStatus(`Error: ${e.detail.error}`)}
      />
      <p data-status>{status}</p>
    </>
  );
}
// -----------------------------------------------------------------------------------------

interopSuite('React', async (container, props) => {
  const root = createRoot(container);
  const render = (show: boolean) =>
    flushSync(() => root.render(<main>{show && <WhatsappStep {...props} />}</main>));
  render(true);
  return {
    hide: async () => render(false),
    destroy: async () => root.unmount(),
  };
});

/** The element as a form field: `name`, `required` and `token-url` bound as React props. */
function FormStep({ name, required, tokenUrl, baseUrl }: FormStepProps) {
  return (
    <form>
      <authsignal-whatsapp-challenge name={name} required={required} token-url={tokenUrl} base-url={baseUrl} />
    </form>
  );
}

formInteropSuite('React', async (container, props) => {
  const root = createRoot(container);
  flushSync(() => root.render(<FormStep {...props} />));
  return { destroy: async () => root.unmount() };
});
