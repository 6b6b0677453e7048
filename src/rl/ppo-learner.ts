/**
 * The CPU PPO learner: epochs of shuffled minibatches over a batch, the
 * clipped surrogate with value loss and entropy bonus (ppo-loss.ts), global
 * gradient-norm clipping and Adam, with a KL early stop. The network,
 * gradients and optimiser moments live in one WebAssembly workspace.
 *
 * Choices (the {@link TrainingOptions} switch some; their defaults are these):
 * - Advantages are normalised once per batch (mean 0, std 1 over all B
 *   samples), not per minibatch: minibatches may be as small as 32 samples,
 *   whose own statistics are noisy, and with one normalisation every
 *   minibatch optimises a slice of the same objective. Per minibatch (the
 *   CleanRL way) or not at all are options.
 * - The value loss is unclipped unless `valueClip` asks (ppo-loss.ts).
 * - lr is exactly the live setting unless `lrAnnealSteps` sets a budget to
 *   anneal it over; annealing follows the samples trained, read at the start
 *   of each update.
 * - Minibatches: the batch is split into k = max(1, round(B / minibatch))
 *   nearly equal parts of a fresh permutation each epoch, so every sample is
 *   used once per epoch and no tail minibatch is tiny.
 * - KL early stop: each minibatch's approximate KL to the acting policy is
 *   measured on its forward pass; when an epoch's mean exceeds targetKl, the
 *   remaining epochs are skipped (0: never). The first epoch always runs in
 *   full, so a batch from a slightly older policy (the allowed policy lag)
 *   still trains instead of stopping before its first step.
 * - A minibatch larger than the workspace's rowsPerPass is evaluated in
 *   passes whose gradients accumulate before one step, so any minibatch size
 *   works without growing memory.
 * - Determinism: shuffles draw from deriveSeed(seed, MINIBATCH_SHUFFLE,
 *   update number) and the arithmetic has a fixed order, so the same seed
 *   and batches give the same parameters bit for bit.
 */
import { Adam, type AdamOptions, type AdamState } from '../nn/adam.js';
import { maskWordsFor } from '../nn/categorical.js';
import { type NetworkDescriptor, paramCount } from '../nn/network-descriptor.js';
import { PolicyNetwork } from '../nn/policy-network.js';
import { type RegionSizes, Workspace } from '../nn/workspace.js';
import { DEFAULT_HYPERPARAMETERS, validateHyper } from '../contract/hyperparameters.js';
import { deriveSeed, Random, Stream } from '../util/random.js';
import { LEARNER_HYPER_NAMES, type Learner, type LearnerHyper, type Pause, type PpoBatch, resolveTrainingOptions, type TrainingOptions, type UpdateStats } from './learner.js';
import { type GradientSlice, type ParallelGradients } from './parallel-gradients.js';
import { PpoLoss, type PpoSamples, PpoTotals } from './ppo-loss.js';

export interface CpuLearnerOptions {
  readonly network: NetworkDescriptor;
  readonly seed: number;
  readonly hyper?: Partial<LearnerHyper>;
  /** Rows per forward/backward pass (workspace size); default {@link DEFAULT_ROWS_PER_PASS}. */
  readonly rowsPerPass?: number;
  readonly adam?: AdamOptions;
  /** How updates are computed (default: {@link DEFAULT_TRAINING_OPTIONS}). */
  readonly training?: Partial<TrainingOptions>;
  /** Split each minibatch's gradient over a team of threads (parallel-gradients.ts); absent: this thread alone. */
  readonly parallel?: ParallelGradients;
}

const ADVANTAGE_STD_EPSILON = 1e-8;
/** Rows per forward/backward pass unless told otherwise. */
export const DEFAULT_ROWS_PER_PASS = 512;

function workspaceRegions(network: NetworkDescriptor, rowsPerPass: number): RegionSizes {
  return { ...PolicyNetwork.regions(network, { maxRows: rowsPerPass, training: true }), ...Adam.regions(paramCount(network)) };
}

export class CpuPpoLearner implements Learner {
  readonly descriptor: NetworkDescriptor;
  readonly params: Float32Array;
  readonly training: Readonly<TrainingOptions>;
  private currentSeed: number;
  private updateCount = 0;
  /** Samples trained on since the last reset (what lr annealing follows). */
  private samplesTrained = 0;
  private readonly settings: LearnerHyper;
  private busy = false;

  private readonly obsSize: number;
  private readonly maskWords: number;
  private readonly adam: Adam;
  private readonly loss: PpoLoss;
  /** The samples of one pass, gathered; their outputs are the network's own buffer. */
  private readonly pass: PpoSamples;
  private readonly minibatchTotals = new PpoTotals();
  private readonly updateTotals = new PpoTotals();
  private readonly random = new Random(0);
  private order = new Int32Array(0);
  private normalized = new Float32Array(0);
  private readonly parallel: ParallelGradients | null;
  /** The batch of the update running, for the parallel gather. */
  private current: PpoBatch | null = null;
  private readonly gatherSlice = (from: number, rows: number, slice: GradientSlice): void => this.gatherInto(this.current!, from, rows, slice.obs, slice);

  static async create(options: CpuLearnerOptions): Promise<CpuPpoLearner> {
    const networkOptions = { maxRows: options.rowsPerPass ?? DEFAULT_ROWS_PER_PASS, training: true };
    const workspace = await Workspace.create(workspaceRegions(options.network, networkOptions.maxRows));
    return new CpuPpoLearner(options, new PolicyNetwork(options.network, workspace, networkOptions));
  }

  /** Bytes a learner of `network` holds when trained on batches of `batchSize` samples: its workspace and per-sample arrays. */
  static byteLength(network: NetworkDescriptor, batchSize: number, rowsPerPass = DEFAULT_ROWS_PER_PASS): number {
    const passArrays = rowsPerPass * (maskWordsFor(network.actionCount) + 4) * 4;
    return Workspace.byteLength(workspaceRegions(network, rowsPerPass)) + passArrays + batchSize * 8;
  }

  private constructor(options: CpuLearnerOptions, private readonly network: PolicyNetwork) {
    this.descriptor = options.network;
    this.training = Object.freeze(resolveTrainingOptions(options.training));
    this.params = network.params;
    this.obsSize = options.network.obsSize;
    this.maskWords = maskWordsFor(options.network.actionCount);
    this.adam = new Adam(network.workspace, network.paramsPtr, network.gradsPtr, network.paramCount, options.adam);
    this.loss = new PpoLoss(options.network.actionCount);
    const rows = network.maxRows;
    this.pass = {
      output: network.output,
      outputStride: network.outputStride,
      valueColumn: network.valueColumn,
      mask: new Uint32Array(rows * this.maskWords),
      act: new Int32Array(rows),
      oldLogp: new Float32Array(rows),
      advantages: new Float32Array(rows),
      returns: new Float32Array(rows),
      oldValue: new Float32Array(rows),
    };
    const { lr, entropyCoef, clipEpsilon, epochs, minibatch, valueCoef, maxGradNorm, targetKl } = DEFAULT_HYPERPARAMETERS;
    this.settings = { lr, entropyCoef, clipEpsilon, epochs, minibatch, valueCoef, maxGradNorm, targetKl };
    this.setHyper(options.hyper ?? {});
    this.parallel = options.parallel ?? null;
    if (this.parallel && paramCount(this.parallel.team.shape.network) !== network.paramCount) throw new RangeError(`learner: the gradient team was made for ${paramCount(this.parallel.team.shape.network)} parameters, this network has ${network.paramCount}`);
    this.currentSeed = options.seed;
    this.reset(options.seed);
  }

  /** Threads computing gradients now (1 without a team; fewer than the team's shards after a helper was lost). */
  get threads(): number {
    return this.parallel?.threads ?? 1;
  }

  get hyper(): Readonly<LearnerHyper> {
    return { ...this.settings };
  }

  get seed(): number {
    return this.currentSeed;
  }

  get updates(): number {
    return this.updateCount;
  }

  /** The lr the next update will use: the set lr, annealed if a budget was given. */
  get effectiveLr(): number {
    const budget = this.training.lrAnnealSteps;
    return budget > 0 ? this.settings.lr * Math.max(0, 1 - this.samplesTrained / budget) : this.settings.lr;
  }

  /** lr applies from the next optimiser step (also mid-update); the rest from the next update. */
  setHyper(changes: Partial<LearnerHyper>): void {
    const next = { ...this.settings };
    for (const name of LEARNER_HYPER_NAMES) {
      if (changes[name] !== undefined) next[name] = validateHyper(name, changes[name]);
    }
    Object.assign(this.settings, next);
  }

  reset(seed = this.currentSeed): void {
    this.refuseWhileBusy('reset');
    this.currentSeed = seed;
    this.network.initialize(seed);
    this.adam.reset();
    this.updateCount = 0;
    this.samplesTrained = 0;
  }

  loadParams(params: ArrayLike<number>): void {
    this.refuseWhileBusy('loadParams');
    if (params.length !== this.params.length) throw new RangeError(`learner: expected ${this.params.length} parameters, got ${params.length}`);
    this.params.set(params);
    this.adam.reset();
  }

  /** The optimiser's moments and step count (views: copy to keep). */
  get optimizerState(): AdamState {
    return this.adam.state;
  }

  /** Adopts another learner's whole state: parameters, moments, step count and update count. */
  loadState(params: ArrayLike<number>, optimizer: AdamState, updates: number): void {
    this.loadParams(params);
    this.adam.load(optimizer);
    this.updateCount = updates;
  }

  async update(batch: PpoBatch, pause?: Pause): Promise<UpdateStats> {
    this.refuseWhileBusy('update');
    this.busy = true;
    try {
      return await this.run(batch, pause);
    } finally {
      this.busy = false;
    }
  }

  private async run(batch: PpoBatch, pause: Pause | undefined): Promise<UpdateStats> {
    const started = performance.now();
    const size = this.checkBatch(batch);
    const hyper = { ...this.settings };
    const { network, adam, loss, pass, minibatchTotals, updateTotals, random, training } = this;
    const coefs = { clipEpsilon: hyper.clipEpsilon, valueCoef: hyper.valueCoef, entropyCoef: hyper.entropyCoef, valueClip: training.valueClip ? hyper.clipEpsilon : 0 };
    const annealing = training.lrAnnealSteps > 0 ? Math.max(0, 1 - this.samplesTrained / training.lrAnnealSteps) : 1;
    const explainedVariance = this.explainedVariance(batch, size);
    if (training.advantageNormalization === 'batch') this.normalizeAdvantages(batch, size, this.identity(size), 0, size);
    else if (training.advantageNormalization === 'off') this.normalized.set(batch.advantages.subarray(0, size));
    const order = this.order;
    for (let i = 0; i < size; i++) order[i] = i;
    random.seed(deriveSeed(this.currentSeed, Stream.MINIBATCH_SHUFFLE, this.updateCount));
    const parts = Math.max(1, Math.round(size / hyper.minibatch));

    updateTotals.clear();
    let computeMs = 0;
    let lossMs = 0;
    let epochs = 0;
    let steps = 0;
    let skippedSteps = 0;
    let gradNormSum = 0;
    let stoppedEarly = false;
    let aborted = false;
    training: for (let epoch = 0; epoch < hyper.epochs; epoch++) {
      epochs++;
      let epochKl = 0;
      let epochSamples = 0;
      for (let i = size - 1; i > 0; i--) {
        const j = random.int(i + 1);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      for (let part = 0; part < parts; part++) {
        const start = Math.floor((part * size) / parts);
        const end = Math.floor(((part + 1) * size) / parts);
        const gradScale = 1 / (end - start);
        if (training.advantageNormalization === 'minibatch') this.normalizeAdvantages(batch, size, order, start, end);
        minibatchTotals.clear();
        if (this.parallel) {
          const t0 = performance.now();
          this.current = batch;
          this.parallel.compute(this.params, start, end, this.gatherSlice, gradScale, coefs, network.grads, minibatchTotals);
          computeMs += performance.now() - t0;
        } else network.zeroGrads();
        for (let from = start; !this.parallel && from < end; from += network.maxRows) {
          const rows = Math.min(network.maxRows, end - from);
          this.gather(batch, from, rows);
          let t0 = performance.now();
          network.forward(rows);
          let t1 = performance.now();
          computeMs += t1 - t0;
          loss.accumulate(pass, rows, coefs, gradScale, network.dOutput, minibatchTotals);
          t0 = performance.now();
          lossMs += t0 - t1;
          network.backward(rows);
          t1 = performance.now();
          computeMs += t1 - t0;
        }
        updateTotals.add(minibatchTotals);
        epochKl += minibatchTotals.approxKl;
        epochSamples += minibatchTotals.samples;
        const t0 = performance.now();
        const norm = adam.step(this.settings.lr * annealing, hyper.maxGradNorm);
        computeMs += performance.now() - t0;
        if (Number.isFinite(norm)) {
          steps++;
          gradNormSum += norm;
        } else {
          skippedSteps++;
        }
        if (pause && (await pause()) === false) {
          aborted = true;
          break training;
        }
      }
      if (hyper.targetKl > 0 && epoch + 1 < hyper.epochs && epochKl / epochSamples > hyper.targetKl) {
        stoppedEarly = true;
        break;
      }
    }
    this.current = null;
    this.updateCount++;
    this.samplesTrained += size;
    const n = updateTotals.samples;
    return {
      policyLoss: updateTotals.policyLoss / n,
      valueLoss: updateTotals.valueLoss / n,
      entropy: updateTotals.entropy / n,
      approxKl: updateTotals.approxKl / n,
      clipFraction: updateTotals.clipped / n,
      explainedVariance,
      epochs,
      minibatches: steps,
      stoppedEarly,
      aborted,
      gradNorm: steps > 0 ? gradNormSum / steps : 0,
      skippedSteps,
      samples: size,
      sampleGradients: n,
      computeMs,
      lossMs,
      updateMs: performance.now() - started,
    };
  }

  /** Copies samples order[from … from+rows) into the network input and the pass arrays. */
  private gather(batch: PpoBatch, from: number, rows: number): void {
    this.gatherInto(batch, from, rows, this.network.input, this.pass);
  }

  private gatherInto(batch: PpoBatch, from: number, rows: number, input: Float32Array, pass: Pick<PpoSamples, 'mask' | 'act' | 'oldLogp' | 'advantages' | 'returns' | 'oldValue'>): void {
    const { obsSize, maskWords, order, normalized } = this;
    for (let r = 0; r < rows; r++) {
      const s = order[from + r]!;
      const src = s * obsSize;
      const dst = r * obsSize;
      for (let f = 0; f < obsSize; f++) input[dst + f] = batch.obs[src + f]!;
      for (let w = 0; w < maskWords; w++) pass.mask[r * maskWords + w] = batch.mask[s * maskWords + w]!;
      pass.act[r] = batch.act[s]!;
      pass.oldLogp[r] = batch.logp[s]!;
      pass.advantages[r] = normalized[s]!;
      pass.returns[r] = batch.returns[s]!;
      pass.oldValue[r] = batch.value[s]!;
    }
  }

  /** 0, 1, … size−1 in the scratch permutation, for normalising the whole batch in sample order. */
  private identity(size: number): Int32Array {
    const order = this.order;
    for (let i = 0; i < size; i++) order[i] = i;
    return order;
  }

  /**
   * Writes `normalized[s]` = (Â_s − mean) / (std + ε) for the samples
   * s = order[from … to), mean and std (population) taken over them.
   */
  private normalizeAdvantages(batch: PpoBatch, size: number, order: Int32Array, from: number, to: number): void {
    if (to > size) throw new RangeError(`learner: normalising samples up to ${to} of a batch of ${size}`);
    const count = to - from;
    let mean = 0;
    for (let i = from; i < to; i++) mean += batch.advantages[order[i]!]!;
    mean /= count;
    let variance = 0;
    for (let i = from; i < to; i++) {
      const d = batch.advantages[order[i]!]! - mean;
      variance += d * d;
    }
    const scale = 1 / (Math.sqrt(variance / count) + ADVANTAGE_STD_EPSILON);
    for (let i = from; i < to; i++) {
      const s = order[i]!;
      this.normalized[s] = (batch.advantages[s]! - mean) * scale;
    }
  }

  /** 1 − Var(R − V_old) / Var(R) over the batch; null when the returns do not vary. */
  private explainedVariance(batch: PpoBatch, size: number): number | null {
    let returnMean = 0;
    for (let i = 0; i < size; i++) returnMean += batch.returns[i]!;
    returnMean /= size;
    let returnVariance = 0;
    let residualSum = 0;
    let residualSquares = 0;
    for (let i = 0; i < size; i++) {
      const r = batch.returns[i]! - returnMean;
      returnVariance += r * r;
      const residual = batch.returns[i]! - batch.value[i]!;
      residualSum += residual;
      residualSquares += residual * residual;
    }
    const residualVariance = residualSquares / size - (residualSum / size) ** 2;
    return returnVariance > 0 ? 1 - residualVariance / (returnVariance / size) : null;
  }

  /** Validates the batch and makes room for it; returns its size. */
  private checkBatch(batch: PpoBatch): number {
    const size = batch.size;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`learner: batch size must be a positive integer, got ${size}`);
    const short = ([
      ['obs', batch.obs.length, size * this.obsSize],
      ['mask', batch.mask.length, size * this.maskWords],
      ['act', batch.act.length, size],
      ['logp', batch.logp.length, size],
      ['value', batch.value.length, size],
      ['advantages', batch.advantages.length, size],
      ['returns', batch.returns.length, size],
    ] as const).find(([, length, needed]) => length < needed);
    if (short) throw new RangeError(`learner: batch.${short[0]} has ${short[1]} entries, a batch of ${size} needs ${short[2]}`);
    // Grows only when a larger batch than ever before arrives.
    if (this.order.length < size) {
      this.order = new Int32Array(size);
      this.normalized = new Float32Array(size);
    }
    return size;
  }

  private refuseWhileBusy(what: string): void {
    if (this.busy) throw new Error(`learner: ${what} called while an update is running; await it first`);
  }
}
