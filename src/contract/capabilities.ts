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
  /** Workers running now: render + trainer + its gradient helpers + rollout workers. */
  readonly workerCount: number;
  /** The trainer's CPU kernels (null until it has reported): 'js' on a page whose CSP refuses WebAssembly. */
  readonly kernels: KernelPath | null;
}
