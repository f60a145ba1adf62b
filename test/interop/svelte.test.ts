/**
 * Svelte 5, its components compiled by `svelte/compiler` (test/plugins/interop.mjs), renders
 * the element: `{token}` as a property (Svelte sets a property when the element has one),
 * `base-url` as an attribute, `onchallenge-*` attributes as listeners.
 * test/helpers/interop/svelte/WhatsappStep.svelte is the README's Svelte example.
 */
import { flushSync, mount, unmount } from 'svelte';
import '../../src/define.js';
import { formInteropSuite, interopSuite } from '../helpers/interop/suite.js';
import App from '../helpers/interop/svelte/App.svelte';
import FormStep from '../helpers/interop/svelte/FormStep.svelte';

interopSuite('Svelte', async (container, props) => {
  const app = mount(App, { target: container, props });
  flushSync();
  return {
    hide: async () => {
      app.hide();
      flushSync();
    },
    destroy: async () => {
      await unmount(app);
    },
  };
});

formInteropSuite('Svelte', async (container, props) => {
  const app = mount(FormStep, { target: container, props });
  flushSync();
  return { destroy: async () => void (await unmount(app)) };
});
