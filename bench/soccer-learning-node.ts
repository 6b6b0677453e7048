// A Node harness (not the browser pipeline) for choosing soccer's training
// settings: each run trains soccer from scratch on ONE thread — the rollout
// loop and the trainer loop of src/rl taking turns on one event loop over a
// real lane and weights channel, as the trainer and the rollout worker take
// turns on a 2-core machine (docs/architecture.md, decision 25) — snapshots
// the weights every few seconds of that thread, and afterwards evaluates the
// snapshots greedily against the random and chaser baselines. Runs go in
// parallel worker_threads, one per (setting, seed), so a many-core machine
// compares many settings in one go; per-run figures are by that thread's
// seconds and by decisions trained on, so they carry over to another CPU by
// its decisions per second.
//
// Build: `node scripts/bench-soccer-learning-node.mjs`; run:
//   node .tmp/soccer-learning/soccer-learning.mjs [--seconds S] [--every S] [--seeds N] [--episodes N] [--parallel P] SETTINGS.json
// SETTINGS.json: { "name": { …hyperparameter changes… }, … } ("defaults": {} is the baseline).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createLane, createWeightsChannel, openLaneConsumer, openLaneProducer, openWeightsPublisher, openWeightsSource } from '../src/channels/index.js';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../src/contract/hyperparameters.js';
import { Evaluator } from '../src/rl/evaluator.js';
import { LEARNER_HYPER_NAMES, type LearnerHyper } from '../src/rl/learner.js';
import { CpuPpoLearner } from '../src/rl/ppo-learner.js';
import { RolloutCollector } from '../src/rl/rollout-collector.js';
import { RolloutLoop } from '../src/rl/rollout-loop.js';
import { TrainerLoop } from '../src/rl/trainer-loop.js';
import { runLayout } from '../src/runtime/run-layout.js';
import { soccerEnv } from '../src/sim/index.js';

interface RunSpec {
  readonly setting: string;
  readonly changes: Partial<Hyperparameters>;
  readonly seed: number;
  readonly seconds: number;
  readonly every: number;
  readonly episodes: number;
}

interface Point {
  /** Seconds of the run's thread since training started. */
  readonly t: number;
  /** Decisions collected into the batches trained on so far (the trainer's envSteps). */
  readonly decisions: number;
  readonly updates: number;
  readonly vsRandom: number;
  readonly vsChaser: number;
}

interface RunResult {
  readonly setting: string;
  readonly seed: number;
  readonly curve: Point[];
  readonly decisionsPerS: number;
  readonly errors: string[];
}

async function run(spec: RunSpec): Promise<RunResult> {
  const hyper: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...spec.changes, seed: spec.seed };
  const layout = runLayout(hyper, soccerEnv.info, 1);
  const lane = createLane({ descriptor: layout.channel, capacity: layout.laneCapacity }, 'shared-memory');
  const weights = createWeightsChannel(layout.weights, 'shared-memory', 1);
  const learnerHyper = Object.fromEntries(LEARNER_HYPER_NAMES.map((name) => [name, hyper[name]])) as Partial<LearnerHyper>;
  const learner = await CpuPpoLearner.create({ network: layout.network, seed: hyper.seed, hyper: learnerHyper });
  const errors: string[] = [];
  const trainer = new TrainerLoop({
    learner,
    lanes: [openLaneConsumer(lane.consumer, layout.channel)],
    publisher: openWeightsPublisher(weights.publisher, layout.weights),
    hyper,
    transport: 'shared-memory',
    compute: () => ({ path: 'cpu', adapter: null, reason: null }),
    kernels: 'wasm-relaxed-simd',
    onTelemetry: () => undefined,
    onError: (detail) => errors.push(detail.message),
  });
  trainer.publishCurrent();
  const collector = await RolloutCollector.create({ env: soccerEnv, network: layout.network, envs: layout.envsPerWorker, seed: hyper.seed, producerId: 0, gamma: hyper.gamma });
  const rollout = new RolloutLoop(collector, openLaneProducer(lane.producer, layout.channel, 0), openWeightsSource(weights.readers[0]!, layout.weights), { deterministic: false, seed: hyper.seed, producerId: 0 }, (error) => errors.push(error.message));
  const snapshots: { t: number; decisions: number; updates: number; params: Float32Array }[] = [];
  const started = performance.now();
  trainer.start({ deterministic: false });
  rollout.start();
  for (let k = 1; k * spec.every <= spec.seconds; k++) {
    const due = started + k * spec.every * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const { envSteps, updates } = trainer.progress();
    snapshots.push({ t: (performance.now() - started) / 1000, decisions: envSteps, updates, params: trainer.published().params.slice() });
  }
  await trainer.stop();
  await rollout.stop();
  const evaluator = await Evaluator.create({ env: soccerEnv, network: layout.network, episodes: spec.episodes, seed: 2024 });
  const curve = snapshots.map((s) => ({ t: s.t, decisions: s.decisions, updates: s.updates, vsRandom: evaluator.run(s.params, 'random').winRate, vsChaser: evaluator.run(s.params, 'chaser').winRate }));
  const last = snapshots.at(-1);
  return { setting: spec.setting, seed: spec.seed, curve, decisionsPerS: last ? last.decisions / last.t : 0, errors };
}

const option = (argv: string[], name: string, fallback: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** Median where "never" counts as worse than any value. */
const medianReach = (values: (number | null)[]): number | null => {
  const m = median(values.map((v) => v ?? Infinity));
  return Number.isFinite(m) ? m : null;
};
const firstReach = (curve: Point[], key: 'vsRandom' | 'vsChaser', level: number, by: 't' | 'decisions'): number | null => curve.find((p) => p[key] >= level)?.[by] ?? null;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const file = argv.find((a, i) => a.endsWith('.json') && !argv[i - 1]?.startsWith('--'));
  const settings: Record<string, Partial<Hyperparameters>> = file ? JSON.parse(readFileSync(file, 'utf8')) : { defaults: {} };
  const seconds = option(argv, '--seconds', 90);
  const every = option(argv, '--every', 5);
  const seeds = option(argv, '--seeds', 3);
  const episodes = option(argv, '--episodes', 200);
  const parallel = option(argv, '--parallel', Math.max(1, availableParallelism() - 1));
  const specs: RunSpec[] = [];
  for (let seed = 1; seed <= seeds; seed++) for (const [setting, changes] of Object.entries(settings)) specs.push({ setting, changes, seed, seconds, every, episodes });
  const results: RunResult[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < specs.length) {
      const spec = specs[next++]!;
      const result = await new Promise<RunResult>((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: spec });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      console.error(`${result.setting} seed ${result.seed}: 90 % vs random at ${firstReach(result.curve, 'vsRandom', 0.9, 't') ?? '—'} s, ${Math.round(result.decisionsPerS)} decisions/s${result.errors.length ? `, errors: ${result.errors.join('; ')}` : ''}`);
      results.push(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, specs.length) }, lane));
  console.log(`soccer learning, Node harness: one thread per run (rollouts and trainer taking turns), ${seconds} s each, ${seeds} seeds, ${episodes} greedy episodes per snapshot; medians over seeds`);
  console.log('setting | 90 % vs random (s / M decisions) | 60 % vs chaser (s) | vs random at 30 / 45 / 60 s | decisions/s');
  const summary: Record<string, unknown> = {};
  for (const setting of Object.keys(settings)) {
    const runs = results.filter((r) => r.setting === setting).sort((a, b) => a.seed - b.seed);
    const at = (t: number) => median(runs.map((r) => r.curve.filter((p) => p.t <= t + 0.5).at(-1)?.vsRandom ?? 0));
    const row = {
      reach90RandomS: medianReach(runs.map((r) => firstReach(r.curve, 'vsRandom', 0.9, 't'))),
      reach90RandomDecisions: medianReach(runs.map((r) => firstReach(r.curve, 'vsRandom', 0.9, 'decisions'))),
      reach60ChaserS: medianReach(runs.map((r) => firstReach(r.curve, 'vsChaser', 0.6, 't'))),
      perSeedReach90RandomS: runs.map((r) => firstReach(r.curve, 'vsRandom', 0.9, 't')),
      vsRandomAt: { 30: at(30), 45: at(45), 60: at(60) },
      decisionsPerS: median(runs.map((r) => r.decisionsPerS)),
      runs,
    };
    summary[setting] = row;
    const decisions = row.reach90RandomDecisions === null ? '—' : (row.reach90RandomDecisions / 1e6).toFixed(2);
    console.log(`${setting} | ${row.reach90RandomS?.toFixed(1) ?? '—'} s / ${decisions} (seeds ${row.perSeedReach90RandomS.map((v) => v?.toFixed(0) ?? '—').join(', ')}) | ${row.reach60ChaserS?.toFixed(1) ?? '—'} | ${[30, 45, 60].map((t) => `${Math.round(100 * at(t))} %`).join(' / ')} | ${Math.round(row.decisionsPerS)}`);
  }
  console.log(JSON.stringify(summary));
}

if (isMainThread) await main();
else parentPort!.postMessage(await run(workerData as RunSpec));
