// A @web/test-runner reporter that writes per-engine counts to a JSON file, so that
// scripts/test.mjs does not have to trust a progress line meant for people.
//
// The runner's own "N passed, N failed" counts only tests that reported a result: a test
// file that fails to load, a browser that crashes or never starts, or an error outside any
// test adds nothing to "failed". Here each such file session counts as one failed test.
import { writeFileSync } from 'node:fs';

function count(suite, into) {
  if (!suite) return into;
  for (const test of suite.tests) {
    if (test.skipped) into.skipped += 1;
    else if (test.passed) into.passed += 1;
    else into.failed += 1;
  }
  for (const child of suite.suites) count(child, into);
  return into;
}

/** @param {string | undefined} file where to write; the reporter does nothing without it */
export function summaryFileReporter(file = process.env.WTR_SUMMARY_FILE) {
  let browserNames = [];
  return {
    start({ browserNames: names }) {
      browserNames = names;
    },
    stop({ sessions }) {
      if (!file) return;
      const engines = Object.fromEntries(
        browserNames.map((name) => [name, { passed: 0, failed: 0, skipped: 0, brokenFiles: [] }]),
      );
      for (const session of sessions) {
        const engine = (engines[session.browser.name] ??= {
          passed: 0,
          failed: 0,
          skipped: 0,
          brokenFiles: [],
        });
        const counts = count(session.testResults, { passed: 0, failed: 0, skipped: 0 });
        engine.passed += counts.passed;
        engine.failed += counts.failed;
        engine.skipped += counts.skipped;
        if (session.passed !== true && counts.failed === 0) {
          engine.failed += 1;
          engine.brokenFiles.push({
            file: session.testFile,
            status: session.status,
            errors: session.errors.map((error) => error.message),
          });
        }
      }
      writeFileSync(file, JSON.stringify({ engines }, null, 2));
    },
  };
}
