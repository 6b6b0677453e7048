/**
 * The training hyperparameters: names, units, ranges, defaults, and whether
 * a change applies live or waits for a reset. Values are validated once, by
 * {@link validateHyper}, where they enter (an attribute, a property, a
 * runtime option); everything past that point trusts them. Labels and help
 * texts are the controls' (elements/controls/hyper-text.ts).
 */
import { quote } from './quote.js';

/** `live`: applied at once, weights kept. `reset`: takes effect on the next training reset. */
export type HyperApply = 'live' | 'reset';

export interface Hyperparameters {
  /** Adam learning rate. */
  lr: number;
  /** Weight of the entropy bonus. */
  entropyCoef: number;
  /** PPO ratio clip ε. */
  clipEpsilon: number;
  /** Discount per decision. */
  gamma: number;
  /** GAE λ. */
  lambda: number;
  /** Passes over each batch. */
  epochs: number;
  /** Minibatch size in samples. */
  minibatch: number;
  /** Weight of the value loss. */
  valueCoef: number;
  /** Global gradient-norm clip. */
  maxGradNorm: number;
  /** Approximate-KL threshold that ends an update's epochs early (0 = never). */
  targetKl: number;
  /** Chunks produced by a policy more than this many versions old are dropped. */
  maxPolicyLag: number;
  /** Training environments for the whole runtime, split across rollout workers. */
  envs: number;
  /** Widths of the shared trunk's hidden layers. */
  hidden: number[];
  /** T: decisions per rollout chunk. */
  steps: number;
  /** Root of every random stream of a training run. */
  seed: number;
}

export type HyperName = keyof Hyperparameters;

export interface HyperSpec {
  readonly unit: string;
  readonly apply: HyperApply;
  readonly min: number;
  readonly max: number;
  /** Step for inputs; integers use 1. */
  readonly step: number;
  readonly integer: boolean;
  /** Logarithmic slider scale (learning rates, coefficients). */
  readonly log: boolean;
}

export const DEFAULT_HYPERPARAMETERS: Readonly<Hyperparameters> = Object.freeze({
  lr: 3e-4,
  entropyCoef: 0.01,
  clipEpsilon: 0.2,
  gamma: 0.99,
  lambda: 0.95,
  epochs: 2,
  minibatch: 512,
  valueCoef: 0.5,
  maxGradNorm: 0.5,
  targetKl: 0.03,
  maxPolicyLag: 4,
  envs: 256,
  hidden: [64, 64],
  steps: 32,
  seed: 1,
});

const scalar = (unit: string, apply: HyperApply, min: number, max: number, step: number, flags: { integer?: boolean; log?: boolean } = {}): HyperSpec =>
  ({ unit, apply, min, max, step, integer: flags.integer ?? false, log: flags.log ?? false });

/** Every hyperparameter: its unit, range, and whether it applies live or on reset. */
export const HYPERPARAMETERS: Readonly<Record<HyperName, HyperSpec>> = Object.freeze({
  lr: scalar('per update step', 'live', 1e-6, 1e-2, 1e-6, { log: true }),
  entropyCoef: scalar('coefficient', 'live', 0, 0.1, 1e-4, { log: true }),
  clipEpsilon: scalar('probability ratio', 'live', 0.01, 0.5, 0.01),
  gamma: scalar('per decision', 'live', 0.8, 0.9999, 1e-4),
  lambda: scalar('per decision', 'live', 0.5, 1, 0.01),
  epochs: scalar('passes per batch', 'live', 1, 16, 1, { integer: true }),
  minibatch: scalar('samples', 'live', 32, 65536, 32, { integer: true }),
  valueCoef: scalar('coefficient', 'live', 0, 2, 0.05),
  maxGradNorm: scalar('L2 norm', 'live', 0.01, 10, 0.01, { log: true }),
  targetKl: scalar('nats', 'live', 0, 0.5, 0.001),
  maxPolicyLag: scalar('versions', 'live', 0, 64, 1, { integer: true }),
  envs: scalar('envs in total', 'reset', 1, 16384, 1, { integer: true }),
  hidden: scalar('units per layer', 'reset', 4, 1024, 1, { integer: true }),
  steps: scalar('decisions per chunk', 'reset', 4, 1024, 1, { integer: true }),
  seed: scalar('integer', 'reset', 0, 0x7fffffff, 1, { integer: true }),
});

export const HYPER_NAMES = Object.keys(HYPERPARAMETERS) as HyperName[];

/**
 * Checks one value against its spec. Returns the normalised value or throws
 * a RangeError that says what is allowed.
 */
export function validateHyper<K extends HyperName>(name: K, value: unknown): Hyperparameters[K] {
  const spec = HYPERPARAMETERS[name];
  if (!spec) throw new RangeError(`unknown hyperparameter '${String(name)}'; known: ${HYPER_NAMES.join(', ')}`);
  const check = (v: unknown): number => {
    // Blank text is no number (Number('') is 0: an empty attribute would set 0).
    const n = typeof v === 'string' ? (v.trim() === '' ? NaN : Number(v)) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < spec.min || n > spec.max || (spec.integer && !Number.isInteger(n))) {
      throw new RangeError(`${name} must be ${spec.integer ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}] (${spec.unit}), got ${quote(v)}`);
    }
    return n;
  };
  if (name === 'hidden') {
    const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
    if (!Array.isArray(list) || list.length < 1 || list.length > 8) throw new RangeError(`hidden must list 1–8 layer widths, e.g. "64,64", got ${quote(value)}`);
    // Array.from, not map: map skips the holes of a sparse array, which would pass unchecked.
    return Array.from(list, check) as Hyperparameters[K];
  }
  return check(value) as Hyperparameters[K];
}
