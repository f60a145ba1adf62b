// The `keyboard` test command: real key presses that behave the same in all three engines.
// Tests call it through test/helpers/keyboard.ts.
//
// Why not sendKeys() from @web/test-runner-commands alone? It works for single keys, but:
// - WebKit (WebDriver): `type` presses every key down and then releases them all, so
//   repeated characters collapse ('112233' arrives as '123'); `down`/`up` are refused.
// - Chromium and Firefox (puppeteer): `press` takes no chords ('Shift+Tab' is an unknown
//   key); Firefox's BiDi keyboard does not know the name 'Space'.
// Here `type` is one full press per character, `press` accepts chords, and `down`/`up`
// hold a key across calls (WebDriver keeps input state between Perform Actions calls).

/** WebDriver's code points for named keys (WebDriver spec, "Keyboard actions"). */
const WEBDRIVER_KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Insert: '\uE016',
  Delete: '\uE017',
  Meta: '\uE03D',
};

/** 'Space' and ' ' are the same key; one printable character is itself. */
function normalize(key) {
  if (key === 'Space' || key === ' ') return ' ';
  if ([...key].length === 1) return key;
  if (!(key in WEBDRIVER_KEYS)) {
    throw new Error(
      `Unknown key "${key}". Use one character or one of: Space, ${Object.keys(WEBDRIVER_KEYS).join(', ')}`,
    );
  }
  return key;
}

/** 'Shift+Tab' -> ['Shift', 'Tab']; a lone '+' stays a key. */
function chord(key) {
  if (key.length > 1 && key.includes('+') && !key.endsWith('+')) {
    return key.split('+').map(normalize);
  }
  return [normalize(key)];
}

function toWebDriver(key) {
  return WEBDRIVER_KEYS[key] ?? key;
}

function validate(payload) {
  const { action, key, text } = payload ?? {};
  if (action === 'type') {
    if (typeof text !== 'string') throw new Error('keyboard "type" needs a string `text`');
  } else if (['press', 'down', 'up'].includes(action)) {
    if (typeof key !== 'string' || key === '') throw new Error(`keyboard "${action}" needs a \`key\``);
  } else {
    throw new Error('keyboard needs `action`: "type", "press", "down" or "up"');
  }
  return { action, key, text };
}

async function withPuppeteer(keyboard, { action, key, text }) {
  switch (action) {
    case 'type':
      for (const character of text) await keyboard.press(character);
      return;
    case 'press': {
      const keys = chord(key);
      for (const k of keys.slice(0, -1)) await keyboard.down(k);
      await keyboard.press(keys.at(-1));
      for (const k of keys.slice(0, -1).reverse()) await keyboard.up(k);
      return;
    }
    case 'down':
      return keyboard.down(normalize(key));
    case 'up':
      return keyboard.up(normalize(key));
  }
}

function webDriverActions({ action, key, text }) {
  const down = (k) => ({ type: 'keyDown', value: toWebDriver(k) });
  const up = (k) => ({ type: 'keyUp', value: toWebDriver(k) });
  switch (action) {
    case 'type':
      return [...text].flatMap((character) => [down(character), up(character)]);
    case 'press': {
      const keys = chord(key);
      return [...keys.map(down), ...[...keys].reverse().map(up)];
    }
    case 'down':
      return [down(normalize(key))];
    case 'up':
      return [up(normalize(key))];
  }
}

export function keyboardPlugin() {
  return {
    name: 'keyboard-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'keyboard') return undefined;
      const request = validate(payload);
      const browser = session.browser;
      if (browser.type === 'puppeteer' || browser.type === 'playwright') {
        await withPuppeteer(browser.getPage(session.id).keyboard, request);
        return true;
      }
      if (browser.type === 'webdriver') {
        // Needs concurrency 1 (one page, no iframes); the launcher refuses otherwise.
        await browser.driverManager.performActions(session.id, [
          { type: 'key', id: 'keyboard', actions: webDriverActions(request) },
        ]);
        return true;
      }
      throw new Error(`The keyboard command does not support ${browser.type} browsers`);
    },
  };
}
