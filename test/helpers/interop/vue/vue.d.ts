// What `import WhatsappStep from './WhatsappStep.vue'` gives a TypeScript file (the test
// runner compiles .vue files with vue/compiler-sfc: test/plugins/interop.mjs).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<any, any, any>;
  export default component;
}
