// npm start: serves demo/ with the Client API simulator on localhost, and prints the URL.
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { createSimulator } from '../sim/index.mjs';

const port = Number(process.env.PORT ?? 8000);

const server = await startDevServer({
  config: {
    rootDir: '.',
    port,
    hostname: 'localhost',
    nodeResolve: true,
    appIndex: 'demo/index.html',
    plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json' })],
    middleware: [createSimulator().middleware],
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});

const url = `http://localhost:${server.config.port}/demo/`;
console.log(`\n  Demo: ${url}\n  (the Client API simulator answers at http://localhost:${server.config.port}/v1/client)\n  Ctrl+C to stop.\n`);
