// An independent float64 reference of the policy network and the PPO loss:
// plain scalar loops over the flat parameter vector, Math.tanh, its own
// masked log-softmax. Tests compare the SIMD float32 path against it.
import type { NetworkDescriptor } from '../../src/nn/network-descriptor.js';

export interface ReferenceSample {
  readonly obs: ArrayLike<number>;
  /** Allowed actions. */
  readonly allowed: readonly boolean[];
  readonly act: number;
  readonly oldLogp: number;
  readonly advantage: number;
  readonly ret: number;
  /** The acting policy's value estimate (read only when clipping the value loss). */
  readonly oldValue?: number;
}

export interface ReferenceCoefficients {
  readonly clipEpsilon: number;
  readonly valueCoef: number;
  readonly entropyCoef: number;
  /** Value-loss clipping range around the old value (0 or absent: unclipped). */
  readonly valueClip?: number;
}

/**
 * Outputs of one observation: actionCount logits, then the value. Shared
 * trunk: one tower with a fused head; separate: the actor's tower, then the
 * critic's, in that parameter order.
 */
export function referenceForward(desc: NetworkDescriptor, params: ArrayLike<number>, obs: ArrayLike<number>): number[] {
  let offset = 0;
  const tower = (outputs: number): number[] => {
    let x = Array.from({ length: desc.obsSize }, (_, i) => obs[i]!);
    const dense = (inputs: number, width: number): number[] => {
      const y: number[] = [];
      for (let j = 0; j < width; j++) {
        let sum = params[offset + inputs * width + j]!;
        for (let i = 0; i < inputs; i++) sum += x[i]! * params[offset + i * width + j]!;
        y.push(sum);
      }
      offset += inputs * width + width;
      return y;
    };
    for (const width of desc.hidden) {
      x = dense(x.length, width).map((v) => (desc.activation === 'tanh' ? Math.tanh(v) : Math.max(0, v)));
    }
    return dense(x.length, outputs);
  };
  if (desc.trunk === 'separate') return [...tower(desc.actionCount), ...tower(1)];
  return tower(desc.actionCount + 1);
}

/** Masked log-probabilities (−∞ where masked). */
export function referenceLogSoftmax(logits: readonly number[], allowed: readonly boolean[]): number[] {
  const max = Math.max(...logits.filter((_, a) => allowed[a]));
  const sum = logits.reduce((s, z, a) => (allowed[a] ? s + Math.exp(z - max) : s), 0);
  return logits.map((z, a) => (allowed[a] ? z - max - Math.log(sum) : -Infinity));
}

/** Mean PPO loss over the samples (see src/rl/ppo-loss.ts for the formula). */
export function referencePpoLoss(desc: NetworkDescriptor, params: ArrayLike<number>, samples: readonly ReferenceSample[], coefs: ReferenceCoefficients): number {
  let total = 0;
  for (const s of samples) {
    const out = referenceForward(desc, params, s.obs);
    const logits = out.slice(0, desc.actionCount);
    const value = out[desc.actionCount]!;
    const logp = referenceLogSoftmax(logits, s.allowed);
    const entropy = -logp.reduce((h, l) => (l === -Infinity ? h : h + Math.exp(l) * l), 0);
    const ratio = Math.exp(logp[s.act]! - s.oldLogp);
    const clipped = Math.min(Math.max(ratio, 1 - coefs.clipEpsilon), 1 + coefs.clipEpsilon);
    const policy = -Math.min(ratio * s.advantage, clipped * s.advantage);
    let valueLoss = 0.5 * (value - s.ret) ** 2;
    if (coefs.valueClip) {
      const old = s.oldValue!;
      const clippedValue = old + Math.min(Math.max(value - old, -coefs.valueClip), coefs.valueClip);
      valueLoss = Math.max(valueLoss, 0.5 * (clippedValue - s.ret) ** 2);
    }
    total += policy + coefs.valueCoef * valueLoss - coefs.entropyCoef * entropy;
  }
  return total / samples.length;
}
