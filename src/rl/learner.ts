/**
 * What a PPO learner is, whatever it computes on: the CPU learner
 * (ppo-learner.ts) implements it, and a WebGPU learner can implement the same
 * interface, so the trainer loop does not care which one it drives.
 */
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import type { Hyperparameters } from '../contract/hyperparameters.js';

/**
 * B training samples as flat arrays (possibly gathered from several chunks;
 * see ppo-batch.ts). Arrays may be longer than `size`: only the first `size`
 * samples are read.
 */
export interface PpoBatch {
  readonly size: number;
  /** `[size][obsSize]` */
  readonly obs: Float32Array;
  /** `[size][maskWords]`, the chunk's mask bits (bit a ⇔ action a allowed). */
  readonly mask: Uint32Array;
  readonly act: Int32Array;
  /** Log-probability of `act` under the policy that acted. */
  readonly logp: Float32Array;
  /** Value estimate of the policy that acted (for explained variance). */
  readonly value: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
}

/** The hyperparameters a learner reads (γ and λ belong to GAE, before the learner). */
export type LearnerHyper = Pick<Hyperparameters, 'lr' | 'entropyCoef' | 'clipEpsilon' | 'epochs' | 'minibatch' | 'valueCoef' | 'maxGradNorm' | 'targetKl'>;

export const LEARNER_HYPER_NAMES = ['lr', 'entropyCoef', 'clipEpsilon', 'epochs', 'minibatch', 'valueCoef', 'maxGradNorm', 'targetKl'] as const satisfies readonly (keyof LearnerHyper)[];

/** Over which samples advantages are normalised to mean 0, std 1 before the loss. */
export type AdvantageNormalization = 'batch' | 'minibatch' | 'off';

/**
 * How a learner computes its updates, beyond the live hyperparameters: set
 * when the learner is made, and constant for a run. None of them changes
 * the parameter layout, so none enters the shape hash (a model file's
 * header is where they travel). docs/training.md says what each does and
 * what it was measured to change.
 */
export interface TrainingOptions {
  /** Clip the value loss around the acting policy's value, with the policy's clip ε as the range. */
  readonly valueClip: boolean;
  /** `batch`: once over the whole batch; `minibatch`: over each minibatch (CleanRL); `off`: raw advantages. */
  readonly advantageNormalization: AdvantageNormalization;
  /**
   * Anneals lr linearly from its set value to 0 over this many trained
   * samples (env steps of the learner): the update after n samples uses
   * lr·max(0, 1 − n / lrAnnealSteps). 0: no annealing, lr stays exactly as
   * set (open-ended training, where lr is a live setting).
   */
  readonly lrAnnealSteps: number;
}

/** The options as the trainer has always run: the defaults of open-ended training. */
export const DEFAULT_TRAINING_OPTIONS: Readonly<TrainingOptions> = Object.freeze({ valueClip: false, advantageNormalization: 'batch', lrAnnealSteps: 0 });

/** Fills in and checks training options; a bad one throws a RangeError naming it. */
export function resolveTrainingOptions(options: Partial<TrainingOptions> = {}): TrainingOptions {
  const resolved = { ...DEFAULT_TRAINING_OPTIONS, ...options };
  if (typeof resolved.valueClip !== 'boolean') throw new RangeError(`training: valueClip must be true or false, got ${JSON.stringify(resolved.valueClip)}`);
  if (!['batch', 'minibatch', 'off'].includes(resolved.advantageNormalization)) {
    throw new RangeError(`training: advantageNormalization must be 'batch', 'minibatch' or 'off', got ${JSON.stringify(resolved.advantageNormalization)}`);
  }
  if (!Number.isSafeInteger(resolved.lrAnnealSteps) || resolved.lrAnnealSteps < 0) throw new RangeError(`training: lrAnnealSteps must be a non-negative integer (0: off), got ${JSON.stringify(resolved.lrAnnealSteps)}`);
  return resolved;
}

export interface UpdateStats {
  /** Means over every sample evaluated in the update (all epochs). */
  readonly policyLoss: number;
  /** ½(V − R)², before the value coefficient. */
  readonly valueLoss: number;
  /** Policy entropy over the allowed actions, nats. */
  readonly entropy: number;
  /** Estimate of KL(old ‖ new): mean of (r − 1) − log r. */
  readonly approxKl: number;
  /** Share of samples with |r − 1| > ε. */
  readonly clipFraction: number;
  /** 1 − Var(R − V_old) / Var(R) over the batch; null when the returns do not vary. */
  readonly explainedVariance: number | null;
  /** Epochs begun (the last one may have ended early). */
  readonly epochs: number;
  /** Optimiser steps taken. */
  readonly minibatches: number;
  /** The KL early stop ended the update. */
  readonly stoppedEarly: boolean;
  /** The pause callback asked to stop. */
  readonly aborted: boolean;
  /** Mean global gradient norm before clipping, over the steps taken. */
  readonly gradNorm: number;
  /** Steps not applied because the gradient was not finite. */
  readonly skippedSteps: number;
  /** Samples in the batch. */
  readonly samples: number;
  /** Sample passes through forward and backward (samples × epochs, less after an early stop). */
  readonly sampleGradients: number;
  /** Time in network forward, backward and optimiser steps, ms. */
  readonly computeMs: number;
  /** Time in the loss and its gradient, ms. */
  readonly lossMs: number;
  /** The whole update, ms. */
  readonly updateMs: number;
  /** The learner undid the update itself (it left a non-finite parameter): its state is as before. */
  readonly restored?: boolean;
}

/**
 * Called between minibatches so a worker can yield to its event loop
 * (decision 12 in docs/architecture.md); returning false ends the update after the current step.
 */
export type Pause = () => boolean | void | Promise<boolean | void>;

export interface Learner {
  readonly descriptor: NetworkDescriptor;
  /** Flat parameters in paramLayout order, current after every update: publish these. */
  readonly params: Float32Array;
  readonly hyper: Readonly<LearnerHyper>;
  readonly seed: number;
  /** Updates done since the last reset. */
  readonly updates: number;
  /** Takes effect from the next update (lr from the next step). */
  setHyper(changes: Partial<LearnerHyper>): void;
  /** One PPO update: epochs × minibatches over the batch. */
  update(batch: PpoBatch, pause?: Pause): Promise<UpdateStats>;
  /** Fresh parameters and optimiser from `seed` (default: the current seed). */
  reset(seed?: number): void;
  /** Adopts saved parameters (paramLayout order); the optimiser starts fresh. */
  loadParams(params: ArrayLike<number>): void;
}
