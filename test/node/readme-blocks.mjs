// The code blocks of the README's "## Frameworks" section, by their ### heading: the tests
// that compare or compile the README's examples read them from here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './dist.mjs';

/** @returns {Map<string, string[]>} each heading's code blocks, trimmed, in order */
export function frameworkBlocks() {
  const section = /\n## Frameworks\n([\s\S]*?)\n## /.exec(readFileSync(join(root, 'README.md'), 'utf8'))?.[1];
  const blocks = new Map();
  for (const [, heading, body] of (section ?? '').matchAll(/\n### (.+)\n([\s\S]*?)(?=\n### |$)/g)) {
    blocks.set(heading, [...body.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1].trim()));
  }
  return blocks;
}
