// `npm test`: the whole suite. Builds the package, type-checks it, runs every
// browser test in headless Chromium (web-test-runner), then the page-level
// tests that drive the built demo like a visitor (node:test + playwright-core,
// test/node/). Prints exactly one final line, "N passed, N failed, N skipped",
// over all of it: the build and the type check count as one check each.
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

console.log('\n── page tests: node --test test/node/');
const pageTests = spawnSync(process.execPath, ['--test', '--test-reporter=tap', 'test/node/'], { encoding: 'utf8', env: { ...process.env, CHROME_PATH: chrome } });
process.stdout.write(pageTests.stdout);
process.stderr.write(pageTests.stderr);
const count = (name) => Number(pageTests.stdout.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? NaN);
const [pass, fail, skip] = [count('pass'), count('fail'), count('skipped')];
if ([pass, fail, skip].some(Number.isNaN)) {
  console.error('node --test ended without a summary.');
  totals.failed++;
} else {
  totals.passed += pass;
  totals.failed += fail;
  totals.skipped += skip;
  if (pageTests.status !== 0 && fail === 0) totals.failed++;
}
finish();
