/**
 * What every drill element shares: the `runtime` attribute naming the
 * runtime it joins, the runtime-wide `model` setting, and its own
 * drill-ready / drill-error events.
 */
import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { DEFAULT_RUNTIME, type DrillRuntime } from '../src/runtime/index.js';
import type { Capabilities } from '../src/contract/capabilities.js';
import type { DrillSource } from '../src/contract/drill.js';
import type { ErrorCode } from '../src/contract/events.js';
import { quote } from '../src/contract/quote.js';
import { fire } from './events.js';
import { RuntimeController } from './runtime-controller.js';

export abstract class RuntimeMember extends LitElement {
  /** Name of the runtime this element joins; elements with the same name share one. */
  @property({ reflect: true }) accessor runtime = DEFAULT_RUNTIME;

  /**
   * What the runtime plays before any training — a setting of the whole
   * runtime, so it may stand on any of its elements: `default` (the drill's
   * shipped agent, also when no element says), `none` (new weights from the
   * seed) or the URL of a .drillmodel file. A model autosave kept comes
   * first. A URL that cannot be fetched (HTTP error, CORS) or holds another
   * drill's model fires drill-error `model-file-invalid`; the weights in
   * use stay.
   * @attr model
   */
  @property({ reflect: true }) accessor model: string | null = null;

  /**
   * Where the runtime's trainer computes — a runtime setting, so it may stand
   * on any of its elements: `auto` (both paths timed at start, the faster
   * kept; also when no element says), `cpu` or `webgpu`. Asking for WebGPU
   * where there is none fires drill-error `webgpu-unavailable` and trains on
   * the CPU. Changed while training, a new trainer takes over from the last
   * published weights.
   * @attr compute
   */
  @property({ reflect: true }) accessor compute: string | null = null;

  /**
   * A built-in drill for this element's runtime (`soccer`, `cartpole`,
   * `acrobot`). The drill is the runtime's: the first element that names
   * one chooses it, before the workers start; another element of the same
   * runtime asking for another drill gets drill-error `drill-conflict`.
   */
  @property({ reflect: true }) accessor drill: string | null = null;

  /**
   * The most busy threads (the trainer and the rollout workers) the
   * runtime keeps — a runtime setting, so it may stand on any of its
   * elements: a whole number from 1 to 64; absent, all cores but one, at most four. 1
   * makes them take turns on one core, leaving the rest to the page. Read
   * when the workers start (later changes switch taking turns only). A bad
   * value fires drill-error `invalid-attribute`; the last valid one stays.
   * @attr max-threads
   */
  @property({ attribute: 'max-threads', type: Number, reflect: true }) accessor maxThreads: number | null = null;

  /** A page's own drill module, by URL relative to the page (docs/drills.md); wins over `drill`. */
  @property({ attribute: 'drill-src', reflect: true }) accessor drillSrc: string | null = null;

  protected readonly session = new RuntimeController(this, { startWorkers: () => this.needsWorkers() });

  /** The runtime the `model` setting was last handed to. */
  #modelSentTo: DrillRuntime | null = null;
  /** The runtime the `compute` setting was last handed to. */
  #computeSentTo: DrillRuntime | null = null;
  /** The runtime the `max-threads` setting was last handed to. */
  #maxThreadsSentTo: DrillRuntime | null = null;

  /** What the runtime reported at start: transport, WebGPU adapter, workers… (null before drill-ready). */
  get capabilities(): Capabilities | null {
    return this.session.capabilities;
  }

  /** The shared runtime object (null while disconnected). */
  get drillRuntime(): DrillRuntime | null {
    return this.session.runtime;
  }

  /** The drill this element asks for, if any (the runtime controller passes it on when the element joins). */
  drillSource(): DrillSource | null {
    if (this.drillSrc) return { src: this.drillSrc };
    if (this.drill) return { id: this.drill };
    return null;
  }

  /** The runtime refused this element's drill: another one runs there. */
  reportDrillConflict(message: string): void {
    this.reportElementError('drill-conflict', message);
  }


  protected override update(changed: PropertyValues): void {
    const runtime = this.drillRuntime;
    if (runtime && this.model !== null && (changed.has('model') || runtime !== this.#modelSentTo)) {
      this.#modelSentTo = runtime;
      try {
        runtime.model = this.model;
      } catch (error) {
        this.reportElementError('invalid-attribute', `${(error as Error).message}. Keeping ${runtime.model}.`);
      }
    }
    if (runtime && this.compute !== null && (changed.has('compute') || runtime !== this.#computeSentTo)) {
      this.#computeSentTo = runtime;
      try {
        void runtime.setCompute(this.compute).catch((error: Error) => this.reportElementError('internal', `compute: ${error.message}`));
      } catch (error) {
        this.reportElementError('invalid-attribute', `${(error as Error).message}. Keeping ${runtime.compute}.`);
        this.compute = runtime.compute;
      }
    }
    if (runtime && this.maxThreads !== null && (changed.has('maxThreads') || runtime !== this.#maxThreadsSentTo)) {
      this.#maxThreadsSentTo = runtime;
      try {
        runtime.maxThreads = this.maxThreads;
      } catch (error) {
        this.reportElementError('invalid-attribute', `${(error as Error).message}. Keeping ${runtime.maxThreads ?? 'no cap'}.`);
        this.maxThreads = runtime.maxThreads;
      }
    }
    super.update(changed);
  }

  /** Whether connecting this element should start the workers now: not while a lazy arena holds the runtime asleep. */
  protected needsWorkers(): boolean {
    return !(this.drillRuntime?.asleep ?? false);
  }

  /**
   * Call from willUpdate: each changed property with a rule is normalised by
   * it; a value the rule rejects (it throws a RangeError saying what is
   * allowed) is reported as drill-error and the last valid value is kept
   * (and reflected back to the attribute). `runtime` is always checked.
   */
  protected validateProperties(changed: PropertyValues, rules: { [K in keyof this]?: (value: this[K]) => this[K] }): void {
    if (changed.has('runtime')) this.#validateRuntime();
    for (const key of Object.keys(rules) as (keyof this)[]) {
      if (!changed.has(key)) continue;
      try {
        this[key] = rules[key]!(this[key]);
      } catch (error) {
        const previous = (changed as Map<PropertyKey, unknown>).get(key) as this[keyof this] | undefined;
        if (previous !== undefined) this[key] = previous;
        this.reportElementError('invalid-attribute', `${(error as Error).message}. Keeping ${quote(this[key])}.`);
      }
    }
  }

  #validRuntime = DEFAULT_RUNTIME;

  /** `runtime` names a runtime: any text ('' is the default one); removing it means the default; anything else is refused. */
  #validateRuntime(): void {
    const value = this.runtime as unknown;
    if (value === null || value === undefined) {
      this.runtime = DEFAULT_RUNTIME;
    } else if (typeof value !== 'string') {
      this.runtime = this.#validRuntime;
      this.reportElementError('invalid-attribute', `runtime must be a runtime's name (text), got ${quote(value)}. Keeping ${quote(this.runtime)}.`);
    }
    this.#validRuntime = this.runtime;
  }

  /** Reports an element-level problem (e.g. an invalid attribute) as drill-error and on the console. */
  protected reportElementError(code: ErrorCode, message: string): void {
    console.error(`drill (<${this.localName}>, ${code}): ${message}`);
    fire(this, 'drill-error', { code, source: 'element', message, recovered: true });
  }
}
