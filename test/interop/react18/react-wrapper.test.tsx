/**
 * The @lit/react wrapper under React 18, the React it is made for: the page runs
 * test/interop/react-wrapper.test.tsx (the README's React 18 example and the interop suite)
 * with react and react-dom 18.3 from npm. They are installed in this folder (package.json
 * here: an npm workspace, so they sit beside the repository's React 19), and
 * test/plugins/interop.mjs gives them to every module of this page, the wrapper included.
 */
import { expect } from '@open-wc/testing';
import { version } from 'react';
import { flushSync, version as domVersion } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { WhatsappStep } from '../react-wrapper.test.js';

describe('React 18', () => {
  it('is the React of this page: react and react-dom 18.3, not the repository’s React 19', () => {
    expect(version).to.match(/^18\.3\./);
    expect(domVersion).to.match(/^18\.3\./);
  });

  it('is the React of the suite too: react-dom 18 renders its WhatsappStep and the wrapper (hooks of another React throw)', () => {
    const container = document.createElement('div');
    const root = createRoot(container);
    flushSync(() => root.render(<WhatsappStep token="a-token" onVerified={() => {}} />));
    expect(container.querySelector('authsignal-whatsapp-challenge')).to.have.property('token', 'a-token');
    root.unmount();
  });
});
