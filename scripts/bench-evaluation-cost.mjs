// `node scripts/bench-evaluation-cost.mjs [-- --rounds N] [-- --seconds S] [-- --warmup W] [-- --json]`:
// what the trainer's periodic greedy evaluation costs. In headless Chromium,
// soccer trains from scratch with the defaults in alternating segments
// (evaluation on, off; then off, on; … N rounds, default 2), each S seconds
// (default 30) after W seconds of warm-up (default 10), and prints the
// median updates/s of each condition and their ratio.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { buildAll } from '../esbuild.mjs';
import { esbuildAssetsPlugin } from './assets.mjs';
import { CHROMIUM_FLAGS, findChrome } from './find-chrome.mjs';
import { serveStatic } from './static-server.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const rounds = option('--rounds', 2);
const seconds = option('--seconds', 30);
const warmup = option('--warmup', 10);
const root = new URL('..', import.meta.url).pathname;

await buildAll({ types: false });
await build({ entryPoints: { 'evaluation-cost-page': 'bench/evaluation-cost-page.ts' }, outdir: '.tmp/bench', bundle: true, format: 'esm', target: 'es2022', minify: true, plugins: [esbuildAssetsPlugin], logLevel: 'warning' });

const server = await serveStatic({ root, port: 0, isolate: true });
const browser = await chromium.launch({ executablePath: findChrome(), args: CHROMIUM_FLAGS, headless: true });
let segments;
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/evaluation-cost.html`);
  await page.waitForFunction(() => globalThis.drillEvaluationCost !== undefined);
  segments = await page.evaluate(([r, s, w]) => globalThis.drillEvaluationCost.run(r, s, w), [rounds, seconds, warmup]);
} finally {
  await browser.close();
  server.close();
}
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const s of segments) console.log(`evaluation ${s.evaluation ? 'on ' : 'off'}  ${s.updatesPerSecond.toFixed(2)} updates/s${s.evaluation ? `  (${s.evaluations} evaluations, share ${((s.share ?? 0) * 100).toFixed(1)}%)` : ''}`);
const on = median(segments.filter((s) => s.evaluation).map((s) => s.updatesPerSecond));
const off = median(segments.filter((s) => !s.evaluation).map((s) => s.updatesPerSecond));
const figures = { rounds, seconds, warmup, updates_per_second_on: on, updates_per_second_off: off, ratio: on / off, segments };
console.log(`median: on ${on.toFixed(2)}, off ${off.toFixed(2)} updates/s; ratio on/off ${(on / off).toFixed(3)}`);
if (argv.includes('--json')) console.log(JSON.stringify(figures));
