// npm run screenshots: the demo in headless Chromium, in each state, light, dark and Arabic,
// written to screenshots/*.png, so a person can look at what the element shows.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

const port = 8123;
const server = spawn(process.execPath, ['scripts/start.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.on('data', (chunk) => String(chunk).includes('Demo:') && resolve()));
mkdirSync('screenshots', { recursive: true });

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 900 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await page.goto(`http://localhost:${port}/demo/`);
    const el = await page.waitForSelector('authsignal-whatsapp-challenge');
    // Ready once the page knows its server (it gets tokens from its backend, via token-url).
    await page.waitForFunction(() => { const e = document.querySelector('authsignal-whatsapp-challenge'); return e && e.baseUrl && !e.hidden; });
    const shot = (name) => page.screenshot({ path: `screenshots/${scheme}-${name}.png` });
    const state = (s) => page.waitForFunction((s) => document.querySelector('authsignal-whatsapp-challenge').state == s, {}, s);
    await shot('1-idle');
    await page.evaluate(() => document.querySelector('authsignal-whatsapp-challenge').shadowRoot.querySelector('[part=button]').click());
    await state('code-sent');
    await page.waitForSelector('#inbox .code');
    await shot('2-code-sent');
    await page.keyboard.type('000000');
    await page.waitForFunction(() => document.querySelector('authsignal-whatsapp-challenge').shadowRoot.querySelector('[part=error]').textContent.trim());
    await shot('3-wrong-code');
    const code = await page.$eval('#inbox .code', (n) => n.textContent);
    await el.evaluate((e) => e.shadowRoot.querySelector('input').focus());
    await page.keyboard.type(code);
    await state('verified');
    await shot('4-verified');
    await page.close();
  }
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  await page.goto(`http://localhost:${port}/demo/`);
  await page.waitForFunction(() => { const e = document.querySelector('authsignal-whatsapp-challenge'); return e && e.baseUrl && !e.hidden; });
  await page.select('#lang', 'ar');
  await page.evaluate(() => document.querySelector('authsignal-whatsapp-challenge').shadowRoot.querySelector('[part=button]').click());
  await page.waitForFunction(() => document.querySelector('authsignal-whatsapp-challenge').state == 'code-sent');
  await page.screenshot({ path: 'screenshots/arabic-code-sent.png' });
  // The narrowest phones: nothing may scroll sideways at 320 px.
  await page.setViewport({ width: 320, height: 900 });
  await page.screenshot({ path: 'screenshots/arabic-320px.png', fullPage: true });
  console.log('screenshots/ written');
} finally {
  await browser.close();
  server.kill();
}
