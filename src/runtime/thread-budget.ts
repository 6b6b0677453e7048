/**
 * How many busy threads a run may keep: the trainer and the rollout
 * workers compute without pause, while the page's main thread, the render
 * worker and the browser's compositor need a core at every frame. Measured
 * on 2 cores (docs/architecture.md, decision 25): with the trainer and a
 * rollout worker both busy the page around the widget missed the most
 * frames (1.5 %); taking turns on one busy thread brought it to 0.2 % for
 * 19 % of the learning speed, the least cost of the levers that did.
 * And how they are split between rollout workers and trainer threads: by
 * measured rates (sizeCrew, decision 26), else by a fixed formula.
 */
import type { CpuGateMode } from '../channels/cpu-gate.js';
import type { CrewRates } from '../contract/capabilities.js';
import { quote } from '../contract/quote.js';

export interface ThreadBudget {
  /** Rollout workers to start. */
  readonly rolloutWorkers: number;
  /** Data-parallel trainer threads (src/rl/parallel-gradients.ts); 1 without shared memory. */
  readonly trainerThreads: number;
  /** The trainer and the rollout worker share one busy thread's worth of CPU: they take turns (src/channels/cpu-gate.ts). */
  readonly sharedWorker: boolean;
}

/** The most rollout workers a run starts by itself. */
export const MAX_ROLLOUT_WORKERS = 8;

/**
 * Busy threads a run keeps by itself, however many cores: each worker adds
 * about 6–8 MB while training (docs/memory.md), and the trainer's threads
 * stop paying beyond three or four (docs/training.md). A page's
 * `max-threads` may ask for more.
 */
export const DEFAULT_MAX_BUSY_THREADS = 4;

/** The most trainer threads the formula gives (2 threads: 1.4–1.7×, 4: 2.0–2.3× one thread's update rate); measured rates may give four (TRAINER_THREAD_SPEEDUP). */
export const MAX_BUDGET_TRAINER_THREADS = 3;

/**
 * Busy threads for `hardwareConcurrency` cores: every core but the main
 * thread's, at most `maxThreads` (a page's cap, ≥ 1; default
 * DEFAULT_MAX_BUSY_THREADS), at least one.
 */
export function busyThreads(hardwareConcurrency = globalThis.navigator?.hardwareConcurrency ?? 2, maxThreads: number | null = null): number {
  const cores = Number.isInteger(hardwareConcurrency) && hardwareConcurrency >= 1 ? hardwareConcurrency : 2;
  return Math.max(1, Math.min(cores - 1, maxThreads ?? DEFAULT_MAX_BUSY_THREADS));
}

/**
 * The budget by the fixed formula, for when nothing was measured: one busy
 * thread means the trainer and one rollout worker take turns. With more,
 * spare threads go to the trainer first where shared memory lets it use
 * them: one rollout worker of soccer makes experience about twice as fast as
 * one trainer thread consumes it (`npm run bench`: env ticks with inference
 * against whole-update samples), so extra rollout workers would only make
 * chunks the trainer drops. {@link sizeCrew} splits by measured rates instead.
 */
export function threadBudget(hardwareConcurrency = globalThis.navigator?.hardwareConcurrency ?? 2, maxThreads: number | null = null, sharedMemory = true): ThreadBudget {
  const busy = busyThreads(hardwareConcurrency, maxThreads);
  if (busy <= 1) return { rolloutWorkers: 1, trainerThreads: 1, sharedWorker: true };
  const trainerThreads = sharedMemory ? Math.min(MAX_BUDGET_TRAINER_THREADS, busy - 1) : 1;
  return { rolloutWorkers: Math.min(MAX_ROLLOUT_WORKERS, busy - trainerThreads), trainerThreads, sharedWorker: false };
}

/**
 * The trainer's update rate on 1, 2, 3, 4 threads over one thread's: the
 * middle of the 16-core Node harness's runs (docs/training.md: 1.4–1.7×,
 * 1.7–2.0×, 2.0–2.3×). Beyond four it is taken as flat: a 512-row
 * minibatch's shards get too small to pay for their copies and wake-ups.
 */
export const TRAINER_THREAD_SPEEDUP: readonly number[] = Object.freeze([1, 1.5, 1.85, 2]);

/**
 * What each busy thread adds to the page's memory while training, MB of
 * renderer Rss (docs/memory.md, `npm run bench -- --only memory`): a
 * rollout worker holds its envs, a network and a lane (about 17 MB); a
 * gradient helper only a network's gradients (about 5 MB).
 */
export const ROLLOUT_WORKER_MB = 17;
export const GRADIENT_HELPER_MB = 5;

/**
 * How close to the fastest split a split that takes less memory may learn
 * and still be chosen: soccer's measured rate ratio moves by about this
 * much from one 200 ms calibration to the next (1.4–1.6, decision 26),
 * and a phone's memory is the tighter budget (≤ 120 MB above the page).
 */
export const LESS_MEMORY_MARGIN = 0.1;

/** A split of the busy threads with the learning rate it promises. */
export interface SizedCrew extends ThreadBudget {
  /** Samples learned per second: the smaller of what the rollout workers make and the trainer threads consume. */
  readonly samplesPerSecond: number;
  /** What its busy threads add to the page's memory (ROLLOUT_WORKER_MB, GRADIENT_HELPER_MB). */
  readonly memoryMb: number;
}

/**
 * The split of `busy` threads to run by measured rates: r rollout workers
 * make r × rolloutSamplesPerSecond, t trainer threads consume
 * trainerSamplesPerSecond × speedup[t − 1], and learning runs at the
 * smaller of the two (the faster side waits, or its chunks are dropped).
 * r ≥ 1, 1 ≤ t ≤ speedup.length (threads beyond the curve gain nothing),
 * r + t = busy with r at most MAX_ROLLOUT_WORKERS. Of the splits within
 * LESS_MEMORY_MARGIN of the fastest, the one that takes the least memory.
 * Soccer-like rates (production ≈ 1.5–2 × consumption) give the formula's
 * split; an expensive env step gives rollout workers, a cheap drill trainer threads.
 */
export function sizeCrew(busy: number, rates: CrewRates, speedup: readonly number[] = TRAINER_THREAD_SPEEDUP): SizedCrew {
  if (!Number.isInteger(busy) || busy < 2) throw new RangeError(`sizeCrew: a split needs 2 or more busy threads, got ${busy} (one busy thread has one split: threadBudget's)`);
  const splits: SizedCrew[] = [];
  for (let t = 1; t < busy && t <= speedup.length; t++) {
    const r = Math.min(MAX_ROLLOUT_WORKERS, busy - t);
    const samplesPerSecond = Math.min(r * rates.rolloutSamplesPerSecond, rates.trainerSamplesPerSecond * speedup[t - 1]!);
    splits.push({ rolloutWorkers: r, trainerThreads: t, sharedWorker: false, samplesPerSecond, memoryMb: r * ROLLOUT_WORKER_MB + (t - 1) * GRADIENT_HELPER_MB });
  }
  const fastest = Math.max(...splits.map((s) => s.samplesPerSecond));
  const close = splits.filter((s) => s.samplesPerSecond >= fastest * (1 - LESS_MEMORY_MARGIN));
  return close.reduce((best, s) => (s.memoryMb < best.memoryMb || (s.memoryMb === best.memoryMb && s.samplesPerSecond > best.samplesPerSecond) ? s : best));
}

/** What the gate's choice depends on beside the budget. */
export interface GateContext {
  /** The show draws (page visible, a canvas on screen); default true. */
  readonly showDrawing?: boolean;
  /** The page asked for one busy thread (`max-threads="1"`); default false. */
  readonly capped?: boolean;
}

/**
 * The CPU gate's levers for a budget (decision 25): turns when the workers
 * share one thread — resting as well cost learning and bought the page
 * nothing. While the show is not drawing (the arena off screen, the tab
 * hidden, no arena at all) the render worker and the compositor leave
 * their core, and the workers go busy side by side; a page's own
 * `max-threads="1"` is a cap and holds whatever the show does.
 */
export function gateModeFor(budget: ThreadBudget, context: GateContext = {}): CpuGateMode {
  return { turns: budget.sharedWorker && ((context.showDrawing ?? true) || (context.capped ?? false)), rest: 0 };
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
