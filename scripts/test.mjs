// `npm test`: the whole suite. Builds the package, type-checks it, then runs
// every browser test in headless Chromium (web-test-runner). Prints exactly
// one final line, "N passed, N failed, N skipped", over all of it: the build
// and the type check count as one check each.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChrome } from './find-chrome.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const finish = () => {
  console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed > 0 ? 1 : 0);
};

function step(name, command, args, env = {}) {
  console.log(`\n── ${name}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

let chrome;
try {
  chrome = findChrome();
} catch (error) {
  console.error(`\n${error.message}`);
  totals.failed++;
  finish();
}
console.log(`browser: ${chrome}`);

for (const [name, args] of [
  ['build', ['esbuild.mjs']],
  ['typecheck', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']],
]) {
  if (step(name, process.execPath, args)) totals.passed++;
  else totals.failed++;
}
if (totals.failed > 0) finish();

const dir = mkdtempSync(join(tmpdir(), 'drill-test-'));
const summaryFile = join(dir, 'summary.json');
const ok = step('browser tests', process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'], {
  CHROME_PATH: chrome,
  DRILL_TEST_SUMMARY: summaryFile,
});
try {
  const counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (!ok && counts.failed === 0) totals.failed++;
} catch {
  console.error('web-test-runner ended without a summary (it crashed or could not start the browser).');
  totals.failed++;
}
rmSync(dir, { recursive: true, force: true });
finish();
