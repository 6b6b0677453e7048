/**
 * How a hyperparameter maps onto a range slider. Log-scale ones (learning
 * rate, coefficients) step through round values, about ten per decade
 * (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ), so arrow keys move by a
 * sensible ratio and land on values people write; a range that starts at 0
 * gets 0 as its first position. Linear ones use the spec's own step.
 */
import type { HyperSpec } from '../../src/contract/hyperparameters.js';

const MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

export interface SliderScale {
  /** The slider's min, max and step attributes. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  toPosition(value: number): number;
  fromPosition(position: number): number;
}

export function sliderScale(spec: HyperSpec): SliderScale {
  if (!spec.log) {
    return { min: spec.min, max: spec.max, step: spec.step, toPosition: (v) => v, fromPosition: (p) => p };
  }
  const ladder = logLadder(spec.min, spec.max, spec.step);
  return {
    min: 0,
    max: ladder.length - 1,
    step: 1,
    toPosition: (value) => nearest(ladder, value),
    fromPosition: (position) => ladder[Math.max(0, Math.min(ladder.length - 1, Math.round(position)))]!,
  };
}

/** Round values from `min` to `max`; a zero `min` is kept and the ladder then starts at `step`. */
export function logLadder(min: number, max: number, step: number): number[] {
  const low = min > 0 ? min : step;
  const values = min > 0 ? [] : [0];
  for (let decade = Math.floor(Math.log10(low)); decade <= Math.ceil(Math.log10(max)); decade++) {
    for (const m of MANTISSAS) {
      const v = Number((m * 10 ** decade).toPrecision(3));
      if (v >= low * (1 - 1e-9) && v <= max * (1 + 1e-9)) values.push(v);
    }
  }
  return values;
}

/** Index of the ladder value nearest to `value` on a log scale (0 maps to a leading 0). */
function nearest(ladder: readonly number[], value: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < ladder.length; i++) {
    const rung = ladder[i]!;
    const distance = rung === 0 || value <= 0 ? (rung === value ? 0 : Infinity) : Math.abs(Math.log(rung / value));
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}
