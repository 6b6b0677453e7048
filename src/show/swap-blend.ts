/**
 * Blending on hot-swap (`swap-blend`, ms): for that long after new weights
 * arrive, the show's agent acts from a mixture of the outgoing and the new
 * policy's action probabilities, (1 − w)·p_old + w·p_new, with w moving
 * linearly from 0 to 1 over the window — so a big change of policy shows as
 * a quick change of style rather than a jump. Off (0) by default: then the
 * new policy plays from its first decision, as it always did. One uniform
 * draw per decision either way, so the show's random stream is unchanged.
 */
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import type { Random } from '../util/random.js';
import { PolicyBrain } from './policy-brain.js';

export class SwapBlend {
  #startMs = -Infinity;
  #windowMs = 0;
  readonly #old: Float64Array;
  readonly #new: Float64Array;
  readonly #mixed: Float64Array;

  private constructor(private readonly outgoing: PolicyBrain) {
    const n = outgoing.descriptor.actionCount;
    this.#old = new Float64Array(n);
    this.#new = new Float64Array(n);
    this.#mixed = new Float64Array(n);
  }

  static async create(descriptor: NetworkDescriptor): Promise<SwapBlend> {
    return new SwapBlend(await PolicyBrain.create(descriptor));
  }

  /** New weights are about to replace `current`'s at `now`: keep its weights and blend over `windowMs` (0: no blend). */
  begin(current: PolicyBrain, now: number, windowMs: number): void {
    this.#windowMs = windowMs;
    if (windowMs <= 0 || current.version === 0) {
      this.#startMs = -Infinity;
      return;
    }
    this.outgoing.load(current.network.params, current.version, current.publishedAt);
    this.#startMs = now;
  }

  /** The new policy's weight in the mixture at `now`: 0 at the swap, 1 once the window has passed (and when no blend runs). */
  weight(now: number): number {
    if (this.#windowMs <= 0) return 1;
    return Math.min(1, Math.max(0, (now - this.#startMs) / this.#windowMs));
  }

  /** The probabilities the agent acts from at `now` (a view, valid until the next call). */
  mixture(current: PolicyBrain, observation: Float32Array, mask: number, now: number): Float64Array {
    const w = this.weight(now);
    current.probabilities(observation, mask, this.#new);
    if (w >= 1) return this.#new;
    this.outgoing.probabilities(observation, mask, this.#old);
    for (let a = 0; a < this.#mixed.length; a++) this.#mixed[a] = (1 - w) * this.#old[a]! + w * this.#new[a]!;
    return this.#mixed;
  }

  /** An action for `current` at `now`: sampled from the mixture while a blend runs, else from `current` alone. */
  act(current: PolicyBrain, observation: Float32Array, mask: number, random: Random, now: number): number {
    if (this.weight(now) >= 1) return current.act(observation, mask, random);
    const p = this.mixture(current, observation, mask, now);
    const u = random.next();
    let cumulative = 0;
    let last = 0;
    for (let a = 0; a < p.length; a++) {
      if (p[a]! <= 0) continue;
      last = a;
      cumulative += p[a]!;
      if (u < cumulative) return a;
    }
    return last;
  }
}
