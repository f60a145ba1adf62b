// With strictTemplates, Angular types `$event` of `(challenge-…)` from the package's event map
// (GlobalEventHandlersEventMap), so handlers can take the details' own types: this compiles
// (test/node/angular-aot.test.mjs). Were `$event` an `Event`, it would not.
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'authsignal-whatsapp-challenge';
import type { ChallengeErrorDetail, ChallengeVerifiedDetail } from 'authsignal-whatsapp-challenge';

@Component({
  selector: 'typed-events',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <authsignal-whatsapp-challenge
      (challenge-started)="started($event.detail.challengeId)"
      (challenge-verified)="verified($event)"
      (challenge-error)="failed($event.detail)"
    ></authsignal-whatsapp-challenge>
  `,
})
export class TypedEvents {
  started(challengeId: string) {
    return challengeId;
  }

  verified(event: CustomEvent<ChallengeVerifiedDetail>) {
    return event.detail.token;
  }

  failed(detail: ChallengeErrorDetail) {
    return detail.stage;
  }
}
