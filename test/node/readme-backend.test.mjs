// The README's "Your backend" section shows the validate route's rules as the reference
// backend runs them: its code block is compared with the marked part of
// demo/backend/authsignal-routes.mjs, so the two cannot drift apart. The wiring example
// must name what the module really exports and takes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root } from './dist.mjs';

const read = (path) => readFileSync(join(root, path), 'utf8');

/** Text without its common indentation, and without blank lines at either end. */
const dedent = (text) => {
  const lines = text.replace(/^\s*\n|\n\s*$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)[0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
};

/** The README's code blocks under "## Your backend", in order. */
const backendBlocks = () => {
  const section = /\n## Your backend\n([\s\S]*?)\n## /.exec(read('README.md'))?.[1];
  assert.ok(section, 'README has a "## Your backend" section');
  return [...section.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1].trim());
};

describe('README: Your backend', () => {
  it('shows the validate rules exactly as demo/backend/authsignal-routes.mjs runs them', () => {
    const source = read('demo/backend/authsignal-routes.mjs');
    const marked = /\/\/ --- the README's example -+\n([\s\S]*?)\n *\/\/ -{20,}/.exec(source);
    assert.ok(marked, 'authsignal-routes.mjs marks the README\'s example');
    const blocks = backendBlocks();
    assert.ok(blocks.includes(dedent(marked[1])), 'no README block equals the marked code; copy it again');
  });

  it('wires it up with the names the module exports and the options it takes', async () => {
    const [wiring] = backendBlocks();
    const routes = await import(join(root, 'demo/backend/authsignal-routes.mjs'));
    assert.equal(typeof routes.authsignalRoutes, 'function');
    assert.match(wiring, /import \{ authsignalRoutes \} from '\.\/authsignal-routes\.mjs'/);
    assert.match(wiring, /import \{ Authsignal \} from '@authsignal\/node'/);
    const source = read('demo/backend/authsignal-routes.mjs');
    for (const option of ['authsignal', 'action', 'currentUser']) {
      assert.match(wiring, new RegExp(`\\b${option}\\b`), `the example passes ${option}`);
      assert.match(source, new RegExp(`@property \\{[^}]+\\} (\\[)?${option}\\b`), `the module documents ${option}`);
    }
  });

  it('names the tests that try to break each rule, and they exist', () => {
    const section = /\n## Your backend\n([\s\S]*?)\n## /.exec(read('README.md'))[1];
    const roundTrip = read('test/server/backend-round-trip.test.ts');
    const quoted = [...section.matchAll(/\| [^|]+ \| [^|]+ \| ([^|]+) \|\n/g)].flatMap((m) => [...m[1].matchAll(/"([^"]+)"/g)].map((q) => q[1]));
    assert.ok(quoted.length >= 8, `only ${quoted.length} test names quoted`);
    for (const name of quoted) assert.ok(roundTrip.includes(name), `no test named like "${name}"`);
  });
});
