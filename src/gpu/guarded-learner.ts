/**
 * The WebGPU learner with the CPU learner behind it: every `validateEvery`
 * updates both run on the same inputs and are compared (validation.ts;
 * on a divergence the CPU result is kept and the device adopts it), and
 * when the GPU fails — a lost device, a pipeline that does not build, a
 * map that never comes back — the CPU learner takes over from the last
 * parameters the GPU finished, and training goes on.
 */
import { maskWordsFor } from '../nn/categorical.js';
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import type { Learner, LearnerHyper, Pause, PpoBatch, UpdateStats } from '../rl/learner.js';
import { checkBatch } from '../rl/minibatches.js';
import type { CpuPpoLearner } from '../rl/ppo-learner.js';
import type { ComputePath } from '../contract/telemetry.js';
import { compare, compareFirstStep, difference, firstStepReference, VALIDATION_TOLERANCES, type ValidationReport } from './validation.js';
import type { WebGpuPpoLearner } from './webgpu-learner.js';

export interface GuardedLearnerOptions {
  readonly gpu: WebGpuPpoLearner;
  /** Same network and seed; it need not hold the same parameters (they are handed over when needed). */
  readonly cpu: CpuPpoLearner;
  /** Validate every K-th update (the 1st, K+1-th, …); 0: never. */
  readonly validateEvery?: number;
  /** The GPU failed and the CPU learner took over. */
  readonly onFallback?: (reason: string) => void;
  readonly onValidation?: (report: ValidationReport) => void;
}

export class GuardedGpuLearner implements Learner {
  readonly descriptor: NetworkDescriptor;
  readonly seed: number;
  /** Why the CPU took over, once it has. */
  fallbackReason: string | null = null;
  lastValidation: ValidationReport | null = null;
  private readonly gpu: WebGpuPpoLearner;
  private readonly cpu: CpuPpoLearner;
  private readonly validateEvery: number;

  constructor(private readonly options: GuardedLearnerOptions) {
    this.gpu = options.gpu;
    this.cpu = options.cpu;
    this.descriptor = options.gpu.descriptor;
    this.seed = options.gpu.seed;
    this.validateEvery = options.validateEvery ?? 0;
    if (!Number.isInteger(this.validateEvery) || this.validateEvery < 0) throw new RangeError(`gpu: validateEvery must be a whole number, got ${this.validateEvery}`);
  }

  get computePath(): ComputePath {
    return this.fallbackReason === null ? 'webgpu' : 'cpu';
  }

  /** The GPU's adapter while it computes; null after a fallback. */
  get adapter(): string | null {
    return this.fallbackReason === null ? this.gpu.adapter : null;
  }

  private get current(): Learner {
    return this.fallbackReason === null ? this.gpu : this.cpu;
  }

  get params(): Float32Array {
    return this.current.params;
  }

  get hyper(): Readonly<LearnerHyper> {
    return this.current.hyper;
  }

  get updates(): number {
    return this.current.updates;
  }

  setHyper(changes: Partial<LearnerHyper>): void {
    this.gpu.setHyper(changes);
    this.cpu.setHyper(changes);
  }

  reset(seed?: number): void {
    this.cpu.reset(seed);
    this.onGpu(() => this.gpu.reset(seed));
  }

  loadParams(params: ArrayLike<number>): void {
    this.cpu.loadParams(params);
    this.onGpu(() => this.gpu.loadParams(params));
  }

  async update(batch: PpoBatch, pause?: Pause): Promise<UpdateStats> {
    // Bad input is the caller's problem, never a reason to leave the GPU.
    checkBatch(batch, this.descriptor.obsSize, maskWordsFor(this.descriptor.actionCount));
    if (this.fallbackReason === null) {
      try {
        const validate = this.validateEvery > 0 && this.gpu.updates % this.validateEvery === 0;
        return validate ? await this.validatedUpdate(batch) : await this.gpu.update(batch, pause);
      } catch (error) {
        this.fallBack(error as Error);
      }
    }
    return this.cpu.update(batch, pause);
  }

  /** Both paths from the GPU's state; the CPU's result wins when any check fails. */
  private async validatedUpdate(batch: PpoBatch): Promise<UpdateStats> {
    const { gpu, cpu } = this;
    const before = await gpu.readState();
    const update = gpu.updates;
    const hyper = gpu.hyper;
    const { stats, probe } = await gpu.updateWithProbe(batch);
    const reference = await firstStepReference(this.descriptor, before, batch, hyper, this.seed, update, gpu.adamOptions);
    cpu.loadState(before.params, before, update);
    const cpuStats = await cpu.update(batch);
    const checks = [
      ...compareFirstStep(this.descriptor, probe, reference, before.params),
      compare('update', difference(gpu.params, before.params), difference(cpu.params, before.params), VALIDATION_TOLERANCES.update),
    ];
    const diverged = checks.some((check) => !check.ok);
    if (diverged) gpu.loadState(cpu.params, cpu.optimizerState, cpu.updates);
    this.lastValidation = { update, checks, diverged };
    this.options.onValidation?.(this.lastValidation);
    return diverged ? cpuStats : stats;
  }

  private onGpu(action: () => void): void {
    if (this.fallbackReason !== null) return;
    try {
      action();
    } catch (error) {
      this.fallBack(error as Error);
    }
  }

  /** The CPU learner continues from the last parameters the GPU finished (the optimiser starts fresh). */
  private fallBack(error: Error): void {
    this.fallbackReason = this.gpu.lostReason !== null ? `the GPU device was lost (${this.gpu.lostReason})` : `the GPU path failed (${error.message})`;
    const updates = this.gpu.updates;
    const n = this.gpu.params.length;
    this.cpu.loadState(this.gpu.params, { m: new Float32Array(n), v: new Float32Array(n), steps: 0 }, updates);
    this.options.onFallback?.(this.fallbackReason);
  }
}
