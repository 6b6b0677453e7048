/**
 * The trainer's loop, without the worker: gather rollout chunks from the
 * lanes into a batch (GAE as they arrive), run a PPO update, publish the new
 * weights, report telemetry — until stopped.
 *
 * - A batch is one chunk's worth of samples per rollout worker (the run's
 *   envs × T); chunks are taken from whichever lane has one, so a slow or
 *   lost worker only slows training down.
 * - Chunks made by a policy more than `maxPolicyLag` versions old are
 *   dropped and counted (docs/architecture.md), as are chunks from before a reset.
 * - Weights are published after every update (slot 0). Once the learner
 *   beats the chaser in most training games (GRADUATION_WIN_RATE), every
 *   SNAPSHOT_EVERY updates a snapshot also goes into the self-play pool
 *   (slots 1…K, oldest replaced first) — before the latest, so a reader that
 *   sees a new version also sees the pool it implies.
 * - An update that produces a non-finite loss or weights is discarded: the
 *   last published weights are restored and the problem reported; nothing
 *   bad is ever published. Many in a row halve the learning rate, then stop
 *   training (non-finite-guard.ts).
 * - The worker yields between minibatches (decision 12 in docs/architecture.md).
 * - With a PeriodicEvaluation, every K updates the published policy is
 *   evaluated greedily (its share of the time capped) and the result sent
 *   in telemetry at once.
 */
import { firstNonFinite, LATEST_SLOT, type WeightsPublisher } from '../channels/weights-channel.js';
import type { CpuGate } from '../channels/cpu-gate.js';
import { wallClockMs } from '../channels/wait.js';
import type { LaneConsumer } from '../channels/rollout-lane.js';
import type { ChunkView } from '../channels/rollout-chunk.js';
import type { Transport } from '../contract/descriptors.js';
import type { DrillErrorDetail } from '../contract/events.js';
import type { Hyperparameters } from '../contract/hyperparameters.js';
import type { ComputePath, KernelPath, TrainerTelemetry } from '../contract/telemetry.js';
import type { TrainerProgress, TrainerResume, TrainerStopReason, TrainingOptions, WeightsSnapshot } from '../contract/worker-api.js';
import { LEARNER_HYPER_NAMES, type Learner, type LearnerHyper, type UpdateStats } from './learner.js';
import { NonFiniteGuard, nonFiniteMessage } from './non-finite-guard.js';
import type { PeriodicEvaluation } from './periodic-evaluation.js';
import { PpoBatchBuffer } from './ppo-batch.js';
import { COLD_START_MS, yieldTurn } from './rollout-loop.js';
import { TrainingStats } from './training-stats.js';

/** Updates between pool snapshots. */
export const SNAPSHOT_EVERY = 10;
/**
 * Snapshots enter the pool (and so self-play starts, see opponent-mix.ts)
 * once the learner's training win rate against the chaser reaches this.
 */
export const GRADUATION_WIN_RATE = 0.75;
/** Telemetry is sent at most this often (2 Hz). */
const TELEMETRY_INTERVAL_MS = 500;
/**
 * Before a minibatch has been timed, the trainer's busy estimate assumes
 * this rate (FLOP per ms, i.e. 0.1 GFLOP/s): far slower than any machine
 * measured, so a healthy first update is never taken for a hang.
 */
const PESSIMISTIC_FLOP_PER_MS = 1e5;

export interface TrainerLoopOptions {
  readonly learner: Learner;
  /** One consumer per rollout lane; {@link TrainerLoop.replaceLane} swaps one for a replacement worker's. */
  readonly lanes: readonly LaneConsumer[];
  readonly publisher: WeightsPublisher;
  readonly hyper: Readonly<Hyperparameters>;
  /**
   * Fill the self-play pool from the first update instead of after beating
   * the chaser: a two-agent drill without scripted baselines has no one else
   * to learn against.
   */
  readonly selfPlayFromStart?: boolean;
  readonly transport: Transport;
  /** The path computing now and its adapter (a GPU learner can fall back to the CPU mid-run). */
  readonly compute: () => { readonly path: ComputePath; readonly adapter: string | null; readonly reason: string | null };
  /** The CPU kernels this thread runs (telemetry). */
  readonly kernels: KernelPath;
  /** Threads the CPU learner computes gradients on now (telemetry); absent: 1. */
  readonly trainerThreads?: () => number;
  readonly onTelemetry: (sample: TrainerTelemetry) => void;
  readonly onError: (detail: DrillErrorDetail) => void;
  /** The loop lowered the live learning rate itself (non-finite-guard.ts); `lr` is the value now in use. */
  readonly onLrHalved?: (lr: number) => void;
  /** Training ended without a stop() call: the update limit was reached, or too many updates in a row went non-finite. */
  readonly onStopped?: (reason: TrainerStopReason) => void;
  /** Periodic greedy evaluation of the published policy; none: not evaluated. */
  readonly evaluation?: PeriodicEvaluation;
  /** Each minibatch step passes through it (leaving cores to the page, src/channels/cpu-gate.ts); none: not gated. */
  readonly gate?: CpuGate;
}

export class TrainerLoop {
  /** Version of the weights published last. */
  policyVersion = 0;
  /** Chunks trained on since start. */
  chunks = 0;
  private readonly batch: PpoBatchBuffer;
  private readonly lastGood: Float32Array;
  private stats = new TrainingStats();
  private hyper: Hyperparameters;
  private resetVersion = 1;
  private snapshots = 0;
  private graduated: boolean;
  private running: Promise<void> | null = null;
  private stopRequested = false;
  private lastTelemetry = -Infinity;
  private nextLane = 0;
  private telemetryTimer: ReturnType<typeof setInterval> | null = null;
  private readonly guard = new NonFiniteGuard();
  private readonly lanes: LaneConsumer[];
  /** Chunks dropped by lanes that were replaced (their producer died), including what they still held. */
  private retiredDropped = 0;
  /** The last minibatch step's time and size, for the busy estimate (null before the first). */
  private stepMs: number | null = null;
  private stepSamples = 0;
  /** Commit times of the chunks in the batch being gathered (rollout age). */
  private readonly batchCommits: number[] = [];

  constructor(private readonly options: TrainerLoopOptions) {
    this.graduated = options.selfPlayFromStart === true;
    const { learner, lanes } = options;
    this.lanes = [...lanes];
    this.hyper = { ...options.hyper };
    const cells = lanes.reduce((sum, lane) => sum + lane.layout.descriptor.steps * lane.layout.descriptor.envs, 0);
    this.batch = new PpoBatchBuffer(learner.descriptor.obsSize, learner.descriptor.actionCount, cells);
    this.lastGood = new Float32Array(learner.params.length);
  }

  get training(): boolean {
    return this.running !== null;
  }

  /** Publishes the learner's current weights as a new version (the first, after a reset, after a load). */
  publishCurrent(): void {
    this.policyVersion++;
    this.resetVersion = this.policyVersion;
    this.options.publisher.publish(LATEST_SLOT, this.options.learner.params, this.policyVersion);
    this.lastGood.set(this.options.learner.params);
  }

  /** Fresh weights from `seed`, published; the pool is emptied (version 0 marks an empty slot). */
  reset(seed: number): void {
    if (this.running) throw new Error('trainer: stop training before a reset');
    this.options.learner.reset(seed);
    this.guard.clear();
    for (let slot = 1; slot < this.options.publisher.spec.slots; slot++) this.options.publisher.publish(slot, this.options.learner.params, 0);
    this.snapshots = 0;
    this.graduated = this.options.selfPlayFromStart === true;
    this.stats = new TrainingStats();
    this.options.evaluation?.clear();
    this.publishCurrent();
    this.sendTelemetry(true);
  }

  /**
   * The longest the trainer expects to go without yielding, ms: three times
   * the last minibatch step, scaled to the minibatch size now set (a live
   * change takes effect at once); before the first step, a pessimistic
   * estimate from the step's FLOPs.
   */
  get busyMs(): number {
    const minibatch = this.hyper.minibatch;
    if (this.stepMs !== null) return 3 * this.stepMs * Math.max(1, minibatch / this.stepSamples);
    return COLD_START_MS + (6 * minibatch * this.options.learner.params.length) / PESSIMISTIC_FLOP_PER_MS;
  }

  /** The counters a replacement trainer resumes from. */
  progress(): TrainerProgress {
    return { policyVersion: this.policyVersion, updates: this.stats.updates, envSteps: this.stats.envSteps, snapshots: this.snapshots, graduated: this.graduated };
  }

  /**
   * Takes over from a lost trainer: its latest weights, pool and counters.
   * The next version is published at once, so every reader sees the run go on.
   */
  resume(state: TrainerResume): void {
    if (this.running) throw new Error('trainer: stop training before resuming another trainer\'s run');
    const { publisher, learner } = this.options;
    learner.loadParams(state.latest.params);
    state.pool.forEach((entry, i) => {
      if (1 + i < publisher.spec.slots) publisher.publish(1 + i, entry.params, entry.policyVersion);
    });
    this.snapshots = state.progress.snapshots;
    this.graduated = state.progress.graduated;
    this.stats.updates = state.progress.updates;
    this.stats.envSteps = state.progress.envSteps;
    this.policyVersion = Math.max(this.policyVersion, state.progress.policyVersion, state.latest.policyVersion);
    this.publishCurrent();
    this.sendTelemetry(true);
  }

  /** Lane `index` lost its producer: read `lane` instead; what the old one held counts as dropped. */
  replaceLane(index: number, lane: LaneConsumer): void {
    const old = this.lanes[index];
    if (!old) throw new RangeError(`trainer: no lane ${index}`);
    this.retiredDropped += old.stats.dropped + old.stats.occupancy;
    old.close();
    this.lanes[index] = lane;
  }

  /** A copy of the weights published last, with their version. */
  published(): WeightsSnapshot {
    return { params: this.lastGood.slice(), policyVersion: this.policyVersion };
  }

  /**
   * Replaces the weights (an imported model) and publishes them, as version
   * `savedVersion` or later: a restored model goes on counting from where it was.
   */
  load(params: Float32Array, savedVersion = 0): void {
    if (this.running) throw new Error('trainer: stop training before loading weights');
    this.options.learner.loadParams(params);
    this.guard.clear();
    this.policyVersion = Math.max(this.policyVersion, savedVersion - 1);
    this.options.evaluation?.clear(this.stats.updates);
    this.publishCurrent();
    this.sendTelemetry(true);
  }

  setHyper(changes: Partial<Hyperparameters>): void {
    this.hyper = { ...this.hyper, ...changes };
    const learnerChanges: Partial<LearnerHyper> = {};
    for (const name of LEARNER_HYPER_NAMES) if (name in changes) (learnerChanges as Record<string, unknown>)[name] = changes[name];
    this.options.learner.setHyper(learnerChanges);
  }

  start(run: TrainingOptions): void {
    if (this.running) return;
    this.stopRequested = false;
    this.guard.clear();
    this.options.evaluation?.started();
    this.telemetryTimer = setInterval(() => this.sendTelemetry(false), TELEMETRY_INTERVAL_MS);
    this.running = this.loop(run)
      .catch((error: Error) => this.options.onError({ code: 'internal', source: 'trainer', message: `training stopped: ${error.message}. The show keeps the last published weights; reset training to start again.`, recovered: false }))
      .finally(() => {
        this.running = null;
        if (this.telemetryTimer !== null) clearInterval(this.telemetryTimer);
        this.telemetryTimer = null;
        this.sendTelemetry(true);
      });
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.running;
  }

  /** Sends telemetry now if `force`, or if the last sample is old enough. */
  sendTelemetry(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastTelemetry < TELEMETRY_INTERVAL_MS) return;
    this.lastTelemetry = now;
    const { transport, learner, kernels } = this.options;
    const { path: computePath, adapter, reason: computeReason } = this.options.compute();
    const lanes = this.lanes;
    this.options.onTelemetry(this.stats.sample({
      training: this.running !== null && !this.stopRequested,
      policyVersion: this.policyVersion,
      hyper: learner.hyper,
      droppedChunks: this.retiredDropped + lanes.reduce((sum, lane) => sum + lane.stats.dropped, 0),
      laneOccupancy: lanes.reduce((sum, lane) => sum + lane.stats.occupancy, 0),
      evaluation: this.options.evaluation?.latest ?? null,
      transport,
      computePath,
      computeReason,
      kernels,
      trainerThreads: this.options.trainerThreads?.() ?? 1,
      adapter,
    }));
  }

  private async loop(run: TrainingOptions): Promise<void> {
    let updates = 0;
    while (!this.stopRequested) {
      if (!(await this.gather(run))) break;
      this.stats.setRolloutAge(this.batchCommits.length ? this.batchCommits.reduce((sum, t) => sum + (wallClockMs() - t), 0) / this.batchCommits.length : null);
      const gate = this.options.gate;
      await gate?.enter();
      let stepStart = performance.now();
      const stats = await this.options.learner.update(this.batch, async () => {
        this.stepMs = performance.now() - stepStart;
        this.stepSamples = this.hyper.minibatch;
        await gate?.leave();
        await yieldTurn();
        await gate?.enter();
        stepStart = performance.now();
        return !this.stopRequested;
      }).finally(() => gate?.leave());
      if (stats.aborted) break;
      const verdict = this.accept(stats);
      if (verdict === 'stop') return this.options.onStopped?.('non-finite');
      if (verdict === 'discard') {
        // In lockstep the rollout worker makes a chunk only for a new version: the restored weights go out again as one.
        if (run.deterministic) this.republish();
        continue;
      }
      this.stats.addUpdate(stats);
      this.publishUpdate();
      this.sendTelemetry(false);
      await this.evaluate(run);
      if (run.stopAfterUpdates !== undefined && ++updates >= run.stopAfterUpdates) return this.options.onStopped?.('update-limit');
    }
  }

  /** Evaluates the weights just published if an evaluation is due, and sends the result at once. */
  private async evaluate(run: TrainingOptions): Promise<void> {
    const evaluation = this.options.evaluation;
    if (!evaluation?.due(this.stats.updates, run.deterministic)) return;
    const result = await evaluation.run(this.lastGood, this.policyVersion, this.stats.updates, async () => {
      await yieldTurn();
      return !this.stopRequested;
    });
    if (result) this.sendTelemetry(true);
  }

  /** Fills the batch; false when stopped first. */
  private async gather(run: TrainingOptions): Promise<boolean> {
    const lanes = this.lanes;
    this.batch.clear();
    this.batchCommits.length = 0;
    const target = this.batch.capacity;
    let idle = 0;
    while (this.batch.size < target) {
      if (this.stopRequested) return false;
      const lane = lanes[this.nextLane]!;
      this.nextLane = (this.nextLane + 1) % lanes.length;
      const chunk = lane.poll();
      if (!chunk) {
        // Every lane empty in turn: wait (briefly) on one of them.
        if (++idle >= lanes.length) {
          idle = 0;
          await lane.waitForChunk(20);
        }
        continue;
      }
      idle = 0;
      const cells = chunk.layout.descriptor.steps * chunk.layout.descriptor.envs;
      if (this.isStale(chunk, run) || cells > this.batch.free) {
        this.stats.addDropped(chunk);
        lane.recordDropped();
      } else {
        this.batch.appendChunk(chunk, this.hyper.gamma, this.hyper.lambda);
        this.stats.addChunk(chunk, this.policyVersion - chunk.policyVersion);
        this.batchCommits.push(chunk.committedAt);
        this.chunks++;
      }
      lane.release();
      // In lockstep one chunk (from the one rollout worker) is the whole batch.
      if (run.deterministic && this.batch.size > 0) return true;
    }
    return true;
  }

  private isStale(chunk: ChunkView, run: TrainingOptions): boolean {
    if (chunk.policyVersion < this.resetVersion) return true;
    if (run.deterministic) return chunk.policyVersion !== this.policyVersion;
    return this.policyVersion - chunk.policyVersion > this.hyper.maxPolicyLag;
  }

  /**
   * 'keep' for a finite update. Otherwise the last good weights are restored,
   * the problem reported, and the guard's verdict applied: 'discard' (the lr
   * perhaps halved) or 'stop'.
   */
  private accept(stats: UpdateStats): 'keep' | 'discard' | 'stop' {
    const { learner } = this.options;
    const losses = [stats.policyLoss, stats.valueLoss, stats.entropy, stats.approxKl];
    const bad = firstNonFinite(learner.params);
    // Every step skipped for a non-finite gradient: finite weights, but nothing learned (e.g. a model of huge weights).
    const noStep = stats.minibatches === 0 && stats.skippedSteps > 0;
    if (bad < 0 && !noStep && !stats.restored && losses.every(Number.isFinite)) {
      this.guard.good();
      return 'keep';
    }
    learner.loadParams(this.lastGood);
    const verdict = this.guard.bad(learner.hyper.lr);
    if (verdict.action === 'halve-lr') this.setHyper({ lr: verdict.to });
    const cause = bad >= 0
      ? `a non-finite weight (parameter ${bad})`
      : stats.restored ? 'a non-finite weight (the GPU undid it)'
      : noStep ? 'a non-finite gradient in every step (weights or values too large to train on)' : 'a non-finite loss';
    // The runtime adopts the new lr before the report that mentions it.
    if (verdict.action === 'halve-lr') this.options.onLrHalved?.(verdict.to);
    this.options.onError({ code: 'nan-in-training', source: 'trainer', message: nonFiniteMessage(verdict, cause, this.policyVersion, this.guard.stopAfter), recovered: true });
    return verdict.action === 'stop' ? 'stop' : 'discard';
  }

  /** The last good weights again, as the next version. */
  private republish(): void {
    this.policyVersion++;
    this.options.publisher.publish(LATEST_SLOT, this.lastGood, this.policyVersion);
  }

  private publishUpdate(): void {
    const { publisher, learner } = this.options;
    this.policyVersion++;
    if (this.stats.winRateVsChaser !== null && this.stats.winRateVsChaser >= GRADUATION_WIN_RATE) this.graduated = true;
    if (this.graduated && this.policyVersion % SNAPSHOT_EVERY === 0 && publisher.spec.slots > 1) {
      const slot = 1 + (this.snapshots++ % (publisher.spec.slots - 1));
      publisher.publish(slot, learner.params, this.policyVersion);
    }
    publisher.publish(LATEST_SLOT, learner.params, this.policyVersion);
    this.lastGood.set(learner.params);
  }
}
