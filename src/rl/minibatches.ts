/**
 * What every PPO learner does to a batch before it computes anything, so
 * the CPU and WebGPU learners see the same samples in the same order:
 * advantages normalised once per batch, a fresh permutation per epoch, and
 * k = max(1, round(B / minibatch)) nearly equal minibatches (see
 * ppo-learner.ts for why).
 */
import { deriveSeed, Random, Stream } from '../util/random.js';
import type { PpoBatch } from './learner.js';

const ADVANTAGE_STD_EPSILON = 1e-8;

/**
 * Writes the batch's advantages, normalised to mean 0 and std 1, into
 * `out`; returns the batch's explained variance (null when the returns do not vary).
 */
export function normalizeAdvantages(batch: PpoBatch, size: number, out: Float32Array): number | null {
  let mean = 0;
  let returnMean = 0;
  for (let i = 0; i < size; i++) {
    mean += batch.advantages[i]!;
    returnMean += batch.returns[i]!;
  }
  mean /= size;
  returnMean /= size;
  let variance = 0;
  let returnVariance = 0;
  let residualSum = 0;
  let residualSquares = 0;
  for (let i = 0; i < size; i++) {
    const d = batch.advantages[i]! - mean;
    variance += d * d;
    const r = batch.returns[i]! - returnMean;
    returnVariance += r * r;
    const residual = batch.returns[i]! - batch.value[i]!;
    residualSum += residual;
    residualSquares += residual * residual;
  }
  const scale = 1 / (Math.sqrt(variance / size) + ADVANTAGE_STD_EPSILON);
  for (let i = 0; i < size; i++) out[i] = (batch.advantages[i]! - mean) * scale;
  const residualVariance = residualSquares / size - (residualSum / size) ** 2;
  return returnVariance > 0 ? 1 - residualVariance / (returnVariance / size) : null;
}

/** The shuffle stream of update number `update` of a run with `seed`. */
export function shuffleRandom(random: Random, seed: number, update: number): Random {
  random.seed(deriveSeed(seed, Stream.MINIBATCH_SHUFFLE, update));
  return random;
}

/** One epoch's Fisher–Yates pass over order[0 … size) (the order carries over between epochs). */
export function shuffle(order: Int32Array, size: number, random: Random): void {
  for (let i = size - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** Minibatches per epoch for a batch of `size`. */
export const minibatchCount = (size: number, minibatch: number): number => Math.max(1, Math.round(size / minibatch));

/** Minibatch `part` of `parts` covers order[start … end). */
export function minibatchBounds(size: number, parts: number, part: number): { start: number; end: number } {
  return { start: Math.floor((part * size) / parts), end: Math.floor(((part + 1) * size) / parts) };
}

/** Throws a clear RangeError unless `batch` holds `batch.size` whole samples; returns the size. */
export function checkBatch(batch: PpoBatch, obsSize: number, maskWords: number): number {
  const size = batch.size;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`learner: batch size must be a positive integer, got ${size}`);
  const short = ([
    ['obs', batch.obs.length, size * obsSize],
    ['mask', batch.mask.length, size * maskWords],
    ['act', batch.act.length, size],
    ['logp', batch.logp.length, size],
    ['value', batch.value.length, size],
    ['advantages', batch.advantages.length, size],
    ['returns', batch.returns.length, size],
  ] as const).find(([, length, needed]) => length < needed);
  if (short) throw new RangeError(`learner: batch.${short[0]} has ${short[1]} entries, a batch of ${size} needs ${short[2]}`);
  return size;
}
