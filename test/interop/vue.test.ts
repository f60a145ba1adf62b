/**
 * Vue 3 renders the element from a single-file component, compiled the way Vite compiles it
 * (vue/compiler-sfc, with the README's `isCustomElement`): `:token.prop` as a property,
 * `base-url` as an attribute, `@challenge-*` as listeners.
 * test/helpers/interop/vue/WhatsappStep.vue is the README's Vue example.
 */
import { expect } from '@open-wc/testing';
import { createApp, h, nextTick, ref } from 'vue';
import '../../src/define.js';
import { formInteropSuite, interopSuite } from '../helpers/interop/suite.js';
import FormStep from '../helpers/interop/vue/FormStep.vue';
import WhatsappStep from '../helpers/interop/vue/WhatsappStep.vue';

interopSuite('Vue', async (container, props) => {
  const show = ref(true);
  const app = createApp({
    render: () =>
      h('main', show.value ? [h(WhatsappStep, { token: props.token, baseUrl: props.baseUrl, onVerified: props.onVerified })] : []),
  });
  const warnings: string[] = [];
  app.config.warnHandler = (message) => void warnings.push(message);
  app.mount(container);
  await nextTick();
  // Without isCustomElement Vue would look for a component of that name, and warn.
  expect(warnings).to.deep.equal([]);
  return {
    hide: async () => {
      show.value = false;
      await nextTick();
    },
    destroy: async () => {
      app.unmount();
      expect(warnings).to.deep.equal([]);
    },
  };
});

formInteropSuite('Vue', async (container, props) => {
  const app = createApp({ render: () => h(FormStep, { ...props }) });
  const warnings: string[] = [];
  app.config.warnHandler = (message) => void warnings.push(message);
  app.mount(container);
  await nextTick();
  return {
    destroy: async () => {
      app.unmount();
      expect(warnings).to.deep.equal([]);
    },
  };
});
