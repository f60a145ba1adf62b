// @web/test-runner-visual-regression 0.10 types its browser entry as `export * from
// './browser/commands.mjs'`, whose declarations are in commands.d.ts, a file TypeScript
// does not look for behind a .mjs path: the one function, declared here.
export {};
declare module '@web/test-runner-visual-regression' {
  /** Screenshots `element` and compares it with the baseline `name` (test/plugins/visual.mjs). */
  export function visualDiff(element: Node, name: string): Promise<void>;
}
