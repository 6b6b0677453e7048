/**
 * The runtime: one per page (or per `runtime="name"`), shared by every
 * `drill-*` element. It owns the workers, the channels between them, the
 * show and training state; elements call it and reflect what it reports
 * (DESIGN.md §8.8). The main thread only sends control messages and draws UI.
 */
import { type Remote, transfer, wrap } from 'comlink';
import {
  chooseTransport,
  createLane,
  createWeightsChannel,
  laneTransferables,
  type Transport,
  weightsTransferables,
} from '../channels/index.js';
import { defaultRolloutWorkers, offscreenCanvasSupported, probeWebGpu } from './capabilities.js';
import {
  type Capabilities,
  DEFAULT_HYPERPARAMETERS,
  DEFAULT_SHOW_STATE,
  type DrillEpisodeEndDetail,
  type DrillErrorDetail,
  type DrillGoalDetail,
  type DrillHyperChangeDetail,
  type DrillPolicySwapDetail,
  type DrillTrainDetail,
  type ErrorCode,
  type ErrorSource,
  type Hyperparameters,
  PROTOCOL_VERSION,
  type RenderWorkerApi,
  type RolloutWorkerApi,
  type RuntimeState,
  type TrainerTelemetry,
  type TrainerWorkerApi,
  type WorkerApi,
  type WorkerInit,
  type WorkerRole,
  type WorkerStatus,
} from './protocol.js';
import { type EnvShape, type RunLayout, runLayout } from './run-layout.js';
import { getWorkerScript } from './worker-script.js';
import { type SpawnedWorker, spawnWorker } from './worker-spawn.js';

export interface RuntimeOptions {
  /** Rollout workers; default all cores but two, at least one, at most eight. */
  readonly rolloutWorkers?: number;
  /** Force the transfer transport even where shared memory works (comparisons, tests). */
  readonly transport?: Transport | 'auto';
  /** Where the workers' script lives; default: the configured drill.js. */
  readonly workerScript?: string | URL;
}

/** Events the runtime dispatches (elements turn them into drill-* events). */
export interface RuntimeEventDetails {
  ready: Capabilities;
  state: RuntimeState;
  error: DrillErrorDetail;
  telemetry: TrainerTelemetry;
  goal: DrillGoalDetail;
  'episode-end': DrillEpisodeEndDetail;
  'policy-swap': DrillPolicySwapDetail;
  'train-start': DrillTrainDetail;
  'train-stop': DrillTrainDetail;
  'hyper-change': DrillHyperChangeDetail;
}

export type RuntimeEventType = keyof RuntimeEventDetails;

export const RUNTIME_EVENT_TYPES: readonly RuntimeEventType[] = ['ready', 'state', 'error', 'telemetry', 'goal', 'episode-end', 'policy-swap', 'train-start', 'train-stop', 'hyper-change'];

/** Longest a worker may take to start and answer its init call. */
const WORKER_START_TIMEOUT_MS = 20_000;

/** Placeholder shape until the soccer env provides its own (obs size, 30 actions). */
const ENV_SHAPE: EnvShape = { obsSize: 32, actionCount: 30 };

interface WorkerSlot<Api extends WorkerApi> {
  readonly spawned: SpawnedWorker;
  readonly api: Remote<Api>;
}

export class DrillRuntime extends EventTarget {
  private startPromise: Promise<Capabilities> | null = null;
  private caps: Capabilities | null = null;
  private workers: WorkerSlot<WorkerApi>[] = [];
  private disposedFlag = false;
  private latestTelemetry: TrainerTelemetry | null = null;
  private currentState: RuntimeState;

  constructor(readonly name: string, private readonly options: RuntimeOptions = {}) {
    super();
    this.currentState = {
      training: false,
      show: DEFAULT_SHOW_STATE,
      hyper: DEFAULT_HYPERPARAMETERS,
      workerCount: 0,
    };
  }

  /** Capabilities once the runtime has started, else null. */
  get capabilities(): Capabilities | null {
    return this.caps ? { ...this.caps, workerCount: this.workerCount } : null;
  }

  get state(): RuntimeState {
    return this.currentState;
  }

  /** Workers running now. */
  get workerCount(): number {
    return this.workers.filter((w) => !w.spawned.terminated).length;
  }

  get disposed(): boolean {
    return this.disposedFlag;
  }

  get hyperparameters(): Readonly<Hyperparameters> {
    return this.currentState.hyper;
  }

  /** Starts the workers (once); resolves with the capabilities. */
  start(): Promise<Capabilities> {
    if (this.disposedFlag) return Promise.reject(new Error(`drill: runtime '${this.name}' was disposed`));
    this.startPromise ??= this.boot().catch((error: Error) => {
      this.reportError('worker-start-failed', 'runtime', `${error.message} The match cannot start; check the console and the URL of drill.js, then reload.`, false);
      throw error;
    });
    return this.startPromise;
  }

  get started(): boolean {
    return this.startPromise !== null;
  }

  /** Status of every worker (diagnostics and tests). */
  async workerStatus(): Promise<WorkerStatus[]> {
    return Promise.all(this.workers.filter((w) => !w.spawned.terminated).map((w) => w.api.status()));
  }

  /** Terminates every worker and forgets every listener. Idempotent. */
  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    for (const slot of this.workers) slot.spawned.terminate();
    this.workers = [];
    this.setState({ workerCount: 0 });
  }

  /** Reports a problem: an `error` event for the elements, and one console message saying what to do. */
  reportError(code: ErrorCode, source: ErrorSource, message: string, recovered: boolean): DrillErrorDetail {
    const detail: DrillErrorDetail = { code, source, message, recovered };
    console.error(`drill (${source}, ${code}): ${message}`);
    this.emit('error', detail);
    return detail;
  }

  /** The latest telemetry sample from the trainer, or null before the first. */
  get telemetry(): TrainerTelemetry | null {
    return this.latestTelemetry;
  }

  protected emit<K extends keyof RuntimeEventDetails>(type: K, detail: RuntimeEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private setState(patch: Partial<RuntimeState>): void {
    this.currentState = { ...this.currentState, ...patch };
    this.emit('state', this.currentState);
  }

  private async boot(): Promise<Capabilities> {
    const transport = chooseTransport(this.options.transport ?? 'auto');
    const rolloutWorkers = this.options.rolloutWorkers ?? defaultRolloutWorkers();
    if (!Number.isInteger(rolloutWorkers) || rolloutWorkers < 1 || rolloutWorkers > 64) {
      throw new RangeError(`rolloutWorkers must be an integer in 1…64, got ${rolloutWorkers}`);
    }
    const webgpu = probeWebGpu();
    const layout = runLayout(this.currentState.hyper, ENV_SHAPE, rolloutWorkers);
    await this.spawnAll(transport, layout);
    if (this.disposedFlag) throw new Error(`runtime '${this.name}' was disposed while starting`);
    const gpu = await webgpu;
    this.caps = {
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      transport,
      webgpu: gpu.adapter,
      webgpuUnavailableReason: gpu.reason,
      offscreenCanvas: offscreenCanvasSupported(),
      hardwareConcurrency: navigator.hardwareConcurrency ?? 1,
      rolloutWorkers,
      workerCount: this.workerCount,
    };
    this.setState({ workerCount: this.workerCount });
    this.emit('ready', this.capabilities!);
    return this.capabilities!;
  }

  private async spawnAll(transport: Transport, layout: RunLayout): Promise<void> {
    const lanes = Array.from({ length: layout.rolloutWorkers }, () => createLane({ descriptor: layout.channel, capacity: layout.laneCapacity }, transport));
    const weights = createWeightsChannel(layout.weights, transport, 1 + layout.rolloutWorkers);
    const init = (role: WorkerRole, index: number): WorkerInit => ({
      role,
      index,
      protocolVersion: PROTOCOL_VERSION,
      transport,
      network: layout.network,
      channel: layout.channel,
      weights: layout.weights,
    });

    const render = this.spawn<RenderWorkerApi>('render', 0);
    const trainer = this.spawn<TrainerWorkerApi>('trainer', 0);
    const rollouts = lanes.map((_, i) => this.spawn<RolloutWorkerApi>('rollout', i));
    const consumers = lanes.map((lane) => lane.consumer);
    await Promise.all([
      this.initWorker(render, render.api.init(init('render', 0), transfer(weights.readers[0]!, weightsTransferables(weights.readers[0]!)))),
      this.initWorker(trainer, trainer.api.init(init('trainer', 0), transfer(consumers, consumers.flatMap(laneTransferables)), transfer(weights.publisher, weightsTransferables(weights.publisher)))),
      ...rollouts.map((slot, i) => {
        const reader = weights.readers[1 + i]!;
        const lane = lanes[i]!.producer;
        return this.initWorker(slot, slot.api.init(init('rollout', i), transfer(lane, laneTransferables(lane)), transfer(reader, weightsTransferables(reader))));
      }),
    ]);
  }

  private spawn<Api extends WorkerApi>(role: WorkerRole, index: number): WorkerSlot<Api> {
    const spawned = spawnWorker(new URL(this.options.workerScript ?? getWorkerScript(), globalThis.location?.href), role, index);
    const slot: WorkerSlot<Api> = { spawned, api: wrap<Api>(spawned.worker) };
    spawned.worker.addEventListener('error', (event) => this.onWorkerError(slot, event));
    this.workers.push(slot as unknown as WorkerSlot<WorkerApi>);
    return slot;
  }

  private async initWorker(slot: WorkerSlot<WorkerApi>, call: Promise<void>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const what = `${slot.spawned.role} worker ${slot.spawned.index}`;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the ${what} did not start within ${WORKER_START_TIMEOUT_MS / 1000} s.`)), WORKER_START_TIMEOUT_MS);
    });
    const failed = new Promise<never>((_, reject) => {
      slot.spawned.worker.addEventListener('error', (event) => reject(new Error(`the ${what} failed to load (${event.message || 'no message; is the worker script reachable and served as JavaScript?'}).`)), { once: true });
    });
    try {
      await Promise.race([call, timeout, failed]);
    } finally {
      clearTimeout(timer);
    }
  }

  private onWorkerError(slot: WorkerSlot<WorkerApi>, event: ErrorEvent): void {
    if (this.disposedFlag || !this.startPromise || !this.caps) return;
    event.preventDefault();
    slot.spawned.terminate();
    this.setState({ workerCount: this.workerCount });
    this.reportError('worker-crashed', slot.spawned.role, `the ${slot.spawned.role} worker ${slot.spawned.index} stopped: ${event.message || 'unknown error'}. The other workers go on; reset the runtime to restart it.`, true);
  }
}
