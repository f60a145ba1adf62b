#!/usr/bin/env node
// `npm run size`: bytes a page pays for the element, checked against size-budget.json.
//
//   dist/authsignal-whatsapp-challenge.min.js   the script-tag file: whole flow, English, lit included
//   ESM (lit external)                          what a bundler adds when the page already has lit:
//                                               dist/index.js bundled with lit external, minified
//                                               with the plugins of rollup.config.mjs
//   dist/locales/*.min.js                       one per language module
//
// Each as min (raw), gzip (level 9) and brotli (quality 11) bytes. Builds first when dist/ is
// missing or older than src/ (`npm run size -- --build` always builds). Exit 1 when a figure
// is above its budget or a budgeted file is missing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN_FILE, bundle, ensureBuilt, isLit, localeFiles, measure, root } from '../bench/lib/bundle.mjs';

const METRICS = ['min', 'gzip', 'brotli'];
const fmt = (n) => (n == null ? '—' : n.toLocaleString('en-US'));

const budgetFile = join(root, 'size-budget.json');
const { budgets } = JSON.parse(readFileSync(budgetFile, 'utf8'));

try {
  ensureBuilt({ force: process.argv.includes('--build') });
} catch {
  console.error('size: FAILED, `npm run build` did not succeed (see above)');
  process.exit(1);
}

/** Every row: { name, file, sizes: {min,gzip,brotli} | undefined, budget: {…} } */
const rows = [];
for (const budget of budgets) {
  if (budget.bundle) {
    // The npm package: a bundler resolves lit from the host app, so lit is not counted.
    const code = await bundle(budget.bundle, { external: isLit });
    rows.push({ name: budget.name, file: `${budget.bundle} (bundled, lit external)`, sizes: measure(code), budget });
    continue;
  }
  const files = budget.file.includes('*')
    ? budget.file == 'dist/locales/*.min.js'
      ? localeFiles() // from src/locales, so a stray file in dist/ is not counted, nor a missing one forgotten
      : []
    : [budget.file];
  for (const file of files) {
    const path = join(root, file);
    rows.push({ name: budget.name, file, sizes: existsSync(path) ? measure(readFileSync(path)) : undefined, budget });
  }
}

const failures = [];
const table = [['file', ...METRICS.map((m) => `${m} B`), 'budget (gzip B)', 'verdict']];
for (const { file, sizes, budget } of rows) {
  const over = sizes
    ? METRICS.filter((m) => budget[m] != null && sizes[m] > budget[m]).map(
        (m) => `${m} ${fmt(sizes[m])} B > budget ${fmt(budget[m])} B (+${fmt(sizes[m] - budget[m])} B)`,
      )
    : ['missing (was the build complete?)'];
  if (over.length) failures.push(`${file}: ${over.join(', ')}`);
  table.push([
    file,
    ...METRICS.map((m) => fmt(sizes?.[m])),
    fmt(budget.gzip),
    over.length ? 'OVER' : 'ok',
  ]);
}

const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i == 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`\n${line(table[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const r of table.slice(1)) console.log(line(r));
const main = rows.find((r) => r.file == MAIN_FILE)?.sizes;
if (main) {
  console.log(
    `\nreferences (gzip, esbuild, /work/shared/TOOLCHAIN.md): lit alone 6,386 B; @authsignal/browser (no UI) 15,115 B; ` +
      `this element with lit and its whole UI ${fmt(main.gzip)} B`,
  );
}

if (failures.length) {
  console.error(`\nsize: FAILED, over budget (size-budget.json):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`\nsize: ok, ${rows.length} files within size-budget.json`);
