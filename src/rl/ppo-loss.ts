/**
 * The PPO loss of one sample and its gradient with respect to the network's
 * outputs (the logits and the value), summed over a pass of samples:
 *
 *   ℓ = −min(r·Â, clip(r, 1−ε, 1+ε)·Â) + c_v·½(V − R)² − c_e·H,   r = exp(log π(a|s) − log π_old(a|s))
 *
 * Gradients (p, log p over the allowed actions; masked actions get 0):
 *   ∂ℓ/∂z_j = g·([j = a] − p_j) + c_e·p_j·(log p_j + H),   g = −r·Â where the unclipped term is the min, else 0
 *   ∂ℓ/∂V   = c_v·(V − R)
 *
 * Optionally (`valueClip` = δ > 0) the value loss is clipped as in the PPO
 * reference implementations (OpenAI baselines, CleanRL `clip_vloss`):
 *   V_c = V_old + clip(V − V_old, −δ, δ),   value term ½·max((V − R)², (V_c − R)²)
 *   ∂/∂V = c_v·(V − R) where the unclipped square is the larger, else c_v·(V_c − R)·[|V − V_old| < δ]
 * Off by default: studies of PPO's design choices (Andrychowicz et al. 2021,
 * "What matters in on-policy RL") found it no help and often harmful, but
 * the published classic-control results were measured with it.
 */
import { MaskedCategorical, type PolicyRows } from '../nn/categorical.js';

export interface PpoCoefficients {
  readonly clipEpsilon: number;
  readonly valueCoef: number;
  readonly entropyCoef: number;
  /** Value-loss clipping range δ around the acting policy's value; 0: unclipped. */
  readonly valueClip: number;
}

/** One pass of samples: network outputs and the per-sample training targets, row-aligned. */
export interface PpoSamples extends PolicyRows {
  /** `[rows][maskWords]` */
  readonly mask: Uint32Array;
  readonly act: Int32Array;
  readonly oldLogp: Float32Array;
  /** Already normalised, if normalising. */
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
  /** The acting policy's value estimate; read only when clipping the value loss. */
  readonly oldValue: Float32Array;
}

/** Sums over samples (divide by `samples` for means). Reused, so the hot loop allocates nothing. */
export class PpoTotals {
  samples = 0;
  policyLoss = 0;
  valueLoss = 0;
  entropy = 0;
  approxKl = 0;
  clipped = 0;

  clear(): void {
    this.samples = this.policyLoss = this.valueLoss = this.entropy = this.approxKl = this.clipped = 0;
  }

  add(other: PpoTotals): void {
    this.samples += other.samples;
    this.policyLoss += other.policyLoss;
    this.valueLoss += other.valueLoss;
    this.entropy += other.entropy;
    this.approxKl += other.approxKl;
    this.clipped += other.clipped;
  }
}

export class PpoLoss {
  private readonly categorical: MaskedCategorical;

  constructor(readonly actionCount: number) {
    this.categorical = new MaskedCategorical(actionCount);
  }

  /**
   * For the first `rows` samples: adds their losses to `totals` and writes
   * `gradScale`·∂ℓ/∂output into `dOutput` (same row layout as the outputs;
   * padding columns untouched). `gradScale` is 1/minibatch for a mean loss.
   */
  accumulate(samples: PpoSamples, rows: number, coefs: PpoCoefficients, gradScale: number, dOutput: Float32Array, totals: PpoTotals): void {
    const { categorical, actionCount } = this;
    const { probs, logProbs, maskWords } = categorical;
    const { output, outputStride, valueColumn, mask, act, oldLogp, advantages, returns, oldValue } = samples;
    const { clipEpsilon, valueCoef, entropyCoef, valueClip } = coefs;
    for (let r = 0; r < rows; r++) {
      const base = r * outputStride;
      categorical.evaluate(output, base, mask, r * maskWords);
      const entropy = categorical.entropy;
      const a = act[r]!;
      const advantage = advantages[r]!;
      const logRatio = logProbs[a]! - oldLogp[r]!;
      const ratio = Math.exp(logRatio);
      const clippedRatio = Math.min(Math.max(ratio, 1 - clipEpsilon), 1 + clipEpsilon);
      const unclipped = ratio * advantage;
      const clipped = clippedRatio * advantage;
      // g = ∂ℓ/∂log π(a|s): only the unclipped term depends on the policy.
      const g = unclipped <= clipped ? -unclipped : 0;
      const value = output[base + valueColumn]!;
      let valueError = value - returns[r]!;
      let valueLoss = 0.5 * valueError * valueError;
      if (valueClip > 0) {
        const change = value - oldValue[r]!;
        const clippedError = oldValue[r]! + Math.min(Math.max(change, -valueClip), valueClip) - returns[r]!;
        const clippedLoss = 0.5 * clippedError * clippedError;
        if (clippedLoss > valueLoss) {
          valueLoss = clippedLoss;
          valueError = Math.abs(change) < valueClip ? clippedError : 0;
        }
      }

      totals.policyLoss -= Math.min(unclipped, clipped);
      totals.valueLoss += valueLoss;
      totals.entropy += entropy;
      totals.approxKl += ratio - 1 - logRatio;
      if (Math.abs(ratio - 1) > clipEpsilon) totals.clipped++;

      for (let j = 0; j < actionCount; j++) {
        const logp = logProbs[j]!;
        const p = probs[j]!;
        dOutput[base + j] = logp === -Infinity ? 0 : gradScale * (g * ((j === a ? 1 : 0) - p) + entropyCoef * p * (logp + entropy));
      }
      dOutput[base + valueColumn] = gradScale * valueCoef * valueError;
    }
    totals.samples += rows;
  }
}
