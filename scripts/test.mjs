#!/usr/bin/env node
// `npm test`: every check, in order, with their output streamed as it comes.
//   0. npm run build             dist/, which the script-tag, SSR, package and type tests load
//                                (counts as one check)
//   1. tsc -p test --noEmit      the type check of src and tests (counts as one check)
//   2. node --test               sim/*.test.mjs and test/node/**/*.test.mjs, when there are any
//   3. web-test-runner           test/**/*.test.ts in Chromium, Firefox and WebKit
//   4. node --test test/wordpress the WordPress plugin in a real WordPress (PHP, MariaDB, Debian's
//                                WordPress files) on 6.1 (Debian 12) and 6.8 (Debian 13): with
//                                Chromium on both, Firefox on 6.8 only (WP_MATRIX=full: on both),
//                                among BROWSERS; rows `wordpress 6.1 chromium`, ...; skipped when
//                                arguments narrow the run
// All stages run even when one fails. The last line is always `N passed, N failed`; the
// exit code is 1 when anything failed or nothing ran.
// Arguments are passed on to web-test-runner: npm test -- --files test/client.test.ts
// BROWSERS=chromium,firefox,webkit (the default) picks the engines.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'authsignal-test-'));

/** One row per stage or engine: { name, passed, failed, skipped, note } */
const rows = [];

const stripAnsi = (text) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

function heading(text) {
  process.stdout.write(`\n=== ${text} ===\n`);
}

/** Runs a command with its output streamed; resolves to { code, output }. */
function run(command, args, { env = {}, capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
        process.stderr.write(chunk);
      });
    }
    child.once('error', (error) => {
      process.stderr.write(`could not start ${command}: ${error.message}\n`);
      resolve({ code: 127, output });
    });
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

function filesUnder(dir, suffix) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(dir, name))
    .sort();
}

async function build() {
  heading('build: npm run build');
  const started = Date.now();
  const { code } = await run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
  const ok = code === 0;
  process.stdout.write(`${ok ? 'build passed' : 'build FAILED'} (${seconds(started)})\n`);
  rows.push({ name: 'build', passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

async function typeCheck() {
  heading('type check: tsc -p test --noEmit');
  const started = Date.now();
  const { code } = await run(process.execPath, [
    require.resolve('typescript/bin/tsc'),
    '-p',
    'test',
    '--noEmit',
    '--pretty',
  ]);
  const ok = code === 0;
  process.stdout.write(`${ok ? 'type check passed' : 'type check FAILED'} (${seconds(started)})\n`);
  rows.push({ name: 'typecheck', passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

async function nodeTests() {
  // Node 20's --test does not expand globs itself.
  const files = [
    ...(existsSync(join(root, 'sim'))
      ? readdirSync(join(root, 'sim'))
          .filter((name) => name.endsWith('.test.mjs'))
          .map((name) => join('sim', name))
          .sort()
      : []),
    ...filesUnder(join('test', 'node'), '.test.mjs'),
  ];
  if (files.length === 0) return;
  heading(`node --test: ${files.join(' ')}`);
  const started = Date.now();
  // spec for people on stdout; tap into a file, whose closing "# pass N" / "# fail N" /
  // "# cancelled N" lines are the counts.
  const tapFile = join(scratch, 'node-test.tap');
  const { code } = await run(process.execPath, [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ]);
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const total = (key) => {
    const match = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap);
    return match ? Number(match[1]) : 0;
  };
  const row = {
    name: 'node',
    passed: total('pass'),
    failed: total('fail') + total('cancelled'),
    skipped: total('skipped') + total('todo'),
  };
  if (code !== 0 && row.failed === 0) {
    row.failed = 1;
    row.note = `node --test exited with code ${code}`;
  }
  process.stdout.write(`node tests finished in ${seconds(started)}\n`);
  rows.push(row);
}

async function browserTests(extraArgs) {
  heading(`web-test-runner (${process.env.BROWSERS ?? 'chromium,firefox,webkit'})`);
  const started = Date.now();
  const summaryFile = join(scratch, 'wtr-summary.json');
  const { code, output } = await run(
    process.execPath,
    [join(dirname(require.resolve('@web/test-runner')), 'bin.js'), '--static-logging', ...extraArgs],
    { env: { WTR_SUMMARY_FILE: summaryFile }, capture: true },
  );

  // Counts come from the summary-file reporter (test/reporters/summary-file.mjs), which
  // also counts a file that failed to load or a browser that never ran as a failure. The
  // runner's own progress lines are the fallback when it stopped before reporting.
  let engines;
  if (existsSync(summaryFile)) {
    engines = Object.entries(JSON.parse(readFileSync(summaryFile, 'utf8')).engines).map(
      ([name, counts]) => ({ name: name.toLowerCase(), ...counts }),
    );
  } else {
    const last = new Map();
    const line = /^\s*([A-Za-z][\w .-]*?):\s*\|.*\|\s*\d+\/\d+ test files \| (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/;
    for (const text of stripAnsi(output).split(/\r?\n|\r/)) {
      const match = line.exec(text);
      if (match) {
        last.set(match[1].toLowerCase(), {
          name: match[1].toLowerCase(),
          passed: Number(match[2]),
          failed: Number(match[3]),
          skipped: Number(match[4] ?? 0),
        });
      }
    }
    engines = [...last.values()];
  }
  const failed = engines.reduce((sum, engine) => sum + engine.failed, 0);
  if (code !== 0 && failed === 0) {
    // The runner failed without saying which test: config error, crash, no files found...
    engines.push({
      name: 'web-test-runner',
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `exited with code ${code}`,
    });
  }
  for (const engine of engines) {
    for (const broken of engine.brokenFiles ?? []) {
      process.stdout.write(
        `counted as failed on ${engine.name}: ${relative(root, broken.file)}: ${broken.errors.join('; ') || broken.status}\n`,
      );
    }
  }
  process.stdout.write(`browser tests finished in ${seconds(started)}\n`);
  rows.push(...engines);
}

/** Counts from a node --test TAP file: its closing "# pass N" / "# fail N" / ... lines. */
function tapCounts(tapFile) {
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const total = (key) => {
    const match = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap);
    return match ? Number(match[1]) : 0;
  };
  return { passed: total('pass'), failed: total('fail') + total('cancelled'), skipped: total('skipped') + total('todo') };
}

/**
 * The WordPress rows: every version with Chromium, Firefox only on the newest (the whole
 * matrix takes twice as long; WP_MATRIX=full runs Firefox on every version too).
 * @param {string[]} engines the engines BROWSERS allows, of chromium and firefox
 */
function wordpressMatrix(engines, versions = ['6.1', '6.8'], full = process.env.WP_MATRIX === 'full') {
  const newest = versions.at(-1);
  return versions.flatMap((version) =>
    engines.filter((engine) => engine === 'chromium' || full || version === newest).map((engine) => ({ version, engine })),
  );
}

async function wordpressTests(extraArgs) {
  const files = filesUnder(join('test', 'wordpress'), '.test.mjs');
  if (files.length === 0) return;
  if (extraArgs.length > 0) {
    process.stdout.write('\nwordpress tests skipped: arguments narrow the run to web-test-runner\n');
    return;
  }
  const wanted = (process.env.BROWSERS ?? 'chromium,firefox,webkit').split(',').map((name) => name.trim());
  const engines = ['chromium', 'firefox'].filter((name) => wanted.includes(name));
  for (const [index, { version, engine }] of wordpressMatrix(engines).entries()) {
    // The static checks (php-lint.test.mjs) use no browser and no WordPress: they run in the first row only.
    const selected = index === 0 ? files : files.filter((file) => !file.endsWith('php-lint.test.mjs'));
    heading(`wordpress ${version} (${engine}): node --test ${selected.join(' ')}`);
    const started = Date.now();
    const tapFile = join(scratch, `wordpress-${version}-${engine}.tap`);
    const { code } = await run(
      process.execPath,
      ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...selected],
      { env: { WP_BROWSER: engine, WP_VERSION: version } },
    );
    const row = { name: `wordpress ${version} ${engine}`, ...tapCounts(tapFile) };
    if (code !== 0 && row.failed === 0) {
      row.failed = 1;
      row.note = `node --test exited with code ${code}`;
    }
    process.stdout.write(`wordpress tests (${version}, ${engine}) finished in ${seconds(started)}\n`);
    rows.push(row);
  }
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function counts({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

const started = Date.now();
try {
  await build();
  await typeCheck();
  await nodeTests();
  await browserTests(process.argv.slice(2));
  await wordpressTests(process.argv.slice(2));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const passed = rows.reduce((sum, row) => sum + row.passed, 0);
const failed = rows.reduce((sum, row) => sum + row.failed, 0);
process.stdout.write(`\n--- summary (${seconds(started)}) ---\n`);
for (const row of rows) {
  process.stdout.write(`${row.name}: ${counts(row)}${row.note ? ` (${row.note})` : ''}\n`);
}
// The build and the type check alone are not a test run.
const testsRan = rows.some((row) => row.name !== 'build' && row.name !== 'typecheck' && row.passed + row.failed > 0);
if (!testsRan) process.stdout.write('no tests ran\n');
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 || !testsRan ? 1 : 0;
