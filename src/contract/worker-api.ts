/**
 * The runtime ↔ worker control protocol (comlink RPC): what each worker is
 * told at start and the methods it answers. Internal: not exported by the
 * package. A page and its worker script must come from one build; the init
 * message carries {@link PROTOCOL_VERSION} to catch a mix.
 */
import type { CrewRates } from './capabilities.js';
import type { ChannelDescriptor, LaneHandle, NetworkDescriptor, Transport, WeightsPublisherHandle, WeightsReaderHandle, WeightsSpec } from './descriptors.js';
import type { DrillEpisodeEndDetail, DrillErrorDetail, DrillGoalDetail, DrillPolicySwapDetail } from './events.js';
import type { DrillSource } from './drill.js';
import type { Hyperparameters } from './hyperparameters.js';
import type { TrainingOptions as LearnerTrainingOptions } from './training-options.js';
import type { WorkerRole } from './runtime-state.js';
import type { CanvasSize, FrameStats, PointerPhase, ShowSettings } from './show.js';
import type { ComputeSetting, TrainerTelemetry } from './telemetry.js';

export const PROTOCOL_VERSION = 2;

export type { WorkerRole };

/**
 * Every kind of worker the runtime starts: the roles the page sees, the
 * trainer's gradient helper threads (internal to a crew; the trainer notices
 * and reports their loss itself, src/rl/parallel-gradients.ts), and the
 * short-lived calibration probe that measures the drill before the crew is
 * sized (its loss is its call's failure: the formula sizes the crew).
 */
export type WorkerKind = WorkerRole | 'gradient' | 'calibration';

/** The `name` a worker is started with; the one-file bundle reads it to pick its role. */
export const WORKER_NAME_PREFIX = 'drill:';

/** What every worker is told at start (and again after a reset that changes sizes). */
export interface WorkerInit {
  readonly role: WorkerRole;
  /** Index among workers of the same role. */
  readonly index: number;
  readonly protocolVersion: number;
  readonly transport: Transport;
  /** Which drill (environment) runs: its `info.id`. */
  readonly envId: string;
  /** Where the worker loads that drill from: a built-in id, or the module's absolute URL (every worker imports the same). */
  readonly drill: DrillSource;
  /** How the trainer computes its updates (the drill's recommendation, else the defaults). */
  readonly training: LearnerTrainingOptions;
  readonly network: NetworkDescriptor;
  readonly channel: ChannelDescriptor;
  readonly weights: WeightsSpec;
  /** Rollout workers in this run (the trainer waits for each lane). */
  readonly rolloutWorkers: number;
  readonly hyper: Readonly<Hyperparameters>;
  /** The trainer's compute path (read by the trainer only); absent: 'auto'. */
  readonly compute?: ComputeSetting;
  /** The trainer's periodic greedy evaluation: updates between evaluations, 0 for none; absent, the default (src/rl/periodic-evaluation.ts). */
  readonly evaluateEvery?: number;
  /** Threads the trainer computes gradients on (itself and trainerThreads − 1 gradient helpers); absent: 1. Always 1 on the transfer transport. */
  readonly trainerThreads?: number;
  /** The gradient team's shared buffer (layout DRGR), when trainerThreads > 1: the crew made it and started the helpers on it. */
  readonly gradientTeam?: SharedArrayBuffer;
  /** The busy workers' CPU gate (src/channels/cpu-gate.ts), shared memory only; absent: not gated. */
  readonly cpuGate?: SharedArrayBuffer;
}

export interface WorkerStatus {
  readonly role: WorkerKind;
  readonly index: number;
  /** Structures the worker opened and validated. */
  readonly channelsOpen: number;
  /** Policy version of the weights the worker holds. */
  readonly policyVersion: number;
  /** Rollout chunks made (rollout workers) or trained on (the trainer). */
  readonly chunks: number;
}

/** A worker's answer to the supervisor's heartbeat. */
export interface Heartbeat {
  /**
   * The longest this worker expects to be unable to answer from now on, ms:
   * its measured uninterruptible work (a minibatch, a chunk) with a margin.
   * The supervisor waits this long on top of its base before calling it hung.
   */
  readonly busyMs: number;
}

/** The ways a browser can lose a worker; `fault()` makes a worker fail so (tests, the soak bench). */
export type WorkerFault = 'throw' | 'close' | 'hang';

/** Methods every worker answers. */
export interface WorkerApi {
  status(): WorkerStatus;
  heartbeat(): Heartbeat;
  /** Fails on purpose, as a browser could make a worker fail: an uncaught error, `self.close()`, an endless loop. */
  fault(kind: WorkerFault): void;
}

/** What a gradient helper is told at start. */
export interface GradientInit {
  readonly protocolVersion: number;
  readonly network: NetworkDescriptor;
  /** S: the trainer and its helpers. */
  readonly threads: number;
  /** This helper's thread (1 … S−1): the slice it computes. */
  readonly thread: number;
  readonly rowsPerPass: number;
  readonly team: SharedArrayBuffer;
}

/** A gradient helper: computes its shard of every minibatch the trainer posts (src/rl/parallel-gradients.ts). */
export interface GradientWorkerApi extends WorkerApi {
  /** Opens the team buffer (refusing another layout) and starts waiting for jobs. */
  init(init: GradientInit): Promise<void>;
}

/** What the calibration probe measures (src/rl/crew-calibration.ts): this drill and network, at one rollout worker's envs. */
export interface CalibrationRequest {
  readonly protocolVersion: number;
  readonly drill: DrillSource;
  readonly network: NetworkDescriptor;
  /** Envs one rollout worker would step. */
  readonly envs: number;
  /** Samples per optimiser step. */
  readonly minibatch: number;
  readonly epochs: number;
  readonly seed: number;
  /** Time for the measurement itself, ms (the worker's start is not in it). */
  readonly budgetMs: number;
}

/**
 * The calibration probe: a worker of its own, started before the crew and
 * ended once it has answered, since the crew's workers cannot exist before
 * their split is chosen (the lanes, the envs per worker and the gradient
 * team all follow from it), and one thread timing both sides alone measures
 * each as a busy thread of the crew would run it.
 */
export interface CalibrationWorkerApi extends WorkerApi {
  calibrate(request: CalibrationRequest): Promise<CrewRates>;
}

/** Callbacks a worker uses to report problems (a comlink proxy into the runtime). */
export interface WorkerEvents {
  error(detail: DrillErrorDetail): void;
}

// ── The render worker (the show match) ──

/** What the show reports: the match facts, and the last command revision it had applied when it did. */
export interface ShowReport {
  readonly policyVersion: number;
  readonly score: readonly [number, number];
  readonly tick: number;
  readonly seed: number;
  /**
   * The revision of the last configure/step/reset the show had applied. The
   * runtime numbers its commands and ignores a report older than its last
   * command (sent before the worker saw it), so no clock decides staleness.
   */
  readonly revision: number;
}

export interface ShowEvents extends WorkerEvents {
  goal(detail: DrillGoalDetail): void;
  episodeEnd(detail: DrillEpisodeEndDetail): void;
  policySwap(detail: DrillPolicySwapDetail): void;
  /** The show's facts, sent on every change of score/version/settings and a few times a second otherwise. */
  state(report: ShowReport): void;
}

export interface RenderWorkerApi extends WorkerApi {
  /**
   * (Re)connects the weights channel; the match itself carries on across
   * calls. A new network shape (after a training reset) gets new networks.
   */
  init(init: WorkerInit, weights: WeightsReaderHandle, events: ShowEvents): Promise<void>;
  attachCanvas(id: number, canvas: OffscreenCanvas, size: CanvasSize): void;
  resizeCanvas(id: number, size: CanvasSize): void;
  detachCanvas(id: number): void;
  /** Whether canvas `id` is on screen: the show runs and draws only while the page is visible and one of its canvases is. */
  setCanvasVisible(id: number, visible: boolean): void;
  /** Settings (validated by the runtime) and the runtime's revision number of this command. */
  configure(settings: Partial<ShowSettings>, revision: number): void;
  /** Runs exactly one tick now (use while paused). */
  step(revision: number): void;
  /** A new match (score 0–0) from `seed`. */
  reset(seed: number, revision: number): void;
  /** The human's held controls (src/show/human-input.ts bits), read every tick. */
  setInput(bits: number): void;
  /** Sandbox drag on canvas `id`, in CSS pixels from its top-left corner. */
  pointer(id: number, phase: PointerPhase, x: number, y: number): void;
  /** A hidden page pauses the show (training goes on). */
  setVisible(visible: boolean): void;
  /** Frame statistics since the last call with `reset` (benchmarks). */
  frameStats(reset?: boolean): FrameStats;
}

// ── The trainer and the rollout workers ──

export interface TrainerEvents extends WorkerEvents {
  telemetry(sample: TrainerTelemetry): void;
  /** Something the page author should know, for the console (e.g. which policy directive would make the kernels fast). */
  notice(message: string): void;
  /** The trainer's progress, sent with each telemetry sample: what a replacement trainer resumes from. */
  checkpoint(progress: TrainerProgress): void;
  /**
   * The trainer halved the live learning rate itself, after repeated
   * non-finite updates (src/rl/non-finite-guard.ts): `lr` is the value now
   * in use, which the runtime adopts as the current `lr` setting. Sent just
   * before the `nan-in-training` error that reports it.
   */
  lrHalved(lr: number): void;
  /** Training ended without a stop() call; the weights published last stay. */
  stopped(reason: TrainerStopReason): void;
}

/** The trainer's counters beyond its weights. */
export interface TrainerProgress {
  readonly policyVersion: number;
  /** Updates since the last reset. */
  readonly updates: number;
  /** Decisions trained on since the last reset. */
  readonly envSteps: number;
  /** Pool snapshots taken (the next goes into slot 1 + snapshots mod K). */
  readonly snapshots: number;
  /** The learner beat the chaser often enough: self-play snapshots are being taken. */
  readonly graduated: boolean;
}

/** Everything a new trainer needs to go on where a lost one stopped (the optimiser's moments start over). */
export interface TrainerResume {
  readonly progress: TrainerProgress;
  /** The latest published weights and their version (the new trainer publishes the next version). */
  readonly latest: WeightsSnapshot;
  /** Pool slots 1…K as published (version 0: empty). */
  readonly pool: readonly WeightsSnapshot[];
}

/**
 * Why training ended by itself: `update-limit` (TrainingOptions.stopAfterUpdates
 * reached) or `non-finite` (too many non-finite updates in a row, reported
 * as a `nan-in-training` error).
 */
export type TrainerStopReason = 'update-limit' | 'non-finite';

/** How a training run is driven (decision 16 in docs/architecture.md: the deterministic mode). */
export interface TrainingOptions {
  /** Lockstep: one rollout worker, each chunk made by the newest weights, updates in order. Same seed ⇒ same weights. */
  readonly deterministic: boolean;
  /** Training stops by itself after this many updates (tests, benchmarks). */
  readonly stopAfterUpdates?: number;
}

/** A copy of published weights with their version. */
export interface WeightsSnapshot {
  readonly params: Float32Array;
  readonly policyVersion: number;
}

export interface TrainerWorkerApi extends WorkerApi {
  /** Opens the lanes and the weights channel, builds the learner from `init.hyper.seed` and publishes version 1. */
  init(init: WorkerInit, lanes: LaneHandle[], weights: WeightsPublisherHandle, events: TrainerEvents): Promise<void>;
  start(options: TrainingOptions): void;
  /** Ends training after aborting the update in progress; the weights stay. */
  stop(): Promise<void>;
  /** Live hyperparameters, applied from the next update with the weights kept. */
  setHyper(changes: Partial<Hyperparameters>): void;
  /** Fresh weights from `seed` (published as a new version); the optimiser starts over. */
  resetTraining(seed: number): Promise<void>;
  /** The latest published parameters (a copy), with their version. */
  snapshot(): WeightsSnapshot;
  /** Replaces the weights (e.g. an imported model) and publishes them as version `savedVersion` or later. */
  loadParams(params: Float32Array, savedVersion: number): void;
  /** Takes over from a lost trainer: its weights, pool and counters; publishes the next version. */
  resume(state: TrainerResume): void;
  /** Lane `index` lost its producer: trains from `lane` instead; what the old one held counts as dropped. */
  replaceLane(index: number, lane: LaneHandle): void;
  /** Transfer transport: one more weights reader (a replacement worker). Shared memory needs none. */
  addWeightsReader(port: MessagePort): void;
}

export interface RolloutWorkerApi extends WorkerApi {
  /** Opens its lane and weights reader; called again (stopped) it reconnects to new channels. */
  init(init: WorkerInit, lane: LaneHandle, weights: WeightsReaderHandle, events: WorkerEvents): Promise<void>;
  /** Starts stepping envs; a deterministic run starts from fresh envs and random streams. */
  start(options: TrainingOptions & { readonly seed: number }): Promise<void>;
  /** Stops after the chunk in progress. */
  stop(): Promise<void>;
  /** γ changed: the shaping term follows it. */
  setGamma(gamma: number): void;
}
