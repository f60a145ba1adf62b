/**
 * The checks every framework interop test runs (test/interop/*.test.*), against the
 * simulator over real HTTP. Each framework test mounts the `WhatsappStep` component of the
 * README's "Frameworks" section, written in that framework, inside a small parent that can
 * hide it, and hands this suite a way to mount it.
 *
 * `WhatsappStep` renders `<authsignal-whatsapp-challenge>` with `token` bound as a
 * property, `region="eu"` and `base-url` as attributes, and the three events handled in
 * the framework's own syntax: `challenge-started` and `challenge-error` set a status line
 * (a state change, so the component re-renders around the element), and
 * `challenge-verified` hands `detail.token` to the parent.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { AuthsignalWhatsappChallenge } from '../../../src/authsignal-whatsapp-challenge.js';
import { pasteCode, part, recordEvents, sleep } from '../element.js';
import { SIM_API, inbox, newToken, scriptFaults } from '../sim.js';

export interface StepProps {
  token: string;
  baseUrl: string;
  /** Called with `detail.token` of `challenge-verified`. */
  onVerified: (token: string) => void;
}

export interface MountedStep {
  /** Removes the element through the framework (the parent's condition turns false). */
  hide(): Promise<void>;
  /** Tears the whole app down. */
  destroy(): Promise<void>;
}

/** Mounts the framework's parent + WhatsappStep into `container`. */
export type MountStep = (container: HTMLElement, props: StepProps) => Promise<MountedStep>;

const TAG = 'authsignal-whatsapp-challenge';
const SENT = 'Code sent on WhatsApp';

const status = (container: HTMLElement) => container.querySelector('[data-status]')?.textContent?.trim() ?? '';

const waitFor = (what: string, check: () => boolean) => waitUntil(check, what, { timeout: 5000 });

export function interopSuite(framework: string, mountStep: MountStep) {
  describe(`${framework}: <${TAG}> in a component`, () => {
    let container: HTMLElement;
    let mounted: MountedStep | undefined;
    let verified: string[];

    const mount = async (token: string) => {
      verified = [];
      mounted = await mountStep(container, { token, baseUrl: SIM_API, onVerified: (t) => verified.push(t) });
      const el = container.querySelector<AuthsignalWhatsappChallenge>(TAG);
      expect(el, `${framework} rendered <${TAG}>`).to.be.instanceOf(customElements.get(TAG)!);
      await el!.updateComplete;
      // The framework's own listeners are under test; this one only watches what was emitted.
      return { el: el!, emitted: recordEvents(el!) };
    };

    beforeEach(() => {
      container = document.createElement('div');
      document.body.append(container);
    });

    afterEach(async () => {
      await mounted?.destroy();
      mounted = undefined;
      container.remove();
    });

    it('binds token as a property (never an attribute), region and base-url as attributes', async () => {
      const token = await newToken();
      const { el } = await mount(token);
      expect(el.token).to.equal(token);
      expect(el.hasAttribute('token'), 'the token stays out of the DOM').to.equal(false);
      expect(el.region).to.equal('eu');
      expect(el.getAttribute('base-url')).to.equal(SIM_API);
      expect(el.baseUrl).to.equal(SIM_API);
    });

    it('starts, keeps its state through a re-render, and verifies: events through the framework handlers', async () => {
      const token = await newToken();
      const { el, emitted } = await mount(token);
      expect(status(container)).to.equal('');

      part(el, 'button')!.click();
      // The handler set the status: the framework received challenge-started and re-rendered.
      await waitFor('the challenge-started handler to set the status', () => status(container) == SENT);
      expect(emitted.map((e) => e.type)).to.deep.equal(['challenge-started']);
      expect(emitted[0]!.detail.challengeId).to.equal((await inbox(token))[0]!.challengeId);

      // After that re-render: the same element, still waiting for the code.
      expect(container.querySelector(TAG)).to.equal(el);
      expect(el.state).to.equal('code-sent');
      expect(part(el, 'code-input')).to.not.equal(null);

      pasteCode(el, (await inbox(token))[0]!.code);
      await waitFor('the challenge-verified handler to pass the token on', () => verified.length == 1);
      expect(emitted.map((e) => e.type)).to.deep.equal(['challenge-started', 'challenge-verified']);
      expect(verified).to.deep.equal([emitted[1]!.detail.token]);
      expect(verified[0]).to.be.a('string').and.not.equal('');
      await waitFor('the status to say verified', () => status(container) == 'Verified');
      expect(container.querySelector(TAG)).to.equal(el);
      expect(el.state).to.equal('verified');
    });

    it('reports an error through the framework handler', async () => {
      const token = await newToken();
      const { el, emitted } = await mount(token);
      await scriptFaults(token, { route: 'challenge', status: 400, body: { error: 'invalid_request', errorDescription: 'Bad request' } });
      part(el, 'button')!.click();
      await waitFor('the challenge-error handler to set the status', () => status(container) == 'Error: invalid_request');
      expect(emitted.map((e) => e.detail)).to.deep.equal([
        { stage: 'start', error: 'invalid_request', errorDescription: 'Bad request', status: 400 },
      ]);
      expect(el.state).to.equal('idle');
    });

    it('unmounting mid-request aborts the request, and nothing is emitted after', async () => {
      const token = await newToken();
      const { el, emitted } = await mount(token);
      await scriptFaults(token, { route: 'challenge', delayMs: 800, body: { challengeId: 'late' } });
      part(el, 'button')!.click();
      await waitFor('the request to be in flight', () => el.state == 'sending');

      await mounted!.hide();
      expect(container.querySelector(TAG), `${framework} removed the element`).to.equal(null);
      expect(el.isConnected).to.equal(false);
      // Still out when the task ends: a lasting removal, not a move.
      await waitFor('the request to be aborted', () => el.state == 'idle');
      await sleep(1200); // past the simulator's answer
      expect(emitted).to.deep.equal([]);
    });
  });
}

/** What a framework's `FormStep` binds on the element: the form-field attributes of issue 10. */
export interface FormStepProps {
  name: string;
  required: boolean;
  tokenUrl: string;
  baseUrl: string;
}

/** Mounts the framework's `FormStep` (a `<form>` around the element) into `container`. */
export type MountFormStep = (container: HTMLElement, props: FormStepProps) => Promise<Pick<MountedStep, 'destroy'>>;

/**
 * The element as a form field in the framework (issue 10): `FormStep` binds `name`,
 * `required` and `token-url` in the framework's own syntax, and sets no token: the form
 * gets one from `token-url` and carries the verified token under `name`.
 */
export function formInteropSuite(framework: string, mountFormStep: MountFormStep) {
  describe(`${framework}: <${TAG}> as a form field (name, required, token-url bound)`, () => {
    let container: HTMLElement;
    let mounted: Pick<MountedStep, 'destroy'> | undefined;

    beforeEach(() => {
      container = document.createElement('div');
      document.body.append(container);
    });

    afterEach(async () => {
      await mounted?.destroy();
      mounted = undefined;
      container.remove();
    });

    it('binds name, required and token-url; the form is blocked until verified, then carries the token', async () => {
      const t = await newToken();
      const tokenUrl = `/test/form/token?t=${encodeURIComponent(t)}`;
      mounted = await mountFormStep(container, { name: 'authsignal_token', required: true, tokenUrl, baseUrl: SIM_API });
      const el = container.querySelector(TAG) as AuthsignalWhatsappChallenge & { name: string; required: boolean; tokenUrl?: string };
      const form = container.querySelector('form')!;
      expect(el, `${framework} rendered <${TAG}> in a form`).to.be.instanceOf(customElements.get(TAG)!);
      await el.updateComplete;
      expect(el.name).to.equal('authsignal_token');
      expect(el.required).to.equal(true);
      expect(el.tokenUrl).to.equal(tokenUrl);
      expect(form.checkValidity(), 'required and unverified').to.equal(false);

      const emitted = recordEvents(el);
      part(el, 'button')!.click();
      await waitFor('challenge-started, with the token from token-url', () => emitted.length > 0);
      expect(emitted.map((e) => e.type)).to.deep.equal(['challenge-started']);
      pasteCode(el, (await inbox(t))[0]!.code);
      await waitFor('challenge-verified', () => emitted.length > 1);
      expect(emitted[1]!.type).to.equal('challenge-verified');
      expect(new FormData(form).getAll('authsignal_token')).to.deep.equal([emitted[1]!.detail.token]);
      expect(form.checkValidity(), 'verified').to.equal(true);
    });

    it('binds required false as not required', async () => {
      const t = await newToken();
      mounted = await mountFormStep(container, { name: 'otp', required: false, tokenUrl: `/test/form/token?t=${t}`, baseUrl: SIM_API });
      const el = container.querySelector(TAG) as AuthsignalWhatsappChallenge & { required: boolean };
      await el.updateComplete;
      expect(el.required).to.equal(false);
      expect(container.querySelector('form')!.checkValidity()).to.equal(true);
    });
  });
}
