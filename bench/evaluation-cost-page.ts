// The page behind scripts/bench-evaluation-cost.mjs: trains soccer from
// scratch with the defaults in alternating segments, the trainer's periodic
// evaluation on (the default) and off, and measures updates per second in
// each after a warm-up — so the two conditions share the machine's load.
import type { TrainerTelemetry } from '../src/contract/telemetry.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../src/runtime/registry.js';
import { setWorkerScript } from '../src/runtime/worker-script.js';

setWorkerScript(new URL('/dist/drill.js', location.origin));

export interface Segment {
  evaluation: boolean;
  updatesPerSecond: number;
  /** The evaluation's own figure of its share of trainer time at the end (on only). */
  share: number | null;
  evaluations: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function segment(index: number, evaluation: boolean, seconds: number, warmup: number): Promise<Segment> {
  const name = `evaluation-cost-${index}`;
  configureRuntime(name, { model: 'none', ...(evaluation ? {} : { evaluateEvery: 0 }) });
  const member = {};
  const runtime = joinRuntime(name, member);
  let latest: TrainerTelemetry | null = null;
  const evaluated = new Set<number>();
  runtime.addEventListener('telemetry', (e) => {
    latest = (e as CustomEvent<TrainerTelemetry>).detail;
    if (latest.evaluation) evaluated.add(latest.evaluation.updates);
  });
  await runtime.start();
  await runtime.train();
  await sleep(warmup * 1000);
  const t0 = performance.now();
  const u0 = (latest as TrainerTelemetry | null)?.updates ?? 0;
  await sleep(seconds * 1000);
  const t1 = performance.now();
  const end = latest as TrainerTelemetry | null;
  await runtime.stopTraining();
  leaveRuntime(runtime, member);
  await sleep(200);
  return { evaluation, updatesPerSecond: ((end?.updates ?? 0) - u0) / ((t1 - t0) / 1000), share: end?.evaluation?.share ?? null, evaluations: evaluated.size };
}

async function run(rounds: number, seconds: number, warmup: number): Promise<Segment[]> {
  const segments: Segment[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so a drift in the machine's load falls on both.
    for (const on of r % 2 ? [false, true] : [true, false]) segments.push(await segment(segments.length, on, seconds, warmup));
  }
  return segments;
}

(globalThis as unknown as { drillEvaluationCost: { run: typeof run } }).drillEvaluationCost = { run };
