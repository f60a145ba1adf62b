// A private MariaDB for one test run: its own data directory and socket, no TCP port, run as
// the current user (root in CI), stopped and removed with the run.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @param {string} dir an empty directory the database may own
 * @returns {Promise<{ socket: string, stop: () => Promise<void> }>}
 */
export async function startMariaDb(dir) {
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const log = join(dir, 'mariadb.log');
  mkdirSync(dir, { recursive: true });
  const user = process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'root');
  execFileSync(
    'mariadb-install-db',
    [`--user=${user}`, `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
    { stdio: 'ignore' },
  );
  const server = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--user=${user}`,
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--pid-file=${join(dir, 'mariadb.pid')}`,
      `--log-error=${log}`,
      '--skip-networking',
      '--innodb-buffer-pool-size=32M',
      '--innodb-log-file-size=16M',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  while (!existsSync(socket) || !readFileSync(log, 'utf8').includes('ready for connections')) {
    if (server.exitCode !== null) throw new Error(`mariadbd exited:\n${readFileSync(log, 'utf8')}`);
    if (Date.now() > deadline) throw new Error('mariadbd did not start within 30 s');
    await sleep(50);
  }
  return {
    socket,
    stop: async () => {
      if (server.exitCode === null) server.kill('SIGTERM');
      await exited;
    },
  };
}
