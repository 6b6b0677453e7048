// The learning benchmark's page: trains from scratch with the default
// configuration (real runtime, real workers, no show on screen), snapshots
// the published weights every few seconds with a wall-clock stamp from the
// train() call, and evaluates the snapshots afterwards — so evaluation never
// competes with training for a core. Driven by scripts/bench-learn.mjs.
import type { CpuGateMode } from '../src/channels/cpu-gate.js';
import type { TrainerTelemetry } from '../src/contract/telemetry.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../src/runtime/registry.js';
import { setWorkerScript } from '../src/runtime/worker-script.js';
import { Evaluator } from '../src/rl/evaluator.js';
import { envDefinition } from '../src/runtime/envs.js';
import type { NetworkDescriptor } from '../src/nn/network-descriptor.js';
import { deriveSeed, Stream } from '../src/util/random.js';

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
  /** Decisions per update. */
  batch: number;
  /** The gate's levers at the end of training. */
  gate: CpuGateMode | null;
}

/** `gate`: the CPU gate's levers to train under (null: as the runtime sets them; with no arena on this page, no show draws). */
async function train(seed: number, seconds: number, snapshotEvery: number, gate: CpuGateMode | null): Promise<TrainRun> {
  const name = `learn-${seed}-${Math.random().toString(36).slice(2)}`;
  configureRuntime(name, { hyper: { seed }, model: 'none' });
  const member = {};
  const runtime = joinRuntime(name, member);
  const telemetry: TrainerTelemetry[] = [];
  const errors: string[] = [];
  runtime.addEventListener('telemetry', (e) => telemetry.push((e as CustomEvent<TrainerTelemetry>).detail));
  runtime.addEventListener('error', (e) => errors.push((e as CustomEvent<{ message: string }>).detail.message));
  const caps = await runtime.start();
  if (gate) runtime.cpuGate = gate;
  const snapshots: Snapshot[] = [];
  const started = performance.now();
  await runtime.train();
  for (let k = 1; k * snapshotEvery <= seconds; k++) {
    const due = started + k * snapshotEvery * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const { params, policyVersion } = await runtime.snapshot();
    snapshots.push({ t: (performance.now() - started) / 1000, policyVersion, params, entropy: runtime.telemetry?.entropy ?? null });
  }
  const trainedGate = runtime.cpuGate;
  await runtime.stopTraining();
  leaveRuntime(runtime, member);
  const { network, channel, rolloutWorkers } = runtime.layout!;
  return { network, snapshots, telemetry, errors, rolloutWorkers: caps.rolloutWorkers, batch: channel.envs * channel.steps * rolloutWorkers, gate: trainedGate };
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

async function run(seed: number, seconds: number, snapshotEvery: number, episodes: number, gate: CpuGateMode | null = null) {
  const trained = await train(seed, seconds, snapshotEvery, gate);
  const curve = await evaluate(trained.network, trained.snapshots, episodes);
  const telemetry = trained.telemetry;
  return {
    seed,
    curve,
    errors: trained.errors,
    rolloutWorkers: trained.rolloutWorkers,
    gate: trained.gate,
    batch: trained.batch,
    nonFinite: telemetry.some((s) => [s.lossPolicy, s.lossValue, s.entropy].some((v) => v !== null && !Number.isFinite(v))),
    finalTelemetry: telemetry.at(-1) ?? null,
  };
}

/**
 * Soccer's floor, as the evaluator measures a policy (src/rl/evaluator.ts):
 * the random player's win rate against the random player over the same
 * seeded episodes, half on each side, draws counting as not won.
 */
function randomWinRate(episodes: number, seed: number): number {
  const env = envDefinition('soccer');
  const batch = env.createBatch(episodes);
  batch.reset(deriveSeed(seed, Stream.EVALUATION, 0));
  const opponent = env.createBaseline('random', episodes, deriveSeed(seed, Stream.EVALUATION, 1));
  const player = env.createBaseline('random', episodes, deriveSeed(seed, Stream.EVALUATION, 2));
  const side = (e: number) => (e < episodes / 2 ? 0 : 1);
  const mine = new Int32Array(episodes * 2);
  const theirs = new Int32Array(episodes * 2);
  const actions = new Int32Array(episodes * 2);
  const finished = new Uint8Array(episodes);
  let remaining = episodes;
  let wins = 0;
  while (remaining > 0) {
    for (const agent of [0, 1]) {
      player.act(batch, agent, mine);
      opponent.act(batch, agent, theirs);
    }
    for (let e = 0; e < episodes; e++) {
      actions[e * 2 + side(e)] = mine[e * 2 + side(e)]!;
      actions[e * 2 + 1 - side(e)] = theirs[e * 2 + 1 - side(e)]!;
    }
    batch.step(actions);
    for (let e = 0; e < episodes; e++) {
      if (!batch.done[e] || finished[e]) continue;
      finished[e] = 1;
      remaining--;
      if (batch.winner[e] === side(e)) wins++;
    }
  }
  return wins / episodes;
}

(globalThis as unknown as { drillLearn: { run: typeof run; randomWinRate: typeof randomWinRate } }).drillLearn = { run, randomWinRate };
