// Angular, compiled ahead of time: ngc's compiler (@angular/compiler-cli, run in process) with
// the template type checking of `ng new` projects (strictTemplates), on the README's Angular
// example (read from README.md, compiled as if it were test/types/angular/readme-example.ts)
// and on the files in test/types/angular/. The JIT interop test (test/interop/angular.test.ts) cannot show what
// this shows: JIT accepts an unknown element without CUSTOM_ELEMENTS_SCHEMA (it only logs), and
// it never type-checks a template.
//   - The README's Angular component compiles with no diagnostics, into a component definition
//     that creates the element, sets `token`, the `base-url` attribute and the three listeners.
//   - The same component without its `schemas: [CUSTOM_ELEMENTS_SCHEMA]` line does not compile
//     (NG8001 for the element, NG8002 for `[token]`): the README's schema line is needed.
//   - With strictTemplates (strictDomEventTypes), Angular types `$event` of `(challenge-…)` from
//     the package's GlobalEventHandlersEventMap entries, as `CustomEvent<Challenge…Detail>`:
//     handlers taking the details' types compile, and mistakes in the details do not.
// Each compilation writes into a temporary directory, removed afterwards.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import {
  createCompilerHost,
  formatDiagnostics,
  NodeJSFileSystem,
  performCompilation,
  readConfiguration,
  setFileSystem,
} from '@angular/compiler-cli';
import ts from 'typescript';
import { requireBuild, root } from './dist.mjs';
import { assertErrorsAsMarked, markers } from './error-markers.mjs';
import { frameworkBlocks } from './readme-blocks.mjs';

const fixtures = join(root, 'test', 'types', 'angular');

/** The README's Angular example: the ts block under "### Angular". */
function readmeExample() {
  const code = frameworkBlocks().get('Angular')?.[0];
  assert.ok(code, 'README has a ts block under "### Angular"');
  return code;
}

/** A diagnostic as { file, line, code, message }: code `TS2551`, or `NG8001` for Angular's own. */
function describeDiagnostic(d) {
  const ng = d.code < 0 && String(d.code).startsWith('-99');
  return {
    file: d.file ? relative(root, d.file.fileName) : undefined,
    line: d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : undefined,
    code: ng ? `NG${String(d.code).slice(3)}` : `TS${d.code}`,
    message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
  };
}

/**
 * Compiles one file of test/types/angular/ on its own (the tsconfig's options, outDir a
 * temporary directory) and returns its diagnostics, their text, and the JavaScript emitted for
 * it. With `text`, the file need not exist: the compiler reads `text` as its content.
 */
function compile(file, { text } = {}) {
  const path = join(fixtures, file);
  const outDir = mkdtempSync(join(tmpdir(), 'authsignal-ngc-'));
  try {
    const { options, errors } = readConfiguration(join(fixtures, 'tsconfig.json'), { outDir });
    assert.deepEqual(errors, [], 'tsconfig.json reads');
    assert.equal(options.strictTemplates, true, 'strictTemplates');
    const host = createCompilerHost({ options });
    if (text !== undefined) {
      const { getSourceFile, readFile, fileExists } = host;
      host.fileExists = (name) => name == path || fileExists.call(host, name);
      host.readFile = (name) => (name == path ? text : readFile.call(host, name));
      host.getSourceFile = (name, language, ...rest) =>
        name == path
          ? ts.createSourceFile(name, text, language)
          : getSourceFile.call(host, name, language, ...rest);
    }
    const { diagnostics } = performCompilation({ rootNames: [path], options, host });
    const js = join(outDir, relative(root, path).replace(/\.ts$/, '.js'));
    return {
      diagnostics: diagnostics.map(describeDiagnostic),
      output: formatDiagnostics(diagnostics),
      emitted: existsSync(js) ? readFileSync(js, 'utf8') : undefined,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

describe('Angular, compiled ahead of time (ngc, strictTemplates)', () => {
  before(() => {
    requireBuild();
    setFileSystem(new NodeJSFileSystem());
  });

  it('compile: the README’s component, with no diagnostics, into a definition that creates the element', () => {
    const { diagnostics, output, emitted } = compile('readme-example.ts', { text: readmeExample() });
    assert.deepEqual(diagnostics, [], output);
    assert.ok(emitted, 'readme-example.js was emitted');
    // The component definition Angular's AOT compiler generates, with the template compiled
    // into instructions: the element is created, its property, attribute and listeners set.
    assert.match(emitted, /ɵcmp = .*ɵɵdefineComponent\(\{ type: WhatsappStep, selectors: \[\["whatsapp-step"\]\]/);
    assert.match(emitted, /ɵɵ\w*[eE]lementStart\(0, "authsignal-whatsapp-challenge"/);
    assert.match(emitted, /ɵɵ\w*[pP]roperty\("token", ctx\.token\)/);
    assert.match(emitted, /ɵɵattribute\("base-url", ctx\.baseUrl\)/);
    for (const event of ['challenge-started', 'challenge-verified', 'challenge-error']) {
      assert.match(emitted, new RegExp(`ɵɵ\\w*[lL]istener\\((.*\\)\\()?"${event}"`), event);
    }
  });

  it('refuse: the README’s component without CUSTOM_ELEMENTS_SCHEMA (NG8001 for the element, NG8002 for [token])', () => {
    const schemaLine = '  schemas: [CUSTOM_ELEMENTS_SCHEMA],\n';
    const readme = readmeExample();
    assert.ok(readme.includes(schemaLine), 'the README has the schemas line');
    const text = readme.replace(schemaLine, '');
    const { diagnostics, output } = compile('readme-example.ts', { text });
    const line = (code) => text.split('\n').findIndex((l) => l.includes(code)) + 1;
    // The element is refused, and so is the property binding; `[attr.base-url]` and the
    // listeners are not checked against the element.
    assert.deepEqual(
      diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`),
      [
        `test/types/angular/readme-example.ts:${line('<authsignal-whatsapp-challenge')} NG8001`,
        `test/types/angular/readme-example.ts:${line('[token]')} NG8002`,
      ],
      output,
    );
    const [element, property] = diagnostics.map((d) => d.message);
    assert.match(element, /^'authsignal-whatsapp-challenge' is not a known element/);
    assert.match(property, /^Can't bind to 'token' since it isn't a known property of 'authsignal-whatsapp-challenge'/);
    for (const message of [element, property]) {
      assert.match(message, /add 'CUSTOM_ELEMENTS_SCHEMA' to the '@Component\.schemas'/);
    }
  });

  it('compile: handlers that take the event details’ types, from `$event` (test/types/angular/events.ts)', () => {
    const { diagnostics, output } = compile('events.ts');
    assert.deepEqual(diagnostics, [], output);
  });

  it('refuse: mistakes in the event details, each for the reason marked (test/types/angular/typos.ts)', () => {
    const expected = markers(['test/types/angular/typos.ts']);
    assert.equal(expected.length, 3, 'markers were read');
    const { diagnostics, output } = compile('typos.ts');
    assertErrorsAsMarked(diagnostics, expected, output);
  });
});
