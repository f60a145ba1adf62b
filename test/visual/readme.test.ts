/**
 * The README's pictures are Chromium baselines of these tests, so a picture that no longer
 * shows what the element draws fails here like any other screenshot:
 * - test/visual/baselines/chromium/readme-overview.png, near the top of the README: the main
 *   states, light, dark and Arabic;
 * - test/visual/baselines/chromium/readme-themed.png, in Styling: the element styled by the
 *   CSS printed beside it, which this test reads from README.md itself.
 * `npm run readme-images` writes both again. Other engines skip: one set of pictures.
 */
import { expect } from '@open-wc/testing';
import { holdClock, photograph, releaseClock, sendCode, sentCode, stage, typeDigits, type Stage, type StageOptions } from './stage.js';

// Headless Chromium says "HeadlessChrome/…".
const isChromium = /Chrome\//.test(navigator.userAgent);

/** The CSS of the README's themed example: the ```css block after its marker comment. */
const readmeThemeCss = async () => {
  const readme = await (await fetch('/README.md')).text();
  const match = /<!-- themed-example -->[\s\S]*?```css\n([\s\S]*?)```/.exec(readme);
  expect(match, 'README.md has a ```css block after <!-- themed-example -->').to.not.equal(null);
  return match![1]!;
};

/** A grid of surfaces: one row per state, one column per scheme or language. */
const grid = async (rows: ((options: StageOptions) => Promise<Stage>)[], columns: StageOptions[]) => {
  const frame = document.createElement('div');
  frame.style.cssText = `display: inline-grid; grid-template-columns: repeat(${columns.length}, auto); background: #fff`;
  document.body.append(frame);
  const stages: Stage[] = [];
  for (const reach of rows) {
    for (const options of columns) {
      const s = await reach({ width: 360, ...options });
      frame.append(s.frame);
      stages.push(s);
    }
  }
  return { frame, stages };
};

describe('the README pictures', function () {
  this.timeout(60_000);

  let cleanup: (() => void)[] = [];
  beforeEach(function () {
    if (!isChromium) this.skip();
    holdClock();
  });
  afterEach(() => {
    cleanup.forEach((undo) => undo());
    cleanup = [];
    releaseClock();
  });

  it('overview: send, enter the code, verified; light, dark and Arabic', async () => {
    const columns: StageOptions[] = [
      { scheme: 'light', caption: 'Light' },
      { scheme: 'dark', caption: 'Dark' },
      { scheme: 'light', lang: 'ar', caption: 'Arabic (right to left)' },
    ];
    const { frame, stages } = await grid(
      [
        (options) => stage(options),
        async (options) => {
          const s = await stage({ ...options, caption: undefined });
          await sendCode(s);
          await typeDigits(s.el, '123');
          return s;
        },
        async (options) => {
          const s = await stage({ ...options, caption: undefined });
          await sendCode(s);
          await s.el.verify(await sentCode(s));
          await s.el.updateComplete;
          return s;
        },
      ],
      columns,
    );
    cleanup.push(() => {
      stages.forEach((s) => s.el.reset());
      frame.remove();
    });
    expect(stages.map((s) => s.el.state)).to.deep.equal(['idle', 'idle', 'idle', 'code-sent', 'code-sent', 'code-sent', 'verified', 'verified', 'verified']);
    await photograph(frame, 'readme-overview');
  });

  it('themed: the Styling section\'s CSS, as printed in README.md', async () => {
    const style = document.createElement('style');
    style.textContent = await readmeThemeCss();
    document.head.append(style);
    cleanup.push(() => style.remove());
    const s = await stage({ width: 420 });
    s.el.classList.add('brand');
    await sendCode(s);
    await typeDigits(s.el, '42');
    await photograph(s.frame, 'readme-themed');
  });
});
