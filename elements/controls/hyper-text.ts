/**
 * The controls' words for each hyperparameter: the label beside its input and
 * the help line under it. The ranges and units are the contract's
 * (src/contract/hyperparameters.ts).
 */
import type { HyperName } from '../../src/contract/hyperparameters.js';

export interface HyperText {
  readonly label: string;
  readonly help: string;
}

export const HYPER_TEXT: Readonly<Record<HyperName, HyperText>> = Object.freeze({
  lr: { label: 'Learning rate', help: 'Adam step size.' },
  entropyCoef: { label: 'Entropy bonus', help: 'Rewards keeping the policy uncertain; higher explores more.' },
  clipEpsilon: { label: 'Clip ε', help: 'How far one update may move the policy.' },
  gamma: { label: 'Discount γ', help: 'How much future reward counts.' },
  lambda: { label: 'GAE λ', help: 'Bias/variance trade-off of advantage estimates.' },
  epochs: { label: 'Epochs', help: 'Passes over each batch of experience.' },
  minibatch: { label: 'Minibatch', help: 'Samples per gradient step.' },
  valueCoef: { label: 'Value loss weight', help: 'Weight of the value-function loss.' },
  maxGradNorm: { label: 'Gradient clip', help: 'Largest gradient norm applied.' },
  targetKl: { label: 'Target KL', help: 'Stops an update early when the policy moved this far (0: never).' },
  maxPolicyLag: { label: 'Max policy lag', help: 'Older experience is dropped and counted.' },
  envs: { label: 'Environments', help: 'Training environments across all rollout workers.' },
  hidden: { label: 'Hidden layers', help: 'Widths of the shared trunk, e.g. "64,64".' },
  steps: { label: 'Rollout length T', help: 'Decisions each env contributes per chunk.' },
  seed: { label: 'Seed', help: 'Root of every random stream.' },
});
