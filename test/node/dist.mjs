// What the node tests share: the repository root, and a clear failure when dist/ is missing
// (npm test builds it first; alone: npm run build).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export function requireBuild() {
  if (!existsSync(join(root, 'dist', 'index.js')) || !existsSync(join(root, 'dist', 'custom-elements.json'))) {
    throw new Error('dist/ is missing or incomplete: run `npm run build` first (npm test does).');
  }
}
