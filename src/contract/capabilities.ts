/** What this browser offers the runtime: reported in `drill-ready` and as the elements' `capabilities`. */
import type { Transport } from './descriptors.js';
import type { KernelPath } from './telemetry.js';

export interface WebGpuAdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A software adapter (e.g. SwiftShader): correct, but not assumed fast. */
  readonly isFallbackAdapter: boolean;
}

/** How fast one thread makes and consumes this drill's experience on this machine (src/rl/crew-calibration.ts). */
export interface CrewRates {
  /** Samples (the learner's decisions) one rollout worker makes per second: env steps, batched inference and recording. */
  readonly rolloutSamplesPerSecond: number;
  /** Samples one trainer thread trains on per second, every epoch counted: its sample passes per second ÷ epochs. */
  readonly trainerSamplesPerSecond: number;
}

/** How the run's busy threads were split between rollout workers and trainer threads (src/runtime/thread-budget.ts). */
export interface CrewSizing {
  /**
   * `measured`: by the rates below, for the most learning per second;
   * `formula`: the fixed split (trainer threads first), where there was no
   * choice to make or the measurement failed (`fallbackReason`);
   * `options`: the page set `rolloutWorkers` or `trainerThreads`.
   */
  readonly source: 'measured' | 'formula' | 'options';
  /** What was measured at start; null when nothing was. */
  readonly rates: CrewRates | null;
  /** Why a measurement was wanted and not used (it failed or ran out of time); null otherwise. */
  readonly fallbackReason: string | null;
}

export interface Capabilities {
  readonly crossOriginIsolated: boolean;
  /** How rollouts and weights move: shared memory, or transfer when the page is not isolated. */
  readonly transport: Transport;
  /** The WebGPU adapter, or null when there is none (see webgpuUnavailableReason). */
  readonly webgpu: WebGpuAdapterSummary | null;
  readonly webgpuUnavailableReason: string | null;
  readonly offscreenCanvas: boolean;
  readonly hardwareConcurrency: number;
  readonly rolloutWorkers: number;
  /** Threads the trainer computes gradients on (1 without shared memory). */
  readonly trainerThreads: number;
  /** How rolloutWorkers and trainerThreads were chosen. */
  readonly crewSizing: CrewSizing;
  /** Workers running now: render + trainer + its gradient helpers + rollout workers. */
  readonly workerCount: number;
  /** The trainer's CPU kernels (null until it has reported): 'js' on a page whose CSP refuses WebAssembly. */
  readonly kernels: KernelPath | null;
}
