/**
 * The typed contract between the page, the runtime and its workers
 * (DESIGN.md §8.7): capabilities, hyperparameters with units and when they
 * apply, telemetry, runtime state, every event's `detail`, and the control
 * API of each worker. Later work extends this file; names are not invented
 * elsewhere.
 */
import type { LaneHandle, Transport, WeightsPublisherHandle, WeightsReaderHandle, WeightsSpec } from '../channels/index.js';
import type { ChannelDescriptor } from '../channels/channel-descriptor.js';
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import type { BodyId, BodyPose, ShowInspection } from '../show/show-inspection.js';

export type { Transport };

export const PROTOCOL_VERSION = 1;

// ── Capabilities ─────────────────────────────────────────────────────────

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
  /** Workers running now: render + trainer + rollout workers. */
  readonly workerCount: number;
}

// ── Hyperparameters ──────────────────────────────────────────────────────

/** `live`: applied at once, weights kept. `reset`: takes effect on the next training reset. */
export type HyperApply = 'live' | 'reset';

export interface Hyperparameters {
  /** Adam learning rate. */
  lr: number;
  /** Weight of the entropy bonus. */
  entropyCoef: number;
  /** PPO ratio clip ε. */
  clipEpsilon: number;
  /** Discount per decision. */
  gamma: number;
  /** GAE λ. */
  lambda: number;
  /** Passes over each batch. */
  epochs: number;
  /** Minibatch size in samples. */
  minibatch: number;
  /** Weight of the value loss. */
  valueCoef: number;
  /** Global gradient-norm clip. */
  maxGradNorm: number;
  /** Approximate-KL threshold that ends an update's epochs early (0 = never). */
  targetKl: number;
  /** Chunks produced by a policy more than this many versions old are dropped. */
  maxPolicyLag: number;
  /** Training environments for the whole runtime, split across rollout workers. */
  envs: number;
  /** Widths of the shared trunk's hidden layers. */
  hidden: number[];
  /** T: decisions per rollout chunk. */
  steps: number;
  /** Root of every random stream of a training run. */
  seed: number;
}

export type HyperName = keyof Hyperparameters;

export interface HyperSpec {
  readonly label: string;
  readonly unit: string;
  readonly apply: HyperApply;
  readonly min: number;
  readonly max: number;
  /** Step for inputs; integers use 1. */
  readonly step: number;
  readonly integer: boolean;
  /** Logarithmic slider scale (learning rates, coefficients). */
  readonly log: boolean;
  readonly description: string;
}

export const DEFAULT_HYPERPARAMETERS: Readonly<Hyperparameters> = Object.freeze({
  lr: 3e-4,
  entropyCoef: 0.01,
  clipEpsilon: 0.2,
  gamma: 0.99,
  lambda: 0.95,
  epochs: 2,
  minibatch: 512,
  valueCoef: 0.5,
  maxGradNorm: 0.5,
  targetKl: 0.03,
  maxPolicyLag: 4,
  envs: 256,
  hidden: [64, 64],
  steps: 32,
  seed: 1,
});

const scalar = (label: string, unit: string, apply: HyperApply, min: number, max: number, step: number, description: string, flags: { integer?: boolean; log?: boolean } = {}): HyperSpec =>
  ({ label, unit, apply, min, max, step, integer: flags.integer ?? false, log: flags.log ?? false, description });

/** Every hyperparameter: its unit, range, and whether it applies live or on reset. */
export const HYPERPARAMETERS: Readonly<Record<HyperName, HyperSpec>> = Object.freeze({
  lr: scalar('Learning rate', 'per update step', 'live', 1e-6, 1e-2, 1e-6, 'Adam step size.', { log: true }),
  entropyCoef: scalar('Entropy bonus', 'coefficient', 'live', 0, 0.1, 1e-4, 'Rewards keeping the policy uncertain; higher explores more.', { log: true }),
  clipEpsilon: scalar('Clip ε', 'probability ratio', 'live', 0.01, 0.5, 0.01, 'How far one update may move the policy.'),
  gamma: scalar('Discount γ', 'per decision', 'live', 0.8, 0.9999, 1e-4, 'How much future reward counts.'),
  lambda: scalar('GAE λ', 'per decision', 'live', 0.5, 1, 0.01, 'Bias/variance trade-off of advantage estimates.'),
  epochs: scalar('Epochs', 'passes per batch', 'live', 1, 16, 1, 'Passes over each batch of experience.', { integer: true }),
  minibatch: scalar('Minibatch', 'samples', 'live', 32, 65536, 32, 'Samples per gradient step.', { integer: true }),
  valueCoef: scalar('Value loss weight', 'coefficient', 'live', 0, 2, 0.05, 'Weight of the value-function loss.'),
  maxGradNorm: scalar('Gradient clip', 'L2 norm', 'live', 0.01, 10, 0.01, 'Largest gradient norm applied.', { log: true }),
  targetKl: scalar('Target KL', 'nats', 'live', 0, 0.5, 0.001, 'Stops an update early when the policy moved this far (0: never).'),
  maxPolicyLag: scalar('Max policy lag', 'versions', 'live', 0, 64, 1, 'Older experience is dropped and counted.', { integer: true }),
  envs: scalar('Environments', 'envs in total', 'reset', 1, 16384, 1, 'Training environments across all rollout workers.', { integer: true }),
  hidden: scalar('Hidden layers', 'units per layer', 'reset', 4, 1024, 1, 'Widths of the shared trunk, e.g. "64,64".', { integer: true }),
  steps: scalar('Rollout length T', 'decisions per chunk', 'reset', 4, 1024, 1, 'Decisions each env contributes per chunk.', { integer: true }),
  seed: scalar('Seed', 'integer', 'reset', 0, 0x7fffffff, 1, 'Root of every random stream.', { integer: true }),
});

export const HYPER_NAMES = Object.keys(HYPERPARAMETERS) as HyperName[];

/**
 * Checks one value against its spec. Returns the normalised value or throws
 * a RangeError that says what is allowed.
 */
export function validateHyper<K extends HyperName>(name: K, value: unknown): Hyperparameters[K] {
  const spec = HYPERPARAMETERS[name];
  if (!spec) throw new RangeError(`unknown hyperparameter '${String(name)}'; known: ${HYPER_NAMES.join(', ')}`);
  const check = (v: unknown): number => {
    const n = typeof v === 'string' ? Number(v.trim()) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < spec.min || n > spec.max || (spec.integer && !Number.isInteger(n))) {
      throw new RangeError(`${name} must be ${spec.integer ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}] (${spec.unit}), got ${JSON.stringify(v)}`);
    }
    return n;
  };
  if (name === 'hidden') {
    const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
    if (!Array.isArray(list) || list.length < 1 || list.length > 8) throw new RangeError(`hidden must list 1–8 layer widths, e.g. "64,64", got ${JSON.stringify(value)}`);
    return list.map(check) as Hyperparameters[K];
  }
  return check(value) as Hyperparameters[K];
}

// ── The show ─────────────────────────────────────────────────────────────

export type ShowMode = 'ai_vs_ai' | 'human_vs_ai' | 'sandbox';
export const SHOW_MODES: readonly ShowMode[] = ['ai_vs_ai', 'human_vs_ai', 'sandbox'];

/** Who the show's learner plays in ai_vs_ai (DESIGN.md §8.10). */
export type OpponentChoice = 'chaser' | 'random' | 'pool' | 'latest';
export const OPPONENT_CHOICES: readonly OpponentChoice[] = ['chaser', 'random', 'pool', 'latest'];

export const SPEED_MIN = 0.25;
export const SPEED_MAX = 4;

export interface ShowState {
  readonly mode: ShowMode;
  readonly speed: number;
  readonly paused: boolean;
  readonly opponent: OpponentChoice;
  /** How often the show looks for new weights, ms. */
  readonly swapIntervalMs: number;
  /** Seed of the current match. */
  readonly seed: number;
  /** Policy version the show's agent plays with (0: no weights yet). */
  readonly policyVersion: number;
  /** Goals: [left, right]. */
  readonly score: readonly [number, number];
  /** Ticks into the current episode. */
  readonly tick: number;
}

export const DEFAULT_SHOW_STATE: ShowState = Object.freeze({
  mode: 'ai_vs_ai',
  speed: 1,
  paused: false,
  opponent: 'chaser',
  swapIntervalMs: 1000,
  seed: 7,
  policyVersion: 0,
  score: [0, 0] as const,
  tick: 0,
});

/** Checks one show setting; returns the normalised value or throws a RangeError saying what is allowed. */
export function validateShowSetting<K extends keyof ShowSettings | 'seed'>(name: K, value: unknown): (ShowSettings & { seed: number })[K] {
  const number = (v: unknown): number => (typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : NaN);
  const fail = (allowed: string): never => {
    throw new RangeError(`${name} must be ${allowed}, got ${JSON.stringify(value)}`);
  };
  switch (name) {
    case 'mode':
      return (SHOW_MODES.includes(value as ShowMode) ? value : fail(SHOW_MODES.join(' | '))) as never;
    case 'opponent':
      return (OPPONENT_CHOICES.includes(value as OpponentChoice) ? value : fail(OPPONENT_CHOICES.join(' | '))) as never;
    case 'speed': {
      const v = number(value);
      return (v >= SPEED_MIN && v <= SPEED_MAX ? v : fail(`a number from ${SPEED_MIN} to ${SPEED_MAX}`)) as never;
    }
    case 'paused':
      return (typeof value === 'boolean' ? value : fail('true or false')) as never;
    case 'swapIntervalMs': {
      const v = number(value);
      return (Number.isFinite(v) && v >= 0 && v <= 600_000 ? v : fail('a number of milliseconds from 0 to 600000')) as never;
    }
    case 'seed': {
      const v = number(value);
      return (Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? v : fail('an integer from 0 to 4294967295')) as never;
    }
    default:
      return fail('a known show setting');
  }
}

// ── Training telemetry (trainer → page, 1–2 Hz) ─────────────────────────

export type ComputePath = 'cpu' | 'webgpu';

/** Which path the trainer may take: 'auto' times both at start and takes the faster. */
export type ComputeSetting = 'auto' | 'cpu' | 'webgpu';

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
  readonly lr: number;
  readonly clipEpsilon: number;
  readonly entropyCoef: number;
  /** Mean versions between the policy that produced a chunk and the one it trained. */
  readonly policyLag: number | null;
  readonly droppedChunks: number;
  /** Chunks waiting in the lanes, summed. */
  readonly laneOccupancy: number;
  readonly transport: Transport;
  readonly computePath: ComputePath;
  /** Adapter description when computePath is webgpu. */
  readonly adapter: string | null;
}

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
}

// ── Errors ───────────────────────────────────────────────────────────────

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

// ── Event details (DESIGN.md §8.9: which element fires which) ──────────

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

// ── Runtime ↔ worker control (comlink RPC) ─────────────────────────────

export type WorkerRole = 'render' | 'trainer' | 'rollout';

/** The `name` a worker is started with; the one-file bundle reads it to pick its role. */
export const WORKER_NAME_PREFIX = 'drill:';

/** What every worker is told at start (and again after a reset that changes sizes). */
export interface WorkerInit {
  readonly role: WorkerRole;
  /** Index among workers of the same role. */
  readonly index: number;
  readonly protocolVersion: number;
  readonly transport: Transport;
  /** Which drill (environment) runs: a key of src/runtime/envs.ts. */
  readonly envId: string;
  readonly network: NetworkDescriptor;
  readonly channel: ChannelDescriptor;
  readonly weights: WeightsSpec;
  /** Rollout workers in this run (the trainer waits for each lane). */
  readonly rolloutWorkers: number;
  readonly hyper: Readonly<Hyperparameters>;
  /** The trainer's compute path (read by the trainer only); absent: 'auto'. */
  readonly compute?: ComputeSetting;
}

export interface WorkerStatus {
  readonly role: WorkerRole;
  readonly index: number;
  /** Structures the worker opened and validated. */
  readonly channelsOpen: number;
  /** Policy version of the weights the worker holds. */
  readonly policyVersion: number;
  /** Rollout chunks made (rollout workers) or trained on (the trainer). */
  readonly chunks: number;
}

/** Methods every worker answers. */
export interface WorkerApi {
  status(): WorkerStatus;
}

/** Callbacks a worker uses to report problems (a comlink proxy into the runtime). */
export interface WorkerEvents {
  error(detail: DrillErrorDetail): void;
}

// ── The render worker (the show match) ──

/** A canvas's size: CSS pixels and the device pixel ratio. */
export interface CanvasSize {
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
}

/** Show settings the page may change at any time. */
export interface ShowSettings {
  readonly mode: ShowMode;
  readonly speed: number;
  readonly paused: boolean;
  readonly opponent: OpponentChoice;
  /** How often the show looks for new weights, ms (it adopts at the next decision). */
  readonly swapIntervalMs: number;
}

export const DEFAULT_SWAP_INTERVAL_MS = 1000;

export type PointerPhase = 'down' | 'move' | 'up' | 'cancel';

export interface ShowEvents extends WorkerEvents {
  goal(detail: DrillGoalDetail): void;
  episodeEnd(detail: DrillEpisodeEndDetail): void;
  policySwap(detail: DrillPolicySwapDetail): void;
  /** The show's state, sent on every change of score/version/settings and a few times a second otherwise. */
  state(state: ShowState): void;
}

/** Recent frames of the show loop, for benchmarks: intervals between frames and the work inside each, ms. */
export interface FrameStats {
  readonly intervals: number[];
  readonly work: number[];
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
  configure(settings: Partial<ShowSettings>): void;
  /** Runs exactly one tick now (use while paused). */
  step(): void;
  /** A new match (score 0–0) from `seed`, or from the next seed when omitted. */
  reset(seed?: number): void;
  /** The human's held controls (src/show/human-input.ts bits), read every tick. */
  setInput(bits: number): void;
  /** Sandbox drag on canvas `id`, in CSS pixels from its top-left corner. */
  pointer(id: number, phase: PointerPhase, x: number, y: number): void;
  /** Sandbox edit: puts a body at a pose (world metres, m/s, radians). Throws outside the sandbox. */
  place(body: BodyId, pose: BodyPose): void;
  /** A hidden page pauses the show (training goes on). */
  setVisible(visible: boolean): void;
  /** Frame statistics since the last call with `reset` (benchmarks). */
  frameStats(reset?: boolean): FrameStats;
  /** The show's state, world and drawing, for tests and diagnostics. */
  inspect(): ShowInspection;
}

// ── The trainer and the rollout workers ──

export interface TrainerEvents extends WorkerEvents {
  telemetry(sample: TrainerTelemetry): void;
}

/** How a training run is driven (DESIGN.md §8.16: the deterministic mode). */
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
}

export interface RolloutWorkerApi extends WorkerApi {
  init(init: WorkerInit, lane: LaneHandle, weights: WeightsReaderHandle, events: WorkerEvents): Promise<void>;
  /** Starts stepping envs; a deterministic run starts from fresh envs and random streams. */
  start(options: TrainingOptions & { readonly seed: number }): Promise<void>;
  /** Stops after the chunk in progress. */
  stop(): Promise<void>;
  /** γ changed: the shaping term follows it. */
  setGamma(gamma: number): void;
}
