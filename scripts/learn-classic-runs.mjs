// The classic drills' learning runs, shared by `npm run bench:learn-classic`
// (which varies the options) and `npm run bench:learn` (which runs the shipped
// defaults beside soccer): each drill trained from scratch in headless
// Chromium on bench/learn-classic-page.ts, per seed, with its reference, the
// random policy's return, the final training return, the greedy return, the
// normalized score and the curve by steps and seconds.
import { build } from 'esbuild';
import { esbuildAssetsPlugin } from './assets.mjs';

/** Published PPO results at 500k steps, as mean training-episode return (rounded: the figures vary by report and seed). */
export const REFERENCES = {
  cartpole: { value: 490, source: 'CleanRL ppo.py on CartPole-v1 (its benchmark reports about 490 at 500k steps)', what: 'mean training-episode return at the end of training', step_budget: 500_000 },
  acrobot: { value: -80, source: 'CleanRL ppo.py and rl-zoo PPO on Acrobot-v1 (both report about −80 at 500k steps)', what: 'mean training-episode return at the end of training', step_budget: 500_000 },
};

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (v, digits = 1) => (v === null || !Number.isFinite(v) ? v : Math.round(v * 10 ** digits) / 10 ** digits);

/** Builds the page's script into .tmp/bench (once per command). */
export async function buildClassicPage() {
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
}

/**
 * Trains each of `drills` for `seeds` seeds; `requestFor(drill, seed)` is the
 * page's request (drill, seed, totalSteps and the option switches).
 * Returns the figures keyed by drill id.
 */
export async function measureClassic({ browser, server, drills, seeds, requestFor, log }) {
  const results = {};
  for (const drill of drills) {
    const page = await browser.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/learn-classic.html`);
    await page.waitForFunction(() => globalThis.drillLearnClassic !== undefined);
    const random = await page.evaluate(([d]) => globalThis.drillLearnClassic.randomReturn(d, 200, 12345), [drill]);
    const runs = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const request = requestFor(drill, seed);
      log(`${drill} seed ${seed}: ${request.totalSteps} steps (${request.sharedTrunk ? 'shared' : 'separate'} trunk, value clip ${!request.noValueClip}, advantages per ${request.advantageNormalization}, lr anneal ${!request.noAnneal})…`);
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
  return results;
}
