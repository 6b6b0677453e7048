/**
 * Training control: the crew of the current run and every command on it —
 * train, stop, reset, a hyperparameter change, a model load — run one at a
 * time through a queue, so a stop never overtakes a start and a reset never
 * replaces the trainer while it answers. Every command ends: worker calls
 * have deadlines and a lost worker rejects what waits on it (see
 * worker-supervisor.ts). Recovery from a lost trainer or rollout worker
 * also runs as a command.
 */
import { transfer } from 'comlink';
import type { DrillErrorDetail, DrillHyperChangeDetail, DrillTrainDetail, ErrorCode, ErrorSource } from '../contract/events.js';
import { type HyperName, HYPERPARAMETERS, type Hyperparameters, validateHyper } from '../contract/hyperparameters.js';
import type { RuntimeState } from '../contract/runtime-state.js';
import type { TrainerTelemetry } from '../contract/telemetry.js';
import type { TrunkKind } from '../contract/descriptors.js';
import type { TrainingOptions, WeightsSnapshot, WorkerInit, WorkerRole } from '../contract/worker-api.js';
import type { EnvInfo } from '../sim/env.js';
import { Crew, type CrewHost } from './crew.js';
import type { Model } from './model-file.js';
import { type RunLayout, runLayout } from './run-layout.js';
import { markReported } from './reported-error.js';
import { checkRunSize } from './run-size.js';
import type { WorkerLoss, WorkerSupervisor } from './worker-supervisor.js';

/** Hyperparameters that size the run: changing one needs a new crew and new channels. */
const LAYOUT_HYPER: readonly HyperName[] = ['envs', 'hidden', 'steps'];

/** What training control needs from its runtime. */
export interface TrainingHost {
  readonly supervisor: WorkerSupervisor;
  readonly envInfo: EnvInfo;
  /** The trunk the drill recommends (shared where it makes no recommendation). */
  readonly trunk: TrunkKind;
  state(): RuntimeState;
  setState(patch: Partial<RuntimeState>): void;
  /** Ensures the runtime has started (workers up); rejects if it cannot. */
  start(): Promise<unknown>;
  initFor(role: WorkerRole, index: number, layout: RunLayout, hyper: Readonly<Hyperparameters>): WorkerInit;
  /** Connects the show to a (new) crew's weights. */
  connectShow(crew: Crew): Promise<void>;
  onTelemetry(sample: TrainerTelemetry): void;
  reportError(code: ErrorCode, source: ErrorSource, message: string, recovered: boolean): void;
  emitTrainStart(detail: DrillTrainDetail): void;
  emitTrainStop(detail: DrillTrainDetail): void;
  emitHyperChange(detail: DrillHyperChangeDetail): void;
  /** Training stopped (autosave keeps what was learned). */
  onStopped(): void;
  /** Something the page author should know, once (the console). */
  notice(message: string): void;
  /** A lost worker's replacement runs. */
  onReplaced(role: WorkerRole): void;
}

export class TrainingControl {
  #crew: Crew | null = null;
  #run: TrainingOptions = { deterministic: false };
  /** Serialises commands. */
  #queue: Promise<unknown> = Promise.resolve();
  /** The weights came from a model file (imported or restored) and have not been reset since. */
  #modelLoaded = false;
  /** The start model in play (shipped or the `model` setting's), which does not count as learned; null after a reset or any other load. */
  #startModel: Model | null = null;
  #latestTelemetry: TrainerTelemetry | null = null;
  #transport: CrewHost['transport'] | null = null;

  constructor(private readonly host: TrainingHost) {}

  get crew(): Crew | null {
    return this.#crew;
  }

  get layout(): RunLayout | null {
    return this.#crew?.layout ?? null;
  }

  get telemetry(): TrainerTelemetry | null {
    return this.#latestTelemetry;
  }

  /** Whether the weights are a start model's (the shipped agent or the `model` setting's), untrained since. */
  get playingStartModel(): boolean {
    return this.#startModel !== null && (this.#latestTelemetry?.updates ?? 0) === 0;
  }

  /** Updates since the last reset, or a model loaded (not a start model): something worth keeping. */
  get hasLearned(): boolean {
    return this.#modelLoaded || (this.#latestTelemetry?.updates ?? 0) > 0;
  }

  /** Builds the first crew (the runtime's start). */
  async boot(transport: CrewHost['transport'], rolloutWorkers: number): Promise<void> {
    this.#transport = transport;
    this.#crew = await this.#build(this.#layoutFor(this.host.state().hyper, rolloutWorkers), this.host.state().hyper);
    await this.#applyLiveChanges(this.#crew);
  }

  /** Runs `run` after every command before it (whatever they did). */
  command(run: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  train(options: Partial<TrainingOptions> = {}): Promise<void> {
    const run: TrainingOptions = { deterministic: options.deterministic ?? false, ...(options.stopAfterUpdates !== undefined ? { stopAfterUpdates: options.stopAfterUpdates } : {}) };
    return this.command(() => this.#startTraining(run));
  }

  stop(): Promise<void> {
    return this.command(async () => {
      if (!this.host.state().training) return;
      this.host.setState({ training: false });
      await this.#crew?.stop();
      this.host.emitTrainStop({ hyper: this.host.state().hyper });
      this.host.onStopped();
    });
  }

  /** Sets one hyperparameter (validated here, where it enters); live ones reach the crew at once. */
  setHyper<K extends HyperName>(name: K, value: Hyperparameters[K] | string): void {
    const clean = validateHyper(name, value);
    const hyper = { ...this.host.state().hyper, [name]: clean };
    const apply = HYPERPARAMETERS[name].apply;
    this.host.setState({ hyper, pendingReset: this.#pendingResetOf(hyper) });
    const crew = this.#crew;
    if (apply === 'live' && crew) {
      void crew.setHyper({ [name]: clean }).catch(() => undefined);
      this.host.setState({ applied: crew.hyper });
    }
    this.host.emitHyperChange({ name, value: clean, apply });
  }

  /** New weights from the seed; new workers and channels if a size changed. Training resumes if it was running. */
  reset(): Promise<void> {
    return this.command(async () => {
      await this.host.start();
      try {
        await this.#resetRun();
      } catch (error) {
        if (error instanceof RangeError) {
          this.host.reportError('invalid-argument', 'runtime', `${error.message} The current run goes on.`, true);
          throw markReported(error);
        }
        throw error;
      }
      this.#modelLoaded = false;
      this.#startModel = null;
    });
  }

  /** Applies waiting reset-only values with a reset, if nothing would be lost (checked when the command runs). */
  resetIfNothingLearned(): Promise<void> {
    return this.command(async () => {
      await this.host.start();
      const state = this.host.state();
      if (state.pendingReset.length === 0 || state.training || this.hasLearned) return;
      // A start model that still fits the new run stays in play.
      const start = this.#startModel;
      const keep = start && start.header.network.hidden.join(',') === state.hyper.hidden.join(',') ? start : null;
      await this.#resetRun(keep ? (crew) => this.#load(crew, keep) : undefined);
      this.#startModel = keep;
    });
  }

  /**
   * A new run from a model's weights (the hidden layers follow the model).
   * A start model (`learned` false: the shipped agent, the `model` setting's)
   * is not something learned here: autosave does not keep it until it has
   * been trained. Call inside a command.
   */
  async startFrom(model: Model, learned = true): Promise<void> {
    const before = this.host.state().hyper;
    const hidden = [...model.header.network.hidden];
    if (hidden.join(',') !== before.hidden.join(',')) {
      const hyper = { ...before, hidden };
      this.host.setState({ hyper, pendingReset: this.#pendingResetOf(hyper) });
    }
    try {
      await this.#resetRun((crew) => this.#load(crew, model));
    } catch (error) {
      this.host.setState({ hyper: before, pendingReset: this.#pendingResetOf(before) });
      throw error;
    }
    this.#modelLoaded = learned;
    this.#startModel = learned ? null : model;
  }

  /** Puts a model's weights into the crew's trainer (a copy: a start model is loaded again after a reset). */
  #load(crew: Crew, model: Model): Promise<void> {
    const params = model.params.slice();
    return crew.trainer.call('loading weights', (api) => api.loadParams(transfer(params, [params.buffer]), model.header.policyVersion));
  }

  /**
   * The latest published weights: the trainer's own copy while it answers,
   * else what the runtime's reader kept (a lost trainer's last published
   * weights). A command, so a reset cannot replace the trainer meanwhile.
   */
  async snapshot(): Promise<WeightsSnapshot> {
    let snapshot: WeightsSnapshot | null = null;
    await this.command(async () => {
      await this.host.start();
      const crew = this.#requireCrew();
      snapshot = crew.trainer.alive ? await crew.trainer.call('reading the weights', (api) => api.snapshot()).catch(() => null) : null;
      snapshot ??= crew.keptWeights();
    });
    return snapshot!;
  }

  /** The last published weights without waiting for any command or worker (disposal's last save). */
  keptWeights(): WeightsSnapshot | null {
    return this.#crew?.keptWeights() ?? null;
  }

  onTelemetry(sample: TrainerTelemetry): void {
    this.#latestTelemetry = sample;
    this.host.onTelemetry(sample);
  }

  /**
   * A crew member was lost. A rollout worker is replaced alone; a lost
   * trainer is replaced with its crew, resuming from the kept weights, pool
   * and counters. Past a role's crash budget nothing is replaced.
   */
  onWorkerLost(role: 'trainer' | 'rollout', index: number, loss: WorkerLoss): void {
    const crew = this.#crew;
    if (!crew || crew.disposed || (role === 'trainer' ? crew.trainer.loss !== loss : crew.rollouts[index]?.loss !== loss)) return;
    const what = `the ${role} worker${role === 'rollout' ? ` ${index}` : ''}`;
    if (!this.host.supervisor.withinBudget(role)) {
      const budget = this.host.supervisor.crashBudget;
      if (role === 'trainer') this.host.setState({ training: false });
      this.host.reportError('worker-crashed', role, `${what} was lost again (${loss.reason}): more than ${budget.deaths} times in ${budget.windowMs / 1000} s, so it is not restarted. ${role === 'trainer'
        ? 'Training stopped; the show keeps the last published weights and Save model still works. Reload the page to train again.'
        : 'Training goes on with the other rollout workers, more slowly. Reload the page to restore them.'}`, false);
      return;
    }
    this.#setRecovering(role, true);
    void this.command(async () => {
      if (this.#crew !== crew) return;
      if (role === 'trainer') await this.#replaceTrainer(crew);
      else await crew.replaceRollout(index);
      this.host.onReplaced(role);
      const version = this.#crew?.progress?.policyVersion ?? this.#crew?.keptWeights().policyVersion ?? 0;
      this.host.reportError('worker-crashed', role, role === 'trainer'
        ? `${what} was lost (${loss.reason}); a new trainer took over from the last published weights (version ${version}) with the same settings, pool and counters. Its optimiser state started over.`
        : `${what} was lost (${loss.reason}); a new one took its place and training goes on. What it had in flight was counted as dropped.`, true);
    }).catch((error: Error) => {
      this.host.reportError('worker-crashed', role, `${what} was lost (${loss.reason}) and could not be replaced: ${error.message.replace(/\.$/, '')}. ${role === 'trainer' ? 'Training stopped; the show keeps the last weights. Reset training to try again.' : 'Training goes on with the other rollout workers.'}`, false);
      if (role === 'trainer') this.host.setState({ training: false });
    }).finally(() => this.#setRecovering(role, false));
  }

  /** A new trainer (with its crew) resuming from the kept weights, pool and counters: a changed compute setting takes effect. */
  restartTrainer(): Promise<void> {
    return this.command(async () => {
      const crew = this.#crew;
      if (crew && !crew.disposed) await this.#replaceTrainer(crew);
    });
  }

  /** Ends the crew's workers (disposal). */
  dispose(): void {
    this.#crew?.dispose();
    this.#crew = null;
  }

  async #replaceTrainer(old: Crew): Promise<void> {
    const resume = old.resumeState();
    const wasTraining = old.running;
    old.dispose();
    const crew = await this.#build(old.layout, old.hyper, resume);
    this.#crew = crew;
    if (wasTraining) await crew.train(wasTraining);
  }

  #setRecovering(role: WorkerRole, on: boolean): void {
    const now = this.host.state().recovering.filter((r) => r !== role);
    this.host.setState({ recovering: on ? [...now, role] : now });
  }

  #requireCrew(): Crew {
    if (!this.#crew) throw new Error('drill: this runtime has no trainer (it was disposed, or its start failed)');
    return this.#crew;
  }

  /** The layout for `hyper`, refused (RangeError saying what to lower) past the run-size limit before anything is built. */
  #layoutFor(hyper: Readonly<Hyperparameters>, rolloutWorkers: number): RunLayout {
    const layout = runLayout(hyper, this.host.envInfo, rolloutWorkers, this.host.trunk);
    checkRunSize(layout, this.#transport!);
    return layout;
  }

  #build(layout: RunLayout, hyper: Readonly<Hyperparameters>, resume?: Parameters<typeof Crew.build>[4]): Promise<Crew> {
    const host: CrewHost = {
      supervisor: this.host.supervisor,
      transport: this.#transport!,
      initFor: (role, index, l, h) => this.host.initFor(role, index, l, h),
      onTelemetry: (sample) => this.onTelemetry(sample),
      onError: (detail: DrillErrorDetail, source) => this.host.reportError(detail.code, source, detail.message, detail.recovered),
      // The trainer's own change of a live value: the runtime's state follows, so the controls show it and a replacement keeps it.
      onLrHalved: (lr) => this.setHyper('lr', lr),
      onNotice: (message) => this.host.notice(message),
      onStopped: () => {
        if (this.host.state().training) void this.stop();
      },
    };
    return Crew.build(host, layout, hyper, (crew) => this.host.connectShow(crew), resume);
  }

  /** Live values set while a crew was being built go to it now; reset-only ones wait. */
  async #applyLiveChanges(crew: Crew): Promise<void> {
    const wanted = this.host.state().hyper;
    const live = (Object.keys(HYPERPARAMETERS) as HyperName[]).filter(
      (name) => HYPERPARAMETERS[name].apply === 'live' && JSON.stringify(wanted[name]) !== JSON.stringify(crew.hyper[name]),
    );
    if (live.length) await crew.setHyper(Object.fromEntries(live.map((name) => [name, wanted[name]])) as Partial<Hyperparameters>);
    this.host.setState({ applied: crew.hyper, pendingReset: this.#pendingResetOf(wanted) });
  }

  async #startTraining(run: TrainingOptions): Promise<void> {
    if (this.host.state().training) return;
    await this.host.start();
    const crew = this.#requireCrew();
    this.#run = run;
    await crew.train(run);
    this.host.setState({ training: true });
    this.host.emitTrainStart({ hyper: this.host.state().hyper });
  }

  #pendingResetOf(hyper: Hyperparameters): HyperName[] {
    const running = this.#crew?.hyper;
    if (!running) return [];
    return (Object.keys(HYPERPARAMETERS) as HyperName[]).filter(
      (name) => HYPERPARAMETERS[name].apply === 'reset' && JSON.stringify(hyper[name]) !== JSON.stringify(running[name]),
    );
  }

  /** reset()'s work; `load` puts other weights in before training resumes. */
  async #resetRun(load?: (crew: Crew) => Promise<void>): Promise<void> {
    const wasTraining = this.host.state().training;
    try {
      await this.#rebuildRun(load);
    } catch (error) {
      // The workers were stopped on the way: say so, so that train() starts them again.
      this.host.setState({ training: false });
      throw error;
    }
    if (wasTraining) await this.#startTraining(this.#run);
  }

  async #rebuildRun(load?: (crew: Crew) => Promise<void>): Promise<void> {
    // Before the new run starts: its trainer's first sample may arrive before the calls below return.
    this.#latestTelemetry = null;
    const crew = this.#requireCrew();
    const state = this.host.state();
    if (!crew.whole || state.pendingReset.some((name) => LAYOUT_HYPER.includes(name))) {
      // Checked before the old crew goes: a run too large to build leaves the old one running.
      const layout = this.#layoutFor(state.hyper, crew.layout.rolloutWorkers);
      // The old crew stays the current one (disposed) until the new one runs, so the layout never reads as none.
      crew.dispose();
      this.#crew = await this.#build(layout, state.hyper);
      await this.#applyLiveChanges(this.#crew);
    } else {
      if (state.training) await crew.stop();
      await crew.setHyper(state.hyper);
      await crew.trainer.call('resetting training', (api) => api.resetTraining(state.hyper.seed));
      this.host.setState({ applied: crew.hyper });
    }
    if (load) await load(this.#requireCrew());
    this.host.setState({ pendingReset: [], training: false });
  }
}
