// The command line of node-server.mjs, run as a person runs it: it serves both APIs with
// the secret key it is given, and a taken port is one clear line and a non-zero exit, not a
// stack trace. Run: node --test sim/
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const script = fileURLToPath(new URL('node-server.mjs', import.meta.url));

/**
 * Runs the CLI until it prints its first line (or exits); the caller stops it.
 * @param {string[]} args
 */
function runCli(args) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  const listening = new Promise((resolve) => child.stdout.on('data', () => stdout.includes('\n') && resolve(undefined)));
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

describe('node sim/node-server.mjs', () => {
  /** @type {import('node:child_process').ChildProcess[]} */
  const started = [];
  after(() => started.forEach((child) => child.kill()));

  it('serves the Server API with the --secret-key it is given', async () => {
    const cli = runCli(['--port', '0', '--secret-key', 'cli-test-key']);
    started.push(cli.child);
    await Promise.race([cli.listening, cli.exited]);
    const url = /on (http:\/\/\S+)/.exec(cli.output().stdout)?.[1];
    assert.ok(url, `no URL in: ${cli.output().stdout}${cli.output().stderr}`);
    const track = (/** @type {string} */ key) =>
      fetch(`${url}/v1/users/u/actions/a`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } });
    assert.equal((await track('cli-test-key')).status, 200);
    assert.equal((await track('sim-secret-key-for-local-testing-only')).status, 401);
  });

  it('says in one line that the port is taken, and exits with 1', async () => {
    const blocker = createServer();
    await new Promise((resolve) => blocker.listen(0, '127.0.0.1', () => resolve(undefined)));
    const { port } = /** @type {import('node:net').AddressInfo} */ (blocker.address());
    try {
      const cli = runCli(['--port', String(port)]);
      started.push(cli.child);
      const code = await cli.exited;
      const { stdout, stderr } = cli.output();
      assert.equal(code, 1);
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, `more than one line:\n${stderr}`);
      assert.match(stderr, new RegExp(`port ${port} .*already in use`));
      assert.doesNotMatch(stderr, /\n\s+at /, 'a stack trace');
    } finally {
      blocker.close();
    }
  });

  it('refuses a --port that is not a port number, with exit code 2', async () => {
    const cli = runCli(['--port', 'eighty']);
    started.push(cli.child);
    assert.equal(await cli.exited, 2);
    assert.match(cli.output().stderr, /--port must be a port number/);
  });
});
