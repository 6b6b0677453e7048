// `npm run bench:learn-classic [-- --drill cartpole|acrobot|all] [-- --seeds N] [-- --steps N]
//   [-- --shared] [-- --no-value-clip] [-- --adv batch|minibatch|off] [-- --no-anneal] [-- --json]`
//
// Does the trainer learn a standard task at a published budget? Trains each
// classic drill from scratch in headless Chromium (bench/learn-classic-page.ts:
// one thread, collect → GAE → PPO update, as CleanRL's ppo.py does) with the
// drills' recommended training (src/drills/classic-training.ts), which is
// CleanRL ppo.py's settings: 4 envs × 128 steps, 4 epochs × 4 minibatches,
// lr 2.5e-4 annealed to 0 over the budget, 64-64 tanh, γ 0.99, λ 0.95,
// clip 0.2, entropy 0.01, value 0.5, max grad norm 0.5, separate actor and
// critic, advantages normalised per minibatch, value loss clipped, 500k steps.
// The flags switch single options back to the project's defaults, to measure
// what each one is worth.
//
// final = mean training-episode return over the episodes that end in the
// last 10% of the steps (what CleanRL's charts report); median over seeds
// (default 1). normalized = (final − random) / (reference − random).
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { esbuildAssetsPlugin } from './assets.mjs';
import { CHROMIUM_FLAGS, findChrome } from './find-chrome.mjs';
import { serveStatic } from './static-server.mjs';

const argv = process.argv.slice(2);
const value = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const flag = (name) => argv.includes(name);
const seedCount = Number(value('--seeds', 1));
const totalSteps = Number(value('--steps', 500_000));
const drillArg = value('--drill', 'all');
const advantageNormalization = value('--adv', 'minibatch');
const asJson = flag('--json');
const log = (...args) => console.error(...args);

/** Published PPO results at 500k steps, as mean training-episode return (rounded: the figures vary by report and seed). */
const REFERENCES = {
  cartpole: { value: 490, source: 'CleanRL ppo.py on CartPole-v1 (its benchmark reports about 490 at 500k steps)', measures: 'mean training-episode return at the end of training', budget: 500_000 },
  acrobot: { value: -80, source: 'CleanRL ppo.py and rl-zoo PPO on Acrobot-v1 (both report about −80 at 500k steps)', measures: 'mean training-episode return at the end of training', budget: 500_000 },
};
const drills = drillArg === 'all' ? Object.keys(REFERENCES) : drillArg.split(',');
for (const d of drills) if (!REFERENCES[d]) throw new Error(`unknown drill '${d}' (have: ${Object.keys(REFERENCES).join(', ')})`);
if (!['batch', 'minibatch', 'off'].includes(advantageNormalization)) throw new Error(`--adv must be batch, minibatch or off, got '${advantageNormalization}'`);

const requestFor = (drill, seed) => ({
  drill,
  seed,
  totalSteps,
  sharedTrunk: flag('--shared'),
  noValueClip: flag('--no-value-clip'),
  advantageNormalization,
  noAnneal: flag('--no-anneal'),
});

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (v, digits = 1) => (v === null || !Number.isFinite(v) ? v : Math.round(v * 10 ** digits) / 10 ** digits);

const root = new URL('..', import.meta.url).pathname;
await build({
  entryPoints: { 'learn-classic-page': 'bench/learn-classic-page.ts' },
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
const results = {};
try {
  for (const drill of drills) {
    const page = await browser.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/learn-classic.html`);
    await page.waitForFunction(() => globalThis.drillLearnClassic !== undefined);
    const random = await page.evaluate(([d]) => globalThis.drillLearnClassic.randomReturn(d, 200, 12345), [drill]);
    const runs = [];
    for (let seed = 1; seed <= seedCount; seed++) {
      const request = requestFor(drill, seed);
      log(`${drill} seed ${seed}: ${totalSteps} steps (${request.sharedTrunk ? 'shared' : 'separate'} trunk, value clip ${!request.noValueClip}, advantages per ${advantageNormalization}, lr anneal ${!request.noAnneal})…`);
      let printed = 0;
      const poll = setInterval(async () => {
        const progress = await page.evaluate(() => globalThis.drillLearnClassic.progress.slice()).catch(() => []);
        for (const p of progress.slice(printed)) log(`  ${String(p.steps).padStart(7)} steps ${p.seconds.toFixed(0).padStart(4)} s  return ${p.meanReturn === null ? '—' : p.meanReturn.toFixed(1).padStart(7)}  KL ${p.approxKl.toFixed(4)}  clip ${p.clipFraction.toFixed(3)}  |g| ${p.gradNorm.toFixed(2)}  EV ${p.explainedVariance === null ? '—' : p.explainedVariance.toFixed(2)}`);
        printed = progress.length;
      }, 5000);
      const run = await page.evaluate((r) => globalThis.drillLearnClassic.train(r), request).finally(() => clearInterval(poll));
      log(`  → final ${run.final.toFixed(1)} (${run.finalEpisodes} episodes), greedy ${run.greedy.toFixed(1)}, ${run.seconds.toFixed(0)} s`);
      runs.push(run);
    }
    await page.close();
    const reference = REFERENCES[drill];
    const final = median(runs.map((r) => r.final));
    results[drill] = {
      reference,
      random: round(random),
      final: round(final),
      greedy: round(median(runs.map((r) => r.greedy))),
      greedy_success: round(median(runs.map((r) => r.greedySuccess)), 2),
      normalized: round((final - random) / (reference.value - random), 3),
      steps: runs[0].steps,
      seconds: round(median(runs.map((r) => r.seconds))),
      config: runs[0].config,
      runs: runs.map((r) => ({ seed: r.config.seed, final: round(r.final), final_episodes: r.finalEpisodes, greedy: round(r.greedy), seconds: round(r.seconds) })),
      curve: runs[0].curve.map((p, i) => ({
        steps: p.steps,
        seconds: round(median(runs.map((r) => r.curve[i]?.seconds ?? NaN))),
        return: round(median(runs.map((r) => r.curve[i]?.meanReturn ?? NaN))),
      })),
    };
  }
} finally {
  await browser.close();
  server.close();
}

console.log(`\ndrill bench:learn-classic — ${seedCount} seed(s) × ${totalSteps} steps, CleanRL ppo.py settings${flag('--shared') ? ', shared trunk' : ''}${flag('--no-value-clip') ? ', no value clipping' : ''}${advantageNormalization !== 'minibatch' ? `, advantages per ${advantageNormalization}` : ''}${flag('--no-anneal') ? ', no lr annealing' : ''}\n`);
console.log('drill      random   final (median)  reference  normalized  greedy  seconds  seeds');
for (const [drill, r] of Object.entries(results)) {
  console.log(`${drill.padEnd(9)} ${String(r.random).padStart(7)}  ${String(r.final).padStart(14)}  ${String(r.reference.value).padStart(9)}  ${String(r.normalized).padStart(10)}  ${String(r.greedy).padStart(6)}  ${String(r.seconds).padStart(7)}  ${r.runs.map((x) => x.final).join(', ')}`);
}
if (asJson) console.log(JSON.stringify({ drills: results }));
