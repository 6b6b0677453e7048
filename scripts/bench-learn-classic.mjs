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
import { chromium } from 'playwright-core';
import { buildClassicPage, measureClassic, REFERENCES } from './learn-classic-runs.mjs';
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

const root = new URL('..', import.meta.url).pathname;
await buildClassicPage();
const server = await serveStatic({ root, port: 0, isolate: true });
const browser = await chromium.launch({ executablePath: findChrome(), args: CHROMIUM_FLAGS, headless: true });
let results;
try {
  results = await measureClassic({ browser, server, drills, seeds: seedCount, requestFor, log });
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
