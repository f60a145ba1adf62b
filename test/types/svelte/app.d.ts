// What the README tells a Svelte + TypeScript app to add to src/app.d.ts.
import type {} from 'authsignal-whatsapp-challenge/types/svelte';
