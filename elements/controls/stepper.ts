/**
 * What the − and + buttons of an integer hyperparameter do. Sizes whose
 * range spans many doublings (minibatch 32–8192, envs, T) halve and double,
 * as people size them; short ranges (epochs, policy lag) and the seed move
 * by the spec's step.
 */
import type { HyperSpec } from '../../src/contract/hyperparameters.js';

const DOUBLING_RATIO = 64;

export function stepValue(spec: HyperSpec, value: number, direction: 1 | -1): number {
  const doubles = spec.min > 0 && spec.max / spec.min >= DOUBLING_RATIO;
  const next = doubles ? (direction > 0 ? value * 2 : Math.floor(value / 2)) : value + direction * spec.step;
  return Math.max(spec.min, Math.min(spec.max, next));
}
