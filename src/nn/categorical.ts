/**
 * The masked categorical policy over the network's logits (decision 4 in docs/architecture.md:
 * the mask travels with the observation and is used in sampling, log-prob
 * and entropy). A masked action has probability 0 and log-probability −∞;
 * every normalisation runs over the allowed actions only.
 *
 * Masks are the rollout chunk's: `maskWords` u32 words per row, bit `a % 32`
 * of word `a >> 5` set ⇔ action `a` allowed. A row with no allowed action is
 * a contract violation and throws.
 */
import type { Random } from '../util/random.js';

export const maskWordsFor = (actionCount: number): number => Math.ceil(actionCount / 32);

export function isAllowed(mask: Uint32Array, maskBase: number, action: number): boolean {
  return ((mask[maskBase + (action >>> 5)]! >>> (action & 31)) & 1) === 1;
}

/**
 * Network outputs of a batch (a {@link PolicyNetwork} is one): row r's logits
 * at `r·outputStride + a`, its value at `r·outputStride + valueColumn`.
 */
export interface PolicyRows {
  readonly output: Float32Array;
  readonly outputStride: number;
  readonly valueColumn: number;
}

/** Per-row results of sampling. */
export interface SampledActions {
  readonly act: Int32Array;
  readonly logp: Float32Array;
  readonly value: Float32Array;
}

export class MaskedCategorical {
  readonly maskWords: number;
  /** After {@link evaluate}: probabilities (0 where masked). */
  readonly probs: Float64Array;
  /** After {@link evaluate}: log-probabilities (−∞ where masked). */
  readonly logProbs: Float64Array;
  /** After {@link evaluate}: entropy over the allowed actions, nats. */
  entropy = 0;

  constructor(readonly actionCount: number) {
    if (!Number.isInteger(actionCount) || actionCount < 1) throw new RangeError(`categorical: actionCount must be a positive integer, got ${actionCount}`);
    this.maskWords = maskWordsFor(actionCount);
    this.probs = new Float64Array(actionCount);
    this.logProbs = new Float64Array(actionCount);
  }

  /** Masked softmax of one row: fills probs, logProbs and entropy. */
  evaluate(logits: Float32Array, base: number, mask: Uint32Array, maskBase: number): void {
    const { probs, logProbs, actionCount } = this;
    const max = this.allowedMax(logits, base, mask, maskBase);
    let sum = 0;
    for (let a = 0; a < actionCount; a++) {
      const e = isAllowed(mask, maskBase, a) ? Math.exp(logits[base + a]! - max) : 0;
      probs[a] = e;
      sum += e;
    }
    const logSum = Math.log(sum);
    let entropy = 0;
    for (let a = 0; a < actionCount; a++) {
      if (!isAllowed(mask, maskBase, a)) {
        logProbs[a] = -Infinity;
        continue;
      }
      const logp = logits[base + a]! - max - logSum;
      const p = probs[a]! / sum;
      logProbs[a] = logp;
      probs[a] = p;
      entropy -= p * logp;
    }
    this.entropy = entropy;
  }

  /**
   * Draws one action per row with `random` (one draw per row, rows in
   * order), writing the action, its log-probability and the row's value.
   */
  sample(rows: number, from: PolicyRows, mask: Uint32Array, random: Random, out: SampledActions): void {
    const { probs, actionCount, maskWords } = this;
    const logits = from.output;
    for (let r = 0; r < rows; r++) {
      const base = r * from.outputStride;
      const maskBase = r * maskWords;
      const max = this.allowedMax(logits, base, mask, maskBase);
      let sum = 0;
      let lastAllowed = 0;
      for (let a = 0; a < actionCount; a++) {
        let e = 0;
        if (isAllowed(mask, maskBase, a)) {
          e = Math.exp(logits[base + a]! - max);
          lastAllowed = a;
        }
        probs[a] = e;
        sum += e;
      }
      // Inverse CDF; rounding can leave the draw past the last step, which belongs to the last allowed action.
      const u = random.next() * sum;
      let chosen = lastAllowed;
      let cumulative = 0;
      for (let a = 0; a < actionCount; a++) {
        cumulative += probs[a]!;
        if (u < cumulative) {
          chosen = a;
          break;
        }
      }
      out.act[r] = chosen;
      out.logp[r] = logits[base + chosen]! - max - Math.log(sum);
      out.value[r] = logits[base + from.valueColumn]!;
    }
  }

  /** The most probable allowed action per row (lowest index on ties): evaluation play. */
  greedy(rows: number, from: PolicyRows, mask: Uint32Array, act: Int32Array): void {
    const logits = from.output;
    for (let r = 0; r < rows; r++) {
      const base = r * from.outputStride;
      const maskBase = r * this.maskWords;
      let best = -1;
      let bestLogit = -Infinity;
      for (let a = 0; a < this.actionCount; a++) {
        if (isAllowed(mask, maskBase, a) && (best < 0 || logits[base + a]! > bestLogit)) {
          best = a;
          bestLogit = logits[base + a]!;
        }
      }
      if (best < 0) throw noAllowedAction(r);
      act[r] = best;
    }
  }

  private allowedMax(logits: Float32Array, base: number, mask: Uint32Array, maskBase: number): number {
    let max = -Infinity;
    let any = false;
    for (let a = 0; a < this.actionCount; a++) {
      if (isAllowed(mask, maskBase, a)) {
        any = true;
        if (logits[base + a]! > max) max = logits[base + a]!;
      }
    }
    if (!any) throw noAllowedAction(maskBase / this.maskWords);
    return max;
  }
}

const noAllowedAction = (row: number): RangeError => new RangeError(`categorical: row ${row} allows no action (its mask is all zeros)`);
