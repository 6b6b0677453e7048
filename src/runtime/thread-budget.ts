/**
 * How many busy threads a run may keep: the trainer and the rollout
 * workers compute without pause, while the page's main thread, the render
 * worker and the browser's compositor need a core at every frame. Measured
 * on 2 cores (docs/architecture.md, decision 25): with the trainer and a
 * rollout worker both busy the page around the widget missed the most
 * frames; taking turns on one busy thread and resting a quarter of the
 * time missed the fewest at the smallest cost in learning speed.
 */
import type { CpuGateMode } from '../channels/cpu-gate.js';
import { quote } from '../contract/quote.js';

export interface ThreadBudget {
  /** Rollout workers to start. */
  readonly rolloutWorkers: number;
  /** Data-parallel trainer threads (1 until the trainer can use more). */
  readonly trainerThreads: number;
  /** The trainer and the rollout worker share one busy thread's worth of CPU: they take turns (src/channels/cpu-gate.ts). */
  readonly sharedWorker: boolean;
}

/** The most rollout workers a run starts by itself. */
export const MAX_ROLLOUT_WORKERS = 8;

/**
 * The budget for `hardwareConcurrency` cores: every core but the main
 * thread's for busy work, at most `maxThreads` (a page's cap, ≥ 1). One busy thread
 * means the trainer and one rollout worker take turns; more means a
 * trainer and the rest as rollout workers (at most eight).
 */
export function threadBudget(hardwareConcurrency = globalThis.navigator?.hardwareConcurrency ?? 2, maxThreads: number | null = null): ThreadBudget {
  const cores = Number.isInteger(hardwareConcurrency) && hardwareConcurrency >= 1 ? hardwareConcurrency : 2;
  const busy = Math.max(1, Math.min(cores - 1, maxThreads ?? Infinity));
  if (busy <= 1) return { rolloutWorkers: 1, trainerThreads: 1, sharedWorker: true };
  return { rolloutWorkers: Math.min(MAX_ROLLOUT_WORKERS, busy - 1), trainerThreads: 1, sharedWorker: false };
}

/** The CPU gate's levers for a budget: when the workers share one thread, turns and a 25 % rest (the best of the levers measured). */
export function gateModeFor(budget: ThreadBudget): CpuGateMode {
  return budget.sharedWorker ? { turns: true, rest: 0.25 } : { turns: false, rest: 0 };
}

/** A page's `max-threads`: a whole number ≥ 1, or null for no cap (RangeError saying what is allowed). */
export function validateMaxThreads(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 64) {
    throw new RangeError(`max-threads must be a whole number of threads from 1 to 64 (1: the trainer and the rollouts take turns on one), got ${quote(value)}`);
  }
  return n;
}
