/**
 * Hyperparameter values as text and back: what a field shows, how two
 * values compare. Parsing is the protocol's validateHyper, which takes the
 * same text.
 */
import { type HyperName, HYPERPARAMETERS, type Hyperparameters } from '../../src/contract/hyperparameters.js';

type HyperValue = Hyperparameters[HyperName];

/**
 * `3e-4` for small log-scale values (as learning rates are written),
 * `0.99`, `512`, `64,64` otherwise; no float noise (0.30000000000000004).
 */
export function formatHyper(name: HyperName, value: HyperValue): string {
  if (Array.isArray(value)) return value.join(',');
  const spec = HYPERPARAMETERS[name];
  if (spec.integer) return String(value);
  const tidy = Number(value.toPrecision(6));
  return spec.log && tidy !== 0 && Math.abs(tidy) < 1e-3 ? tidy.toExponential() : String(tidy);
}

export function sameHyper(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}
