/**
 * The runtime: one per page (or per `runtime="name"`), shared by every
 * `drill-*` element. It owns the workers, the channels between them, the
 * show and training state; elements call it and reflect what it reports
 * (DESIGN.md §8.8). The main thread only sends control messages and draws UI.
 *
 * Workers: one render worker (the show match) for the runtime's lifetime, and
 * a training crew — the trainer and N rollout workers — built for one run
 * layout. A reset that changes sizes (envs, hidden layers, T) replaces the
 * crew and its channels; the show carries on and reconnects to the new
 * weights.
 */
import { proxy, type Remote, transfer, wrap } from 'comlink';
import {
  chooseTransport,
  createLane,
  createWeightsChannel,
  laneTransferables,
  type Transport,
  weightsTransferables,
} from '../channels/index.js';
import { defaultRolloutWorkers, offscreenCanvasSupported, probeWebGpu } from './capabilities.js';
import { DEFAULT_ENV_ID, envDefinition, hasShow } from './envs.js';
import { decodeModel, encodeModel, type Model, MODEL_FILE_EXTENSION, ModelFileError, type ModelHeader } from './model-file.js';
import { ModelStore } from './model-store.js';
import {
  type CanvasSize,
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
  type FrameStats,
  HYPERPARAMETERS,
  type HyperName,
  type Hyperparameters,
  type PointerPhase,
  PROTOCOL_VERSION,
  type RenderWorkerApi,
  type RolloutWorkerApi,
  type RuntimeState,
  type ShowSettings,
  type ShowState,
  type TrainerTelemetry,
  type TrainerWorkerApi,
  type TrainingOptions,
  validateHyper,
  validateShowSetting,
  type WeightsSnapshot,
  type WorkerApi,
  type WorkerInit,
  type WorkerRole,
  type WorkerStatus,
} from './protocol.js';
import { NETWORK_ACTIVATION, type RunLayout, runLayout } from './run-layout.js';
import { getWorkerScript } from './worker-script.js';
import { type SpawnedWorker, spawnWorker } from './worker-spawn.js';

export interface RuntimeOptions {
  /** Rollout workers; default all cores but two, at least one, at most eight. */
  readonly rolloutWorkers?: number;
  /** Force the transfer transport even where shared memory works (comparisons, tests). */
  readonly transport?: Transport | 'auto';
  /** Where the workers' script lives; default: the configured drill.js. */
  readonly workerScript?: string | URL;
  /** Initial hyperparameters (validated). */
  readonly hyper?: Partial<Hyperparameters>;
  /** The drill to run (src/runtime/envs.ts); default soccer. */
  readonly envId?: string;
  /** Keep the weights in this browser and start from them next time (see DrillRuntime.autosave). */
  readonly autosave?: boolean;
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
/** How often autosave writes the weights while training. */
const AUTOSAVE_MS = 30_000;

/** Hyperparameters that size the run: changing one needs a new crew and new channels. */
const LAYOUT_HYPER: readonly HyperName[] = ['envs', 'hidden', 'steps'];

interface WorkerSlot<Api extends WorkerApi> {
  readonly spawned: SpawnedWorker;
  readonly api: Remote<Api>;
}

/** The trainer and rollout workers of one run layout. */
interface Crew {
  readonly layout: RunLayout;
  readonly trainer: WorkerSlot<TrainerWorkerApi>;
  readonly rollouts: WorkerSlot<RolloutWorkerApi>[];
  /** Hyperparameters this crew was built with (reset-only ones are fixed for its life). */
  readonly hyper: Readonly<Hyperparameters>;
}

export class DrillRuntime extends EventTarget {
  private startPromise: Promise<Capabilities> | null = null;
  private caps: Capabilities | null = null;
  private workers: WorkerSlot<WorkerApi>[] = [];
  private render: WorkerSlot<RenderWorkerApi> | null = null;
  private crew: Crew | null = null;
  private disposedFlag = false;
  private latestTelemetry: TrainerTelemetry | null = null;
  private currentState: RuntimeState;
  private transport: Transport | null = null;
  private nextCanvasId = 1;
  /** Show resets sent to the render worker and not yet answered (its state reports meanwhile describe the match before). */
  private showResetsInFlight = 0;
  private runOptions: TrainingOptions = { deterministic: false };
  /** Serialises training commands so a stop never overtakes a start. */
  private commands: Promise<unknown> = Promise.resolve();
  private modelStore: ModelStore | null = null;
  private autosaveTimer: ReturnType<typeof setInterval> | undefined;
  /** The policy version autosave wrote last. */
  private savedVersion = 0;
  private autosaveFailed = false;
  /** A save is under way (the timer, a stop and a hidden page can all ask at once). */
  private autosaving = false;
  /** Autosave restores once per runtime, at the start. */
  private restoreTried = false;
  /** The weights came from a model file (imported or restored) and have not been reset since. */
  private modelLoaded = false;
  private readonly envId: string;
  private readonly onVisibility = (): void => {
    const hidden = document.visibilityState === 'hidden';
    void this.render?.api.setVisible(!hidden);
    // A page being hidden may be closing: save what has been learned since the last autosave.
    if (hidden) void this.autosaveNow();
  };

  constructor(readonly name: string, private readonly options: RuntimeOptions = {}) {
    super();
    this.envId = options.envId ?? DEFAULT_ENV_ID;
    envDefinition(this.envId);
    const hyper = { ...DEFAULT_HYPERPARAMETERS };
    for (const [key, value] of Object.entries(options.hyper ?? {})) {
      (hyper as Record<string, unknown>)[key] = validateHyper(key as HyperName, value);
    }
    this.currentState = { training: false, show: DEFAULT_SHOW_STATE, hyper, applied: null, pendingReset: [], workerCount: 0 };
    if (options.autosave) this.autosave = true;
  }

  // ── State ──────────────────────────────────────────────────────────────

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

  get started(): boolean {
    return this.startPromise !== null;
  }

  /** The latest telemetry sample from the trainer, or null before the first. */
  get telemetry(): TrainerTelemetry | null {
    return this.latestTelemetry;
  }

  // ── Life cycle ─────────────────────────────────────────────────────────

  /** Starts the workers (once); resolves with the capabilities. */
  start(): Promise<Capabilities> {
    if (this.disposedFlag) return Promise.reject(new Error(`drill: runtime '${this.name}' was disposed`));
    this.startPromise ??= this.boot().catch((error: Error) => {
      this.reportError('worker-start-failed', 'runtime', `${error.message} The match cannot start; check the console and the URL of drill.js, then reload.`, false);
      throw error;
    });
    return this.startPromise;
  }

  /** Status of every worker (diagnostics and tests). */
  async workerStatus(): Promise<WorkerStatus[]> {
    return Promise.all(this.workers.filter((w) => !w.spawned.terminated).map((w) => w.api.status()));
  }

  /** Terminates every worker and forgets every listener. Idempotent. */
  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    globalThis.document?.removeEventListener('visibilitychange', this.onVisibility);
    clearInterval(this.autosaveTimer);
    for (const slot of this.workers) slot.spawned.terminate();
    this.workers = [];
    this.render = null;
    this.crew = null;
    this.setState({ workerCount: 0, training: false });
  }

  /** Reports a problem: an `error` event for the elements, and one console message saying what to do. */
  reportError(code: ErrorCode, source: ErrorSource, message: string, recovered: boolean): DrillErrorDetail {
    const detail: DrillErrorDetail = { code, source, message, recovered };
    console.error(`drill (${source}, ${code}): ${message}`);
    this.emit('error', detail);
    return detail;
  }

  // ── The show ───────────────────────────────────────────────────────────

  /** Changes show settings; each value is validated (RangeError saying what is allowed). */
  setShow(patch: Partial<ShowSettings>): void {
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) clean[key] = validateShowSetting(key as keyof ShowSettings, value);
    this.setState({ show: { ...this.currentState.show, ...clean } });
    void this.whenRendering((render) => render.configure(clean as Partial<ShowSettings>));
  }

  /** Runs one tick of the show and pauses it. */
  stepShow(): void {
    if (!this.currentState.show.paused) this.setShow({ paused: true });
    void this.whenRendering((render) => render.step());
  }

  /** A new match (score 0–0), from `seed` or a fresh one. */
  resetShow(seed?: number): void {
    const next = seed === undefined ? (this.currentState.show.seed + 1) >>> 0 : validateShowSetting('seed', seed);
    this.setState({ show: { ...this.currentState.show, seed: next, score: [0, 0], tick: 0 } });
    this.showResetsInFlight++;
    void this.whenRendering((render) => render.reset(next)).finally(() => this.showResetsInFlight--);
  }

  /** Gives the render worker a canvas to draw the show on; returns its id. */
  async attachCanvas(canvas: OffscreenCanvas, size: CanvasSize): Promise<number> {
    const id = this.nextCanvasId++;
    await this.whenRendering((render) => render.attachCanvas(id, transfer(canvas, [canvas]), size));
    return id;
  }

  resizeCanvas(id: number, size: CanvasSize): void {
    void this.whenRendering((render) => render.resizeCanvas(id, size));
  }

  detachCanvas(id: number): void {
    void this.whenRendering((render) => render.detachCanvas(id));
  }

  /** Whether canvas `id` is on screen: the show draws (and runs) only while one of its canvases is. */
  setCanvasVisible(id: number, visible: boolean): void {
    void this.whenRendering((render) => render.setCanvasVisible(id, visible));
  }

  /** The render worker's remote API, once started (diagnostics and tests; pages use the methods above). */
  async renderWorker(): Promise<Remote<RenderWorkerApi> | undefined> {
    return this.whenRendering((render) => render);
  }

  /** The human player's held controls (src/show/human-input.ts bits). */
  setHumanInput(bits: number): void {
    void this.whenRendering((render) => render.setInput(bits));
  }

  /** Sandbox drag on canvas `id` (CSS pixels). */
  pointer(id: number, phase: PointerPhase, x: number, y: number): void {
    void this.whenRendering((render) => render.pointer(id, phase, x, y));
  }

  /** Frame statistics of the show loop (benchmarks). */
  async frameStats(reset = false): Promise<FrameStats> {
    return (await this.whenRendering((render) => render.frameStats(reset))) ?? { intervals: [], work: [] };
  }

  // ── Training ───────────────────────────────────────────────────────────

  /** Starts (or resumes) training; the weights are kept. */
  train(options: Partial<TrainingOptions> = {}): Promise<void> {
    return this.command(() => this.startTraining({ deterministic: options.deterministic ?? false, ...(options.stopAfterUpdates !== undefined ? { stopAfterUpdates: options.stopAfterUpdates } : {}) }));
  }

  /** Stops training; the weights stay and the show keeps playing with them. */
  stopTraining(): Promise<void> {
    return this.command(async () => {
      if (!this.currentState.training) return;
      const crew = this.crew;
      this.setState({ training: false });
      if (crew) await this.stopCrew(crew);
      this.emit('train-stop', { hyper: this.currentState.hyper });
      void this.autosaveNow();
    });
  }

  get hyperparameters(): Readonly<Hyperparameters> {
    return this.currentState.hyper;
  }

  /**
   * Sets one hyperparameter (validated; RangeError saying what is allowed).
   * Live ones apply at once with the weights kept; reset-only ones wait for
   * resetTraining().
   */
  setHyper<K extends HyperName>(name: K, value: Hyperparameters[K] | string): void {
    const clean = validateHyper(name, value);
    const hyper = { ...this.currentState.hyper, [name]: clean };
    const apply = HYPERPARAMETERS[name].apply;
    this.setState({ hyper, pendingReset: this.pendingResetOf(hyper) });
    const crew = this.crew;
    if (apply === 'live' && crew) {
      this.crew = { ...crew, hyper: { ...crew.hyper, [name]: clean } };
      this.setState({ applied: this.crew.hyper });
      void crew.trainer.api.setHyper({ [name]: clean });
      if (name === 'gamma') for (const r of crew.rollouts) void r.api.setGamma(clean as number);
    }
    this.emit('hyper-change', { name, value: clean, apply });
  }

  /**
   * Starts learning from scratch with the hyperparameters as set: new
   * weights from the seed; new workers and channels if a size changed.
   * Training resumes if it was running.
   */
  resetTraining(): Promise<void> {
    return this.command(async () => {
      await this.start();
      await this.resetRun();
      this.modelLoaded = false;
    });
  }

  /**
   * Applies reset-only values that wait, with a reset, if nothing would be
   * lost: not training and nothing learned (checked when the command runs,
   * after any restore queued before it). Elements call it for the run size
   * their attributes asked for.
   */
  resetIfNothingLearned(): Promise<void> {
    return this.command(async () => {
      await this.start();
      if (this.currentState.pendingReset.length === 0 || this.currentState.training || this.hasLearned) return;
      await this.resetRun();
    });
  }

  /**
   * Whether the weights hold something worth keeping: updates since the last
   * reset, or a model loaded (imported or restored). Elements apply their
   * run-size attributes with a reset only while this is false.
   */
  get hasLearned(): boolean {
    return this.modelLoaded || (this.telemetry?.updates ?? 0) > 0;
  }

  // ── Models: export, import, autosave ───────────────────────────────────

  /**
   * The weights the show plays with now (the latest published) as a model
   * file (src/runtime/model-file.ts), to save and import later.
   */
  async exportModel(): Promise<Blob> {
    return this.modelFile(await this.snapshot());
  }

  /**
   * Starts a new run from a model file's weights, as resetTraining() does
   * from the seed (training resumes if it was running; the hidden layers
   * follow the model's). A file that is not a model of this drill is
   * refused with drill-error `model-file-invalid` and a rejected promise;
   * the weights in use stay.
   */
  importModel(file: Blob | ArrayBuffer): Promise<ModelHeader> {
    let header: ModelHeader | null = null;
    return this.command(async () => {
      const model = await this.readModel(file);
      await this.start();
      await this.startFrom(model);
      header = model.header;
    }).then(() => header!);
  }

  /**
   * Autosave: while on, the weights are saved in this browser (OPFS) every
   * AUTOSAVE_MS, when training stops and when the page is hidden (when it
   * changed since the last save); a runtime that
   * starts with it on begins from the saved model. Set it before the
   * workers start for the restore (the elements' `autosave` attribute does).
   */
  get autosave(): boolean {
    return this.modelStore !== null;
  }

  set autosave(on: boolean) {
    if (on === this.autosave) return;
    if (on && !ModelStore.supported) {
      this.reportError('storage-failed', 'storage', 'Autosave is off: this browser has no origin private file system (OPFS). Use Save model to keep the weights.', true);
      return;
    }
    this.modelStore = on ? new ModelStore(this.name) : null;
    clearInterval(this.autosaveTimer);
    this.autosaveTimer = on ? setInterval(() => void this.autosaveNow(), AUTOSAVE_MS) : undefined;
    // Turned on after the workers started (another element started them first): restore while nothing has been learned.
    if (on && this.startPromise) {
      void this.command(async () => {
        await this.start();
        if (!this.currentState.training && !this.hasLearned) await this.restoreAutosaved();
      }).catch(() => undefined);
    }
  }

  /** Forgets the model autosave keeps for this page and runtime. */
  async clearSavedModel(): Promise<void> {
    await new ModelStore(this.name).remove();
    this.savedVersion = 0;
  }

  /** The latest published weights and their version. */
  async snapshot(): Promise<WeightsSnapshot> {
    let snapshot: WeightsSnapshot | null = null;
    // A command, so that a reset cannot replace the trainer while it answers (a call to a terminated worker never returns).
    await this.command(async () => {
      await this.start();
      const { trainer } = this.requireCrew();
      if (trainer.spawned.terminated) throw new Error('the trainer worker has stopped; reset training to start a new one');
      snapshot = await trainer.api.snapshot();
    });
    return snapshot!;
  }

  /** The current run layout (network, channel sizes, workers). */
  get layout(): RunLayout | null {
    return this.crew?.layout ?? null;
  }

  // ── Internals ──────────────────────────────────────────────────────────

  protected emit<K extends keyof RuntimeEventDetails>(type: K, detail: RuntimeEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private setState(patch: Partial<RuntimeState>): void {
    this.currentState = { ...this.currentState, ...patch };
    this.emit('state', this.currentState);
  }

  private pendingResetOf(hyper: Hyperparameters): HyperName[] {
    const running = this.crew?.hyper;
    if (!running) return [];
    return (Object.keys(HYPERPARAMETERS) as HyperName[]).filter(
      (name) => HYPERPARAMETERS[name].apply === 'reset' && JSON.stringify(hyper[name]) !== JSON.stringify(running[name]),
    );
  }

  /** resetTraining's work; `load` puts other weights in before training resumes. */
  private async resetRun(load?: (crew: Crew) => Promise<void>): Promise<void> {
    const wasTraining = this.currentState.training;
    try {
      await this.rebuildRun(load);
    } catch (error) {
      // The workers were stopped on the way: say so, so that train() starts them again.
      this.setState({ training: false });
      throw error;
    }
    if (wasTraining) await this.startTraining(this.runOptions);
  }

  private async rebuildRun(load?: (crew: Crew) => Promise<void>): Promise<void> {
    const crew = this.requireCrew();
    const lostWorker = [crew.trainer, ...crew.rollouts].some((slot) => slot.spawned.terminated);
    if (lostWorker || this.currentState.pendingReset.some((name) => LAYOUT_HYPER.includes(name))) {
      await this.replaceCrew();
    } else {
      if (this.currentState.training) await this.stopCrew(crew);
      await crew.trainer.api.setHyper(this.currentState.hyper);
      await crew.trainer.api.resetTraining(this.currentState.hyper.seed);
      this.crew = { ...crew, hyper: this.currentState.hyper };
      this.setState({ applied: this.crew.hyper });
    }
    if (load) await load(this.requireCrew());
    this.latestTelemetry = null;
    this.setState({ pendingReset: [], training: false });
  }

  private async stopCrew(crew: Crew): Promise<void> {
    await Promise.all([crew.trainer.api.stop(), ...crew.rollouts.map((r) => r.api.stop())]);
  }

  /** A new run from `model`'s weights (the hidden layers follow the model). */
  private async startFrom(model: Model): Promise<void> {
    const before = this.currentState.hyper;
    const hidden = [...model.header.network.hidden];
    if (hidden.join(',') !== before.hidden.join(',')) {
      const hyper = { ...before, hidden };
      this.setState({ hyper, pendingReset: this.pendingResetOf(hyper) });
    }
    try {
      await this.resetRun((crew) => crew.trainer.api.loadParams(transfer(model.params, [model.params.buffer]), model.header.policyVersion));
    } catch (error) {
      this.setState({ hyper: before, pendingReset: this.pendingResetOf(before) });
      throw error;
    }
    this.modelLoaded = true;
  }

  /** At start, with autosave on: begin from the model saved in this browser, if there is a usable one. */
  private async restoreAutosaved(): Promise<void> {
    const store = this.modelStore;
    if (!store || this.restoreTried) return;
    this.restoreTried = true;
    try {
      const saved = await store.read();
      if (!saved) return;
      const model = await this.readModel(saved, true);
      await this.startFrom(model);
      this.savedVersion = model.header.policyVersion;
    } catch (error) {
      // Only a file that is not a usable model is forgotten; a read that failed (another tab writing) or a failed load keeps it for next time.
      if (error instanceof ModelFileError) await store.remove().catch(() => undefined);
      else this.reportError('storage-failed', 'storage', `The saved model could not be loaded (${(error as Error).message}); starting from new weights. It is kept for next time.`, true);
    }
  }

  private modelFile({ params, policyVersion }: WeightsSnapshot): Blob {
    const { id, version } = envDefinition(this.envId).info;
    const header: ModelHeader = { env: { id, version }, network: this.requireCrew().layout.network, policyVersion, savedAt: new Date().toISOString() };
    return new Blob([encodeModel({ header, params })], { type: 'application/octet-stream' });
  }

  private async autosaveNow(): Promise<void> {
    const store = this.modelStore;
    // Untrained weights are not worth a save: they would only replace a model kept from before.
    if (!store || !this.crew || this.disposedFlag || this.autosaving || !this.hasLearned) return;
    this.autosaving = true;
    try {
      const snapshot = await this.snapshot();
      if (snapshot.policyVersion === this.savedVersion) return;
      await store.write(this.modelFile(snapshot));
      this.savedVersion = snapshot.policyVersion;
      this.autosaveFailed = false;
    } catch (error) {
      if (this.disposedFlag) return;
      // One report per spell of failures: a full disk fails every time.
      if (!this.autosaveFailed) this.reportError('storage-failed', 'storage', `Autosave failed (${(error as Error).message}); training goes on. Free some storage or use Save model.`, true);
      this.autosaveFailed = true;
    } finally {
      this.autosaving = false;
    }
  }

  /** Decodes a model file and checks it fits this drill; reports and throws a ModelFileError if not. */
  private async readModel(file: Blob | ArrayBuffer, fromAutosave = false): Promise<Model> {
    try {
      const model = decodeModel(file instanceof ArrayBuffer ? file : await file.arrayBuffer());
      const env = envDefinition(this.envId).info;
      const { id, version } = model.header.env;
      if (id !== env.id || version !== env.version) throw new ModelFileError(`it was trained on ${id} version ${version}; this runtime runs ${env.id} version ${env.version}`);
      const { obsSize, actionCount, activation, hidden } = model.header.network;
      if (obsSize !== env.obsSize || actionCount !== env.actionCount) throw new ModelFileError(`its network takes ${obsSize} observations and ${actionCount} actions; ${env.id} has ${env.obsSize} and ${env.actionCount}`);
      if (activation !== NETWORK_ACTIVATION) throw new ModelFileError(`its network uses ${activation}; drill's uses ${NETWORK_ACTIVATION}`);
      try {
        validateHyper('hidden', hidden);
      } catch (error) {
        throw new ModelFileError(`its hidden layers do not fit: ${(error as Error).message}`);
      }
      return model;
    } catch (error) {
      const reason = error instanceof ModelFileError ? error.message : `it could not be read (${(error as Error).message})`;
      const message = fromAutosave
        ? `The model saved in this browser was not loaded: ${reason}. Starting from new weights.`
        : `Model not loaded: ${reason}. The weights in use stay; choose a ${MODEL_FILE_EXTENSION} file exported from drill.`;
      this.reportError('model-file-invalid', 'storage', message, true);
      throw error instanceof ModelFileError ? error : new ModelFileError(reason);
    }
  }

  private command(run: () => Promise<void>): Promise<void> {
    const next = this.commands.then(run, run);
    this.commands = next.catch(() => undefined);
    return next;
  }

  private async startTraining(run: TrainingOptions): Promise<void> {
    if (this.currentState.training) return;
    await this.start();
    const crew = this.requireCrew();
    const rollouts = run.deterministic ? crew.rollouts.slice(0, 1) : crew.rollouts;
    this.runOptions = run;
    await crew.trainer.api.start(run);
    await Promise.all(rollouts.filter((r) => !r.spawned.terminated).map((r) => r.api.start({ ...run, seed: crew.hyper.seed })));
    this.setState({ training: true });
    this.emit('train-start', { hyper: this.currentState.hyper });
  }

  private requireCrew(): Crew {
    if (!this.crew) throw new Error(`drill: runtime '${this.name}' has no trainer (it was disposed, or its start failed)`);
    return this.crew;
  }

  /**
   * Calls the render worker once it is up; resolves undefined if the runtime
   * never gets one. Before start() nothing is called (and nothing starts: a
   * lazy arena's settings must not start the workers): the render worker
   * takes the show's settings and seed from the state when it starts.
   */
  private async whenRendering<T>(call: (render: Remote<RenderWorkerApi>) => Promise<T> | T): Promise<T | undefined> {
    if (!this.startPromise) return undefined;
    try {
      await this.start();
    } catch {
      return undefined;
    }
    const render = this.render;
    if (!render || render.spawned.terminated) return undefined;
    return call(render.api);
  }

  private init(role: WorkerRole, index: number, layout: RunLayout, hyper: Readonly<Hyperparameters>): WorkerInit {
    return {
      role,
      index,
      protocolVersion: PROTOCOL_VERSION,
      transport: this.transport!,
      envId: this.envId,
      network: layout.network,
      channel: layout.channel,
      weights: layout.weights,
      rolloutWorkers: layout.rolloutWorkers,
      hyper,
    };
  }

  private async boot(): Promise<Capabilities> {
    this.transport = chooseTransport(this.options.transport ?? 'auto');
    const rolloutWorkers = this.options.rolloutWorkers ?? defaultRolloutWorkers();
    if (!Number.isInteger(rolloutWorkers) || rolloutWorkers < 1 || rolloutWorkers > 64) {
      throw new RangeError(`rolloutWorkers must be an integer in 1…64, got ${rolloutWorkers}`);
    }
    const webgpu = probeWebGpu();
    if (hasShow(this.envId)) {
      this.render = this.spawn<RenderWorkerApi>('render', 0);
      // The match starts from a seed chosen before the start (configure, after init, brings the other settings).
      void this.render.api.reset(this.currentState.show.seed);
    }
    await this.buildCrew(rolloutWorkers);
    if (this.disposedFlag) throw new Error(`runtime '${this.name}' was disposed while starting`);
    await this.restoreAutosaved();
    globalThis.document?.addEventListener('visibilitychange', this.onVisibility);
    this.onVisibility();
    const gpu = await webgpu;
    this.caps = {
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      transport: this.transport,
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

  /** Builds the trainer, the rollout workers and their channels, and (re)connects the show to the new weights. */
  private async buildCrew(rolloutWorkers: number): Promise<void> {
    const hyper = this.currentState.hyper;
    const env = envDefinition(this.envId).info;
    const layout = runLayout(hyper, env, rolloutWorkers);
    const transport = this.transport!;
    const lanes = Array.from({ length: rolloutWorkers }, () => createLane({ descriptor: layout.channel, capacity: layout.laneCapacity }, transport));
    const weights = createWeightsChannel(layout.weights, transport, 1 + rolloutWorkers);
    const trainer = this.spawn<TrainerWorkerApi>('trainer', 0);
    const rollouts = lanes.map((_, i) => this.spawn<RolloutWorkerApi>('rollout', i));
    const consumers = lanes.map((lane) => lane.consumer);
    const render = this.render;
    const workerEvents = (source: ErrorSource) => proxy({ error: (detail: DrillErrorDetail) => this.reportError(detail.code, source, detail.message, detail.recovered) });

    // The trainer first: it publishes version 1, which the show and the rollout workers then find.
    await this.initWorker(trainer, trainer.api.init(
      this.init('trainer', 0, layout, hyper),
      transfer(consumers, consumers.flatMap(laneTransferables)),
      transfer(weights.publisher, weightsTransferables(weights.publisher)),
      proxy({
        error: (detail: DrillErrorDetail) => this.reportError(detail.code, 'trainer', detail.message, detail.recovered),
        telemetry: (sample: TrainerTelemetry) => this.onTelemetry(sample),
      }),
    ));
    const reader = weights.readers[0]!;
    await Promise.all([
      render && this.initWorker(render, render.api.init(this.init('render', 0, layout, hyper), transfer(reader, weightsTransferables(reader)), proxy({
        error: (detail: DrillErrorDetail) => this.reportError(detail.code, 'render', detail.message, detail.recovered),
        goal: (detail: DrillGoalDetail) => this.emit('goal', detail),
        episodeEnd: (detail: DrillEpisodeEndDetail) => this.emit('episode-end', detail),
        policySwap: (detail: DrillPolicySwapDetail) => this.emit('policy-swap', detail),
        // The runtime owns the settings (mode, speed, …); the worker reports what the match did,
        // except in a report sent before it received a reset: that one's match is over.
        state: ({ policyVersion, score, tick, seed }: ShowState) =>
          this.setState({ show: { ...this.currentState.show, policyVersion, ...(this.showResetsInFlight === 0 ? { score, tick, seed } : {}) } }),
      }))).then(() => render.api.configure(this.showSettings())),
      ...rollouts.map((slot, i) => {
        const lane = lanes[i]!.producer;
        const rolloutReader = weights.readers[1 + i]!;
        return this.initWorker(slot, slot.api.init(
          this.init('rollout', i, layout, hyper),
          transfer(lane, laneTransferables(lane)),
          transfer(rolloutReader, weightsTransferables(rolloutReader)),
          workerEvents('rollout'),
        ));
      }),
    ]);
    this.crew = { layout, trainer, rollouts, hyper };
    // Values set while the crew was being built: live ones go to it now, reset-only ones wait.
    const live = (Object.keys(HYPERPARAMETERS) as HyperName[]).filter(
      (name) => HYPERPARAMETERS[name].apply === 'live' && JSON.stringify(this.currentState.hyper[name]) !== JSON.stringify(hyper[name]),
    );
    if (live.length) {
      const changes = Object.fromEntries(live.map((name) => [name, this.currentState.hyper[name]])) as Partial<Hyperparameters>;
      await trainer.api.setHyper(changes);
      if (changes.gamma !== undefined) await Promise.all(rollouts.map((r) => r.api.setGamma(changes.gamma!)));
      this.crew = { ...this.crew, hyper: { ...hyper, ...changes } };
    }
    this.setState({ applied: this.crew.hyper, pendingReset: this.pendingResetOf(this.currentState.hyper) });
  }

  private async replaceCrew(): Promise<void> {
    const old = this.crew;
    if (old) {
      for (const slot of [old.trainer, ...old.rollouts]) slot.spawned.terminate();
      this.workers = this.workers.filter((w) => !w.spawned.terminated);
    }
    this.crew = null;
    await this.buildCrew(old?.layout.rolloutWorkers ?? defaultRolloutWorkers());
    this.setState({ workerCount: this.workerCount });
  }

  private showSettings(): ShowSettings {
    const { mode, speed, paused, opponent, swapIntervalMs } = this.currentState.show;
    return { mode, speed, paused, opponent, swapIntervalMs };
  }

  private onTelemetry(sample: TrainerTelemetry): void {
    this.latestTelemetry = sample;
    this.emit('telemetry', sample);
    // A run told to stop after K updates ends in the trainer; the rest of the crew follows.
    const limit = this.runOptions.stopAfterUpdates;
    if (limit !== undefined && !sample.training && sample.updates >= limit && this.currentState.training) void this.stopTraining();
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
    if (this.disposedFlag || !this.caps) return;
    event.preventDefault();
    slot.spawned.terminate();
    this.setState({ workerCount: this.workerCount });
    const role = slot.spawned.role;
    const consequence = role === 'render'
      ? 'The match display stopped; training goes on. Reload the page to see the match again.'
      : role === 'trainer'
        ? 'Training stopped; the show keeps playing the last published weights. Reset training to start a new trainer.'
        : 'Training goes on with the other rollout workers, more slowly; reset training to restore it.';
    if (role === 'trainer') this.setState({ training: false });
    this.reportError('worker-crashed', role, `the ${role} worker ${slot.spawned.index} stopped: ${event.message || 'unknown error'}. ${consequence}`, role !== 'trainer');
  }
}
