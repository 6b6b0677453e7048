/**
 * Which path trains: `compute` 'cpu' or 'webgpu' forces one; 'auto' times
 * one short update on each on this machine and takes the faster. A
 * software adapter (SwiftShader, llvmpipe) is timed like any other: it is
 * correct, and whether it is fast enough is the clock's to say.
 */
import { maskWordsFor } from '../nn/categorical.js';
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import { DEFAULT_TRAINING_OPTIONS, type Learner, type LearnerHyper, type PpoBatch, resolveTrainingOptions, type TrainingOptions } from '../rl/learner.js';
import type { ParallelGradients } from '../rl/parallel-gradients.js';
import { CpuPpoLearner } from '../rl/ppo-learner.js';
import { type ComputePath, COMPUTE_SETTINGS, type ComputeSetting } from '../contract/telemetry.js';
import { Random } from '../util/random.js';
import { GuardedGpuLearner } from './guarded-learner.js';
import type { ValidationReport } from './validation.js';
import { CompileDeadlineError } from './update-kernels.js';
import { WebGpuPpoLearner } from './webgpu-learner.js';

export { COMPUTE_SETTINGS };

/** Samples per second of one measured update on each path (null: not measured, or not available). */
export interface PathTimings {
  readonly cpu: number | null;
  readonly webgpu: number | null;
}

export interface PathChoice {
  readonly path: ComputePath;
  /** Why, in words: for the metrics and the report. */
  readonly reason: string;
  /** Set when the setting could not be honoured (compute=webgpu without WebGPU): say it as a drill-error. */
  readonly error: string | null;
}

/** The decision alone, from the setting, the timings and why WebGPU is missing (if it is). */
export function choosePath(setting: ComputeSetting, timings: PathTimings, webgpuUnavailable: string | null): PathChoice {
  checkSetting(setting);
  if (setting === 'cpu') return { path: 'cpu', reason: 'compute=cpu', error: null };
  if (webgpuUnavailable !== null) {
    return setting === 'webgpu'
      ? { path: 'cpu', reason: `compute=webgpu, but ${webgpuUnavailable}: training on the CPU`, error: `compute="webgpu" asks for WebGPU, but ${webgpuUnavailable}. Training runs on the CPU instead.` }
      : { path: 'cpu', reason: `auto: ${webgpuUnavailable}`, error: null };
  }
  if (setting === 'webgpu') return { path: 'webgpu', reason: 'compute=webgpu', error: null };
  const { cpu, webgpu } = timings;
  if (cpu === null) throw new RangeError('compute: auto needs the CPU timing');
  if (webgpu === null) return { path: 'cpu', reason: lateReason(), error: null };
  const rates = `${Math.round(webgpu)} vs ${Math.round(cpu)} samples/s`;
  return webgpu > cpu ? { path: 'webgpu', reason: `auto: WebGPU measured faster (${rates})`, error: null } : { path: 'cpu', reason: `auto: the CPU measured faster (WebGPU ${rates})`, error: null };
}

function checkSetting(setting: ComputeSetting): void {
  if (!COMPUTE_SETTINGS.includes(setting)) throw new RangeError(`compute must be one of ${COMPUTE_SETTINGS.join(', ')}, got ${JSON.stringify(setting)}`);
}

export interface ChooseOptions {
  readonly setting: ComputeSetting;
  readonly network: NetworkDescriptor;
  readonly seed: number;
  readonly hyper: Partial<LearnerHyper>;
  /** How updates are computed (a drill's recommendation); the GPU path computes only the defaults, so others train on the CPU. */
  readonly training?: Partial<TrainingOptions>;
  /** navigator.gpu (or Dawn's under Node); undefined where there is none. */
  readonly gpu: GPU | undefined;
  /** Samples per update of the run: the timed update uses up to this many. */
  readonly batchSize: number;
  readonly validateEvery?: number;
  readonly onFallback?: (reason: string) => void;
  readonly onValidation?: (report: ValidationReport) => void;
  /** The CPU learner's gradient team (parallel-gradients.ts); absent: one thread. */
  readonly parallel?: ParallelGradients;
}

export interface ChosenLearner extends PathChoice {
  readonly learner: Learner;
  readonly adapter: string | null;
  readonly timings: PathTimings;
}

/**
 * The learner the setting and this machine call for, fresh from `seed`.
 * The timed update is one epoch over up to four minibatches of the run's
 * sizes, after one untimed update. Under 'auto' the GPU gets a budget of
 * MAX_SLOWDOWN× the CPU's timed update (AUTO_BUDGET_MS at least) for its
 * set-up (shader compilation) and untimed update together; a GPU not done
 * by then loses untimed and its device is destroyed, so a slow software
 * adapter costs the start at most that long.
 */
export async function chooseLearner(options: ChooseOptions): Promise<ChosenLearner> {
  checkSetting(options.setting);
  const cpu = await CpuPpoLearner.create({ network: options.network, seed: options.seed, hyper: options.hyper, training: options.training, ...(options.parallel ? { parallel: options.parallel } : {}) });
  const training = resolveTrainingOptions(options.training);
  const defaultLoss = (Object.keys(DEFAULT_TRAINING_OPTIONS) as (keyof TrainingOptions)[]).every((key) => training[key] === DEFAULT_TRAINING_OPTIONS[key]);
  const none: PathTimings = { cpu: null, webgpu: null };
  if (options.setting === 'cpu') return { learner: cpu, adapter: null, timings: none, ...choosePath('cpu', none, null) };
  const auto = options.setting === 'auto';
  const batch = timingBatch(options.network, Math.min(options.batchSize, 4 * (options.hyper.minibatch ?? cpu.hyper.minibatch)));
  let cpuRate: number | null = null;
  let deadline = Infinity;
  if (auto) {
    cpuRate = (await samplesPerSecond(cpu, batch, Infinity))!;
    cpu.reset(options.seed);
    deadline = performance.now() + Math.max(AUTO_BUDGET_MS, (1000 * MAX_SLOWDOWN * batch.size) / cpuRate);
  }
  let gpu: WebGpuPpoLearner | null = null;
  let unavailable: string | null = null;
  let late = false;
  try {
    if (!options.gpu) throw new Error('this browser (or worker) has no WebGPU');
    if (!defaultLoss) throw new Error('the GPU path computes only the default training options, and this drill recommends others (value clipping, advantages per minibatch or lr annealing)');
    const created = WebGpuPpoLearner.create({ network: options.network, seed: options.seed, hyper: options.hyper, gpu: options.gpu, deadline });
    gpu = await before(created, deadline);
    // Too late: whenever it arrives (the build stops at its next pipeline), give its device back.
    if (!gpu) void created.then((g) => g.destroy(), () => {});
  } catch (error) {
    if (error instanceof CompileDeadlineError) late = true;
    else unavailable = (error as Error).message.replace(/^webgpu: /, '');
  }
  let timings: PathTimings = { cpu: cpuRate, webgpu: null };
  if (gpu && auto) {
    timings = { cpu: cpuRate, webgpu: await samplesPerSecond(gpu, batch, deadline) };
    // A GPU still busy with its abandoned update loses and is destroyed below.
    if (timings.webgpu !== null) gpu.reset(options.seed);
  } else if (!gpu && unavailable === null) {
    late = true;
  }
  const choice = late ? { path: 'cpu' as const, reason: lateReason(), error: null } : choosePath(options.setting, timings, unavailable);
  if (choice.path === 'cpu') {
    gpu?.destroy();
    return { learner: cpu, adapter: null, timings, ...choice };
  }
  const learner = new GuardedGpuLearner({ gpu: gpu!, cpu, validateEvery: options.validateEvery, onFallback: options.onFallback, onValidation: options.onValidation });
  return { learner, adapter: gpu!.adapter, timings, ...choice };
}

/** The GPU's set-up and first update get this many times the CPU's timed update. */
export const MAX_SLOWDOWN = 10;
/** …and at least this long, ms. */
export const AUTO_BUDGET_MS = 2000;

const lateReason = (): string => `auto: WebGPU's set-up and first update did not finish within ${MAX_SLOWDOWN}× the CPU's timed update (${AUTO_BUDGET_MS} ms at least)`;

/** The promise's value if it settles before `deadline` (performance.now() time), else null. */
async function before<T>(promise: Promise<T>, deadline: number): Promise<T | null> {
  if (deadline === Infinity) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), Math.max(0, deadline - performance.now())); });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Samples/s of one one-epoch update after an untimed one; null when the untimed one is not done by `deadline`. */
async function samplesPerSecond(learner: Learner, batch: PpoBatch, deadline: number): Promise<number | null> {
  const saved = learner.hyper;
  learner.setHyper({ epochs: 1 });
  try {
    const untimed = learner.update(batch);
    if ((await before(untimed, deadline)) === null) {
      // Abandoned: the caller destroys its device, which fails it; nobody waits for that.
      untimed.catch(() => {});
      return null;
    }
    const t1 = performance.now();
    await learner.update(batch);
    return batch.size / ((performance.now() - t1) / 1000);
  } finally {
    learner.setHyper(saved);
  }
}

/** Random experience of the run's shape (timing needs sizes, not meaning). */
function timingBatch(desc: NetworkDescriptor, size: number): PpoBatch {
  const random = new Random(1);
  const maskWords = maskWordsFor(desc.actionCount);
  return {
    size,
    obs: Float32Array.from({ length: size * desc.obsSize }, () => random.normal()),
    mask: new Uint32Array(size * maskWords).fill(0xffffffff),
    act: Int32Array.from({ length: size }, () => random.int(desc.actionCount)),
    logp: new Float32Array(size).fill(-Math.log(desc.actionCount)),
    value: new Float32Array(size),
    advantages: Float32Array.from({ length: size }, () => random.normal()),
    returns: Float32Array.from({ length: size }, () => random.normal()),
  };
}
