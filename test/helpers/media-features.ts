/**
 * Emulated CSS media features (test/plugins/media-features.mjs), for what the runner's own
 * emulateMedia() cannot set, such as `forced-colors: active`.
 */
import { executeServerCommand } from '@web/test-runner-commands';

/** A media feature and the value to emulate, e.g. `{ name: 'forced-colors', value: 'active' }`. */
export interface MediaFeature {
  name: string;
  value: string;
}

/**
 * Emulates the features on this page; `value: ''` ends a feature's emulation. Rejects in an
 * engine that cannot emulate them (only Chromium can here).
 */
export const emulateMediaFeatures = (...features: MediaFeature[]): Promise<void> =>
  executeServerCommand<boolean, { features: MediaFeature[] }>('media-features', { features }).then(() => undefined);
