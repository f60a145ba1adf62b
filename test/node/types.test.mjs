// Types for every editor. The typings in dist/, through package.json's exports, compile for
// plain DOM code, React 19 JSX, the React 18 wrapper, Vue and Svelte (with tsc, under
// bundler and node16 resolution); the README's Vue and Svelte components pass vue-tsc and
// svelte-check, the checkers behind those frameworks' editor extensions; the .tsx interop
// tests compile. And mistakes do not compile, each for the reason expected: the files in
// test/types/fail/, test/types/vue/Typos.vue and test/types/svelte/Typos.svelte mark each
// line that must fail with `// error TSxxxx: message` (or `<!-- error TSxxxx: message -->`).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { requireBuild, root } from './dist.mjs';
import { assertErrorsAsMarked, markers } from './error-markers.mjs';

const require = createRequire(import.meta.url);
const bin = (name, path) => join(dirname(require.resolve(`${name}/package.json`)), path);
const TSC = bin('typescript', 'bin/tsc');
const VUE_TSC = bin('vue-tsc', 'bin/vue-tsc.js');
const SVELTE_CHECK = bin('svelte-check', 'bin/svelte-check');

/** Runs a checker: its exit code, its output, and its errors as { file, line, code, message }. */
function check(args, parse) {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, output: stdout + stderr, errors: parse(stdout) });
    });
  });
}

/** tsc and vue-tsc with --pretty false: `file(line,col): error TSxxxx: message`, continued on indented lines. */
function parseTsc(stdout) {
  const errors = [];
  for (const line of stdout.split('\n')) {
    const match = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    if (match) errors.push({ file: match[1], line: Number(match[2]), code: match[3], message: match[4] });
    else if (line.trim() && errors.length) errors.at(-1).message += ' ' + line.trim();
  }
  return errors;
}

const tsc = (project) => check([TSC, '-p', project, '--pretty', 'false'], parseTsc);
const vueTsc = (project) => check([VUE_TSC, '-p', project, '--noEmit', '--pretty', 'false'], parseTsc);

/** svelte-check --output machine-verbose: one JSON object per problem; lines count from 0. */
const svelteCheck = (workspace, tsconfig) =>
  check([SVELTE_CHECK, '--workspace', workspace, '--tsconfig', tsconfig, '--output', 'machine-verbose'], (stdout) =>
    stdout
      .split('\n')
      .map((line) => /^\d+ (\{.*\})$/.exec(line)?.[1])
      .filter(Boolean)
      .map((json) => JSON.parse(json))
      .filter((problem) => problem.type == 'ERROR')
      .map((problem) => ({
        file: join(workspace, problem.filename),
        line: problem.start.line + 1,
        code: `TS${problem.code}`,
        message: problem.message,
      })),
  );

/** Exactly the marked lines fail, with the marked code, and each message says what the marker says. */
function assertFailsAsMarked({ code, errors, output }, expected) {
  assert.ok(expected.length > 0, 'markers were read');
  assert.notEqual(code, 0, `the checker must fail\n${output}`);
  assertErrorsAsMarked(errors, expected, output);
}

describe('type tests', { concurrency: true }, () => {
  before(requireBuild);

  for (const [project, what] of [
    ['test/types/tsconfig.json', 'DOM, React 19 JSX, the React 18 wrapper, Vue and Svelte typings (tsc, bundler resolution)'],
    ['test/types/tsconfig.node16.json', 'the same under node16 resolution'],
    ['test/types/tsconfig.interop.json', 'the .tsx interop tests'],
  ]) {
    it(`compile: ${what}`, async () => {
      const { code, output } = await tsc(project);
      assert.equal(code, 0, output);
    });
  }

  it('compile: the README’s Vue component, with vue-tsc', async () => {
    const { code, output } = await vueTsc('test/types/vue/tsconfig.json');
    assert.equal(code, 0, output);
  });

  it('compile: the README’s Svelte component, with svelte-check', async () => {
    const { code, errors, output } = await svelteCheck('test/types/svelte', './tsconfig.json');
    assert.deepEqual(errors, []);
    assert.equal(code, 0, output);
    assert.match(output, /COMPLETED \d+ FILES 0 ERRORS/);
  });

  it('refuse: the mistakes in test/types/fail/ (tsc), each for the reason marked', async () => {
    const files = readdirSync(join(root, 'test/types/fail'))
      .filter((name) => /\.tsx?$/.test(name))
      .map((name) => `test/types/fail/${name}`);
    assertFailsAsMarked(await tsc('test/types/fail/tsconfig.json'), markers(files));
  });

  it('refuse: the mistakes in a Vue template (vue-tsc), each for the reason marked', async () => {
    assertFailsAsMarked(await vueTsc('test/types/vue/tsconfig.fail.json'), markers(['test/types/vue/Typos.vue']));
  });

  it('refuse: the mistakes in Svelte markup (svelte-check), each for the reason marked', async () => {
    assertFailsAsMarked(
      await svelteCheck('test/types/svelte', './tsconfig.fail.json'),
      markers(['test/types/svelte/Typos.svelte']),
    );
  });
});
