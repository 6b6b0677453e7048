/**
 * Generalised advantage estimation over one rollout chunk (time-major
 * `[t][env]`, index `t·envs + env`).
 *
 * Where a step's episode ended decides what the step bootstraps from, and
 * the advantage recursion never crosses an episode end:
 * - terminal (done, not truncated — a goal): nothing; the future is 0.
 * - truncation (done and truncated — the time limit): V(s_final) of that
 *   step, computed on the final observation before the reset (decision 6 in docs/architecture.md).
 * - the chunk's last step, episode still running: bootstrapValue[env] = V(s_T).
 * - otherwise: the next step's value.
 * Accumulation is in float64; returns = advantages + values.
 */
import type { ChunkView } from '../channels/rollout-chunk.js';

export interface GaeInput {
  readonly steps: number;
  readonly envs: number;
  readonly rew: Float32Array;
  readonly done: Uint8Array;
  readonly truncated: Uint8Array;
  readonly finalValue: Float32Array;
  readonly value: Float32Array;
  /** Per env. */
  readonly bootstrapValue: Float32Array;
}

/** A chunk's fields as GAE input (views, nothing copied). */
export function chunkGaeInput(chunk: ChunkView): GaeInput {
  const { steps, envs } = chunk.layout.descriptor;
  return { steps, envs, rew: chunk.rew, done: chunk.done, truncated: chunk.truncated, finalValue: chunk.finalValue, value: chunk.value, bootstrapValue: chunk.bootstrapValue };
}

/** Writes advantages and returns for every step, at `offset + t·envs + env`. */
export function computeGae(input: GaeInput, gamma: number, lambda: number, advantages: Float32Array, returns: Float32Array, offset = 0): void {
  const { steps, envs, rew, done, truncated, finalValue, value, bootstrapValue } = input;
  const cells = steps * envs;
  if (rew.length < cells || done.length < cells || truncated.length < cells || finalValue.length < cells || value.length < cells || bootstrapValue.length < envs) {
    throw new RangeError(`gae: input arrays are shorter than ${steps} steps × ${envs} envs`);
  }
  if (advantages.length < offset + cells || returns.length < offset + cells) throw new RangeError(`gae: output arrays need ${offset + cells} floats`);
  for (let env = 0; env < envs; env++) {
    let nextAdvantage = 0;
    for (let t = steps - 1; t >= 0; t--) {
      const i = t * envs + env;
      let nextValue: number;
      let carry: number;
      if (done[i]) {
        nextValue = truncated[i] ? finalValue[i]! : 0;
        carry = 0;
      } else {
        nextValue = t === steps - 1 ? bootstrapValue[env]! : value[i + envs]!;
        carry = gamma * lambda * nextAdvantage;
      }
      const delta = rew[i]! + gamma * nextValue - value[i]!;
      nextAdvantage = delta + carry;
      advantages[offset + i] = nextAdvantage;
      returns[offset + i] = nextAdvantage + value[i]!;
    }
  }
}
