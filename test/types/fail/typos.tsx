// Must NOT compile: each marked line is a mistake the typings catch, with the error code
// and a piece of the message expected (test/node/types.test.mjs checks both, and that
// nothing else fails). Unmarked lines are correct.
import type { SvelteHTMLElements } from 'svelte/elements';
import type { GlobalComponents } from 'vue';
import 'authsignal-whatsapp-challenge';
import type {} from 'authsignal-whatsapp-challenge/types/react';
import type {} from 'authsignal-whatsapp-challenge/types/svelte';
import type {} from 'authsignal-whatsapp-challenge/types/vue';
import { AuthsignalWhatsappChallenge } from 'authsignal-whatsapp-challenge/react';

// React 19 JSX
export const ok = <authsignal-whatsapp-challenge token="t" region="eu" onchallenge-verified={(e) => e.detail.token} />;
export const r1 = <authsignal-whatsapp-challenge tokn="t" />; // error TS2322: Property 'tokn' does not exist
export const r2 = <authsignal-whatsapp-challenge region="mars" />; // error TS2322: Type '"mars"' is not assignable
export const r3 = <authsignal-whatsapp-challenge token={42} />; // error TS2322: Type 'number' is not assignable to type 'string'
export const r4 = <authsignal-whatsapp-challenge onchallenge-verified={(e) => e.detail.tokn} />; // error TS2551: Property 'tokn' does not exist on type 'ChallengeVerifiedDetail'
export const r5 = <authsignal-whatsapp-challenge onchallenge-error={(e) => e.detail.stage == 'verfy'} />; // error TS2367: '"start" | "verify"' and '"verfy"' have no overlap
// Not caught: TypeScript never checks JSX attribute names with a hyphen against the props
// (its rule for data-* and aria-*), so a misspelt event prop compiles and never fires.
export const r6 = <authsignal-whatsapp-challenge onchallenge-startd={() => {}} />;

// React 18 wrapper
export const w1 = <AuthsignalWhatsappChallenge tokn="t" />; // error TS2322: Property 'tokn' does not exist
export const w2 = <AuthsignalWhatsappChallenge onChallengeVerified={(e) => e.detail.tokn} />; // error TS2551: Property 'tokn' does not exist on type 'ChallengeVerifiedDetail'

// Vue templates
type VueProps = InstanceType<GlobalComponents['authsignal-whatsapp-challenge']>['$props'];
export const v1: VueProps = { tokn: 't' }; // error TS2561: 'tokn' does not exist in type
export const v2: VueProps = { region: 'mars' }; // error TS2322: Type '"mars"' is not assignable
export const v3: VueProps = { onChallengeVerified: (e) => e.detail.tokn }; // error TS2551: Property 'tokn' does not exist on type 'ChallengeVerifiedDetail'

// Svelte markup
type SvelteAttributes = SvelteHTMLElements['authsignal-whatsapp-challenge'];
export const s1: SvelteAttributes = { tokn: 't' }; // error TS2561: 'tokn' does not exist in type
export const s2: SvelteAttributes = { region: 'mars' }; // error TS2322: Type '"mars"' is not assignable
export const s3: SvelteAttributes = { 'onchallenge-startd': () => {} }; // error TS2353: ''onchallenge-startd'' does not exist in type
export const s4: SvelteAttributes = { 'onchallenge-verified': (e) => e.detail.tokn }; // error TS2551: Property 'tokn' does not exist on type 'ChallengeVerifiedDetail'

// Plain DOM
const el = document.querySelector('authsignal-whatsapp-challenge')!;
el.addEventListener('challenge-verified', (e) => e.detail.tokn); // error TS2551: Property 'tokn' does not exist on type 'ChallengeVerifiedDetail'
el.addEventListener('challenge-verifed', (e) => e.detail); // error TS2339: Property 'detail' does not exist on type 'Event'
el.regoin = 'eu'; // error TS2551: Property 'regoin' does not exist
