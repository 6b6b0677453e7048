/**
 * Autosave: while on, the runtime's weights are kept in this browser (OPFS,
 * src/runtime/model-store.ts) — every AUTOSAVE_MS while training, when
 * training stops, when the page is hidden (it may be closing) and when the
 * runtime is disposed — whenever they changed since the last save. A
 * runtime that starts with it on begins from the saved model. Untrained
 * weights are never saved: they would only replace a model kept from before.
 */
import type { WeightsSnapshot } from '../contract/worker-api.js';
import { ModelFileError } from './model-file.js';
import { ModelStore } from './model-store.js';

/** How often autosave writes the weights while training. */
export const AUTOSAVE_MS = 30_000;

/** What autosave needs from its runtime. */
export interface AutosaveHost {
  /** Whether the weights hold something worth keeping. */
  readonly hasLearned: boolean;
  /** The weights to save now. */
  weights(): Promise<WeightsSnapshot>;
  /** A model file of those weights. */
  modelFile(weights: WeightsSnapshot): Blob;
  /** Starts a run from a saved file; throws ModelFileError if it is not a usable model. */
  restore(file: ArrayBuffer): Promise<WeightsSnapshot['policyVersion']>;
  reportStorageError(message: string): void;
}

export class Autosave {
  #store: ModelStore | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** The policy version written last. */
  #savedVersion = 0;
  /** The last save failed: one report per spell of failures (a full disk fails every time). */
  #failing = false;
  /** A save is under way (the timer, a stop and a hidden page can all ask at once). */
  #saving: Promise<void> | null = null;
  #restoreTried = false;
  #closed = false;

  constructor(private readonly runtimeName: string, private readonly host: AutosaveHost) {}

  get on(): boolean {
    return this.#store !== null;
  }

  /** Turns autosave on or off; false when it cannot be on in this browser (reported). */
  set(on: boolean): boolean {
    if (on === this.on) return true;
    if (on && !ModelStore.supported) {
      this.host.reportStorageError('Autosave is off: this browser has no origin private file system (OPFS). Use Save model to keep the weights.');
      return false;
    }
    this.#store = on ? new ModelStore(this.runtimeName) : null;
    clearInterval(this.#timer);
    this.#timer = on ? setInterval(() => void this.save(), AUTOSAVE_MS) : undefined;
    return true;
  }

  /** Begins from the saved model, once per runtime; a file that is not a usable model is forgotten. */
  async restore(): Promise<void> {
    const store = this.#store;
    if (!store || this.#restoreTried) return;
    this.#restoreTried = true;
    try {
      const saved = await store.read();
      if (!saved) return;
      this.#savedVersion = await this.host.restore(saved);
    } catch (error) {
      // Only a file that is not a model is forgotten; a read that failed (another tab writing) or a failed load keeps it for next time.
      if (error instanceof ModelFileError) await store.remove().catch(() => undefined);
      else this.host.reportStorageError(`The saved model could not be loaded (${(error as Error).message}); starting from new weights. It is kept for next time.`);
    }
  }

  get restoreTried(): boolean {
    return this.#restoreTried;
  }

  /** Saves now if the weights changed since the last save; one save at a time. */
  save(): Promise<void> {
    if (!this.#store || this.#closed || !this.host.hasLearned) return Promise.resolve();
    this.#saving ??= this.#write(this.#store).finally(() => {
      this.#saving = null;
    });
    return this.#saving;
  }

  /** Forgets what autosave kept for this page and runtime. */
  async clear(): Promise<void> {
    await new ModelStore(this.runtimeName).remove();
    this.#savedVersion = 0;
  }

  /** The runtime is going: a last save of what changed (`weights`, if any), then nothing more. */
  async close(hasWeights: boolean): Promise<void> {
    clearInterval(this.#timer);
    await this.#saving?.catch(() => undefined);
    if (hasWeights) await this.save().catch(() => undefined);
    this.#closed = true;
  }

  async #write(store: ModelStore): Promise<void> {
    try {
      const weights = await this.host.weights();
      if (weights.policyVersion === this.#savedVersion) return;
      await store.write(this.host.modelFile(weights));
      this.#savedVersion = weights.policyVersion;
      this.#failing = false;
    } catch (error) {
      if (this.#closed) return;
      if (!this.#failing) this.host.reportStorageError(`Autosave failed (${(error as Error).message}); training goes on. Free some storage or use Save model.`);
      this.#failing = true;
    }
  }
}
