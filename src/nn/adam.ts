/**
 * Adam with bias correction and global gradient-norm clipping, stepping the
 * parameters in place in their workspace (one SIMD kernel pass, no
 * allocation).
 *
 * ε defaults to 1e-5, not the textbook 1e-8: the PPO reference
 * implementations (OpenAI baselines, CleanRL) use 1e-5, and it keeps
 * parameters whose gradients are almost always zero — policy-head weights of
 * actions that are rarely allowed — from taking full-size steps on noise.
 */
import type { KernelExports } from './kernels.js';
import type { Region, RegionSizes, Workspace } from './workspace.js';

export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** Adam's state besides the parameters: the moments and the step count. */
export interface AdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly steps: number;
}

export const ADAM_DEFAULTS: Required<AdamOptions> = Object.freeze({ beta1: 0.9, beta2: 0.999, epsilon: 1e-5 });

/** Added to the norm before dividing, as torch.nn.utils.clip_grad_norm_ does. */
const CLIP_NORM_EPSILON = 1e-6;

export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly kernels: KernelExports;
  private readonly m: Region;
  private readonly v: Region;
  private t = 0;

  /** The moment buffers Adam needs in the workspace for `count` parameters. */
  static regions(count: number): RegionSizes {
    return { 'adam.m': count, 'adam.v': count };
  }

  /**
   * Steps `count` parameters at byte offset `paramsPtr` with the gradients at
   * `gradsPtr`, all in `workspace` (laid out with {@link Adam.regions}).
   */
  constructor(workspace: Workspace, private readonly paramsPtr: number, private readonly gradsPtr: number, readonly count: number, options: AdamOptions = {}) {
    const beta1 = options.beta1 ?? ADAM_DEFAULTS.beta1;
    const beta2 = options.beta2 ?? ADAM_DEFAULTS.beta2;
    const epsilon = options.epsilon ?? ADAM_DEFAULTS.epsilon;
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) throw new RangeError(`adam: need 0 ≤ β1, β2 < 1 and ε > 0, got β1 ${beta1}, β2 ${beta2}, ε ${epsilon}`);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.kernels = workspace.kernels;
    this.m = workspace.region('adam.m');
    this.v = workspace.region('adam.v');
    if (this.m.length < count || this.v.length < count) throw new RangeError(`adam: moment regions hold ${this.m.length} floats, need ${count}`);
  }

  /** Steps taken since construction or the last reset. */
  get steps(): number {
    return this.t;
  }

  /** The L2 norm of the whole gradient vector. */
  gradientNorm(): number {
    return Math.sqrt(this.kernels.sumSquares(this.gradsPtr, this.count));
  }

  /**
   * One step with learning rate `lr` (read per step, so it can change live),
   * after scaling the gradient down to norm `maxGradNorm` if it is longer
   * (≤ 0 or ∞: no clipping). Returns the gradient norm before clipping; a
   * non-finite gradient is not applied (the parameters stay as they were).
   */
  step(lr: number, maxGradNorm = Infinity): number {
    const norm = this.gradientNorm();
    if (!Number.isFinite(norm)) return norm;
    const scale = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / (norm + CLIP_NORM_EPSILON) : 1;
    this.t++;
    const stepSize = lr / (1 - this.beta1 ** this.t);
    const invSqrtBc2 = 1 / Math.sqrt(1 - this.beta2 ** this.t);
    this.kernels.adam(this.paramsPtr, this.gradsPtr, this.m.ptr, this.v.ptr, this.count, scale, this.beta1, 1 - this.beta1, this.beta2, 1 - this.beta2, stepSize, invSqrtBc2, this.epsilon);
    return norm;
  }

  /** The moments (views into the workspace: copy them to keep them) and the step count. */
  get state(): AdamState {
    return { m: this.m.view.subarray(0, this.count), v: this.v.view.subarray(0, this.count), steps: this.t };
  }

  /** Adopts moments and a step count (another optimiser's, e.g. the GPU learner's). */
  load(state: AdamState): void {
    if (state.m.length !== this.count || state.v.length !== this.count || !Number.isInteger(state.steps) || state.steps < 0) {
      throw new RangeError(`adam: state needs ${this.count} moments each and a whole step count, got ${state.m.length}, ${state.v.length}, ${state.steps}`);
    }
    this.m.view.set(state.m);
    this.v.view.set(state.v);
    this.t = state.steps;
  }

  /** Forgets the moments (fresh start after a reset or a load). */
  reset(): void {
    this.t = 0;
    this.m.view.fill(0);
    this.v.view.fill(0);
  }
}
