// The `media-features` test command: emulates CSS media features the runner's own
// emulateMedia() does not pass on, such as `forced-colors` (it forwards only
// prefers-color-scheme and prefers-reduced-motion to puppeteer). Tests call it through
// test/helpers/media-features.ts.
//
// Chromium (puppeteer over CDP) supports it. Firefox over WebDriver BiDi and WebKit over
// WebDriver classic have no such emulation: the command then fails, and tests skip with
// that reason rather than pass without having looked.

function validate(payload) {
  const features = payload?.features;
  if (!Array.isArray(features) || !features.every((f) => typeof f?.name == 'string' && typeof f?.value == 'string')) {
    throw new Error('media-features needs `features`: [{ name, value }], e.g. [{ name: "forced-colors", value: "active" }]');
  }
  return features;
}

/** One CDP session per page, kept so that its emulation lasts (WeakMap: pages come and go). */
const cdpSessions = new WeakMap();

export function mediaFeaturesPlugin() {
  return {
    name: 'media-features-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'media-features') return undefined;
      const features = validate(payload);
      const browser = session.browser;
      if (browser.type === 'puppeteer') {
        const page = browser.getPage(session.id);
        // Over CDP (Chromium) only. puppeteer's own page.emulateMediaFeatures() refuses
        // `forced-colors` by name, so the protocol is called directly, on one session per
        // page kept open: an override ends when its session detaches.
        if (page.browser().protocol === 'webDriverBiDi') throw new Error('WebDriver BiDi has no media feature emulation');
        if (!cdpSessions.has(page)) cdpSessions.set(page, await page.createCDPSession());
        await cdpSessions.get(page).send('Emulation.setEmulatedMedia', { features });
        return true;
      }
      throw new Error(`Media feature emulation is not available for ${browser.type} browsers here`);
    },
  };
}
