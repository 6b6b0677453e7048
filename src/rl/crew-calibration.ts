/**
 * How fast this drill's experience is made and consumed on this machine,
 * measured once on one thread before the crew is sized (sizeCrew in
 * src/runtime/thread-budget.ts): a drill whose env step is expensive needs
 * more rollout workers, a cheap one more trainer threads, and no fixed
 * formula knows which a page's own drill is.
 *
 * - Production: a rollout collector of the run's drill, network and envs
 *   per worker fills short chunks — env steps, batched inference for every
 *   player, recording — as a rollout worker's loop does: the learner's
 *   decisions per second.
 * - Consumption: a CPU learner takes PPO steps of one minibatch over those
 *   decisions — gather, forward, loss, backward, Adam — as the trainer
 *   does: sample passes per second, divided by the epochs (each sample is
 *   trained on `epochs` times).
 *
 * After one untimed chunk and step each (compilation, first touches), the
 * two take turns (each at least a few ms) until the time budget is spent,
 * at least once each; each rate comes from its median turn. A piece cannot
 * be interrupted, so a drill whose chunk alone outlasts the budget overruns
 * it: the caller bounds the whole with its own deadline.
 */
import { chunkLayout, ChunkView } from '../channels/rollout-chunk.js';
import type { CrewRates } from '../contract/capabilities.js';
import { maskWordsFor } from '../nn/categorical.js';
import { type NetworkDescriptor, paramCount } from '../nn/network-descriptor.js';
import type { EnvDefinition } from '../sim/env.js';
import type { PpoBatch } from './learner.js';
import { CpuPpoLearner } from './ppo-learner.js';
import { RolloutCollector } from './rollout-collector.js';
import { median } from '../util/median.js';

export interface CalibrationOptions {
  readonly env: EnvDefinition;
  readonly network: NetworkDescriptor;
  /** Envs one rollout worker steps. */
  readonly envs: number;
  /** Samples per optimiser step (the run's minibatch, at most its batch). */
  readonly minibatch: number;
  /** Passes over each batch. */
  readonly epochs: number;
  readonly seed: number;
  /** Time for both measurements, ms (default {@link CALIBRATION_BUDGET_MS}). */
  readonly budgetMs?: number;
}

/** Long enough for a few chunks and minibatch steps of a soccer-sized run, short enough to go unnoticed at start. */
export const CALIBRATION_BUDGET_MS = 200;

/** Decisions per calibration chunk: short, so a slow drill still times a few; each adds one bootstrap forward, a few % of a step. */
export const CALIBRATION_STEPS = 8;

export async function calibrateCrew(options: CalibrationOptions): Promise<CrewRates> {
  const started = performance.now();
  const budget = options.budgetMs ?? CALIBRATION_BUDGET_MS;
  const { env, network, envs, minibatch, epochs, seed } = options;
  const collector = await RolloutCollector.create({ env, network, envs, seed, producerId: 0, gamma: 0.99 });
  const layout = chunkLayout({ obsSize: env.info.obsSize, actionCount: env.info.actionCount, steps: CALIBRATION_STEPS, envs, episodeRecords: envs * CALIBRATION_STEPS, paramCount: paramCount(network) });
  const chunk = new ChunkView(layout, new ArrayBuffer(layout.byteLength));
  const fill = (): void => {
    chunk.begin(0, 0);
    // Every opponent plays the latest policy: its rows ride in the learner's forward, as most of a self-play run's do.
    collector.collect(chunk, 1, () => collector.learner.params);
  };
  const learner = await CpuPpoLearner.create({ network, seed, hyper: { minibatch, epochs: 1, targetKl: 0 } });
  // Both warm up before either is timed: they share the kernels, which the first calls compile.
  fill();
  const batch = batchFrom(chunk, minibatch, maskWordsFor(network.actionCount), network.obsSize);
  const step = (): Promise<unknown> => learner.update(batch);
  await step();
  // Interleaved, so the JIT's warming and another process's time slices fall on both sides alike; medians drop the cold and the interrupted.
  const chunkMs: number[] = [];
  const stepMs: number[] = [];
  do {
    chunkMs.push(await timed(fill));
    stepMs.push(await timed(step));
  } while (performance.now() < started + budget);
  return {
    rolloutSamplesPerSecond: (envs * CALIBRATION_STEPS) / (median(chunkMs) / 1000),
    // A one-minibatch update is one pass over `minibatch` samples; a run passes over each sample `epochs` times.
    trainerSamplesPerSecond: minibatch / (median(stepMs) / 1000) / epochs,
  };
}

/** A turn of one side lasts at least this long, ms: far above the clock's resolution (5 µs isolated, 100 µs otherwise) for a piece of a few µs. */
const MIN_TURN_MS = 2;

/** One turn: `piece` run once and again until MIN_TURN_MS have passed; ms per run. */
async function timed(piece: () => unknown): Promise<number> {
  const from = performance.now();
  let runs = 0;
  let now = from;
  do {
    await piece();
    runs++;
    now = performance.now();
  } while (now - from < MIN_TURN_MS);
  return (now - from) / runs;
}

/** `size` samples taken round-robin from the chunk's cells: real observations, masks and actions, advantages from the rewards. */
function batchFrom(chunk: ChunkView, size: number, maskWords: number, obsSize: number): PpoBatch {
  const cells = chunk.act.length;
  const batch = {
    size,
    obs: new Float32Array(size * obsSize),
    mask: new Uint32Array(size * maskWords),
    act: new Int32Array(size),
    logp: new Float32Array(size),
    value: new Float32Array(size),
    advantages: new Float32Array(size),
    returns: new Float32Array(size),
  };
  for (let i = 0; i < size; i++) {
    const cell = i % cells;
    batch.obs.set(chunk.obs.subarray(cell * obsSize, (cell + 1) * obsSize), i * obsSize);
    batch.mask.set(chunk.mask.subarray(cell * maskWords, (cell + 1) * maskWords), i * maskWords);
    batch.act[i] = chunk.act[cell]!;
    batch.logp[i] = chunk.logp[cell]!;
    batch.value[i] = chunk.value[cell]!;
    batch.returns[i] = chunk.rew[cell]!;
    batch.advantages[i] = chunk.rew[cell]! - chunk.value[cell]!;
  }
  return batch;
}
