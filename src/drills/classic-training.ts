/**
 * The training settings the classic drills recommend for themselves:
 * CleanRL ppo.py's classic-control settings, with which this trainer
 * reaches the published PPO results on both (docs/training.md, "Classic
 * control"; `npm run bench:learn-classic` measures them). They differ from
 * the trainer's defaults, which soccer was tuned with: above all, separate
 * actor and critic trunks — with one shared trunk these tasks learn half
 * (CartPole) or not at all (Acrobot).
 *
 * lr annealing is left off: a page trains open-ended, where lr stays a live
 * setting (measured as good as annealing here); a run with a fixed budget,
 * as the benchmark's, sets `lrAnnealSteps` to it.
 */
import type { TrunkKind } from '../contract/descriptors.js';
import type { Hyperparameters } from '../contract/hyperparameters.js';
import type { TrainingOptions } from '../rl/learner.js';

/** What a drill recommends training it with: hyperparameters over the defaults, the trunk, the training options. */
export interface RecommendedTraining {
  readonly hyper: Readonly<Partial<Hyperparameters>>;
  readonly trunk: TrunkKind;
  readonly training: Readonly<TrainingOptions>;
}

export const CLASSIC_CONTROL_TRAINING: RecommendedTraining = Object.freeze({
  hyper: Object.freeze({
    envs: 4,
    steps: 128,
    epochs: 4,
    minibatch: 128,
    lr: 2.5e-4,
    hidden: [64, 64],
    gamma: 0.99,
    lambda: 0.95,
    clipEpsilon: 0.2,
    entropyCoef: 0.01,
    valueCoef: 0.5,
    maxGradNorm: 0.5,
    targetKl: 0,
  }),
  trunk: 'separate',
  training: Object.freeze({ valueClip: true, advantageNormalization: 'minibatch', lrAnnealSteps: 0 }),
});
