// A headless browser for the WordPress tests, from Debian (puppeteer-core never downloads one).
// WP_BROWSER=chromium (default) or firefox.
import puppeteer from 'puppeteer-core';

/** The engine the browser tests drive. */
export const browserName = process.env.WP_BROWSER ?? 'chromium';

export function launchBrowser() {
  if (browserName === 'firefox') {
    return puppeteer.launch({ browser: 'firefox', headless: true, executablePath: '/usr/bin/firefox-esr' });
  }
  return puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * Signs in through wp-login.php's form in a fresh browser context (its own cookies).
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} siteUrl
 * @param {string} login
 * @param {string} password
 */
export async function signInPage(browser, siteUrl, login, password) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  await page.goto(`${siteUrl}/wp-login.php`);
  await fillSignInForm(page, login, password);
  await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
  if (new URL(page.url()).pathname.endsWith('/wp-login.php')) {
    const error = await page.$eval('#login_error', (el) => el.textContent ?? '').catch(() => 'no error shown');
    throw new Error(`signing in as ${login} in the browser failed: ${error.trim()}`);
  }
  return { context, page };
}

/**
 * Fills wp-login.php's form. Not typed key by key: the page focuses and selects the user name
 * field 200 ms after load, and would take over a password being typed at that moment.
 * @param {import('puppeteer-core').Page} page
 * @param {string} login
 * @param {string} password
 */
export async function fillSignInForm(page, login, password) {
  await page.$eval('#user_login', (el, value) => ((/** @type {HTMLInputElement} */ (el)).value = value), login);
  await page.$eval('#user_pass', (el, value) => ((/** @type {HTMLInputElement} */ (el)).value = value), password);
}
