// For Node-side tests and harnesses: a TCP port to start a server on.
import { createServer } from 'node:net';

/** A port on 127.0.0.1 that was free a moment ago (for a server that must know it before it starts). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return port;
}
