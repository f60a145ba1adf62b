// `cem analyze` (npm run build): dist/custom-elements.json, the element's attributes,
// properties, events, slots, parts and CSS custom properties for editors and doc tools.
// package.json's `customElements` points at it.
export default {
  globs: ['src/**/*.ts'],
  // Not element modules: the React wrapper and the framework typings.
  exclude: ['src/react.ts', 'src/types/**'],
  outdir: 'dist',
  litelement: true,
  // package.json already says where the manifest is; cem would rewrite the whole file.
  packagejson: false,
  plugins: [
    {
      name: 'published-paths',
      // The manifest describes the published package: dist/*.js, not src/*.ts (not imported).
      packageLinkPhase({ customElementsManifest }) {
        const rewrite = (value) =>
          typeof value == 'string'
            ? value.replace(/^\/?src\/(.+)\.[jt]s$/, 'dist/$1.js')
            : Array.isArray(value)
              ? value.map(rewrite)
              : value && typeof value == 'object'
                ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]))
                : value;
        customElementsManifest.modules = rewrite(customElementsManifest.modules);
      },
    },
  ],
};
