// A fault-injection point in the learner path, for tests: a real learner
// whose next n updates blow up (a NaN weight, as a diverging step leaves),
// after which it trains normally again.
import type { Learner, LearnerHyper, Pause, PpoBatch, UpdateStats } from '../../src/rl/learner.js';

export class FaultyLearner implements Learner {
  private skip = 0;
  private poisoned = 0;
  /** Poisoned updates so far. */
  faults = 0;
  /** The weights each poisoned update started from, in order: what the trainer must restore. */
  readonly before: Float32Array[] = [];

  constructor(private readonly inner: Learner) {}

  /** The `n` updates after the next `after` good ones produce a NaN weight. */
  poison(n: number, after = 0): this {
    this.skip = after;
    this.poisoned = n;
    return this;
  }

  get descriptor() {
    return this.inner.descriptor;
  }
  get params(): Float32Array {
    return this.inner.params;
  }
  get hyper(): Readonly<LearnerHyper> {
    return this.inner.hyper;
  }
  get seed(): number {
    return this.inner.seed;
  }
  get updates(): number {
    return this.inner.updates;
  }
  setHyper(changes: Partial<LearnerHyper>): void {
    this.inner.setHyper(changes);
  }
  reset(seed?: number): void {
    this.inner.reset(seed);
  }
  loadParams(params: ArrayLike<number>): void {
    this.inner.loadParams(params);
  }

  async update(batch: PpoBatch, pause?: Pause): Promise<UpdateStats> {
    const bad = this.skip === 0 && this.poisoned > 0;
    if (bad) this.before.push(this.inner.params.slice());
    const stats = await this.inner.update(batch, pause);
    if (this.skip > 0) this.skip--;
    else if (bad && !stats.aborted) {
      this.poisoned--;
      this.faults++;
      this.inner.params[this.inner.params.length >> 1] = Number.NaN;
    }
    return stats;
  }
}
