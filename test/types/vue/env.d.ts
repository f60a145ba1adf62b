// What the README tells a Vue + TypeScript app to add to one of its .d.ts files.
import type {} from 'authsignal-whatsapp-challenge/types/vue';
