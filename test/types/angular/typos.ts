// Must NOT compile (ngc, strictTemplates): each marked line is a mistake in a `(challenge-…)`
// handler that the typed `$event` catches, with the error code and a piece of the message
// expected (test/node/angular-aot.test.mjs checks both, and that nothing else fails). Were
// `$event` `any`, these would compile.
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'authsignal-whatsapp-challenge';

@Component({
  selector: 'event-typos',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <authsignal-whatsapp-challenge (challenge-verified)="keep($event.detail.challengeid)" /> <!-- error TS2551: Property 'challengeid' does not exist on type 'ChallengeVerifiedDetail' -->
    <authsignal-whatsapp-challenge (challenge-error)="keep($event.detail.token)" /> <!-- error TS2339: Property 'token' does not exist on type 'ChallengeErrorDetail' -->
    <authsignal-whatsapp-challenge (challenge-started)="count($event.detail.challengeId)" /> <!-- error TS2345: Argument of type 'string' is not assignable to parameter of type 'number' -->
  `,
})
export class EventTypos {
  keep(value: string) {
    return value;
  }

  count(value: number) {
    return value;
  }
}
