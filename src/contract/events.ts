/** The `drill-*` events: their names and `detail` types, and the error codes. */
import type { Capabilities } from './capabilities.js';
import type { HyperApply, HyperName, Hyperparameters } from './hyperparameters.js';
import type { TrainerTelemetry } from './telemetry.js';

export type ErrorCode =
  | 'invalid-attribute'
  | 'invalid-argument'
  | 'layout-mismatch'
  | 'worker-start-failed'
  | 'worker-crashed'
  | 'weights-rejected'
  | 'nan-in-training'
  | 'webgpu-unavailable'
  | 'model-file-invalid'
  | 'storage-failed'
  | 'internal';

export type ErrorSource = 'element' | 'runtime' | 'render' | 'trainer' | 'rollout' | 'storage';

export interface DrillErrorDetail {
  readonly code: ErrorCode;
  readonly source: ErrorSource;
  /** What went wrong and what to do about it. */
  readonly message: string;
  /** True when nothing was lost: the match goes on and the last good weights stay. */
  readonly recovered: boolean;
}

// ── Event details (decision 9 in docs/architecture.md: which element fires which) ──────────

export interface DrillReadyDetail {
  readonly capabilities: Capabilities;
}
export interface DrillGoalDetail {
  /** Side that scored: 0 left, 1 right. */
  readonly side: 0 | 1;
  readonly score: readonly [number, number];
  readonly tick: number;
}
export interface DrillEpisodeEndDetail {
  /** 0 left won, 1 right won, null draw (time limit). */
  readonly winner: 0 | 1 | null;
  readonly score: readonly [number, number];
  /** Length in decisions. */
  readonly length: number;
}
export interface DrillPolicySwapDetail {
  readonly policyVersion: number;
  readonly previousVersion: number;
  /** From publication to the first decision made with it, ms. */
  readonly latencyMs: number;
}
export interface DrillTrainDetail {
  readonly hyper: Readonly<Hyperparameters>;
}
export interface DrillHyperChangeDetail {
  readonly name: HyperName;
  readonly value: Hyperparameters[HyperName];
  readonly apply: HyperApply;
}
export type DrillMetricsDetail = TrainerTelemetry;

/** Every `drill-*` event and its detail type. */
export interface DrillEventDetails {
  'drill-ready': DrillReadyDetail;
  'drill-error': DrillErrorDetail;
  'drill-goal': DrillGoalDetail;
  'drill-episode-end': DrillEpisodeEndDetail;
  'drill-policy-swap': DrillPolicySwapDetail;
  'drill-train-start': DrillTrainDetail;
  'drill-train-stop': DrillTrainDetail;
  'drill-hyper-change': DrillHyperChangeDetail;
  'drill-metrics': DrillMetricsDetail;
}
