/**
 * <drill-trainer-controls>: train/stop, the match controls and the
 * hyperparameters of a drill runtime. The runtime owns every value shown
 * here (decision 8 in docs/architecture.md); this element calls it and draws what it reports.
 * Thin on purpose: what it keeps is the sync of hyperparameter
 * properties with the runtime and the commands; the sections are drawn by
 * elements/controls/*-section.ts, each field by hyper-field.ts, the
 * attribute names come from hyper-attributes.ts.
 */
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { type DrillRuntime, MODEL_FILE_EXTENSION, type RuntimeEventDetails, type RuntimeEventType, wasReported } from '../src/runtime/index.js';
import type { DrillErrorDetail, DrillHyperChangeDetail, DrillTrainDetail, ErrorSource } from '../src/contract/events.js';
import { DEFAULT_HYPERPARAMETERS, HYPER_NAMES, type HyperName, type Hyperparameters, validateHyper } from '../src/contract/hyperparameters.js';
import { DEFAULT_SHOW_STATE } from '../src/contract/show.js';
import { controlsStyles } from './controls/controls-styles.js';
import { type HideToken, parseHide } from './controls/hide.js';
import { hyperAttribute, type HyperProperties, hyperProperty, hyperPropertyDeclarations } from './controls/hyper-attributes.js';
import { appliesOnReset } from './controls/hyper-groups.js';
import { renderHyperSection } from './controls/hyper-section.js';
import { formatHyper, sameHyper } from './controls/hyper-value.js';
import { renderShowSection, type ShowHandlers } from './controls/show-section.js';
import { renderTrainingSection, type TrainingCommand } from './controls/training-section.js';
import { fire } from './events.js';
import { RuntimeMember } from './runtime-member.js';
import { themeStyles } from './theme.js';
import { recoveringText } from './recovering-text.js';

/** Where an unrecovered error means training stopped (a broken match display does not stop it). */
const TRAINING_SOURCES: readonly ErrorSource[] = ['runtime', 'trainer', 'rollout'];

// The hyperparameter properties are generated from the protocol's table (static properties below); this merges in their types.
export interface DrillTrainerControls extends HyperProperties {}

/**
 * The controls of a drill runtime: Train / Stop, the match (play, pause,
 * step, speed, reset match, mode, opponent) and every hyperparameter of the
 * protocol, grouped, each with its unit and description.
 *
 * Most hyperparameters apply at once and keep what has been learned; the
 * run size (environments, hidden layers, T, seed) waits for "Reset and
 * apply", which starts learning over with new weights.
 *
 * Hyperparameter attributes work like `<input value>`: they set the value
 * when the element connects to its runtime (validated: an invalid one fires
 * drill-error and is ignored), and later changes apply as they are made;
 * removing one leaves the value as it is. The properties always tell the
 * runtime's current value, whoever changed it. Run-size values given as
 * attributes are applied by a training reset when nothing has been learned
 * yet; otherwise they wait for "Reset and apply" like any run-size change.
 * Several controls on one runtime each fire its training events.
 *
 * @tagname drill-trainer-controls
 * @summary Train/stop, match controls and live hyperparameters for a drill runtime.
 *
 * @attr lr - Learning rate (1e-6–0.01), live.
 * @attr entropy-coef - Entropy bonus coefficient (0–0.1), live.
 * @attr clip-epsilon - PPO clip ε (0.01–0.5), live.
 * @attr gamma - Discount γ per decision (0.8–0.9999), live.
 * @attr lambda - GAE λ (0.5–1), live.
 * @attr epochs - Passes over each batch (1–16), live.
 * @attr minibatch - Minibatch size in samples (32–65536: large ones are for the GPU path), live.
 * @attr value-coef - Value-loss weight (0–2), live.
 * @attr max-grad-norm - Gradient-norm clip (0.01–10), live.
 * @attr target-kl - KL that ends an update early (0–0.5; 0 never), live.
 * @attr max-policy-lag - Versions a chunk may lag before it is dropped (0–64), live.
 * @attr envs - Training environments in total (1–16384), on reset.
 * @attr hidden-layers - Hidden layer widths, e.g. "64,64" (1–8 layers of 4–1024); on reset. (`hidden` is HTML's global attribute that hides an element.)
 * @attr steps - Rollout length T in decisions (4–1024), on reset.
 * @attr seed - Root seed of the training run (0–2147483647), on reset. (The match's seed is `<drill-arena seed>`.)
 *
 * @prop {number} lr - The learning rate in use; setting any of these properties applies the value as the attribute does.
 * @prop {number} entropyCoef - Entropy bonus coefficient.
 * @prop {number} clipEpsilon - PPO clip ε.
 * @prop {number} gamma - Discount γ.
 * @prop {number} lambda - GAE λ.
 * @prop {number} epochs - Passes over each batch.
 * @prop {number} minibatch - Minibatch size in samples.
 * @prop {number} valueCoef - Value-loss weight.
 * @prop {number} maxGradNorm - Gradient-norm clip.
 * @prop {number} targetKl - KL that ends an update early.
 * @prop {number} maxPolicyLag - Largest policy lag kept, in versions.
 * @prop {number} envs - Training environments (reset to apply; reads the value as set, which may still wait).
 * @prop {number[]} hiddenLayers - Hidden layer widths (reset to apply).
 * @prop {number} steps - Rollout length T (reset to apply).
 * @prop {number} seed - Root seed of the training run (reset to apply).
 *
 * @fires {CustomEvent<DrillTrainDetail>} drill-train-start - Training started (from this element or any other caller); `detail.hyper` holds the hyperparameters. Bubbles, composed.
 * @fires {CustomEvent<DrillTrainDetail>} drill-train-stop - Training stopped; `detail.hyper` as above.
 * @fires {CustomEvent<DrillHyperChangeDetail>} drill-hyper-change - A hyperparameter was set: `name`, `value`, `apply` ('live': in use now, weights kept; 'reset': waits for a training reset).
 * @fires {CustomEvent<DrillReadyDetail>} drill-ready - The runtime started; `detail.capabilities` says what it runs on.
 * @fires {CustomEvent<DrillErrorDetail>} drill-error - An invalid attribute or input (the last valid value is kept), or a problem of the trainer or rollout workers.
 *
 * @csspart section - Each of the three sections (also named `training`, `show`, `hyper`).
 * @csspart status - The training state ("Training", "Not training", "Starting…"); a polite live region.
 * @csspart failure - Why training stopped, after an error the runtime could not recover from.
 * @csspart notice - Why a model could not be loaded or saved (an alert; training is unaffected).
 * @csspart button - Every button (also named: `train-button`, `reset-training-button`, `save-model-button`, `load-model-button`, `play-button`, `step-button`, `reset-match-button`, `preset`, `stepper`, `apply-button`).
 * @csspart slider - Every range slider (speed, real-valued hyperparameters).
 * @csspart select - The mode and opponent menus.
 * @csspart input - A hyperparameter's text or number box.
 * @csspart field - A labelled control with its help text.
 * @csspart label - A field's visible label.
 * @csspart unit - A hyperparameter's unit.
 * @csspart help - A field's description.
 * @csspart error - The validator's message under a field whose input was rejected.
 * @csspart badge - "Reset to apply" / "Waiting for reset" on run-size hyperparameters.
 * @csspart group - A group of hyperparameters (a fieldset).
 * @csspart legend - A group's title.
 * @csspart advanced - The "More hyperparameters" disclosure (a details element).
 * @csspart summary - The disclosure's toggle.
 * @csspart pending - The run-size bar: what waits for a reset, and "Reset and apply".
 *
 * @cssprop --drill-surface - Panel background.
 * @cssprop --drill-surface-2 - Buttons and inset areas.
 * @cssprop --drill-text - Text colour.
 * @cssprop --drill-muted - Help text, units, section titles.
 * @cssprop --drill-border - Borders and dividers.
 * @cssprop --drill-accent - Train button, sliders, focus ring, the selected speed.
 * @cssprop --drill-accent-text - Text on accent backgrounds.
 * @cssprop --drill-good - The "Training" indicator.
 * @cssprop --drill-danger - Stop button, errors.
 * @cssprop --drill-font - Font shorthand.
 * @cssprop --drill-radius - Corner radius.
 * @cssprop [--drill-control-size=36px] - Height of buttons and inputs (44px on touch screens).
 */
export class DrillTrainerControls extends RuntimeMember {
  static override styles = [themeStyles, controlsStyles];

  static override properties = hyperPropertyDeclarations();

  /**
   * Parts of the panel to leave out, space-separated: sections `training`,
   * `show`, `hyper`; within the hyperparameters `advanced` (the disclosure)
   * or a group: `learning`, `optimisation`, `returns`, `staleness`, `run`.
   * An unknown name fires drill-error and keeps the last valid value.
   * @attr hide
   */
  @property({ reflect: true, converter: { toAttribute: (value: string) => value || null } }) accessor hide = '';

  /**
   * Keeps the weights in this browser (the origin private file system):
   * saved every 30 s while training, when training stops and when the page
   * is hidden, and restored
   * when the page is opened again, before anything new is learned. The
   * saved model belongs to this page and runtime name.
   * @attr autosave
   */
  @property({ type: Boolean, reflect: true }) accessor autosave = false;

  #hidden: ReadonlySet<HideToken> = new Set();
  #validHide = '';
  /** Last valid value of each hyperparameter property: the runtime's, once joined. */
  readonly #valid: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, hidden: [...DEFAULT_HYPERPARAMETERS.hidden] };
  #runtime: DrillRuntime | null = null;
  /** Hyperparameters the page set (attribute or property); the others follow the runtime. */
  readonly #chosen = new Set<HyperName>();
  /** Values the page set that wait for the runtime to finish starting. */
  readonly #unsent = new Map<HyperName, Hyperparameters[HyperName]>();
  /** The runtime whose start #unsent waits for. */
  #flushing: DrillRuntime | null = null;
  /** Whether a run-size value waiting in #unsent came with the element (applied by a reset if nothing was learned yet). */
  #joinResetWanted = false;
  readonly #fieldErrors = new Map<HyperName, string>();
  readonly #previews = new Map<HyperName, number>();
  #busy: TrainingCommand = null;
  #failure: string | null = null;
  /** The last model or autosave problem (source `storage`), shown until the next load or save. */
  #notice: string | null = null;

  constructor() {
    super();
    for (const name of HYPER_NAMES) this.#setHyperProperty(name, this.#valid[name]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const hidden = this.getAttribute('hidden');
    if (hidden && /^[\d\s,]+$/.test(hidden)) {
      this.reportElementError('invalid-attribute', `hidden="${hidden}" hides the element: hidden is HTML's global attribute. Layer widths go in hidden-layers="${hidden}".`);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#runtime = null;
  }

  /** Workers start once this element has handed its hyperparameters to the runtime (so a first start uses them). */
  protected override needsWorkers(): boolean {
    return this.#runtime !== null && this.#runtime === this.drillRuntime && super.needsWorkers();
  }

  /**
   * Called by the runtime controller for every runtime event.
   * @internal
   */
  handleRuntimeEvent<K extends RuntimeEventType>(type: K, detail: RuntimeEventDetails[K]): void {
    switch (type) {
      case 'train-start':
        this.#failure = null;
        fire(this, 'drill-train-start', detail as DrillTrainDetail);
        break;
      case 'train-stop':
        fire(this, 'drill-train-stop', detail as DrillTrainDetail);
        break;
      case 'hyper-change':
        this.#fieldErrors.delete((detail as DrillHyperChangeDetail).name);
        fire(this, 'drill-hyper-change', detail as DrillHyperChangeDetail);
        break;
      case 'error': {
        const error = detail as DrillErrorDetail;
        if (!error.recovered && TRAINING_SOURCES.includes(error.source)) this.#failure = error.message;
        if (error.source === 'storage') this.#notice = error.message;
        break;
      }
    }
  }

  // ── Properties ↔ runtime ───────────────────────────────────────────────

  protected override willUpdate(changed: PropertyValues<this>): void {
    (this as DrillTrainerControls).validateProperties(changed, {
      hide: (value: string | null) => {
        this.#hidden = parseHide(value ?? '');
        return (this.#validHide = value ?? '');
      },
    });
    // validateProperties restores the value from before this update; an invalid attribute present at creation has none.
    if (this.hide !== this.#validHide) this.hide = this.#validHide;
    for (const name of HYPER_NAMES) {
      if (changed.has(hyperProperty(name) as keyof DrillTrainerControls)) this.#validateHyperProperty(name);
    }
  }

  /**
   * Normalises a hyperparameter property the page set (the element's own
   * updates from the runtime happen in update(), after this). Null, an
   * attribute removed, keeps the value, which follows the runtime again;
   * an invalid value is reported and undone.
   */
  #validateHyperProperty(name: HyperName): void {
    const raw = this.#hyperProperty(name) as unknown;
    if (raw === null || raw === undefined) {
      this.#chosen.delete(name);
      this.#setHyperProperty(name, this.#valid[name]);
      return;
    }
    try {
      const clean = validateHyper(name, raw);
      this.#valid[name] = clean as never;
      if (!sameHyper(raw, clean)) this.#setHyperProperty(name, clean);
      // The first update also sees the defaults the constructor set: those are not the page's choice.
      if (this.hasUpdated || this.hasAttribute(hyperAttribute(name)) || !sameHyper(clean, DEFAULT_HYPERPARAMETERS[name])) this.#chosen.add(name);
    } catch (error) {
      this.#setHyperProperty(name, this.#valid[name]);
      this.reportElementError('invalid-attribute', `${hyperAttribute(name)}: ${(error as Error).message}. Keeping ${formatHyper(name, this.#valid[name])}.`);
    }
  }

  protected override update(changed: PropertyValues<this>): void {
    // Here rather than in willUpdate: a changed `runtime` attribute is followed
    // by the runtime controller's hostUpdate, which runs between the two.
    const runtime = this.drillRuntime;
    if (runtime !== this.#runtime) {
      this.#runtime = runtime;
      // A flush still waiting belongs to the runtime left behind.
      this.#unsent.clear();
      this.#flushing = null;
      this.#joinResetWanted = false;
      this.#failure = null;
      this.#busy = null;
      if (runtime) {
        if (this.autosave) runtime.autosave = true;
        // What the page chose goes to the runtime; the rest follow it.
        this.#send(runtime, [...this.#chosen], true);
        this.session.startIfNeeded();
      }
    } else if (runtime) {
      this.#send(runtime, HYPER_NAMES.filter((name) => changed.has(hyperProperty(name) as keyof DrillTrainerControls)), false);
      if (changed.has('autosave')) runtime.autosave = this.autosave;
    }
    if (runtime) {
      const hyper = runtime.state.hyper;
      for (const name of HYPER_NAMES) {
        if (this.#unsent.has(name)) continue;
        this.#valid[name] = hyper[name] as never;
        if (!sameHyper(this.#hyperProperty(name), hyper[name])) this.#setHyperProperty(name, hyper[name]);
      }
    }
    super.update(changed);
  }

  /**
   * Hands values the page set to the runtime. Before the runtime starts they
   * go in at once and its first run is built with them. While it starts,
   * they wait: its workers are being built from the values it had.
   */
  #send(runtime: DrillRuntime, names: readonly HyperName[], joining: boolean): void {
    const changes = names.filter((name) => !sameHyper(this.#hyperProperty(name), runtime.state.hyper[name]));
    if (changes.length === 0) return;
    if (!runtime.started) {
      for (const name of changes) this.#setRuntimeHyper(runtime, name, this.#hyperProperty(name));
      return;
    }
    for (const name of changes) this.#unsent.set(name, this.#hyperProperty(name));
    if (joining && changes.some(appliesOnReset)) this.#joinResetWanted = true;
    if (this.#flushing === runtime) return;
    this.#flushing = runtime;
    runtime.start().then(
      () => this.#flush(runtime),
      () => {
        // Reported through the runtime's error event; the values stay on the element.
        if (this.#flushing === runtime) this.#flushing = null;
      },
    );
  }

  #flush(runtime: DrillRuntime): void {
    if (this.#flushing !== runtime || runtime !== this.#runtime) return;
    this.#flushing = null;
    for (const [name, value] of this.#unsent) this.#setRuntimeHyper(runtime, name, value);
    this.#unsent.clear();
    // Nothing learned yet means nothing to lose: apply the element's run size now rather than leave it waiting.
    if (this.#joinResetWanted) void this.#run('reset', (r) => r.resetIfNothingLearned());
    this.#joinResetWanted = false;
    this.requestUpdate();
  }

  #setRuntimeHyper(runtime: DrillRuntime, name: HyperName, value: Hyperparameters[HyperName]): void {
    try {
      runtime.setHyper(name, value);
    } catch (error) {
      this.reportElementError('invalid-argument', (error as Error).message);
    }
  }

  #hyperProperty(name: HyperName): Hyperparameters[HyperName] {
    return (this as unknown as Record<string, Hyperparameters[HyperName]>)[hyperProperty(name)]!;
  }

  #setHyperProperty(name: HyperName, value: Hyperparameters[HyperName]): void {
    (this as unknown as Record<string, unknown>)[hyperProperty(name)] = value;
  }

  // ── Actions ────────────────────────────────────────────────────────────

  /** Runs one training command at a time; the status and buttons say which while it runs. Failures are reported, not thrown. */
  async #run(busy: Exclude<TrainingCommand, null>, command: (runtime: DrillRuntime) => Promise<void>): Promise<void> {
    const runtime = this.drillRuntime;
    if (!runtime || this.#busy) return;
    try {
      await this.#during(busy, () => command(runtime));
    } catch (error) {
      // A runtime that failed to start has said so already (drill-error from its start).
      if (runtime.capabilities && !wasReported(error)) this.reportElementError('internal', (error as Error).message);
    }
  }

  /** Marks the element busy with `busy` while `work` runs. */
  async #during<T>(busy: Exclude<TrainingCommand, null>, work: () => Promise<T>): Promise<T> {
    this.#busy = busy;
    this.requestUpdate();
    try {
      return await work();
    } finally {
      if (this.#busy === busy) this.#busy = null;
      this.requestUpdate();
    }
  }

  /** Whether the runtime is training now. */
  get training(): boolean {
    return this.drillRuntime?.state.training ?? false;
  }

  /**
   * Starts training, as the Train button does; resolves once the workers
   * run. Does nothing while another training command is under way.
   */
  train(): Promise<void> {
    return this.#run('train', (runtime) => runtime.train());
  }

  /** Stops training, as the Stop button does; the weights learned so far stay. */
  stop(): Promise<void> {
    return this.#run('stop', (runtime) => runtime.stopTraining());
  }

  /** Starts learning over with new weights, applying run-size values that wait for a reset. */
  resetTraining(): Promise<void> {
    return this.#resetTraining();
  }

  /** Starts training from new weights (not from the agent in play), as "Train from scratch" does. */
  trainFromScratch(): Promise<void> {
    this.#failure = null;
    return this.#run('reset', async (runtime) => {
      await runtime.resetTraining();
      await runtime.train();
    });
  }

  /** Starts a new run from the trained agent drill ships, as "Reset to shipped agent" does. */
  resetToShippedAgent(): Promise<void> {
    this.#failure = null;
    this.#notice = null;
    return this.#run('shipped', (runtime) => runtime.resetToShippedAgent());
  }

  /** The weights the match plays with now, as a model file (a Blob to download or keep). */
  exportModel(): Promise<Blob> {
    const runtime = this.drillRuntime;
    if (!runtime) return Promise.reject(new Error('drill: <drill-trainer-controls> is not connected to a runtime'));
    return runtime.exportModel();
  }

  /**
   * Starts a new run from the weights in a model file saved earlier, as
   * "Load model…" does. A file that is not a model of this drill fires
   * drill-error (`model-file-invalid`) and rejects; the weights in use stay.
   */
  async importModel(file: Blob | ArrayBuffer): Promise<void> {
    const runtime = this.drillRuntime;
    if (!runtime) throw new Error('drill: <drill-trainer-controls> is not connected to a runtime');
    if (this.#busy) throw new Error(`drill: cannot load a model while "${this.#busy}" is under way; try again when it has finished`);
    this.#failure = null;
    this.#notice = null;
    await this.#during('import', () => runtime.importModel(file));
  }

  readonly #saveModel = async (): Promise<void> => {
    this.#notice = null;
    try {
      const blob = await this.exportModel();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `drill-${this.drillRuntime?.name ?? 'model'}-v${this.drillRuntime?.state.show.policyVersion ?? 0}${MODEL_FILE_EXTENSION}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch (error) {
      this.reportElementError('internal', `the model could not be saved: ${(error as Error).message}`);
    }
  };

  readonly #loadModel = (file: File): void => {
    // A refused file has been reported (drill-error from the runtime); nothing else to do here.
    this.importModel(file).catch(() => undefined);
  };

  readonly #toggleTraining = (): void => {
    void (this.training ? this.stop() : this.train());
  };

  readonly #resetTraining = (): Promise<void> => {
    this.#failure = null;
    return this.#run('reset', (runtime) => runtime.resetTraining());
  };

  readonly #commitHyper = (name: HyperName, value: string | number): void => {
    const runtime = this.drillRuntime;
    if (!runtime) return;
    try {
      runtime.setHyper(name, value as never);
      this.#fieldErrors.delete(name);
    } catch (error) {
      const message = `${(error as Error).message}. Still using ${formatHyper(name, runtime.state.hyper[name])}.`;
      this.#fieldErrors.set(name, message);
      this.reportElementError('invalid-argument', message);
    }
    this.requestUpdate();
  };

  readonly #previewHyper = (name: HyperName, value: number | undefined): void => {
    if (value === undefined) this.#previews.delete(name);
    else this.#previews.set(name, value);
    this.requestUpdate();
  };

  readonly #showHandlers: ShowHandlers = {
    set: (patch) => {
      try {
        this.drillRuntime?.setShow(patch);
      } catch (error) {
        this.reportElementError('invalid-argument', (error as Error).message);
      }
    },
    step: () => this.drillRuntime?.stepShow(),
    reset: () => this.drillRuntime?.resetShow(),
  };

  // ── Rendering ──────────────────────────────────────────────────────────

  override render() {
    const hidden = this.#hidden;
    const runtime = this.drillRuntime;
    const ready = this.capabilities !== null;
    const state = runtime?.state;
    const pending = state?.pendingReset ?? [];
    const editable = ready && this.#busy !== 'reset';
    return html`<div class="panel">
      ${hidden.has('training')
        ? nothing
        : renderTrainingSection(
            {
              joined: runtime !== null,
              ready,
              training: state?.training ?? false,
              command: this.#busy,
              failure: this.#failure,
              notice: this.#notice,
              policyVersion: state?.show.policyVersion ?? 0,
              recovering: recoveringText(state?.recovering ?? []),
              startModel: ready && (runtime?.playingStartModel ?? false),
              asleep: runtime?.asleep ?? false,
              shipped: runtime?.hasShippedAgent ?? false,
            },
            {
              toggle: this.#toggleTraining,
              reset: this.#resetTraining,
              trainFromScratch: () => void this.trainFromScratch(),
              resetToShipped: () => void this.resetToShippedAgent(),
              save: () => void this.#saveModel(),
              load: this.#loadModel,
            },
          )}
      ${hidden.has('show') ? nothing : renderShowSection(state?.show ?? DEFAULT_SHOW_STATE, runtime === null, this.#showHandlers, runtime?.drill && runtime.drill.info.id !== 'soccer' ? runtime.drill : null)}
      ${hidden.has('hyper')
        ? nothing
        : renderHyperSection(
            {
              hidden,
              hyper: state?.hyper ?? this.#valid,
              pending,
              previews: this.#previews,
              errors: this.#fieldErrors,
              editable,
              canApply: editable && pending.length > 0 && this.#busy === null,
            },
            { commit: this.#commitHyper, preview: this.#previewHyper, apply: this.#resetTraining },
          )}
    </div>`;
  }
}
