// The screenshot tests' comparison (@web/test-runner-visual-regression), with the places
// this project keeps its images in:
//   test/visual/baselines/<engine>/<name>.png   the committed baselines, one set per engine
//   test/visual/failed/<engine>/<name>.png      what a failing run saw (not committed)
//   test/visual/failed/<engine>/<name>-diff.png the differences, in red (the failure names it)
//
// A baseline is written instead of compared when the run is given `--update`
// (`npm run test:visual -- --update`) or UPDATE_VISUAL_BASELINES=1 is set.
//
// WebKit: WebKitGTK's WebDriver answers an element screenshot with an all-black image (a
// screenshot of the viewport is right), so there the viewport is photographed and cut to the
// element's box. Chromium and Firefox (puppeteer) use the library's element screenshot.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { visualRegressionPlugin } from '@web/test-runner-visual-regression/plugin';

const require = createRequire(import.meta.url);
// Not in the package's exports; the plugin's own comparison, reached by its file path.
const library = dirname(require.resolve('@web/test-runner-visual-regression/plugin'));
const { visualDiffCommand } = require(join(library, 'visualDiffCommand.js'));
const { defaultOptions } = require(join(library, 'config.js'));

const root = fileURLToPath(new URL('../visual/', import.meta.url));
const engine = (browser) => browser.toLowerCase();

export const updatingBaselines = () => process.argv.includes('--update') || process.env.UPDATE_VISUAL_BASELINES === '1';

const options = {
  ...defaultOptions,
  update: updatingBaselines(),
  baseDir: root,
  getBaselineName: ({ browser, name }) => join('baselines', engine(browser), name),
  getFailedName: ({ browser, name }) => join('failed', engine(browser), name),
  getDiffName: ({ browser, name }) => join('failed', engine(browser), `${name}-diff`),
  // Any pixel whose colour differs noticeably is a difference: the pictures are made
  // deterministic instead (fonts, clock, caret, animation), so nothing needs tolerating.
  failureThresholdType: 'pixel',
  failureThreshold: 0,
};

/** The element's box, cut from a screenshot of the viewport (WebDriver sessions). */
async function viewportCut(session, id) {
  const driver = session.browser.driver;
  const box = await driver.execute(
    `var el = window.__WTR_VISUAL_REGRESSION__ && window.__WTR_VISUAL_REGRESSION__[${JSON.stringify(id)}];
     if (!el) return null;
     el.scrollIntoView({ block: 'start', inline: 'start' });
     var r = el.getBoundingClientRect(), k = window.devicePixelRatio;
     return [Math.round(r.left * k), Math.round(r.top * k), Math.round(r.width * k), Math.round(r.height * k)];`,
  );
  if (!box) throw new Error('the element to photograph is not on the page');
  const [left, top, width, height] = box;
  const page = PNG.sync.read(Buffer.from(await driver.takeScreenshot(), 'base64'));
  if (left < 0 || top < 0 || left + width > page.width || top + height > page.height) {
    throw new Error(`the element (${width}x${height} at ${left},${top}) does not fit the ${page.width}x${page.height} viewport`);
  }
  const cut = new PNG({ width, height });
  PNG.bitblt(page, cut, left, top, width, height, 0, 0);
  return PNG.sync.write(cut);
}

export function visualPlugin() {
  const plugin = visualRegressionPlugin(options);
  return {
    name: 'visual-diff',
    async executeCommand(args) {
      const { command, session, payload } = args;
      if (command !== 'visual-diff') return undefined;
      const result =
        session.browser.type === 'webdriver'
          ? await visualDiffCommand(options, await viewportCut(session, payload.id), payload.name, {
              browser: session.browser.name,
              testFile: session.testFile,
            })
          : await plugin.executeCommand(args);
      // Every failure names the image to look at: the library's own message does only for a
      // difference in pixels, not for a difference in size or a missing baseline.
      if (!result || result.passed || /See diff for details/.test(result.errorMessage ?? '')) return result;
      const browser = engine(session.browser.name);
      const hint = /no baseline/.test(result.errorMessage ?? '')
        ? `See the new screenshot: ${join(root, 'failed', browser, `${payload.name}.png`)}\nWrite it as the baseline with: npm run test:visual -- --update`
        : `See diff for details: ${join(root, 'failed', browser, `${payload.name}-diff.png`)}`;
      return { ...result, errorMessage: `${result.errorMessage}\n${hint}` };
    },
  };
}
