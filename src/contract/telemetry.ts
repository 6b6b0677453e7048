/** Training telemetry: what the trainer reports to the page at 1–2 Hz. */
import type { Transport } from './descriptors.js';

export type ComputePath = 'cpu' | 'webgpu';

/** Which path the trainer may take: 'auto' times both at start and takes the faster. */
export type ComputeSetting = 'auto' | 'cpu' | 'webgpu';

/** Every compute setting: `auto` measures both paths at start and takes the faster. */
export const COMPUTE_SETTINGS: readonly ComputeSetting[] = ['auto', 'cpu', 'webgpu'];

/** Checks a compute setting; throws a RangeError saying what is allowed. */
export function validateCompute(value: unknown): ComputeSetting {
  if (typeof value === 'string' && (COMPUTE_SETTINGS as readonly string[]).includes(value.trim())) return value.trim() as ComputeSetting;
  throw new RangeError(`compute must be ${COMPUTE_SETTINGS.join(' | ')}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
}

/**
 * Which CPU kernels a thread runs: WebAssembly with relaxed SIMD (fused
 * multiply-add), plain WebAssembly SIMD, or TypeScript where the page's
 * Content-Security-Policy refuses WebAssembly (no 'wasm-unsafe-eval').
 */
export type KernelPath = 'wasm-relaxed-simd' | 'wasm-simd' | 'js';

/**
 * The trainer's own greedy evaluation of the current policy (src/rl/periodic-evaluation.ts):
 * a fixed set of seeded episodes, apart from the training games' EMAs.
 */
export interface EvaluationTelemetry {
  /** The policy evaluated. */
  readonly policyVersion: number;
  /** Updates when it was evaluated. */
  readonly updates: number;
  /** Episodes per baseline (half on each side), or in all for a one-agent drill. */
  readonly episodes: number;
  /** Two-agent drills: per scripted baseline, the greedy win rate (draws not won). */
  readonly vs: readonly { readonly baseline: string; readonly winRate: number; readonly wins: number; readonly draws: number; readonly losses: number }[];
  /** One-agent drills: mean return and the share of episodes that reached the goal; else null. */
  readonly solo: { readonly meanReturn: number; readonly successRate: number } | null;
  /** How long this evaluation took, ms. */
  readonly ms: number;
  /** Share of the trainer's time spent evaluating since training started, 0–1 (capped, see EVALUATION_SHARE_CAP). */
  readonly share: number;
}

export interface TrainerTelemetry {
  /** Wall-clock time of the sample, ms since the epoch. */
  readonly time: number;
  readonly training: boolean;
  readonly policyVersion: number;
  readonly updates: number;
  /** Decisions collected since the last reset (one step = one decision = 4 ticks). */
  readonly envSteps: number;
  readonly stepsPerSecond: number;
  readonly updatesPerSecond: number;
  /** Median PPO update time over the last window, ms. */
  readonly updateMs: number | null;
  readonly lossPolicy: number | null;
  readonly lossValue: number | null;
  /** Mean policy entropy, nats. */
  readonly entropy: number | null;
  readonly approxKl: number | null;
  readonly clipFraction: number | null;
  readonly explainedVariance: number | null;
  readonly episodeReturn: number | null;
  /** Mean episode length, decisions. */
  readonly episodeLength: number | null;
  /** Win-rate EMAs (draws count as not won), 0–1. */
  readonly winRate: { readonly pool: number | null; readonly random: number | null; readonly chaser: number | null };
  /** A one-agent drill's success-rate EMA (episodes whose `winner` is 0), 0–1; null for two-agent drills and before the first episode. */
  readonly successRate: number | null;
  readonly lr: number;
  readonly clipEpsilon: number;
  readonly entropyCoef: number;
  /** Mean versions between the policy that produced a chunk and the one it trained. */
  readonly policyLag: number | null;
  readonly droppedChunks: number;
  /** Chunks waiting in the lanes, summed (queue depth). */
  readonly laneOccupancy: number;
  /** Rollout age: mean ms from a chunk's commit by its rollout worker to the start of the update that used it (null before the first). */
  readonly rolloutAgeMs: number | null;
  readonly transport: Transport;
  readonly computePath: ComputePath;
  /** Adapter description when computePath is webgpu. */
  readonly adapter: string | null;
  /** Why the trainer runs where it does ("auto: WebGPU measured faster …", "compute=cpu", a fallback's cause). */
  readonly computeReason: string | null;
  /** The trainer's CPU kernels. */
  readonly kernels: KernelPath;
  /** Threads the CPU learner computes gradients on now (RuntimeOptions.trainerThreads; fewer after a helper was lost; 1 on the transfer transport). */
  readonly trainerThreads: number;
  /** The latest periodic greedy evaluation, or null before the first (or with evaluation off). */
  readonly evaluation: EvaluationTelemetry | null;
  /** Replacement workers the runtime started so far, per role (filled in by the runtime). */
  readonly restarts: Readonly<Record<'render' | 'trainer' | 'rollout', number>>;
}
