#!/usr/bin/env node
// `npm run bench`: what <authsignal-whatsapp-challenge> costs a page, side by side with
// references, in headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM_PATH):
//
//   bundle bytes        dist/authsignal-whatsapp-challenge.min.js vs @authsignal/browser,
//                       bundled with the plugins of rollup.config.mjs, gzip 9 / brotli 11
//   load                importing the bundle (fetch from localhost, compile, evaluate)
//   render              upgrade + first render of 1, 100, 1,000 instances vs a vanilla
//                       custom element with the same shadow DOM and stylesheet (bench/)
//   click-to-request    from the click event to fetch being called, vs the vanilla element
//                       and vs @authsignal/browser's whatsapp.challenge() in a click handler
//   heap                JS heap per instance at 1,000 instances (CDP GC + Runtime.getHeapUsage)
//   idle work           timers, animation frames, animations, layouts over 2 s of idleness
//
// Times are performance.mark/measure in the page (cross-origin isolated: 5 µs resolution),
// each the median of BENCH_RUNS runs (default 7), every measurement in a new document; ratios
// are paired (median of the per-run ratios). Prints a table and writes it into BENCHMARKS.md
// between the "bench:results" markers. Needs no network but 127.0.0.1.
// Environment: BENCH_RUNS, BENCH_CLICKS (clicks per run and subject, default 15),
// BENCH_RENDER_SAMPLES (documents per side, run and size, default 3), BENCH_DEBUG=1, CHROMIUM_PATH, BENCH_NO_WRITE=1 (print only), BENCH_CANDIDATE=path/to/other.min.js (a
// second build of the element, e.g. with a fix, measured in the same runs and printed beside).
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, extname, join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { MAIN_FILE, bundle, ensureBuilt, isLit, measure, root } from '../bench/lib/bundle.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CLICKS = Number(process.env.BENCH_CLICKS ?? 15);
const RENDER_SAMPLES = Number(process.env.BENCH_RENDER_SAMPLES ?? 3);
const IDLE_RUNS = Math.min(RUNS, 2); // the idle counts are exact: two runs show they hold
const HEAP_RUNS = Math.min(RUNS, 3); // heap per instance varies by well under 1 % between runs
const IDLE_WINDOW = 2000;
const SIZES = [1, 100, 1000];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const started = performance.now();
const loadBefore = loadavg()[0];
const log = (text) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${text}`);

// ---- build and bundles ------------------------------------------------------------------
/**
 * The SDK bundled once per SDK version and build setup (node_modules/.cache): it does not
 * change between runs, and terser takes a while over its 176 KB.
 */
async function cachedBundle(name, code) {
  const version = (file) => JSON.parse(readFileSync(join(root, 'node_modules', file, 'package.json'), 'utf8')).version;
  const key = createHash('sha256')
    .update([code, readFileSync(join(root, 'rollup.config.mjs')), version('@authsignal/browser'), version('rollup'), version('@rollup/plugin-terser')].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const file = join(root, 'node_modules/.cache/authsignal-whatsapp-challenge-bench', `${name}-${key}.js`);
  if (existsSync(file)) return readFileSync(file);
  const output = await bundle({ code });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, output);
  return output;
}

ensureBuilt({ log });
const elementCode = readFileSync(join(root, MAIN_FILE)); // what is measured, sizes and pages alike
log('bundling @authsignal/browser and the npm build with the production plugins');
const [sdkFull, sdkWhatsapp, esm] = await Promise.all([
  cachedBundle('authsignal-browser-full', "export { Authsignal } from '@authsignal/browser';"),
  cachedBundle('authsignal-browser-whatsapp', "export { Whatsapp } from '@authsignal/browser';"),
  bundle('dist/index.js', { external: isLit }),
]);
const bytes = {
  element: measure(elementCode),
  elementEsm: measure(esm),
  sdkFull: measure(sdkFull),
  sdkWhatsapp: measure(sdkWhatsapp),
};

// ---- a static server on 127.0.0.1 -----------------------------------------------------
// Everything the pages load, read once: a concurrent `npm run build` (which empties dist/)
// cannot change what is measured half-way.
const files = {};
for (const file of ['bench/page.html', 'bench/harness.js', 'bench/vanilla-element.js']) {
  files[`/${file}`] = readFileSync(join(root, file));
}
files[`/${MAIN_FILE}`] = elementCode;
files['/bench/sdk.js'] = sdkFull;
const CANDIDATE = process.env.BENCH_CANDIDATE;
if (CANDIDATE) files['/bench/candidate.js'] = readFileSync(CANDIDATE);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript' };
const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://x').pathname;
  const headers = {
    'Cache-Control': 'no-store',
    // Cross-origin isolation: performance.now() at 5 µs instead of 100 µs.
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
  const body = files[path];
  if (!body) return response.writeHead(404, headers).end('not found');
  response.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- the browser ------------------------------------------------------------------------
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-extensions',
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
  ],
});
const browserVersion = await browser.version();
const instrument = readFileSync(join(root, 'bench/instrument.js'), 'utf8');

// ---- measurements, one run at a time ------------------------------------------------------
const samples = {}; // key -> [per-run value]
const add = (key, value) => (samples[key] ??= []).push(value);
const loads = {}; // subject -> load times of every page opened in this run
const facts = { crossOriginIsolated: true, sameTask: {}, sync: {}, renderedFirst: {}, idle: {} };

/** A tab of its own browser context (no cache shared with other tabs). */
async function newTab() {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.evaluateOnNewDocument(instrument);
  return { page, close: () => context.close() };
}

/** Loads `subject` into the tab as a new document (nothing kept from the last one). */
async function load(page, subject) {
  await page.goto(`${origin}/bench/page.html?subject=${subject}`);
  await page.waitForFunction(() => window.benchReady === true || window.__benchError, { timeout: 30000 });
  const { load, isolated, error } = await page.evaluate(() => ({
    load: window.bench?.loadTime,
    isolated: window.bench?.crossOriginIsolated,
    error: window.__benchError,
  }));
  if (error) throw new Error(`${subject} page: ${error}`);
  facts.crossOriginIsolated &&= isolated;
  (loads[subject] ??= []).push(load);
}

/**
 * Runs fn(page) on a new document with `subject` loaded: in the run's tab (one renderer
 * process for the whole run, shared by every subject alike), or in a tab of its own.
 */
let runTab;
async function withPage(subject, fn, { ownTab = false } = {}) {
  const tab = ownTab || !runTab ? await newTab() : runTab;
  try {
    await load(tab.page, subject);
    return await fn(tab.page);
  } finally {
    if (tab != runTab) await tab.close();
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => {
  const sorted = values.filter((v) => v != null).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// The vanilla element uses the element's own stylesheet, read from the element itself.
const css = await withPage('element', (page) =>
  page.evaluate(() =>
    customElements
      .get('authsignal-whatsapp-challenge')
      .elementStyles.map((s) => s.cssText ?? Array.from(s.cssRules, (r) => r.cssText).join('\n'))
      .join('\n'),
  ),
);
// Inlined, so that the vanilla element, like the others, is one module to load.
files['/bench/vanilla-element.js'] = Buffer.from(
  files['/bench/vanilla-element.js'].toString().replace(/^import css from .*$/m, `const css = ${JSON.stringify(css)};`),
);
if (!files['/bench/vanilla-element.js'].includes('const css =')) throw new Error('bench/vanilla-element.js: no css import to inline');

/**
 * Upgrade and first render of n instances, each sample in a new document, the subjects
 * interleaved (A B A B …) so that both see the same moments of the machine's load; each
 * subject keeps its fastest sample (other processes can only add time, never take it away).
 */
async function measureRender(subjects, n) {
  const results = {};
  for (let i = 0; i < RENDER_SAMPLES; i++) {
    for (const subject of subjects) {
      (results[subject] ??= []).push(await withPage(subject, (page) => page.evaluate((n) => bench.render(n), n)));
    }
  }
  for (const [subject, list] of Object.entries(results)) {
    add(`render.dom.${n}.${subject}`, Math.min(...list.map((r) => r.dom)));
    add(`render.layout.${n}.${subject}`, Math.min(...list.map((r) => r.layout)));
  }
}

async function measureClicks(subject) {
  await withPage(subject, async (page) => {
    const durations = [];
    for (let i = 0; i < CLICKS; i++) {
      const { x, y } = await page.evaluate(() => bench.mountForMouse());
      await page.mouse.click(x, y); // a trusted click: mouse down and up at the button's centre
      let click;
      for (let tries = 0; !click && tries < 50; tries++) {
        click = await page.evaluate(() => bench.lastClick());
        if (!click) await sleep(5);
      }
      if (!click) throw new Error(`${subject}: a click sent no request`);
      if (!/\/challenge\/whatsapp$/.test(click.url) || click.method != 'POST') {
        throw new Error(`${subject}: unexpected request ${click.method} ${click.url}`);
      }
      durations.push(click.duration);
      (facts.sameTask[subject] ??= []).push(click.sameTask);
      (facts.renderedFirst[subject] ??= []).push(click.renderedFirst);
    }
    add(`click.${subject}`, median(durations));
    add(`click.cold.${subject}`, durations[0]); // the page's first click: code not compiled yet
    (facts.sync[subject] ??= []).push(await page.evaluate(() => bench.syncCheck()));
  });
}

async function measureHeap(subject) {
  await withPage(subject, async (page) => {
    const cdp = await page.createCDPSession();
    const usage = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return cdp.send('Runtime.getHeapUsage');
    };
    await page.evaluate(() => bench.render(1)); // one-time costs (template, styles) out of the way
    await page.evaluate(() => document.getElementById('host').replaceChildren());
    const before = await usage();
    await page.evaluate(() => bench.render(1000));
    const after = await usage();
    add(`heap.js.${subject}`, (after.usedSize - before.usedSize) / 1000);
    if (after.embedderHeapUsedSize != null) {
      add(`heap.dom.${subject}`, (after.embedderHeapUsedSize - before.embedderHeapUsedSize) / 1000);
    }
  });
}

/** Counts timers, frames, animations and layouts over IDLE_WINDOW ms of an idle page. */
async function measureIdle(subject, label, prepare) {
  await withPage(
    subject,
    async (page) => {
    await prepare(page);
    await sleep(500);
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const m0 = await metrics();
    await page.evaluate(() => (window.__idle.counting = true));
    await sleep(IDLE_WINDOW);
    await page.evaluate(() => (window.__idle.counting = false));
    const m1 = await metrics();
    const idle = await page.evaluate(() => ({ ...window.__idle, animations: bench.animations() }));
    const counts = {
      timers: idle.fired.setTimeout + idle.fired.setInterval + idle.scheduled.setTimeout + idle.scheduled.setInterval,
      frames: idle.fired.requestAnimationFrame + idle.scheduled.requestAnimationFrame + idle.fired.requestIdleCallback + idle.scheduled.requestIdleCallback,
      animations: idle.animations,
      layouts: m1.LayoutCount - m0.LayoutCount,
      styles: m1.RecalcStyleCount - m0.RecalcStyleCount,
      scriptMs: (m1.ScriptDuration - m0.ScriptDuration) * 1000,
      stacks: idle.stacks.slice(0, 5),
    };
    const key = `${label}.${subject}`;
    const prev = facts.idle[key];
    // The worst of the runs: any idle work is a failure.
    facts.idle[key] = prev
      ? Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Array.isArray(v) ? (prev[k].length ? prev[k] : v) : Math.max(prev[k], v)]))
      : counts;
    },
    { ownTab: true },
  );
}

const phases = {};
const phase = async (name, fn) => {
  const t = performance.now();
  await fn();
  phases[name] = (phases[name] ?? 0) + (performance.now() - t) / 1000;
};
try {
  for (let run = 1; run <= RUNS; run++) {
    log(`run ${run}/${RUNS}`);
    // Alternate the order, so neither side always goes first.
    const pair = run % 2 ? ['element', 'vanilla'] : ['vanilla', 'element'];
    if (CANDIDATE) pair.splice(run % 3, 0, 'candidate');
    for (const subject in loads) delete loads[subject];
    runTab = await newTab();
    await phase('render', async () => {
      for (const n of SIZES) await measureRender(pair, n);
    });
    await phase('click', async () => {
      for (const subject of [...pair, 'sdk']) await measureClicks(subject);
    });
    if (run <= HEAP_RUNS) await phase('heap', async () => {
      for (const subject of pair) await measureHeap(subject);
    });
    // The idle pages side by side (counts, not times: sharing the CPU cannot change them).
    if (run <= IDLE_RUNS) await phase('idle', () =>
      Promise.all([
        ...pair.filter((subject) => subject != 'candidate').map((subject) => measureIdle(subject, 'idle', (page) => page.evaluate(() => bench.mountIdle()))),
        measureIdle('element', 'after-countdown', async (page) => {
          await page.evaluate(() => bench.mountIdle({ 'resend-cooldown': '1' }));
          const state = await page.evaluate(() => bench.startFlow());
          if (state != 'code-sent') throw new Error(`after start: state ${state}`);
          await sleep(1600); // the 1 s countdown ends; its timer must stop with it
        }),
      ]),
    );
    await runTab.close();
    runTab = undefined;
    for (const [subject, times] of Object.entries(loads)) add(`load.${subject}`, median(times));
  }
} finally {
  await browser.close();
  server.close();
}

// ---- report -----------------------------------------------------------------------------
const m = (key) => median(samples[key] ?? []);
const spread = (key) => {
  const v = (samples[key] ?? []).filter((x) => x != null);
  return v.length ? [Math.min(...v), Math.max(...v)] : [];
};
const ms = (v) => (v == null ? '—' : v < 1 ? `${(v * 1000).toFixed(0)} µs` : `${v.toFixed(v < 10 ? 2 : 1)} ms`);
const kb = (v) => (v == null ? '—' : `${(v / 1024).toFixed(2)} KB`);
const b = (v) => `${v.toLocaleString('en-US')} B`;
const ratio = (a, ref) => (a == null || ref == null || ref == 0 ? '—' : `${(a / ref).toFixed(2)}x`);
/**
 * Paired ratio: both sides were measured in the same run, one right after the other, so the
 * median of the per-run ratios cancels most of what the machine's load does to both.
 */
const pairedRatio = (key, ref) => {
  const [a, r] = [samples[key] ?? [], samples[ref] ?? []];
  const ratios = a.map((v, i) => (r[i] ? v / r[i] : undefined)).filter((v) => v != null);
  return median(ratios);
};
const pr = (key, ref) => {
  const v = pairedRatio(key, ref);
  return v == null ? '—' : `${v.toFixed(2)}x`;
};
const all = (list) => list?.length && list.every(Boolean);
const none = (list) => list?.length && !list.some(Boolean);
const yesNo = (value) => (value ? 'yes' : 'no');

const rows = []; // [figure, element, reference, ratio, target, verdict]
const row = (...cells) => rows.push(cells);

const budget = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8')).budgets.find((x) => x.file == MAIN_FILE)?.gzip;
row('bundle, gzip (self-contained, lit included)', b(bytes.element.gzip), `${b(bytes.sdkFull.gzip)} @authsignal/browser`, ratio(bytes.element.gzip, bytes.sdkFull.gzip), budget ? `≤ ${b(budget)} (size-budget.json)` : '', budget ? (bytes.element.gzip <= budget ? 'pass' : 'MISS') : '');
row('bundle, gzip, vs the SDK\'s WhatsApp part alone', b(bytes.element.gzip), `${b(bytes.sdkWhatsapp.gzip)} { Whatsapp } tree-shaken`, ratio(bytes.element.gzip, bytes.sdkWhatsapp.gzip), '', '');
row('bundle, brotli (self-contained)', b(bytes.element.brotli), `${b(bytes.sdkFull.brotli)} @authsignal/browser`, ratio(bytes.element.brotli, bytes.sdkFull.brotli), '', '');
row('bundle, gzip, npm ESM (lit external)', b(bytes.elementEsm.gzip), `${b(bytes.sdkFull.gzip)} @authsignal/browser`, ratio(bytes.elementEsm.gzip, bytes.sdkFull.gzip), '', '');
row('load: import the bundle (fetch, compile, run)', ms(m('load.element')), `${ms(m('load.vanilla'))} vanilla, ${ms(m('load.sdk'))} SDK`, `${pr('load.element', 'load.vanilla')} / ${pr('load.element', 'load.sdk')} SDK`, '', '');
for (const n of SIZES) {
  row(`render ${n.toLocaleString('en-US')}: upgrade + first render (DOM)`, ms(m(`render.dom.${n}.element`)), `${ms(m(`render.dom.${n}.vanilla`))} vanilla`, pr(`render.dom.${n}.element`, `render.dom.${n}.vanilla`), '', '');
  const target = n == 1000;
  const r = pairedRatio(`render.layout.${n}.element`, `render.layout.${n}.vanilla`);
  row(`render ${n.toLocaleString('en-US')}: … + style and layout`, ms(m(`render.layout.${n}.element`)), `${ms(m(`render.layout.${n}.vanilla`))} vanilla`, pr(`render.layout.${n}.element`, `render.layout.${n}.vanilla`), target ? '≤ 1.5x vanilla' : '', target ? (r <= 1.5 ? 'pass' : 'MISS') : '');
}
const click = m('click.element');
row('click-to-request, median', ms(click), `${ms(m('click.vanilla'))} vanilla`, pr('click.element', 'click.vanilla'), '< 1 ms', click < 1 ? 'pass' : 'MISS');
row('click-to-request, first click of a page (cold)', ms(m('click.cold.element')), `${ms(m('click.cold.vanilla'))} vanilla, ${ms(m('click.cold.sdk'))} SDK`, `${pr('click.cold.element', 'click.cold.vanilla')} / ${pr('click.cold.element', 'click.cold.sdk')} SDK`, '', '');
row('click-to-request vs @authsignal/browser', ms(click), `${ms(m('click.sdk'))} whatsapp.challenge()`, pr('click.element', 'click.sdk'), '', '');
row('… request in the click\'s task', yesNo(all(facts.sameTask.element)), `${yesNo(all(facts.sameTask.vanilla))} vanilla, ${yesNo(all(facts.sameTask.sdk))} SDK`, '', 'yes', all(facts.sameTask.element) ? 'pass' : 'MISS');
row('… fetch called synchronously in the handler', yesNo(all(facts.sync.element)), `${yesNo(all(facts.sync.vanilla))} vanilla, ${yesNo(all(facts.sync.sdk))} SDK`, '', '', '');
row('… a render ran before fetch', yesNo(all(facts.renderedFirst.element)), `${yesNo(all(facts.renderedFirst.vanilla))} vanilla`, '', '', '');
const heap = m('heap.js.element');
row('JS heap per instance (1,000 instances)', kb(heap), `${kb(m('heap.js.vanilla'))} vanilla`, ratio(heap, m('heap.js.vanilla')), '< 10 KB', heap < 10240 ? 'pass' : 'MISS');
if (samples['heap.dom.element']) {
  row('DOM (embedder) heap per instance', kb(m('heap.dom.element')), `${kb(m('heap.dom.vanilla'))} vanilla`, ratio(m('heap.dom.element'), m('heap.dom.vanilla')), '', '');
}
const idleCells = (i) => (i ? `${i.timers} timers, ${i.frames} frames, ${i.animations} animations, ${i.layouts} layouts, ${i.scriptMs.toFixed(1)} ms script` : '—');
const idleOk = (i) => i && !i.timers && !i.frames && !i.animations && !i.layouts;
row(`idle, ${IDLE_WINDOW / 1000} s after mounting`, idleCells(facts.idle['idle.element']), `${idleCells(facts.idle['idle.vanilla'])} (vanilla)`, '', 'no idle work', idleOk(facts.idle['idle.element']) ? 'pass' : 'MISS');
row(`idle, ${IDLE_WINDOW / 1000} s after a resend countdown ended`, idleCells(facts.idle['after-countdown.element']), '', '', 'no idle work', idleOk(facts.idle['after-countdown.element']) ? 'pass' : 'MISS');

if (CANDIDATE) {
  const pairs = [
    ...SIZES.flatMap((n) => [`render.dom.${n}`, `render.layout.${n}`]),
    'click',
    'click.cold',
    'heap.js',
    'load',
  ];
  console.log(`\ncandidate ${CANDIDATE} beside the element (same runs):`);
  for (const key of pairs) {
    const [a, c] = [m(`${key}.element`), m(`${key}.candidate`)];
    const f = key.startsWith('heap') ? kb : ms;
    console.log(`  ${key.padEnd(20)} element ${f(a).padStart(10)}  candidate ${f(c).padStart(10)}  ${pr(`${key}.candidate`, `${key}.element`)}  (vanilla ${f(m(`${key}.vanilla`))})`);
  }
  console.log(`  click: candidate synchronous ${yesNo(all(facts.sync.candidate))}, rendered before fetch ${yesNo(all(facts.renderedFirst.candidate))}`);
}

const head = ['figure', 'element', 'reference', 'ratio', 'target', 'verdict'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);

const cpu = cpus();
const machine = `${cpu[0]?.model.trim()}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}`;
const spreadNote = ['render.layout.1000.element', 'render.layout.1000.vanilla', 'click.element', 'click.vanilla', 'click.sdk', 'click.cold.element', 'heap.js.element']
  .map((k) => `\`${k}\` ${spread(k).map((v) => (k.startsWith('heap') ? kb(v) : ms(v))).join(' – ')}`)
  .join('; ');
const perRun = (key, ref) => {
  const a = samples[key] ?? [];
  const r = samples[ref] ?? [];
  return a.map((v, i) => (v / r[i]).toFixed(2)).join(', ');
};
const stacks = Object.entries(facts.idle).flatMap(([k, i]) => i.stacks.map((s) => `- ${k}: ${s}`));
const md = [
  `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` (scripts/bench.mjs).`,
  '',
  `- Machine: ${machine}; load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after (other jobs share these cores: absolute times are noisy, the side-by-side ratios less so)`,
  `- Browser: ${browserVersion} (${CHROMIUM}), headless${facts.crossOriginIsolated ? ', cross-origin isolated (timer resolution 5 µs)' : ''}`,
  `- Each time is the median of ${RUNS} runs. In a run every measurement loads a new document; render keeps the fastest of ${RENDER_SAMPLES} documents per side, the sides interleaved (other processes can only add time); click-to-request is the median of ${CLICKS} trusted mouse clicks, each on a new instance. Heap is the median of ${HEAP_RUNS} runs; idle counts are the worst of ${IDLE_RUNS} runs.`,
  `- Element: \`${MAIN_FILE}\` (production build). Bundles: the plugins of rollup.config.mjs, gzip level 9, brotli quality 11.`,
  `- Spread of the run medians (min – max): ${spreadNote}.`,
  `- Ratios of times are paired: the median of the per-run ratios (each run measures both sides back to back). Render 1,000 with layout, element / vanilla, per run: ${perRun('render.layout.1000.element', 'render.layout.1000.vanilla')}; click-to-request: ${perRun('click.element', 'click.vanilla')}.`,
  '',
  `| ${head.join(' | ')} |`,
  `|${head.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`),
  ...(stacks.length ? ['', 'Idle work seen (first calls):', '', ...stacks] : []),
].join('\n');

if (process.env.BENCH_NO_WRITE != '1') {
  const file = join(root, 'BENCHMARKS.md');
  const START = '<!-- bench:results:start (written by npm run bench) -->';
  const END = '<!-- bench:results:end -->';
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const at = text.indexOf(START);
  const end = text.indexOf(END);
  const next = at >= 0 && end > at ? `${text.slice(0, at + START.length)}\n${md}\n${text.slice(end)}` : `${text.trimEnd()}\n\n${START}\n${md}\n${END}\n`;
  writeFileSync(file, next);
  log('wrote BENCHMARKS.md');
}
if (process.env.BENCH_DEBUG) log(`seconds per phase: ${JSON.stringify(phases, (k, v) => (typeof v == 'number' ? +v.toFixed(1) : v))}`);
log('done');
