// `npm run bench [-- --quick] [-- --json]`: speed figures, measured in
// headless Chromium. Prints a table; with --json, ends with one JSON object.
// Figures are medians over repeated runs, with their spread (min–max).
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { rmSync } from 'node:fs';
import { esbuildAssetsPlugin } from './assets.mjs';
import { CHROMIUM_FLAGS, findChrome } from './find-chrome.mjs';
import { serveStatic } from './static-server.mjs';

const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
const repeats = quick ? 3 : 5;
const root = new URL('..', import.meta.url).pathname;
const log = (...args) => console.error(...args);

async function buildBench() {
  rmSync(`${root}.tmp/bench`, { recursive: true, force: true });
  await build({
    entryPoints: {
      'bench-page': 'bench/bench-page.ts',
      'workers/lane-producer': 'bench/workers/lane-producer.ts',
      'workers/lane-consumer': 'bench/workers/lane-consumer.ts',
      'workers/weights-publisher': 'bench/workers/weights-publisher.ts',
      'workers/weights-adopter': 'bench/workers/weights-adopter.ts',
    },
    outdir: '.tmp/bench',
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    plugins: [esbuildAssetsPlugin],
    logLevel: 'warning',
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => [Math.min(...xs), Math.max(...xs)];

async function repeat(page, task, args, pick) {
  const values = [];
  for (let i = 0; i < repeats; i++) {
    const result = await page.evaluate(([t, a]) => globalThis.drillBench[t](...a), [task, args]);
    values.push(pick(result));
  }
  return { median: median(values), spread: spread(values), runs: values };
}

await buildBench();
const isolated = await serveStatic({ root, port: 0, isolate: true });
const plain = await serveStatic({ root, port: 0, isolate: false });
const browser = await chromium.launch({ executablePath: findChrome(), args: CHROMIUM_FLAGS, headless: true });
const openBench = async (server) => {
  const page = await browser.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/bench.html`);
  await page.waitForFunction(() => globalThis.drillBench !== undefined);
  return page;
};

const figures = {};
const rows = [];
try {
  const pages = { sab: await openBench(isolated), transfer: await openBench(plain) };
  const env = await pages.sab.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    const info = adapter?.info;
    return { userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency, isolated: crossOriginIsolated, adapter: info ? { vendor: info.vendor, architecture: info.architecture, description: info.description, isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) } : null };
  });
  figures.browser = browser.version();
  figures.cores = env.cores;
  figures.adapter = env.adapter ? `${env.adapter.vendor} ${env.adapter.architecture}${env.adapter.isFallbackAdapter ? ' (fallback)' : ''}`.trim() : null;

  figures.lane_mb_per_s = {};
  figures.channel_adopt_ms_p50 = {};
  figures.channel_adopt_ms_p95 = {};
  figures.spreads = {};
  for (const [key, transport] of [['sab', 'shared-memory'], ['transfer', 'transfer']]) {
    log(`lane throughput over ${transport}…`);
    const lane = await repeat(pages[key], 'laneThroughput', [transport, quick ? 1 : 2], (r) => r.mbPerSecond);
    log(`publish→adopt latency over ${transport}…`);
    const adoptRuns = [];
    for (let i = 0; i < repeats; i++) adoptRuns.push(await pages[key].evaluate(([t, n]) => globalThis.drillBench.adoptLatency(t, n), [transport, quick ? 100 : 200]));
    figures.lane_mb_per_s[key] = lane.median;
    figures.channel_adopt_ms_p50[key] = median(adoptRuns.map((r) => r.p50));
    figures.channel_adopt_ms_p95[key] = median(adoptRuns.map((r) => r.p95));
    figures.spreads[`lane_mb_per_s.${key}`] = lane.spread;
    figures.spreads[`channel_adopt_ms_p50.${key}`] = spread(adoptRuns.map((r) => r.p50));
    rows.push([`lane throughput (${key})`, `${lane.median.toFixed(0)} MB/s`, `${lane.spread.map((v) => v.toFixed(0)).join('–')}`]);
    rows.push([`publish→adopt p50 (${key})`, `${figures.channel_adopt_ms_p50[key].toFixed(3)} ms`, figures.spreads[`channel_adopt_ms_p50.${key}`].map((v) => v.toFixed(3)).join('–')]);
    rows.push([`publish→adopt p95 (${key})`, `${figures.channel_adopt_ms_p95[key].toFixed(3)} ms`, '']);
  }
  figures.repeats = repeats;
} finally {
  await browser.close();
  isolated.close();
  plain.close();
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\ndrill bench — Chromium ${figures.browser}, ${figures.cores} cores, adapter: ${figures.adapter ?? 'none'}; medians of ${repeats} runs (spread min–max)\n`);
for (const [name, value, range] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(14)}  ${range}`);
if (asJson) console.log(JSON.stringify(figures));
