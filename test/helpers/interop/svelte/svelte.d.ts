// What `import App from './App.svelte'` gives a TypeScript file (the test runner compiles
// .svelte files with svelte/compiler: test/plugins/interop.mjs).
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<any, any>;
  export default component;
}
