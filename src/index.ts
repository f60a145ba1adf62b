/** Public exports. Importing this module also registers the element. */
export * from './define.js';
export * from './client.js';
export type * from './events.js';
export type { ChallengeState, StartOutcome, VerifyOutcome } from './challenge-flow.js';
export { registerLocale, type LocaleStrings, type Strings } from './locale-registry.js';
