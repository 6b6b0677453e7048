/**
 * The training crew of one run layout: the trainer, the rollout workers,
 * the lanes between them and the weights channel out of the trainer. The
 * runtime keeps one reader of that channel for itself (the *keeper*): it
 * survives any worker's loss, so a replacement trainer starts from the last
 * published weights and pool, and Save works while the trainer is gone.
 *
 * A lost rollout worker is replaced alone: a new lane in the same layout,
 * swapped into the trainer, and a new worker on it (what the old lane held
 * is counted as dropped). A lost trainer takes the crew with it: the
 * runtime builds a new one that resumes from the keeper (see runtime.ts).
 */
import { proxy, transfer } from 'comlink';
import {
  createLane,
  createWeightsChannel,
  LATEST_SLOT,
  laneTransferables,
  openWeightsSource,
  type WeightsReader,
  type WeightsSource,
  weightsTransferables,
} from '../channels/index.js';
import type { LaneHandle, Transport, WeightsPublisherHandle, WeightsReaderHandle } from '../contract/descriptors.js';
import type { DrillErrorDetail } from '../contract/events.js';
import type { Hyperparameters } from '../contract/hyperparameters.js';
import type { TrainerTelemetry } from '../contract/telemetry.js';
import type {
  GradientWorkerApi,
  RolloutWorkerApi,
  TrainerProgress,
  TrainerResume,
  TrainerStopReason,
  TrainerWorkerApi,
  TrainingOptions,
  WeightsSnapshot,
  WorkerInit,
  WorkerRole,
} from '../contract/worker-api.js';
import { GradientTeamBuffer } from '../rl/parallel-gradients.js';
import { DEFAULT_ROWS_PER_PASS } from '../rl/ppo-learner.js';
import type { RunLayout } from './run-layout.js';
import type { SupervisedWorker, WorkerSupervisor } from './worker-supervisor.js';

/** Longest a worker may take to start and answer its init call. */
export const WORKER_START_TIMEOUT_MS = 20_000;

/** What a crew needs from its runtime. */
export interface CrewHost {
  readonly supervisor: WorkerSupervisor;
  readonly transport: Transport;
  /** The init message for a worker of this crew. */
  initFor(role: WorkerRole, index: number, layout: RunLayout, hyper: Readonly<Hyperparameters>): WorkerInit;
  onTelemetry(sample: TrainerTelemetry): void;
  onError(detail: DrillErrorDetail, source: WorkerRole): void;
  /** The trainer halved its learning rate after non-finite updates. */
  onLrHalved(lr: number): void;
  /** The trainer ended a run by itself. */
  onStopped(reason: TrainerStopReason): void;
  /** Something the page author should know (for the console). */
  onNotice(message: string): void;
}

export class Crew {
  trainer!: SupervisedWorker<TrainerWorkerApi>;
  readonly rollouts: SupervisedWorker<RolloutWorkerApi>[] = [];
  /** The trainer's gradient helpers (threads 1 … S−1); a lost one is the trainer's to notice (it computes that shard itself). */
  readonly helpers: SupervisedWorker<GradientWorkerApi>[] = [];
  /** Hyperparameters the workers run with (reset-only ones are fixed for the crew's life). */
  hyper: Readonly<Hyperparameters>;
  /** The trainer's last reported counters (what a replacement resumes from). */
  progress: TrainerProgress | null = null;
  /** Training options while the crew trains, else null. */
  running: TrainingOptions | null = null;
  #keeper: WeightsSource | null = null;
  /** The keeper's reader of each slot (0: latest, 1…K: pool). */
  #kept: WeightsReader[] = [];
  #publisher: WeightsPublisherHandle | null = null;
  #disposed = false;

  private constructor(private readonly host: CrewHost, readonly layout: RunLayout, hyper: Readonly<Hyperparameters>) {
    this.hyper = hyper;
  }

  /**
   * Builds the crew: channels, the trainer (which publishes version 1, or
   * the next version of `resume`), then the rollout workers. `connectShow`
   * runs beside the rollouts so the show finds the first weights at once.
   */
  static async build(host: CrewHost, layout: RunLayout, hyper: Readonly<Hyperparameters>, connectShow: (crew: Crew) => Promise<void>, resume?: TrainerResume): Promise<Crew> {
    const crew = new Crew(host, layout, hyper);
    try {
      await crew.start(connectShow, resume);
    } catch (error) {
      crew.dispose();
      throw error;
    }
    return crew;
  }

  private async start(connectShow: (crew: Crew) => Promise<void>, resume?: TrainerResume): Promise<void> {
    const { layout, host } = this;
    const transport = host.transport;
    const lanes = Array.from({ length: layout.rolloutWorkers }, () => createLane({ descriptor: layout.channel, capacity: layout.laneCapacity }, transport));
    // Reader 0 is the keeper; 1…N the rollout workers.
    const weights = createWeightsChannel(layout.weights, transport, 1 + layout.rolloutWorkers);
    this.#publisher = weights.publisher;
    this.#keeper = openWeightsSource(weights.readers[0]!, layout.weights, { adoptOnArrival: true });
    this.#kept = Array.from({ length: layout.weights.slots }, (_, slot) => this.#keeper!.reader(slot));
    const consumers = lanes.map((lane) => lane.consumer);
    const trainerInit = await this.startHelpers(host.initFor('trainer', 0, layout, this.hyper));
    const trainer = host.supervisor.spawn<TrainerWorkerApi>('trainer', 0);
    this.trainer = trainer;
    await trainer.call('starting the trainer', (api) => api.init(
      trainerInit,
      transfer(consumers, consumers.flatMap(laneTransferables)),
      transfer(weights.publisher, weightsTransferables(weights.publisher)),
      proxy({
        error: (detail: DrillErrorDetail) => host.onError(detail, 'trainer'),
        telemetry: (sample: TrainerTelemetry) => {
          if (this.trainer === trainer) host.onTelemetry(sample);
        },
        notice: (message: string) => {
          if (this.trainer === trainer) host.onNotice(message);
        },
        lrHalved: (lr: number) => {
          if (this.trainer === trainer) host.onLrHalved(lr);
        },
        stopped: (reason: TrainerStopReason) => {
          if (this.trainer === trainer) host.onStopped(reason);
        },
        checkpoint: (progress: TrainerProgress) => {
          if (this.trainer !== trainer) return;
          this.progress = progress;
          // On the transfer transport the keeper holds a vector only until it adopts the next.
          this.pollKeeper();
        },
      }),
    ), WORKER_START_TIMEOUT_MS);
    if (resume) await trainer.call('resuming the run', (api) => api.resume(transfer(resume, [resume.latest.params.buffer, ...resume.pool.map((p) => p.params.buffer)])));
    trainer.watch();
    await Promise.all([
      connectShow(this),
      ...lanes.map((lane, i) => this.startRollout(i, lane.producer, weights.readers[1 + i]!)),
    ]);
  }

  /** Stops, replaces and restarts nothing: just ends every worker of the crew. */
  dispose(): void {
    this.#disposed = true;
    this.trainer?.terminate();
    for (const rollout of this.rollouts) rollout.terminate();
    for (const helper of this.helpers) helper.terminate();
    this.#keeper?.close();
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Every worker of the crew alive. */
  get whole(): boolean {
    return this.trainer.alive && this.rollouts.every((r) => r.alive);
  }

  /** A reader of the weights for one more worker (the show): the same buffer, or a new port served by the trainer. */
  async readerHandle(): Promise<WeightsReaderHandle> {
    const publisher = this.#publisher!;
    if (publisher.transport === 'shared-memory') return { transport: 'shared-memory', buffer: publisher.buffer };
    const channel = new MessageChannel();
    await this.trainer.call('adding a weights reader', (api) => api.addWeightsReader(transfer(channel.port1, [channel.port1])));
    return { transport: 'transfer', spec: publisher.spec, port: channel.port2 };
  }

  /** A lost rollout worker's replacement: a new lane in the same layout, swapped into the trainer. */
  async replaceRollout(index: number): Promise<void> {
    const { layout } = this;
    const lane = createLane({ descriptor: layout.channel, capacity: layout.laneCapacity }, this.host.transport);
    await this.trainer.call('replacing a rollout lane', (api) => api.replaceLane(index, transfer(lane.consumer, laneTransferables(lane.consumer))));
    await this.startRollout(index, lane.producer, await this.readerHandle());
    const rollout = this.rollouts[index]!;
    if (this.running) await rollout.call('starting rollouts', (api) => api.start({ ...this.running!, seed: this.hyper.seed }));
  }

  /** Starts training (or resumes it) on every worker. */
  async train(run: TrainingOptions): Promise<void> {
    await this.trainer.call('starting training', (api) => api.start(run));
    const rollouts = run.deterministic ? this.rollouts.slice(0, 1) : this.rollouts;
    await Promise.all(rollouts.filter((r) => r.alive).map((r) => r.call('starting rollouts', (api) => api.start({ ...run, seed: this.hyper.seed }))));
    this.running = run;
  }

  /** Stops every worker; the weights stay. Workers that are gone are not waited for. */
  async stop(): Promise<void> {
    this.running = null;
    const alive = [this.trainer, ...this.rollouts].filter((w) => w.alive);
    await Promise.allSettled(alive.map((w) => w.call('stopping', (api) => api.stop())));
  }

  /** Live hyperparameters to the trainer (and γ to the rollouts' shaping). */
  async setHyper(changes: Partial<Hyperparameters>): Promise<void> {
    this.hyper = { ...this.hyper, ...changes };
    await this.trainer.call('changing hyperparameters', (api) => api.setHyper(changes));
    if (changes.gamma !== undefined) await Promise.all(this.rollouts.filter((r) => r.alive).map((r) => r.call('changing γ', (api) => api.setGamma(changes.gamma!))));
  }

  /** The latest published weights as the keeper has them (exact on shared memory; on transfer, the last vector it received). */
  keptWeights(): WeightsSnapshot {
    this.pollKeeper();
    const latest = this.#kept[LATEST_SLOT]!;
    return { params: latest.params.slice(), policyVersion: latest.policyVersion };
  }

  /** What a replacement trainer needs: the kept weights and pool, and the last counters (or ones derived from the weights). */
  resumeState(): TrainerResume {
    const latest = this.keptWeights();
    const pool = this.#kept.slice(1).map((reader) => ({ params: reader.params.slice(), policyVersion: reader.policyVersion }));
    const progress = this.progress ?? { policyVersion: latest.policyVersion, updates: 0, envSteps: 0, snapshots: 0, graduated: false };
    return { progress: { ...progress, policyVersion: Math.max(progress.policyVersion, latest.policyVersion) }, latest, pool };
  }

  private pollKeeper(): void {
    for (const reader of this.#kept) reader.poll();
  }

  /** With trainerThreads > 1: the team buffer and its helpers, started before the trainer so its first update finds them waiting. */
  private async startHelpers(init: WorkerInit): Promise<WorkerInit> {
    const threads = init.trainerThreads ?? 1;
    if (threads <= 1) return init;
    const shape = { network: init.network, threads, rowsPerPass: DEFAULT_ROWS_PER_PASS };
    const team = GradientTeamBuffer.create(shape);
    await Promise.all(Array.from({ length: threads - 1 }, async (_, i) => {
      const helper = this.host.supervisor.spawn<GradientWorkerApi>('gradient', i + 1);
      this.helpers.push(helper);
      await helper.call('starting a trainer thread', (api) => api.init({ protocolVersion: init.protocolVersion, ...shape, thread: i + 1, team }), WORKER_START_TIMEOUT_MS);
      helper.watch();
    }));
    return { ...init, gradientTeam: team };
  }

  private async startRollout(index: number, lane: LaneHandle, reader: WeightsReaderHandle): Promise<void> {
    const { host, layout } = this;
    const rollout = host.supervisor.spawn<RolloutWorkerApi>('rollout', index);
    this.rollouts[index] = rollout;
    await rollout.call('starting a rollout worker', (api) => api.init(
      host.initFor('rollout', index, layout, this.hyper),
      transfer(lane, laneTransferables(lane)),
      transfer(reader, weightsTransferables(reader)),
      proxy({ error: (detail: DrillErrorDetail) => host.onError(detail, 'rollout') }),
    ), WORKER_START_TIMEOUT_MS);
    rollout.watch();
  }
}
