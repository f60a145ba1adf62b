// @web/test-runner: the browser tests, in real headless Chromium, Firefox and WebKit.
//
// Every engine comes from Debian (chromium, firefox-esr, webkit2gtk-driver); nothing is
// downloaded. BROWSERS=chromium,firefox,webkit (the default is all three) picks engines:
//   BROWSERS=chromium npm test -- --files test/client.test.ts
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import puppeteer from 'puppeteer-core';
import { createSimulator } from './sim/index.mjs';
import { createDemoBackend } from './demo/backend/index.mjs';
import { webkitLauncher } from './test/launchers/webkit.mjs';
import { interopPlugin } from './test/plugins/interop.mjs';
import { keyboardPlugin } from './test/plugins/keyboard.mjs';
import { mediaFeaturesPlugin } from './test/plugins/media-features.mjs';
import { visualPlugin } from './test/plugins/visual.mjs';
import { securityTestMiddleware } from './test/security/server.mjs';
import { formTestMiddleware } from './test/form/server.mjs';
import { summaryFileReporter } from './test/reporters/summary-file.mjs';

const ENGINES = {
  chromium: () =>
    chromeLauncher({
      // Handing puppeteer over makes the runner label this engine "Chromium", not "Chrome".
      puppeteer,
      launchOptions: {
        browser: 'chrome',
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox', // required when running as root (CI containers)
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      },
      // A context per page: with several pages in one context only the focused one gets
      // animation frames, and fixture() waits for one forever in a background page.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  firefox: () =>
    chromeLauncher({
      puppeteer, // WebDriver BiDi
      launchOptions: {
        browser: 'firefox',
        executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
        headless: true,
      },
      concurrency: 1,
    }),
  webkit: () => webkitLauncher({ concurrency: 1 }),
};

function selectedEngines() {
  const requested = (process.env.BROWSERS ?? 'chromium,firefox,webkit')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = requested.filter((name) => !(name in ENGINES));
  if (unknown.length > 0 || requested.length === 0) {
    throw new Error(
      `BROWSERS must list some of ${Object.keys(ENGINES).join(', ')}; got "${process.env.BROWSERS}"`,
    );
  }
  return [...new Set(requested)].map((name) => ENGINES[name]());
}

export default {
  // .tsx and .html: the framework interop, script-tag and hydration tests (test/interop/).
  files: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'test/**/*.test.html'],
  nodeResolve: true,
  browsers: selectedEngines(),
  concurrency: 2,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  plugins: [
    // React, Vue, Svelte, Angular and SSR for test/interop/; before esbuild, which must not
    // see Angular's decorators first.
    interopPlugin(),
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json' }),
    // `keyboard` command: key presses that behave the same in every engine.
    keyboardPlugin(),
    // `media-features` command: emulated forced-colors, which emulateMedia() does not pass on.
    mediaFeaturesPlugin(),
    // `visual-diff` command: screenshots compared with test/visual/baselines/<engine>/.
    visualPlugin(),
  ],
  // securityTestMiddleware: only /test/security/ paths (CSP page header, fuzz case count),
  // after the simulator so that its request log sees those requests too.
  // formTestMiddleware: only /test/form/ paths (a token-url endpoint, a form action), see its header.
  // createDemoBackend: the demo site's backend (/api/...), for test/server/; env {} keeps it
  // on the simulator whatever AUTHSIGNAL_* the shell has.
  middleware: [createSimulator().middleware, ...createDemoBackend({ env: {} }).middleware, securityTestMiddleware(), formTestMiddleware()],
  // The second reporter is silent unless WTR_SUMMARY_FILE is set (scripts/test.mjs sets it).
  reporters: [defaultReporter(), summaryFileReporter()],
  filterBrowserLogs: ({ args }) =>
    !args.some((arg) => typeof arg === 'string' && arg.includes('Lit is in dev mode')),
  testFramework: {
    config: {
      timeout: 10_000,
    },
  },
};
