/**
 * Angular (standalone components, compiled in the browser by Angular's JIT compiler,
 * zoneless) renders the element: `[token]` as a property, `base-url` as an attribute
 * (`[attr.base-url]`), `(challenge-*)` as listeners. `WhatsappStep` and
 * `CUSTOM_ELEMENTS_SCHEMA` are the README's Angular example.
 */
import '@angular/compiler'; // JIT: components compiled in the browser
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import {
  Component,
  CUSTOM_ELEMENTS_SCHEMA,
  EventEmitter,
  Input,
  Output,
  provideZonelessChangeDetection,
  signal,
} from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import type { ChallengeErrorDetail, ChallengeVerifiedDetail } from '../../src/index.js';
import '../../src/define.js';
import { formInteropSuite, interopSuite, type FormStepProps, type StepProps } from '../helpers/interop/suite.js';

// --- the README's example ---------------------------------------------------------------
@Component({
  selector: 'whatsapp-step',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <authsignal-whatsapp-challenge
      [token]="token"
      region="eu"
      [attr.base-url]="baseUrl"
      (challenge-started)="status.set('Code sent on WhatsApp')"
      (challenge-verified)="onVerified($event)"
      (challenge-error)="onError($event)"
    ></authsignal-whatsapp-challenge>
    <p data-status>{{ status() }}</p>
  `,
})
export class WhatsappStep {
  @Input({ required: true }) token = '';
  @Input() baseUrl?: string;
  @Output() verified = new EventEmitter<string>();
  status = signal('');

  onVerified(event: Event) {
    this.status.set('Verified');
    this.verified.emit((event as CustomEvent<ChallengeVerifiedDetail>).detail.token);
  }

  onError(event: Event) {
    this.status.set(`Error: ${(event as CustomEvent<ChallengeErrorDetail>).detail.error}`);
  }
}
// -----------------------------------------------------------------------------------------

let props: StepProps;

@Component({
  selector: 'test-parent',
  imports: [WhatsappStep],
  template: `<main>
    @if (show()) {
      <whatsapp-step [token]="props.token" [baseUrl]="props.baseUrl" (verified)="props.onVerified($event)" />
    }
  </main>`,
})
class Parent {
  show = signal(true);
  props = props;
}

interopSuite('Angular', async (container, stepProps) => {
  props = stepProps;
  container.append(document.createElement('test-parent'));
  // An unknown element or property is reported on the console (in JIT; AOT refuses to build).
  const errors = sinon.spy(console, 'error');
  const appRef = await bootstrapApplication(Parent, { providers: [provideZonelessChangeDetection()] });
  await appRef.whenStable();
  errors.restore();
  expect(errors.args.flat().map(String)).to.deep.equal([]);
  return {
    hide: async () => {
      appRef.components[0]!.instance.show.set(false);
      await appRef.whenStable();
    },
    destroy: async () => appRef.destroy(),
  };
});

/** The element as a form field: `name` and `required` as properties, `token-url` as an attribute. */
@Component({
  selector: 'form-step',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<form>
    <authsignal-whatsapp-challenge
      [name]="props.name"
      [required]="props.required"
      [attr.token-url]="props.tokenUrl"
      [attr.base-url]="props.baseUrl"
    ></authsignal-whatsapp-challenge>
  </form>`,
})
class FormStep {
  props = formProps;
}
let formProps: FormStepProps;

formInteropSuite('Angular', async (container, stepProps) => {
  formProps = stepProps;
  container.append(document.createElement('form-step'));
  const errors = sinon.spy(console, 'error');
  const appRef = await bootstrapApplication(FormStep, { providers: [provideZonelessChangeDetection()] });
  await appRef.whenStable();
  errors.restore();
  expect(errors.args.flat().map(String)).to.deep.equal([]);
  return { destroy: async () => appRef.destroy() };
});
