// `npm run train:agent [-- --seconds N] [-- --seed N] [-- --every S] [-- --from FILE]`:
// trains the soccer agent drill ships in headless Chromium — the default
// network and hyperparameters, from scratch, for N seconds (default 210) with
// the real runtime and workers — snapshots the weights every S seconds
// (default 15) and keeps the snapshot that beats the chaser most often over
// 200 seeded episodes. That snapshot is quantised to 8 bits and written as
// assets/soccer-default.q8 (what the bundle embeds) and, dequantised, as
// assets/soccer-default.drillmodel (the same weights as a model file); then
// the greedy win rates of those weights on another 400 seeded episodes per
// baseline (both sides, draws not won) are printed. `--from FILE` skips
// training and ships the .drillmodel FILE instead.
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildAll } from '../esbuild.mjs';
import { esbuildAssetsPlugin } from './assets.mjs';
import { CHROMIUM_FLAGS, findChrome } from './find-chrome.mjs';
import { serveStatic } from './static-server.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const seconds = Number(option('--seconds', 210));
const seed = Number(option('--seed', 1));
const every = Number(option('--every', 15));
const from = option('--from', null);
const out = 'assets/soccer-default';
const root = new URL('..', import.meta.url).pathname;
const log = (...args) => console.error(...args);

// The bundle embeds the shipped agent: a first run (none shipped yet) builds with an empty one.
if (!existsSync(`${out}.q8`)) writeFileSync(`${out}.q8`, new Uint8Array(0));
await buildAll({ types: false });
await build({
  entryPoints: { 'shipped-agent-page': 'bench/shipped-agent-page.ts' },
  outdir: '.tmp/bench',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  plugins: [esbuildAssetsPlugin],
  logLevel: 'warning',
});

const server = await serveStatic({ root, port: 0, isolate: true });
const browser = await chromium.launch({ executablePath: findChrome(), args: CHROMIUM_FLAGS, headless: true });
let trained = null;
let shipped;
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/shipped-agent.html`);
  await page.waitForFunction(() => globalThis.drillShippedAgent !== undefined);
  if (from === null) {
    log(`training seed ${seed} for ${seconds} s (a snapshot every ${every} s), then choosing…`);
    trained = await page.evaluate(([s, secs, ev]) => globalThis.drillShippedAgent.train(s, secs, ev, 200), [seed, seconds, every]);
  }
  const model = trained?.model ?? Array.from(readFileSync(from));
  log('quantising and evaluating 400 episodes per baseline…');
  shipped = await page.evaluate((m) => globalThis.drillShippedAgent.ship(m, 400), model);
} finally {
  await browser.close();
  server.close();
}

const pct = (r) => `${(r.winRate * 100).toFixed(1)}% (${r.wins} won, ${r.draws} drawn, ${r.losses} lost of ${r.episodes})`;
if (trained) {
  for (const c of trained.candidates) log(`  t=${c.t.toFixed(0).padStart(4)} s  version ${String(c.policyVersion).padStart(5)}  vs chaser ${(c.vsChaser * 100).toFixed(1)}%`);
  for (const e of trained.errors) log(`  error: ${e}`);
  console.log(`chosen: t=${trained.chosen.t.toFixed(0)} s, policy version ${trained.chosen.policyVersion}, ${trained.chosen.updates} updates`);
}
for (const [ext, array] of [['q8', shipped.quantised], ['drillmodel', shipped.model]]) {
  const bytes = Uint8Array.from(array);
  writeFileSync(`${out}.${ext}`, bytes);
  console.log(`wrote ${out}.${ext}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
}
console.log(`greedy vs random: ${pct(shipped.report.vsRandom)}`);
console.log(`greedy vs chaser: ${pct(shipped.report.vsChaser)}`);
