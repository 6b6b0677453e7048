/**
 * The runtime: one per page (or per `runtime="name"`), shared by every
 * `drill-*` element. It holds the state the elements reflect — and is its
 * only writer (decision 8) — and hands each job to one part:
 *
 * - the worker supervisor (worker-supervisor.ts): starts workers, deadlines,
 *   heartbeats, losses, crash budgets;
 * - training control (training-control.ts): the crew of the current run and
 *   the command queue;
 * - the show link (show-link.ts): the arena ↔ render worker relay;
 * - model persistence (model-persistence.ts) and autosave (autosave.ts).
 *
 * The main thread only sends control messages and draws UI.
 */
import { chooseTransport, type Transport } from '../channels/index.js';
import type { Capabilities } from '../contract/capabilities.js';
import type {
  DrillEpisodeEndDetail,
  DrillErrorDetail,
  DrillGoalDetail,
  DrillHyperChangeDetail,
  DrillPolicySwapDetail,
  DrillTrainDetail,
  ErrorCode,
  ErrorSource,
} from '../contract/events.js';
import { DEFAULT_HYPERPARAMETERS, type HyperName, type Hyperparameters, validateHyper } from '../contract/hyperparameters.js';
import type { RuntimeState, WorkerRole } from '../contract/runtime-state.js';
import { type CanvasSize, DEFAULT_SHOW_STATE, type FrameStats, type PointerPhase, type ShowSettings, validateShowSetting } from '../contract/show.js';
import { type ComputeSetting, type TrainerTelemetry, validateCompute } from '../contract/telemetry.js';
import type { TrainingOptions as LearnerTrainingOptions } from '../contract/training-options.js';
import { DEFAULT_TRAINING_OPTIONS } from '../rl/learner.js';
import { type CalibrationRequest, PROTOCOL_VERSION, type TrainingOptions, type WeightsSnapshot, type WorkerApi, type WorkerFault, type WorkerInit, type WorkerKind, type WorkerStatus } from '../contract/worker-api.js';
import type { Remote } from 'comlink';
import type { RenderWorkerFullApi } from '../show/show-inspection.js';
import { Autosave } from './autosave.js';
import { explainBlockedWorker, watchCspViolations } from './csp-violations.js';
import { offscreenCanvasSupported, probeWebGpu } from './capabilities.js';
import { cpuGateMode, type CpuGateMode, createCpuGateBuffer, setCpuGateMode } from '../channels/cpu-gate.js';
import { busyThreads, type GateContext, gateModeFor, threadBudget, validateMaxThreads } from './thread-budget.js';
import { chooseCrewSplit, measureWithProbe } from './crew-sizing.js';
import type { Crew } from './crew.js';
import type { DrillDefinition, DrillSource } from '../contract/drill.js';
import { DrillInvalidError } from '../drills/drill-check.js';
import { drillName, loadDrill } from '../drills/load-drill.js';
import { DEFAULT_ENV_ID, hasShow } from './envs.js';
import { encodeModel, type Model, type ModelHeader, type ModelInput } from './model-file.js';
import { ModelPersistence } from './model-persistence.js';
import { type RunLayout, runLayout } from './run-layout.js';
import { ShowLink } from './show-link.js';
import { fetchModelFile, type ModelSetting, shippedModel, validateModelSetting } from './start-model.js';
import { TrainingControl } from './training-control.js';
import { MAX_TRAINER_THREADS } from '../rl/parallel-gradients.js';
import { CALIBRATION_BUDGET_MS } from '../rl/crew-calibration.js';
import { getWorkerScript } from './worker-script.js';
import { scriptStarter, type SupervisedWorker, type SupervisorOptions, type WorkerLoss, WorkerSupervisor } from './worker-supervisor.js';

export interface RuntimeOptions {
  /** Rollout workers; default from the thread budget, split by measured rates where it can (src/runtime/crew-sizing.ts). Set, nothing is measured. */
  readonly rolloutWorkers?: number;
  /**
   * Threads the trainer computes each minibatch's gradient on (itself and
   * trainerThreads − 1 gradient helper workers), 1…16; default: the thread
   * budget's, split by measured rates where it can (src/runtime/crew-sizing.ts;
   * set, nothing is measured). Needs
   * shared memory: on a page without cross-origin isolation it is always 1.
   */
  readonly trainerThreads?: number;
  /** The most busy threads (trainer threads + rollout workers) the run may keep; 1: they take turns on one. Default: all cores but one, at most four. */
  readonly maxThreads?: number;
  /** Force the transfer transport even where shared memory works (comparisons, tests). */
  readonly transport?: Transport | 'auto';
  /** Where the workers' script lives; default: the configured drill.js. */
  readonly workerScript?: string | URL;
  /** Initial hyperparameters (validated). */
  readonly hyper?: Partial<Hyperparameters>;
  /** The built-in drill to run when no element names one (src/drills/built-in.ts); default soccer. */
  readonly envId?: string;
  /** A page's own drill module (absolute URL, or relative to the page) to run when no element names one; wins over `envId`. */
  readonly drillSrc?: string;
  /** Keep the weights in this browser and start from them next time (see DrillRuntime.autosave). */
  readonly autosave?: boolean;
  /** Where the trainer computes (validated): `auto` (default), `cpu` or `webgpu`. */
  readonly compute?: ComputeSetting;
  /** What plays before any training (see DrillRuntime.model); default `default`, the drill's shipped agent. */
  readonly model?: ModelSetting;
  /** Updates between the trainer's periodic greedy evaluations (telemetry `evaluation`); 0 turns them off. Default 25. */
  readonly evaluateEvery?: number;
  /** Heartbeat, deadline and crash-budget settings of the worker supervisor (tests). */
  readonly supervision?: SupervisorOptions;
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
  /** A new render worker runs: arenas hand it fresh canvases. */
  'show-restart': null;
}

export type RuntimeEventType = keyof RuntimeEventDetails;

export const RUNTIME_EVENT_TYPES: readonly RuntimeEventType[] = ['ready', 'state', 'error', 'telemetry', 'goal', 'episode-end', 'policy-swap', 'train-start', 'train-stop', 'hyper-change', 'show-restart'];

export class DrillRuntime extends EventTarget {
  readonly #supervisor: WorkerSupervisor;
  readonly #training: TrainingControl;
  readonly #show: ShowLink;
  readonly #models: ModelPersistence;
  readonly #autosave: Autosave;
  /** The drill asked for (by options, then by the first element that names one); loaded when the runtime starts. */
  #drillSource: DrillSource;
  /** Which member asked for the drill (null: the options). */
  #drillAskedBy: object | null = null;
  #drill: DrillDefinition | null = null;
  /** Hyperparameters set before the drill loaded: its recommendations do not override them. */
  readonly #hyperSetBefore = new Set<string>();
  /** A running check failed since the last train(): later reports of it are the same fault. */
  #drillBroken = false;
  #model: ModelSetting = 'default';
  /** Elements holding the runtime asleep until they are seen (lazy arenas out of view). */
  readonly #asleepHolds = new Set<object>();
  #startPromise: Promise<Capabilities> | null = null;
  #caps: Capabilities | null = null;
  #transport: Transport | null = null;
  /** The page's cap on busy threads (null: none); read when the workers start. */
  #maxThreads: number | null = null;
  /** Trainer threads of this run: the option, else the thread budget's (set at boot). */
  #trainerThreads = 1;
  /** The busy workers' CPU gate (shared memory only). */
  #cpuGate: SharedArrayBuffer | null = null;
  /** The gate's levers were set by hand (the cpuGate setter): the show no longer moves them. */
  #gateFixed = false;
  #state: RuntimeState;
  #disposed = false;
  /** Weights taken at disposal for autosave's last save (no worker is asked after disposal). */
  #finalWeights: WeightsSnapshot | null = null;
  #finalLayout: RunLayout | null = null;
  /** Console notices already given (a replacement trainer repeats them). */
  readonly #notices = new Set<string>();
  /** The trainer's last sample with the runtime's restart counts. */
  #telemetry: TrainerTelemetry | null = null;
  readonly #onVisibility = (): void => {
    const hidden = document.visibilityState === 'hidden';
    this.#show.setPageVisible(!hidden);
    // A page being hidden may be closing: save what has been learned since the last autosave.
    if (hidden) void this.#autosave.save();
  };

  constructor(readonly name: string, private readonly options: RuntimeOptions = {}) {
    super();
    this.#drillSource = options.drillSrc !== undefined ? { src: resolveDrillSrc(options.drillSrc) } : { id: options.envId ?? DEFAULT_ENV_ID };
    const hyper = { ...DEFAULT_HYPERPARAMETERS };
    for (const [key, value] of Object.entries(options.hyper ?? {})) {
      this.#hyperSetBefore.add(key);
      (hyper as Record<string, unknown>)[key] = validateHyper(key as HyperName, value);
    }
    this.#state = {
      training: false,
      show: DEFAULT_SHOW_STATE,
      hyper,
      applied: null,
      pendingReset: [],
      workerCount: 0,
      compute: options.compute === undefined ? 'auto' : validateCompute(options.compute),
      recovering: [],
      restarts: { render: 0, trainer: 0, rollout: 0 },
    };
    const script = () => new URL(options.workerScript ?? getWorkerScript(), globalThis.location?.href);
    this.#supervisor = new WorkerSupervisor(scriptStarter(script), (worker, loss) => this.#onWorkerLost(worker, loss), options.supervision);
    watchCspViolations();
    this.#supervisor.explainLoadFailure = () => explainBlockedWorker(script());
    this.#models = new ModelPersistence(() => this.#requireDrill().info, (message) => this.reportError('model-file-invalid', 'storage', message, true));
    const drillOf = () => this.#requireDrill();
    this.#training = new TrainingControl({
      supervisor: this.#supervisor,
      get envInfo() {
        return drillOf().info;
      },
      get trunk() {
        return drillOf().recommended?.trunk ?? 'shared';
      },
      state: () => this.#state,
      setState: (patch) => this.#setState(patch),
      start: () => this.start(),
      initFor: (role, index, layout, h) => this.#init(role, index, layout, h),
      connectShow: (crew) => this.#connectShow(crew),
      onTelemetry: (sample) => {
        this.#telemetry = { ...sample, restarts: this.#state.restarts };
        this.emit('telemetry', this.#telemetry);
      },
      reportError: (code, source, message, recovered) => {
        if (code === 'drill-invalid') {
          // Every rollout worker finds the same fault: one report, and training stops (the weights stay, the show goes on).
          if (this.#drillBroken) return;
          this.#drillBroken = true;
          void this.stopTraining().catch(() => undefined);
        }
        this.reportError(code, source, message, recovered);
      },
      emitTrainStart: (detail) => this.emit('train-start', detail),
      emitTrainStop: (detail) => this.emit('train-stop', detail),
      emitHyperChange: (detail) => this.emit('hyper-change', detail),
      onStopped: () => void this.#autosave.save(),
      onReplaced: (role) => this.#countRestart(role),
      notice: (message) => {
        if (this.#notices.has(message)) return;
        this.#notices.add(message);
        console.warn(message);
      },
    });
    this.#show = new ShowLink({
      supervisor: this.#supervisor,
      started: () => this.#startPromise ?? Promise.reject(new Error('not started')),
      initFor: (crew) => this.#init('render', 0, crew.layout, crew.hyper),
      settings: () => this.#showSettings(),
      seed: () => this.#state.show.seed,
      // The runtime keeps the settings; the worker reports what the match did.
      onReport: ({ policyVersion, score, tick, seed }) => this.#setState({ show: { ...this.#state.show, policyVersion, score, tick, seed } }),
      onGoal: (detail) => this.emit('goal', detail),
      onEpisodeEnd: (detail) => this.emit('episode-end', detail),
      onPolicySwap: (detail) => this.emit('policy-swap', detail),
      onError: (detail) => this.reportError(detail.code, 'render', detail.message, detail.recovered),
      onRestarted: () => this.emit('show-restart', null),
      onDrawingChanged: () => this.#applyGate(),
    });
    const training = this.#training;
    this.#autosave = new Autosave(name, {
      get hasLearned() {
        return training.hasLearned;
      },
      weights: async () => this.#finalWeights ?? this.#training.snapshot(),
      modelFile: (weights) => this.#models.file(weights, (this.#finalLayout ?? this.#requireLayout()).network, this.#trainingOptions()),
      restore: async (file) => {
        const model = await this.#models.read(file, 'autosave');
        await this.#training.startFrom(model);
        return model.header.policyVersion;
      },
      reportStorageError: (message) => this.reportError('storage-failed', 'storage', message, true),
    });
    if (options.autosave) this.autosave = true;
    if (options.maxThreads !== undefined) this.maxThreads = options.maxThreads;
    if (options.model !== undefined) this.#model = validateModelSetting(options.model);
    if (options.evaluateEvery !== undefined && (!Number.isInteger(options.evaluateEvery) || options.evaluateEvery < 0)) {
      throw new RangeError(`evaluateEvery must be a whole number of updates ≥ 0, got ${options.evaluateEvery}`);
    }
  }

  // ── State ──────────────────────────────────────────────────────────────

  /** Capabilities once the runtime has started, else null. */
  get capabilities(): Capabilities | null {
    return this.#caps ? { ...this.#caps, workerCount: this.workerCount, kernels: this.#telemetry?.kernels ?? null } : null;
  }

  get state(): RuntimeState {
    return this.#state;
  }

  /** Workers running now. */
  get workerCount(): number {
    return this.#supervisor.count;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  get started(): boolean {
    return this.#startPromise !== null;
  }

  /** The latest telemetry sample from the trainer, or null before the first. */
  get telemetry(): TrainerTelemetry | null {
    return this.#training.telemetry && this.#telemetry;
  }

  /** The drill this runtime runs, once started (its definition is loaded then); null before. */
  get drill(): DrillDefinition | null {
    return this.#drill;
  }

  /** The drill asked for: a built-in id or a module URL (known before it has loaded). */
  get drillSource(): DrillSource {
    return this.#drillSource;
  }

  /**
   * An element asks for a drill (its `drill` or `drill-src`; `src` relative
   * to the page). The first to ask names the runtime's drill, if the runtime
   * has not started on another; returns null when granted, else why not (the
   * element reports it as drill-error `drill-conflict`).
   */
  requestDrill(member: object, source: DrillSource): string | null {
    const asked: DrillSource = source.src !== undefined ? { src: resolveDrillSrc(source.src) } : source;
    const same = asked.id === this.#drillSource.id && asked.src === this.#drillSource.src;
    if (same) {
      this.#drillAskedBy ??= member;
      return null;
    }
    const current = drillName(this.#drillSource);
    if (this.#drillAskedBy !== null && this.#drillAskedBy !== member) {
      return `runtime '${this.name}' already runs the drill ${current}, asked for by another element; ${drillName(asked)} needs its own runtime (give this element another runtime="…")`;
    }
    if (this.#startPromise !== null) {
      return `runtime '${this.name}' has started on the drill ${current}; a drill is chosen before the workers start (set drill / drill-src before the element connects, or give it another runtime="…")`;
    }
    this.#drillSource = asked;
    this.#drillAskedBy = member;
    return null;
  }

  /** The current run layout (network, channel sizes, workers). */
  get layout(): RunLayout | null {
    return this.#training.layout;
  }

  // ── Life cycle ─────────────────────────────────────────────────────────

  /** Starts the workers (once); resolves with the capabilities. */
  start(): Promise<Capabilities> {
    if (this.#disposed) return Promise.reject(new Error(`drill: runtime '${this.name}' was disposed`));
    this.#startPromise ??= this.#boot().catch((error: Error) => {
      // Disposed while starting: nobody is left to tell.
      if (this.#disposed) throw error;
      if (error instanceof DrillInvalidError) {
        this.reportError('drill-invalid', 'runtime', `${error.message}. Nothing was started; fix the drill and reload.`, false);
        throw error;
      }
      this.reportError('worker-start-failed', 'runtime', `${error.message} The match cannot start; check the console and the URL of drill.js, then reload.`, false);
      throw error;
    });
    return this.#startPromise;
  }

  /**
   * A lazy element out of view holds the runtime asleep (`hold` true) or lets
   * go (false). While any holds it and it has not started, elements do not
   * start its workers just by being on the page; any command (Train, Load
   * model…) starts it at once.
   */
  holdAsleep(member: object, hold: boolean): void {
    const had = this.#asleepHolds.has(member);
    if (hold === had) return;
    if (hold) this.#asleepHolds.add(member);
    else this.#asleepHolds.delete(member);
    this.#setState({});
  }

  /** Not started, and held asleep until a lazy arena comes into view (or a command wakes it). */
  get asleep(): boolean {
    return this.#startPromise === null && this.#asleepHolds.size > 0;
  }

  /** Status of every worker (diagnostics and tests). */
  async workerStatus(): Promise<WorkerStatus[]> {
    return Promise.all(this.#workers().map((w) => w.call('status', (api) => api.status())));
  }

  /**
   * Makes one worker fail on purpose, as a browser could (diagnostics: the
   * supervision tests and the soak bench). The runtime notices and replaces it.
   */
  async faultWorker(role: WorkerKind, index: number, kind: WorkerFault): Promise<void> {
    const worker = this.#workers().find((w) => w.role === role && w.index === index);
    if (!worker) throw new RangeError(`no live ${role} worker ${index}`);
    await worker.call(`a ${kind} fault`, (api) => api.fault(kind));
  }

  /**
   * Ends every worker and forgets every listener. Idempotent. Autosave makes
   * its last save from the weights the runtime kept; pending commands reject.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#finalWeights = this.#training.keptWeights();
    this.#finalLayout = this.#training.layout;
    this.#disposed = true;
    globalThis.document?.removeEventListener('visibilitychange', this.#onVisibility);
    void this.#autosave.close(this.#finalWeights !== null);
    this.#training.dispose();
    this.#supervisor.dispose();
    this.#setState({ workerCount: 0, training: false, recovering: [] });
  }

  /** Reports a problem: an `error` event for the elements, and one console message saying what to do. */
  reportError(code: ErrorCode, source: ErrorSource, message: string, recovered: boolean): DrillErrorDetail {
    const detail: DrillErrorDetail = { code, source, message, recovered };
    console.error(`drill (${source}, ${code}): ${message}`);
    this.emit('error', detail);
    return detail;
  }

  // ── The show ───────────────────────────────────────────────────────────

  /** Changes show settings; each value is validated here (RangeError saying what is allowed). */
  setShow(patch: Partial<ShowSettings>): void {
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) clean[key] = validateShowSetting(key as keyof ShowSettings, value);
    this.#setState({ show: { ...this.#state.show, ...clean } });
    this.#show.configure(clean as Partial<ShowSettings>);
  }

  /** Runs one tick of the show and pauses it. */
  stepShow(): void {
    if (!this.#state.show.paused) this.setShow({ paused: true });
    this.#show.step();
  }

  /** A new match (score 0–0), from `seed` or a fresh one. */
  resetShow(seed?: number): void {
    const next = seed === undefined ? (this.#state.show.seed + 1) >>> 0 : validateShowSetting('seed', seed);
    this.#setState({ show: { ...this.#state.show, seed: next, score: [0, 0], tick: 0 } });
    this.#show.reset(next);
  }

  /** Gives the render worker a canvas to draw the show on; resolves with its id. */
  attachCanvas(canvas: OffscreenCanvas, size: CanvasSize): Promise<number> {
    return this.#show.attachCanvas(canvas, size);
  }

  resizeCanvas(id: number, size: CanvasSize): void {
    this.#show.resizeCanvas(id, size);
  }

  detachCanvas(id: number): void {
    this.#show.detachCanvas(id);
  }

  /** Whether canvas `id` is on screen: the show draws (and runs) only while one of its canvases is. */
  setCanvasVisible(id: number, visible: boolean): void {
    this.#show.setCanvasVisible(id, visible);
  }

  /** The render worker's remote API, once started (diagnostics and tests; pages use the methods above). */
  async renderWorker(): Promise<Remote<RenderWorkerFullApi> | undefined> {
    try {
      await this.start();
    } catch {
      return undefined;
    }
    const render = this.#show.worker;
    return render?.alive ? render.api : undefined;
  }

  /** The human player's held controls (src/contract/human-input.ts bits). */
  setHumanInput(bits: number): void {
    this.#show.setInput(bits);
  }

  /** Sandbox drag on canvas `id` (CSS pixels). */
  pointer(id: number, phase: PointerPhase, x: number, y: number): void {
    this.#show.pointer(id, phase, x, y);
  }

  /** Frame statistics of the show loop (benchmarks). */
  frameStats(reset = false): Promise<FrameStats> {
    return this.#show.frameStats(reset);
  }

  // ── Training ───────────────────────────────────────────────────────────

  /** Starts (or resumes) training; the weights are kept. */
  train(options: Partial<TrainingOptions> = {}): Promise<void> {
    this.#drillBroken = false;
    return this.#training.train(options);
  }

  /** Stops training; the weights stay and the show keeps playing with them. */
  stopTraining(): Promise<void> {
    return this.#training.stop();
  }

  /**
   * The most busy threads (the trainer and the rollout workers) this run
   * keeps; null: all cores but one, at most four (src/runtime/thread-budget.ts). 1 makes
   * them take turns, leaving the other cores to the page. Read when the
   * workers start; set later, it switches taking turns at once (the number
   * of rollout workers stays). A value that is not a whole number from 1 to
   * 64 throws a RangeError saying so.
   */
  get maxThreads(): number | null {
    return this.#maxThreads;
  }

  set maxThreads(value: number | null) {
    this.#maxThreads = validateMaxThreads(value);
    this.#applyGate();
  }

  /**
   * The CPU gate's levers now (src/channels/cpu-gate.ts): taking turns and
   * resting; null on the transfer transport (no gate) or before the start.
   * Set by the thread budget and whether the show draws (gateModeFor);
   * setting it fixes the levers from then on (the bench compares them so).
   */
  get cpuGate(): CpuGateMode | null {
    return this.#cpuGate ? cpuGateMode(this.#cpuGate) : null;
  }

  set cpuGate(mode: CpuGateMode) {
    this.#gateFixed = true;
    if (this.#cpuGate) setCpuGateMode(this.#cpuGate, mode);
  }

  /** The gate's levers for the budget now and whether the show draws, unless they were set by hand. */
  #applyGate(): void {
    if (!this.#cpuGate || this.#gateFixed) return;
    setCpuGateMode(this.#cpuGate, gateModeFor(threadBudget(undefined, this.#maxThreads), this.#gateContext()));
  }

  #gateContext(): GateContext {
    return { showDrawing: this.#show.drawing, capped: this.#maxThreads !== null && this.#maxThreads <= 1 };
  }

  /** Where the trainer computes: `auto`, `cpu` or `webgpu`. */
  get compute(): ComputeSetting {
    return this.#state.compute;
  }

  /**
   * Sets where the trainer computes (validated; RangeError saying what is
   * allowed). Once started, a new trainer takes over from the last published
   * weights with the same pool and counters, as after a lost trainer.
   */
  setCompute(value: ComputeSetting | string): Promise<void> {
    const clean = validateCompute(value);
    if (clean === this.#state.compute) return Promise.resolve();
    this.#setState({ compute: clean });
    return this.#startPromise ? this.#training.restartTrainer() : Promise.resolve();
  }

  get hyperparameters(): Readonly<Hyperparameters> {
    return this.#state.hyper;
  }

  /**
   * Sets one hyperparameter (validated; RangeError saying what is allowed).
   * Live ones apply at once with the weights kept; reset-only ones wait for
   * resetTraining().
   */
  setHyper<K extends HyperName>(name: K, value: Hyperparameters[K] | string): void {
    if (!this.#drill) this.#hyperSetBefore.add(name);
    this.#training.setHyper(name, value);
  }

  /**
   * Starts learning from scratch with the hyperparameters as set: new
   * weights from the seed; new workers and channels if a size changed.
   * Training resumes if it was running.
   */
  resetTraining(): Promise<void> {
    return this.#training.reset();
  }

  /**
   * Applies reset-only values that wait, with a reset, if nothing would be
   * lost: not training and nothing learned (checked when the command runs,
   * after any restore queued before it). Elements call it for the run size
   * their attributes asked for.
   */
  resetIfNothingLearned(): Promise<void> {
    return this.#training.resetIfNothingLearned();
  }

  /**
   * Whether the weights hold something worth keeping: updates since the last
   * reset, or a model loaded (imported or restored). Elements apply their
   * run-size attributes with a reset only while this is false.
   */
  get hasLearned(): boolean {
    return this.#training.hasLearned;
  }

  // ── Models: export, import, autosave ───────────────────────────────────

  /**
   * The weights the show plays with now (the latest published) as a model
   * file (src/runtime/model-file.ts), to save and import later. Works while
   * the trainer is lost: the runtime keeps the last published weights.
   */
  async exportModel(): Promise<Blob> {
    const weights = await this.#training.snapshot();
    return this.#models.file(weights, this.#requireLayout().network, this.#trainingOptions());
  }

  /**
   * Starts a new run from a model file's weights, as resetTraining() does
   * from the seed (training resumes if it was running; the hidden layers
   * follow the model's). A file that is not a model of this drill is
   * refused with drill-error `model-file-invalid` and a rejected promise;
   * the weights in use stay.
   */
  importModel(file: ModelInput): Promise<ModelHeader> {
    let header: ModelHeader | null = null;
    return this.#training.command(async () => {
      // Started first: the model is checked against the drill, which loads at start.
      await this.start();
      const model = await this.#models.read(file);
      await this.#training.startFrom(model);
      header = model.header;
    }).then(() => header!);
  }

  /**
   * Autosave (autosave.ts): while on, the weights are saved in this browser
   * (OPFS) while training, when it stops, when the page is hidden and when
   * the runtime is disposed; a runtime that starts with it on begins from
   * the saved model. Set it before the workers start for the restore (the
   * elements' `autosave` attribute does).
   */
  get autosave(): boolean {
    return this.#autosave.on;
  }

  set autosave(on: boolean) {
    if (on === this.autosave || !this.#autosave.set(on)) return;
    // Turned on after the workers started (another element started them first): restore while nothing has been learned.
    if (on && this.#startPromise) {
      void this.#training.command(async () => {
        await this.start();
        if (!this.#state.training && !this.hasLearned) await this.#autosave.restore();
      }).catch(() => undefined);
    }
  }

  /**
   * What plays before any training: `default` (the drill's shipped agent,
   * when the hidden layers are its own), `none` (new weights from the seed)
   * or the URL of a model file, fetched
   * and checked like an import. Precedence at start: a model autosave kept,
   * then this. Set after the start, it loads at once while nothing has been
   * learned. A URL that fails (HTTP error, CORS, a file of another drill) is
   * reported as drill-error `model-file-invalid` and the weights in use stay.
   * A start model does not count as learned: autosave keeps it only once
   * trained. Throws a RangeError for a value that is none of these.
   */
  get model(): ModelSetting {
    return this.#model;
  }

  set model(value: ModelSetting) {
    const clean = validateModelSetting(value);
    if (clean === this.#model) return;
    this.#model = clean;
    if (!this.#startPromise) return;
    void this.#training.command(async () => {
      await this.start();
      if (!this.#state.training && !this.hasLearned) await this.#loadStartModel();
    }).catch(() => undefined);
  }

  /** Whether this drill ships a trained agent (Reset to shipped agent). */
  get hasShippedAgent(): boolean {
    return shippedModel(this.#drillId) !== null;
  }

  /** Whether the weights in play are a start model's (shipped or `model`), not trained since. */
  get playingStartModel(): boolean {
    return this.#training.playingStartModel;
  }

  /**
   * Starts a new run from the drill's shipped agent, as importModel() does
   * from a file (training resumes if it was running). Rejects if the drill
   * ships none.
   */
  resetToShippedAgent(): Promise<void> {
    return this.#training.command(async () => {
      const model = shippedModel(this.#drillId);
      if (!model) throw new Error(`drill: ${this.#drillId} ships no trained agent`);
      await this.start();
      await this.#training.startFrom(await this.#checked(model, 'default'), false);
    });
  }

  /** Forgets the model autosave keeps for this page and runtime. */
  clearSavedModel(): Promise<void> {
    return this.#autosave.clear();
  }

  /** The latest published weights and their version. */
  snapshot(): Promise<WeightsSnapshot> {
    return this.#training.snapshot();
  }

  // ── Internals ──────────────────────────────────────────────────────────

  protected emit<K extends keyof RuntimeEventDetails>(type: K, detail: RuntimeEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #setState(patch: Partial<RuntimeState>): void {
    this.#state = { ...this.#state, ...patch };
    if (patch.workerCount === undefined && !this.#disposed) this.#state = { ...this.#state, workerCount: this.workerCount };
    this.emit('state', this.#state);
  }

  #workers(): SupervisedWorker<WorkerApi>[] {
    const crew = this.#training.crew;
    const render = this.#show.worker;
    return [...(render ? [render] : []), ...(crew ? [crew.trainer, ...crew.rollouts, ...crew.helpers] : [])].filter((w) => w.alive) as unknown as SupervisedWorker<WorkerApi>[];
  }

  /**
   * The drill's recommended hyperparameters, over the defaults: each one
   * nobody set (the options, an element's attribute, setHyper) before the
   * drill loaded. Soccer recommends none: it keeps the defaults it was tuned with.
   */
  #applyRecommendedHyper(drill: DrillDefinition): void {
    const recommended = drill.recommended?.hyper;
    if (!recommended) return;
    const hyper = { ...this.#state.hyper } as Record<string, unknown>;
    for (const [name, value] of Object.entries(recommended)) {
      if (!this.#hyperSetBefore.has(name)) hyper[name] = validateHyper(name as HyperName, value);
    }
    this.#setState({ hyper: hyper as unknown as Hyperparameters });
  }

  /** How this drill is trained: its recommendation, else the defaults. */
  #trainingOptions(): LearnerTrainingOptions {
    return this.#requireDrill().recommended?.training ?? DEFAULT_TRAINING_OPTIONS;
  }

  /** The drill's id: its definition's once loaded, else the built-in id asked for ('' for a module not loaded yet). */
  get #drillId(): string {
    return this.#drill?.info.id ?? this.#drillSource.id ?? '';
  }

  #requireDrill(): DrillDefinition {
    if (!this.#drill) throw new Error(`drill: runtime '${this.name}' has not loaded its drill (${drillName(this.#drillSource)}) yet`);
    return this.#drill;
  }

  #requireLayout(): RunLayout {
    const layout = this.#training.layout;
    if (!layout) throw new Error(`drill: runtime '${this.name}' has no run (it was disposed, or its start failed)`);
    return layout;
  }

  #showSettings(): ShowSettings {
    const { mode, speed, paused, opponent, swapIntervalMs, swapBlendMs } = this.#state.show;
    return { mode, speed, paused, opponent, swapIntervalMs, swapBlendMs };
  }

  #init(role: WorkerInit['role'], index: number, layout: RunLayout, hyper: Readonly<Hyperparameters>): WorkerInit {
    return {
      role,
      index,
      protocolVersion: PROTOCOL_VERSION,
      transport: this.#transport!,
      envId: this.#requireDrill().info.id,
      drill: this.#drillSource,
      training: this.#trainingOptions(),
      network: layout.network,
      channel: layout.channel,
      weights: layout.weights,
      rolloutWorkers: layout.rolloutWorkers,
      hyper,
      compute: this.#state.compute,
      ...(this.options.evaluateEvery !== undefined ? { evaluateEvery: this.options.evaluateEvery } : {}),
      ...(role === 'trainer' ? { trainerThreads: this.#transport === 'shared-memory' ? this.#trainerThreads : 1 } : {}),
      ...(this.#cpuGate && role !== 'render' ? { cpuGate: this.#cpuGate } : {}),
    };
  }

  /** What the calibration probe measures: this run's drill and network at the envs of one of `rolloutWorkers` workers. */
  #calibrationRequest(rolloutWorkers: number): CalibrationRequest {
    const drill = this.#requireDrill();
    const hyper = this.#state.hyper;
    const layout = runLayout(hyper, drill.info, rolloutWorkers, drill.recommended?.trunk ?? 'shared');
    return {
      protocolVersion: PROTOCOL_VERSION,
      drill: this.#drillSource,
      network: layout.network,
      envs: layout.envsPerWorker,
      // A batch smaller than the minibatch is trained on whole (ppo-learner.ts).
      minibatch: Math.min(hyper.minibatch, hyper.envs * hyper.steps),
      epochs: hyper.epochs,
      seed: hyper.seed,
      budgetMs: CALIBRATION_BUDGET_MS,
    };
  }

  /** A model checked as a file of this drill would be (a shipped agent of an older drill version is refused and reported). */
  #checked(model: Model, url: string): Promise<Model> {
    return this.#models.read(new Uint8Array(encodeModel(model)), { url });
  }

  /** Loads the `model` setting's weights as a start model; a failure is reported and the weights in use stay. */
  async #loadStartModel(): Promise<void> {
    const setting = this.#model;
    if (setting === 'none') return;
    try {
      let model: Model | null;
      if (setting === 'default') {
        const shipped = shippedModel(this.#drillId);
        // A page that chose other hidden layers asked for another network: the shipped agent does not fit it.
        const fits = shipped?.header.network.hidden.join(',') === this.#state.hyper.hidden.join(',');
        model = shipped && fits ? await this.#checked(shipped, setting) : null;
      } else {
        const bytes = await fetchModelFile(setting).catch((error: Error) => {
          this.reportError('model-file-invalid', 'storage', `model="${setting}" was not loaded: ${error.message}. The weights in use stay.`, true);
          throw error;
        });
        model = await this.#models.read(bytes, { url: setting });
      }
      if (model && setting === this.#model) await this.#training.startFrom(model, false);
    } catch {
      // Reported above or by model persistence.
    }
  }

  async #connectShow(crew: Crew): Promise<void> {
    if (hasShow(this.#requireDrill())) await this.#show.connect(crew);
  }

  async #boot(): Promise<Capabilities> {
    this.#drill = await loadDrill(this.#drillSource);
    this.#applyRecommendedHyper(this.#drill);
    this.#transport = chooseTransport(this.options.transport ?? 'auto');
    const sharedMemory = this.#transport === 'shared-memory';
    const budget = threadBudget(undefined, this.#maxThreads, sharedMemory);
    if (sharedMemory) this.#cpuGate = createCpuGateBuffer(gateModeFor(budget, this.#gateContext()));
    const webgpu = probeWebGpu();
    const split = await chooseCrewSplit({
      busy: busyThreads(undefined, this.#maxThreads),
      formula: budget,
      sharedMemory,
      rolloutWorkers: this.options.rolloutWorkers,
      trainerThreads: this.options.trainerThreads,
      measure: () => measureWithProbe(this.#supervisor, this.#calibrationRequest(budget.rolloutWorkers)),
    });
    if (this.#disposed) throw new Error(`runtime '${this.name}' was disposed while starting`);
    const { rolloutWorkers, trainerThreads } = split;
    if (!Number.isInteger(rolloutWorkers) || rolloutWorkers < 1 || rolloutWorkers > 64) {
      throw new RangeError(`rolloutWorkers must be an integer in 1…64, got ${rolloutWorkers}`);
    }
    if (!Number.isInteger(trainerThreads) || trainerThreads < 1 || trainerThreads > MAX_TRAINER_THREADS) {
      throw new RangeError(`trainerThreads must be an integer in 1…${MAX_TRAINER_THREADS}, got ${trainerThreads}`);
    }
    this.#trainerThreads = trainerThreads;
    await this.#training.boot(this.#transport, rolloutWorkers);
    if (this.#disposed) throw new Error(`runtime '${this.name}' was disposed while starting`);
    await this.#autosave.restore();
    if (!this.hasLearned) await this.#loadStartModel();
    globalThis.document?.addEventListener('visibilitychange', this.#onVisibility);
    this.#onVisibility();
    const gpu = await webgpu;
    this.#caps = {
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      transport: this.#transport,
      webgpu: gpu.adapter,
      webgpuUnavailableReason: gpu.reason,
      offscreenCanvas: offscreenCanvasSupported(),
      hardwareConcurrency: navigator.hardwareConcurrency ?? 1,
      rolloutWorkers,
      trainerThreads: this.#transport === 'shared-memory' ? trainerThreads : 1,
      crewSizing: split.sizing,
      workerCount: this.workerCount,
      kernels: null,
    };
    this.#setState({ workerCount: this.workerCount });
    this.emit('ready', this.capabilities!);
    return this.capabilities!;
  }

  #countRestart(role: WorkerRole): void {
    this.#setState({ restarts: { ...this.#state.restarts, [role]: this.#state.restarts[role] + 1 } });
  }

  #onWorkerLost(worker: SupervisedWorker<WorkerApi>, loss: WorkerLoss): void {
    if (this.#disposed) return;
    this.#setState({ workerCount: this.workerCount });
    // A worker lost before the runtime started is a start failure (its start call rejects and says so).
    if (!this.#caps) return;
    const role = worker.role;
    if (role === 'render') {
      const crew = this.#training.crew;
      if (!crew) return;
      if (!this.#supervisor.withinBudget('render')) {
        this.reportError('worker-crashed', 'render', `the render worker was lost again (${loss.reason}); it is not restarted after ${this.#supervisor.crashBudget.deaths} losses in ${this.#supervisor.crashBudget.windowMs / 1000} s. Training goes on; reload the page to see the match again.`, false);
        return;
      }
      this.#setState({ recovering: [...this.#state.recovering, 'render'] });
      void this.#training.command(() => this.#show.connect(this.#training.crew ?? crew)).then(
        () => {
          this.#countRestart('render');
          this.reportError('worker-crashed', 'render', `the render worker was lost (${loss.reason}); a new one took over and the match goes on with the current weights.`, true);
        },
        (error: Error) => this.reportError('worker-crashed', 'render', `the render worker was lost (${loss.reason}) and could not be restarted: ${error.message.replace(/\.$/, '')}. Training goes on; reload the page to see the match again.`, false),
      ).finally(() => this.#setState({ recovering: this.#state.recovering.filter((r) => r !== 'render') }));
      return;
    }
    // A gradient helper's loss is the trainer's to notice: it times out on that shard, computes it itself and reports (src/rl/parallel-gradients.ts).
    // The calibration probe's is its call's failure (the formula sizes the crew).
    if (role === 'gradient' || role === 'calibration') return;
    this.#training.onWorkerLost(role, worker.index, loss);
  }
}

/** A drill module's URL, resolved against the page's (absolute URLs pass unchanged). */
function resolveDrillSrc(src: string): string {
  return new URL(src, globalThis.location?.href).href;
}
