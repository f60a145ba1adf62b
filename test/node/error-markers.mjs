// What the type tests share: files that must fail to compile mark each line that must fail,
// `// error TS2322: fragment` (or `<!-- error NG8001: fragment -->` in a template), and the
// checker's errors must be exactly those lines, with those codes, saying those fragments.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './dist.mjs';

/** The `error TSxxxx: fragment` markers of the files (paths from the repository root). */
export function markers(files) {
  return files.flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .flatMap((text, index) => {
        const match = /(?:\/\/|<!--) error ((?:TS|NG)\d+): (.*?)(?:\s*-->)?\s*$/.exec(text);
        return match ? [{ file, line: index + 1, code: match[1], fragment: match[2] }] : [];
      }),
  );
}

/** The errors ({ file, line, code, message }) are exactly the marked ones, each saying what its marker says. */
export function assertErrorsAsMarked(errors, expected, output) {
  const key = (d) => `${d.file}:${d.line} ${d.code}`;
  assert.deepEqual(errors.map(key).sort(), expected.map(key).sort(), output);
  for (const want of expected) {
    const got = errors.find((e) => key(e) == key(want));
    assert.ok(got.message.includes(want.fragment), `${key(want)}: "${got.message}" should say "${want.fragment}"`);
  }
}
