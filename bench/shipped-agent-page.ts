// The page behind scripts/train-shipped-agent.mjs: trains soccer from scratch
// with the default configuration (real runtime, real workers, no show),
// snapshots the published weights at fixed times, then picks the snapshot
// that wins most often against the chaser on one seeded set of episodes and
// reports its figures on another (so the figures are not the ones it was
// chosen on). The chosen weights are shipped quantised (src/runtime/quantised-model.ts),
// so the figures are measured on the dequantised weights the arena plays.
import { configureRuntime, joinRuntime, leaveRuntime } from '../src/runtime/registry.js';
import { setWorkerScript } from '../src/runtime/worker-script.js';
import { Evaluator, type EvaluationResult } from '../src/rl/evaluator.js';
import { envDefinition } from '../src/runtime/envs.js';
import { decodeModel, encodeModel } from '../src/runtime/model-file.js';
import { dequantiseModel, quantiseModel } from '../src/runtime/quantised-model.js';

setWorkerScript(new URL('/dist/drill.js', location.origin));

/** Seeds of the two evaluation sets: one to choose on, one to report. */
const CHOOSE_SEED = 2024;
const REPORT_SEED = 9001;

export interface ShippedAgentRun {
  /** The chosen snapshot as a .drillmodel file (full precision). */
  model: number[];
  chosen: { t: number; policyVersion: number; updates: number | null };
  /** Choice-set win rate against the chaser of every snapshot. */
  candidates: { t: number; policyVersion: number; vsChaser: number }[];
  errors: string[];
}

export interface ShippedAgent {
  /** The quantised model the bundle embeds. */
  quantised: number[];
  /** The dequantised weights as a .drillmodel file: exactly what the arena plays. */
  model: number[];
  report: { vsRandom: EvaluationResult; vsChaser: EvaluationResult };
}

async function train(seed: number, seconds: number, every: number, chooseEpisodes: number): Promise<ShippedAgentRun> {
  const name = `shipped-${seed}`;
  configureRuntime(name, { hyper: { seed }, model: 'none' });
  const member = {};
  const runtime = joinRuntime(name, member);
  const errors: string[] = [];
  runtime.addEventListener('error', (e) => errors.push((e as CustomEvent<{ message: string }>).detail.message));
  await runtime.start();
  const started = performance.now();
  const snapshots: { t: number; policyVersion: number; params: Float32Array; updates: number | null }[] = [];
  await runtime.train();
  for (let k = 1; k * every <= seconds; k++) {
    const due = started + k * every * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const { params, policyVersion } = await runtime.snapshot();
    snapshots.push({ t: (performance.now() - started) / 1000, policyVersion, params, updates: runtime.telemetry?.updates ?? null });
  }
  await runtime.stopTraining();
  const network = runtime.layout!.network;
  leaveRuntime(runtime, member);

  const env = envDefinition('soccer');
  const choose = await Evaluator.create({ env, network, episodes: chooseEpisodes, seed: CHOOSE_SEED });
  const candidates = snapshots.map((s) => ({ t: s.t, policyVersion: s.policyVersion, vsChaser: choose.run(s.params, 'chaser').winRate }));
  let best = 0;
  candidates.forEach((c, i) => {
    if (c.vsChaser >= candidates[best]!.vsChaser) best = i;
  });
  const chosen = snapshots[best]!;
  const { id, version } = env.info;
  const file = encodeModel({ header: { env: { id, version }, network, policyVersion: chosen.policyVersion, savedAt: new Date().toISOString() }, params: chosen.params });
  return {
    model: Array.from(new Uint8Array(file)),
    chosen: { t: chosen.t, policyVersion: chosen.policyVersion, updates: chosen.updates },
    candidates,
    errors,
  };
}

/** Quantises a chosen model and measures what it will play: greedy, on the report set. */
async function ship(model: number[], reportEpisodes: number): Promise<ShippedAgent> {
  const quantised = quantiseModel(decodeModel(Uint8Array.from(model)));
  const played = dequantiseModel(quantised);
  const report = await Evaluator.create({ env: envDefinition('soccer'), network: played.header.network, episodes: reportEpisodes, seed: REPORT_SEED });
  return {
    quantised: Array.from(quantised),
    model: Array.from(new Uint8Array(encodeModel(played))),
    report: { vsRandom: report.run(played.params, 'random'), vsChaser: report.run(played.params, 'chaser') },
  };
}

(globalThis as unknown as { drillShippedAgent: { train: typeof train; ship: typeof ship } }).drillShippedAgent = { train, ship };
