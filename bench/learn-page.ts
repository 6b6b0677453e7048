// The learning benchmark's page: trains from scratch with the default
// configuration (real runtime, real workers, no show on screen), snapshots
// the published weights every few seconds with a wall-clock stamp from the
// train() call, and evaluates the snapshots afterwards — so evaluation never
// competes with training for a core. Driven by scripts/bench-learn.mjs.
import type { TrainerTelemetry } from '../src/contract/telemetry.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../src/runtime/registry.js';
import { setWorkerScript } from '../src/runtime/worker-script.js';
import { Evaluator } from '../src/rl/evaluator.js';
import { envDefinition } from '../src/runtime/envs.js';
import type { NetworkDescriptor } from '../src/nn/network-descriptor.js';

setWorkerScript(new URL('/dist/drill.js', location.origin));

export interface Snapshot {
  /** Seconds since train() was called. */
  t: number;
  policyVersion: number;
  params: Float32Array;
  entropy: number | null;
}

export interface TrainRun {
  network: NetworkDescriptor;
  snapshots: Snapshot[];
  telemetry: TrainerTelemetry[];
  errors: string[];
  rolloutWorkers: number;
}

async function train(seed: number, seconds: number, snapshotEvery: number): Promise<TrainRun> {
  const name = `learn-${seed}-${Math.random().toString(36).slice(2)}`;
  configureRuntime(name, { hyper: { seed }, model: 'none' });
  const member = {};
  const runtime = joinRuntime(name, member);
  const telemetry: TrainerTelemetry[] = [];
  const errors: string[] = [];
  runtime.addEventListener('telemetry', (e) => telemetry.push((e as CustomEvent<TrainerTelemetry>).detail));
  runtime.addEventListener('error', (e) => errors.push((e as CustomEvent<{ message: string }>).detail.message));
  const caps = await runtime.start();
  const snapshots: Snapshot[] = [];
  const started = performance.now();
  await runtime.train();
  for (let k = 1; k * snapshotEvery <= seconds; k++) {
    const due = started + k * snapshotEvery * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const { params, policyVersion } = await runtime.snapshot();
    snapshots.push({ t: (performance.now() - started) / 1000, policyVersion, params, entropy: runtime.telemetry?.entropy ?? null });
  }
  await runtime.stopTraining();
  leaveRuntime(runtime, member);
  return { network: runtime.layout!.network, snapshots, telemetry, errors, rolloutWorkers: caps.rolloutWorkers };
}

export interface CurvePoint {
  t: number;
  policyVersion: number;
  vsRandom: number;
  vsChaser: number;
  entropy: number | null;
}

async function evaluate(network: NetworkDescriptor, snapshots: Snapshot[], episodes: number): Promise<CurvePoint[]> {
  const env = envDefinition('soccer');
  const evaluator = await Evaluator.create({ env, network, episodes, seed: 2024 });
  const curve: CurvePoint[] = [];
  for (const s of snapshots) {
    curve.push({ t: s.t, policyVersion: s.policyVersion, vsRandom: evaluator.run(s.params, 'random').winRate, vsChaser: evaluator.run(s.params, 'chaser').winRate, entropy: s.entropy });
    await new Promise((r) => setTimeout(r, 0));
  }
  return curve;
}

async function run(seed: number, seconds: number, snapshotEvery: number, episodes: number) {
  const trained = await train(seed, seconds, snapshotEvery);
  const curve = await evaluate(trained.network, trained.snapshots, episodes);
  const telemetry = trained.telemetry;
  return {
    seed,
    curve,
    errors: trained.errors,
    rolloutWorkers: trained.rolloutWorkers,
    nonFinite: telemetry.some((s) => [s.lossPolicy, s.lossValue, s.entropy].some((v) => v !== null && !Number.isFinite(v))),
    finalTelemetry: telemetry.at(-1) ?? null,
  };
}

(globalThis as unknown as { drillLearn: { run: typeof run } }).drillLearn = { run };
