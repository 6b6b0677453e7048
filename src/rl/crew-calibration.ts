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
 * Both sides share one time budget (half each, each at least one timed
 * piece after one untimed warm-up: compilation, first touches). A piece
 * cannot be interrupted, so a drill whose chunk alone outlasts the budget
 * overruns it: the caller bounds the whole with its own deadline.
 */
import { chunkLayout, ChunkView } from '../channels/rollout-chunk.js';
import type { CrewRates } from '../contract/capabilities.js';
import { maskWordsFor } from '../nn/categorical.js';
import { type NetworkDescriptor, paramCount } from '../nn/network-descriptor.js';
import type { EnvDefinition } from '../sim/env.js';
import type { PpoBatch } from './learner.js';
import { CpuPpoLearner } from './ppo-learner.js';
import { RolloutCollector } from './rollout-collector.js';

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
  const { chunk, rolloutSamplesPerSecond } = await measureProduction(options, started + budget / 2);
  const samplePassesPerSecond = await measureConsumption(options, chunk, started + budget);
  return { rolloutSamplesPerSecond, trainerSamplesPerSecond: samplePassesPerSecond / options.epochs };
}

/** Times a rollout collector filling chunks until `until` (after one warm-up chunk): decisions per second. */
async function measureProduction(options: CalibrationOptions, until: number): Promise<{ chunk: ChunkView; rolloutSamplesPerSecond: number }> {
  const { env, network, envs, seed } = options;
  const collector = await RolloutCollector.create({ env, network, envs, seed, producerId: 0, gamma: 0.99 });
  const layout = chunkLayout({ obsSize: env.info.obsSize, actionCount: env.info.actionCount, steps: CALIBRATION_STEPS, envs, episodeRecords: envs * CALIBRATION_STEPS, paramCount: paramCount(network) });
  const chunk = new ChunkView(layout, new ArrayBuffer(layout.byteLength));
  const fill = (): void => {
    chunk.begin(0, 0);
    // Every opponent plays the latest policy: its rows ride in the learner's forward, as most of a self-play run's do.
    collector.collect(chunk, 1, () => collector.learner.params);
  };
  fill();
  const timed = await timeUntil(fill, until);
  return { chunk, rolloutSamplesPerSecond: (timed.pieces * envs * CALIBRATION_STEPS) / (timed.ms / 1000) };
}

/** Times one-minibatch PPO updates over the collected decisions until `until` (after one warm-up): sample passes per second. */
async function measureConsumption(options: CalibrationOptions, chunk: ChunkView, until: number): Promise<number> {
  const { network, minibatch, seed } = options;
  const learner = await CpuPpoLearner.create({ network, seed, hyper: { minibatch, epochs: 1, targetKl: 0 } });
  const batch = batchFrom(chunk, minibatch, maskWordsFor(network.actionCount), network.obsSize);
  const step = (): Promise<unknown> => learner.update(batch);
  await step();
  const timed = await timeUntil(step, until);
  return (timed.pieces * minibatch) / (timed.ms / 1000);
}

/** Runs `piece` at least once and until `until`: how many times, in how long. */
async function timeUntil(piece: () => unknown, until: number): Promise<{ pieces: number; ms: number }> {
  let pieces = 0;
  const from = performance.now();
  let now = from;
  do {
    await piece();
    pieces++;
    now = performance.now();
  } while (now < until);
  return { pieces, ms: now - from };
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
