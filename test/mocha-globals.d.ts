// The mocha BDD globals that @web/test-runner provides in the browser. The repository has
// no @types/mocha, and only this much of mocha's interface is used by the tests.

interface MochaContext {
  timeout(ms: number): void;
  slow(ms: number): void;
  skip(): never;
  retries(n: number): void;
}

type MochaDone = (error?: unknown) => void;
type MochaTestFn = (this: MochaContext, done: MochaDone) => void | Promise<unknown>;
type MochaHookFn = MochaTestFn;

interface MochaSuiteFunction {
  (title: string, fn: (this: MochaContext) => void): void;
  only(title: string, fn: (this: MochaContext) => void): void;
  skip(title: string, fn: (this: MochaContext) => void): void;
}

interface MochaTestFunction {
  (title: string, fn?: MochaTestFn): void;
  only(title: string, fn?: MochaTestFn): void;
  skip(title: string, fn?: MochaTestFn): void;
}

declare const describe: MochaSuiteFunction;
declare const it: MochaTestFunction;
declare function before(fn: MochaHookFn): void;
declare function after(fn: MochaHookFn): void;
declare function beforeEach(fn: MochaHookFn): void;
declare function afterEach(fn: MochaHookFn): void;
