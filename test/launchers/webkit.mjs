// WebKit for @web/test-runner on Linux: WebKitGTK's MiniBrowser driven by WebKitWebDriver.
//
// Nothing here downloads a browser or a driver: both come from Debian's webkit2gtk-driver.
// The launcher starts its own Xvfb when there is no $DISPLAY, starts WebKitWebDriver on a
// free port and hands that address to webdriverio, so webdriverio never looks for a driver
// of its own. Both child processes are stopped with the launcher, or when Node exits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { WebdriverLauncher } from '@web/test-runner-webdriver';

const MINIBROWSER_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
];

/** Children still running, so that an abrupt exit of Node does not leave them behind. */
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts Xvfb on the first free display; resolves to e.g. ':99'. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    // -displayfd makes Xvfb pick a free display itself and write its number to fd 1
    // once it accepts connections: no guessed display numbers, no races.
    const xvfb = track(
      spawn('Xvfb', ['-displayfd', '1', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('Xvfb did not report a display within 10 s')), 10_000);
    function fail(error) {
      clearTimeout(timer);
      xvfb.kill('SIGKILL');
      reject(new Error(`${error.message}${err ? `\n${err}` : ''}`));
    }
    xvfb.once('error', fail);
    xvfb.once('exit', (code) => fail(new Error(`Xvfb exited early with code ${code}`)));
    xvfb.stderr.on('data', (chunk) => {
      err += chunk;
    });
    xvfb.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^(\d+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        xvfb.removeAllListeners('exit');
        xvfb.stdout.removeAllListeners('data');
        xvfb.stderr.removeAllListeners('data');
        resolve({ process: xvfb, display: `:${match[1]}` });
      }
    });
  });
}

async function waitForDriver(port, driver, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  driver.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(
    exited
      ? 'WebKitWebDriver exited before it accepted connections'
      : `WebKitWebDriver did not answer on port ${port} within ${timeoutMs} ms`,
  );
}

class WebKitGtkLauncher extends WebdriverLauncher {
  constructor({ binary, driver = 'WebKitWebDriver', concurrency = 1 }) {
    super({
      // Filled in by start(); webdriverio only reads these when the first session opens.
      hostname: '127.0.0.1',
      port: 0,
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks classic WebDriver only; without this webdriverio 9 asks
        // for a BiDi socket and fails.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary, args: ['--automation'] },
      },
    });
    this.driverBinary = driver;
    // One page at a time: the runner then uses one top-level page per test file
    // (SessionManager) instead of iframes, which keeps focus, keyboard and pointer
    // input honest. The scheduler reads `concurrency` from the launcher.
    this.concurrency = concurrency;
    this.processes = [];
  }

  async initialize(config, testFiles) {
    await super.initialize({ ...config, concurrency: this.concurrency }, testFiles);
    this.name = 'WebKit';
  }

  // The processes start with the first session, not in initialize(): a failure there would
  // abort the whole run, while a failed session is reported per file and the other engines
  // keep running.
  async startSession(id, url) {
    this.processesReady ??= this.startProcesses();
    await this.processesReady;
    return super.startSession(id, url);
  }

  async startProcesses() {
    const env = { ...process.env };
    if (!env.DISPLAY) {
      const xvfb = await startXvfb();
      this.processes.push(xvfb.process);
      env.DISPLAY = xvfb.display;
    }
    const port = await freePort();
    const driver = track(
      spawn(this.driverBinary, [`--port=${port}`], { env, stdio: ['ignore', 'ignore', 'pipe'] }),
    );
    this.processes.push(driver);
    let driverErr = '';
    driver.stderr.on('data', (chunk) => {
      driverErr = (driverErr + chunk).slice(-4000);
    });
    const spawned = new Promise((resolve, reject) => {
      driver.once('spawn', resolve);
      driver.once('error', reject);
    });
    try {
      await spawned;
      await waitForDriver(port, driver);
    } catch (error) {
      await this.stopProcesses();
      throw new Error(`${error.message}${driverErr ? `\n${driverErr}` : ''}`);
    }
    this.options.port = port;
  }

  async stopProcesses() {
    const processes = this.processes.reverse();
    this.processes = [];
    await Promise.all(
      processes.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }

  async stop() {
    try {
      await super.stop();
    } finally {
      this.processesReady = undefined;
      await this.stopProcesses();
    }
  }
}

/**
 * @param {{ binary?: string, driver?: string, concurrency?: number }} [options]
 */
export function webkitLauncher(options = {}) {
  const binary = options.binary ?? MINIBROWSER_CANDIDATES.find((path) => existsSync(path));
  if (!binary) {
    throw new Error(
      'WebKitGTK MiniBrowser not found; install it with `apt-get install webkit2gtk-driver`',
    );
  }
  return new WebKitGtkLauncher({ ...options, binary });
}
