/**
 * What the trainer does about updates that go non-finite (NaN or ±Inf in a
 * loss or a weight). Each one is discarded and the last good weights come
 * back (trainer-loop.ts); this policy decides what else happens, counting
 * bad updates in a row (a good update ends the streak):
 *
 * - every {@link HALVE_LR_AFTER}-th bad update in a row halves the learning
 *   rate (never below the range's minimum): a step too large is the usual
 *   cause, and a smaller one often gets past it;
 * - the {@link STOP_AFTER}-th in a row stops training: halving has not helped,
 *   and going on would only burn the machine. The last good weights stay.
 *
 * K = 3 leaves room for a one-off bad batch without touching the user's
 * setting; M = 8 allows two halvings (lr / 4) before giving up.
 * docs/training.md states both.
 */
import { HYPERPARAMETERS } from '../contract/hyperparameters.js';

/** K: bad updates in a row before each halving of the learning rate. */
export const HALVE_LR_AFTER = 3;
/** M: bad updates in a row that stop training. */
export const STOP_AFTER = 8;

/** What to do about one bad update, besides discarding it. */
export type NonFiniteVerdict =
  | { readonly action: 'discard'; readonly streak: number }
  | { readonly action: 'halve-lr'; readonly streak: number; readonly from: number; readonly to: number }
  | { readonly action: 'stop'; readonly streak: number };

export class NonFiniteGuard {
  private run = 0;

  constructor(
    readonly halveAfter = HALVE_LR_AFTER,
    readonly stopAfter = STOP_AFTER,
    readonly minLr = HYPERPARAMETERS.lr.min,
  ) {
    if (!Number.isInteger(halveAfter) || halveAfter < 1 || !Number.isInteger(stopAfter) || stopAfter < 1) {
      throw new RangeError(`non-finite guard: halveAfter and stopAfter must be positive integers, got ${halveAfter} and ${stopAfter}`);
    }
  }

  /** Bad updates in a row so far. */
  get streak(): number {
    return this.run;
  }

  /** A good update: the streak ends. */
  good(): void {
    this.run = 0;
  }

  /** A fresh start (training started, weights reset or loaded): earlier bad updates no longer count. */
  clear(): void {
    this.run = 0;
  }

  /** One more bad update, with the learning rate it ran at. */
  bad(lr: number): NonFiniteVerdict {
    const streak = ++this.run;
    if (streak >= this.stopAfter) return { action: 'stop', streak };
    if (streak % this.halveAfter === 0) {
      const to = Math.max(this.minLr, lr / 2);
      if (to < lr) return { action: 'halve-lr', streak, from: lr, to };
    }
    return { action: 'discard', streak };
  }
}

/**
 * The `drill-error` message for a bad update: what was wrong (`cause`, e.g.
 * "a non-finite loss"), that version `restored` is back, and what the
 * verdict did about it.
 */
export function nonFiniteMessage(verdict: NonFiniteVerdict, cause: string, restored: number, stopAfter = STOP_AFTER): string {
  const head = `an update produced ${cause}; it was discarded and version ${restored} restored`;
  const inRow = `${verdict.streak} non-finite update${verdict.streak === 1 ? '' : 's'} in a row`;
  switch (verdict.action) {
    case 'discard':
      return `${head} (${inRow}). If it happens again, lower the learning rate.`;
    case 'halve-lr':
      return `${head}. After ${inRow} the learning rate went from ${verdict.from} to ${verdict.to}; training goes on.`;
    case 'stop':
      return `${head}. Training stopped after ${inRow} (the limit is ${stopAfter}); the show keeps version ${restored}. Lower the learning rate or the max gradient norm, or reset training, then train again.`;
  }
}
