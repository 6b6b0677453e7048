/**
 * How the hyperparameters are laid out: the learning group shown up front, then
 * groups behind a disclosure. Typed over every name, so a hyperparameter
 * added to the protocol does not compile until it has a place here.
 */
import { HYPER_NAMES, type HyperName, HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';

export type HyperGroupId = 'learning' | 'optimisation' | 'returns' | 'staleness' | 'run';

export interface HyperGroup {
  readonly id: HyperGroupId;
  readonly title: string;
  /** One line under the title. */
  readonly note?: string;
  readonly names: readonly HyperName[];
}

const GROUP_OF: Record<HyperName, HyperGroupId> = {
  lr: 'learning',
  entropyCoef: 'learning',
  clipEpsilon: 'optimisation',
  epochs: 'optimisation',
  minibatch: 'optimisation',
  valueCoef: 'optimisation',
  maxGradNorm: 'optimisation',
  targetKl: 'optimisation',
  gamma: 'returns',
  lambda: 'returns',
  maxPolicyLag: 'staleness',
  envs: 'run',
  hidden: 'run',
  steps: 'run',
  seed: 'run',
};

const TITLES: Record<HyperGroupId, { title: string; note?: string }> = {
  learning: { title: 'Learning' },
  optimisation: { title: 'Optimisation' },
  returns: { title: 'Returns' },
  staleness: { title: 'Staleness' },
  run: { title: 'Run size', note: 'These take effect when training is reset: new weights, new workers.' },
};

const ORDER: readonly HyperGroupId[] = ['learning', 'optimisation', 'returns', 'staleness', 'run'];

/** Every group in display order, its members in the protocol's order. */
export const HYPER_GROUPS: readonly HyperGroup[] = ORDER.map((id) => ({
  id,
  ...TITLES[id],
  names: HYPER_NAMES.filter((name) => GROUP_OF[name] === id),
}));

/** Groups behind the "More hyperparameters" disclosure (all but the learning group). */
export const ADVANCED_GROUPS = HYPER_GROUPS.filter((g) => g.id !== 'learning');

export const ADVANCED_COUNT = ADVANCED_GROUPS.reduce((n, g) => n + g.names.length, 0);

/** Whether a hyperparameter waits for a training reset (the protocol says so, not the group). */
export const appliesOnReset = (name: HyperName): boolean => HYPERPARAMETERS[name].apply === 'reset';
