// npm start: one process serves the demo site at /, its backend (/api/...) and the
// Authsignal simulator (/v1/client, /v1, /sim/), and prints the URL. With
// AUTHSIGNAL_SECRET_KEY (and AUTHSIGNAL_API_URL or AUTHSIGNAL_REGION) in the environment the
// backend talks to the real Authsignal instead; see demo/backend/index.mjs.
import { createServer } from 'node:net';
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { createDemoBackend } from '../demo/backend/index.mjs';
import { DEFAULT_SECRET_KEY, createSimulator } from '../sim/index.mjs';

const port = Number(process.env.PORT ?? 8000);

/** `/` is the demo: a visitor should not have to know it lives under /demo/. */
async function demoAtRoot(ctx, next) {
  if (ctx.path === '/' || ctx.path === '/index.html') {
    const query = ctx.querystring ? `?${ctx.querystring}` : '';
    ctx.redirect(`/demo/${query}`);
    return;
  }
  return next();
}

let backend;
try {
  backend = createDemoBackend({ simulatorSecretKey: DEFAULT_SECRET_KEY });
} catch (error) {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
}

/**
 * Whether the port can be listened on. The dev server prints a stack trace and exits when
 * it cannot, so ask first and say it in one line.
 * @param {number} wanted
 */
const portProblem = (wanted) =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => resolve(error.code === 'EADDRINUSE' ? `port ${wanted} is in use; try PORT=${wanted + 1} npm start` : error.message));
    probe.listen(wanted, () => probe.close(() => resolve(undefined)));
  });
const problem = port === 0 ? undefined : await portProblem(port);
if (problem) {
  console.error(`npm start: ${problem}`);
  process.exit(1);
}

let server;
try {
  server = await startDevServer({
    config: {
      rootDir: '.',
      port,
      hostname: 'localhost',
      nodeResolve: true,
      appIndex: 'demo/index.html',
      // A fixed target: the plugin's default ("auto") falls back, for any browser it does not
      // know (iPad Safari, Samsung Internet, curl), to a 2018 target it cannot compile to (500).
      plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2020' })],
      middleware: [demoAtRoot, createSimulator({ secretKey: DEFAULT_SECRET_KEY, hidePassThroughSecrets: true }).middleware, ...backend.middleware],
    },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
} catch (error) {
  const why = error?.code === 'EADDRINUSE' ? `port ${port} is in use; try PORT=8001 npm start` : error?.message;
  console.error(`npm start: ${why}`);
  process.exit(1);
}

const url = `http://localhost:${server.config.port}/`;
console.log(`\n  Demo: ${url}\n  Backend: ${backend.description}\n  Ctrl+C to stop.\n`);
