/**
 * Gathers rollout chunks into one flat {@link PpoBatch}: copies each chunk's
 * samples (time-major order kept) and computes their GAE advantages and
 * returns in place. Buffers are sized once for the largest batch.
 */
import type { ChunkView } from '../channels/rollout-chunk.js';
import { maskWordsFor } from '../nn/categorical.js';
import { chunkGaeInput, computeGae } from './gae.js';
import type { PpoBatch } from './learner.js';

export class PpoBatchBuffer implements PpoBatch {
  size = 0;
  readonly maskWords: number;
  readonly obs: Float32Array;
  readonly mask: Uint32Array;
  readonly act: Int32Array;
  readonly logp: Float32Array;
  readonly value: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;

  constructor(readonly obsSize: number, readonly actionCount: number, readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`batch: capacity must be a positive integer, got ${capacity}`);
    this.maskWords = maskWordsFor(actionCount);
    this.obs = new Float32Array(capacity * obsSize);
    this.mask = new Uint32Array(capacity * this.maskWords);
    this.act = new Int32Array(capacity);
    this.logp = new Float32Array(capacity);
    this.value = new Float32Array(capacity);
    this.advantages = new Float32Array(capacity);
    this.returns = new Float32Array(capacity);
  }

  /** Bytes of a buffer for `capacity` samples. */
  static byteLength(obsSize: number, actionCount: number, capacity: number): number {
    // obs, mask, and the five per-sample arrays (act, logp, value, advantages, returns).
    return capacity * (obsSize + maskWordsFor(actionCount) + 5) * 4;
  }

  clear(): void {
    this.size = 0;
  }

  /** Room left, in samples. */
  get free(): number {
    return this.capacity - this.size;
  }

  /** Appends a chunk's T·N samples with their advantages (γ, λ as of now). */
  appendChunk(chunk: ChunkView, gamma: number, lambda: number): void {
    const { obsSize, actionCount, steps, envs } = chunk.layout.descriptor;
    if (obsSize !== this.obsSize || actionCount !== this.actionCount) {
      throw new RangeError(`batch: chunk has obsSize ${obsSize} and ${actionCount} actions, the batch ${this.obsSize} and ${this.actionCount}`);
    }
    const cells = steps * envs;
    if (cells > this.free) throw new RangeError(`batch: a chunk of ${cells} samples does not fit in the ${this.free} left`);
    const at = this.size;
    this.obs.set(chunk.obs, at * obsSize);
    this.mask.set(chunk.mask, at * this.maskWords);
    this.act.set(chunk.act, at);
    this.logp.set(chunk.logp, at);
    this.value.set(chunk.value, at);
    computeGae(chunkGaeInput(chunk), gamma, lambda, this.advantages, this.returns, at);
    this.size += cells;
  }
}
