/** The runtime's state as elements reflect it. The runtime is its only writer. */
import type { HyperName, Hyperparameters } from './hyperparameters.js';
import type { ShowState } from './show.js';
import type { ComputeSetting } from './telemetry.js';

export interface RuntimeState {
  readonly training: boolean;
  readonly show: ShowState;
  /** Hyperparameters as set, including reset-only ones not applied yet. */
  readonly hyper: Readonly<Hyperparameters>;
  /** Hyperparameters the workers run with now (null before they start). */
  readonly applied: Readonly<Hyperparameters> | null;
  /** Reset-only hyperparameters whose new value waits for resetTraining(). */
  readonly pendingReset: readonly HyperName[];
  readonly workerCount: number;
  /** Where the trainer computes: `auto` (measured at start), `cpu` or `webgpu`. */
  readonly compute: ComputeSetting;
  /** Roles whose lost worker is being replaced now (the elements show "recovering"). */
  readonly recovering: readonly WorkerRole[];
  /** Replacement workers started so far, per role. */
  readonly restarts: Readonly<Record<WorkerRole, number>>;
}

/** The runtime's kinds of worker. */
export type WorkerRole = 'render' | 'trainer' | 'rollout';
