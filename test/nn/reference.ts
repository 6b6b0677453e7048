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
}

export interface ReferenceCoefficients {
  readonly clipEpsilon: number;
  readonly valueCoef: number;
  readonly entropyCoef: number;
}

/** Outputs of one observation: actionCount logits, then the value. */
export function referenceForward(desc: NetworkDescriptor, params: ArrayLike<number>, obs: ArrayLike<number>): number[] {
  let x = Array.from({ length: desc.obsSize }, (_, i) => obs[i]!);
  let offset = 0;
  const dense = (inputs: number, outputs: number): number[] => {
    const y: number[] = [];
    for (let j = 0; j < outputs; j++) {
      let sum = params[offset + inputs * outputs + j]!;
      for (let i = 0; i < inputs; i++) sum += x[i]! * params[offset + i * outputs + j]!;
      y.push(sum);
    }
    offset += inputs * outputs + outputs;
    return y;
  };
  for (const width of desc.hidden) {
    x = dense(x.length, width).map((v) => (desc.activation === 'tanh' ? Math.tanh(v) : Math.max(0, v)));
  }
  return dense(x.length, desc.actionCount + 1);
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
    total += policy + coefs.valueCoef * 0.5 * (value - s.ret) ** 2 - coefs.entropyCoef * entropy;
  }
  return total / samples.length;
}
