// The template options of the README's vite.config.js, `vue({ template: vueTemplateOptions })`,
// which the test server hands to vue/compiler-sfc for *.vue files (test/plugins/interop.mjs).
export const vueTemplateOptions = {
  compilerOptions: {
    // Tags that are custom elements, not Vue components.
    isCustomElement: (tag) => tag.startsWith('authsignal-'),
  },
};
