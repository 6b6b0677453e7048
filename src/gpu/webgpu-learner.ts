/**
 * The WebGPU PPO learner: the CPU learner's update (ppo-learner.ts: same
 * advantage normalisation, shuffles, minibatches, loss, clip, Adam and KL
 * early stop) computed by the kernels in shaders/.
 *
 * - The batch is uploaded once per update, with every epoch's permutation;
 *   the first layer reads observations through the permutation, so
 *   minibatches are never gathered by copying.
 * - An epoch is one compute pass and one submit. Per minibatch: a forward
 *   per layer, the loss and its reduction, per layer the weight gradient
 *   (split over rows), its reduction and the backpropagated delta, the
 *   gradient norm, Adam. Nothing is read back until the update ends: then
 *   the parameters and the per-epoch metrics, in one map.
 * - The KL early stop is decided on the device (epochEnd sets a flag every
 *   later kernel obeys), so no epoch waits for a readback.
 * - A step whose gradient norm is not finite is skipped on the device, as
 *   the CPU learner skips it. The state (params, moments, step count) is
 *   backed up on the device when an update begins; an update that still
 *   leaves a non-finite parameter is undone there (stats.restored).
 * - The learning rate and every other setting apply from the next update;
 *   `pause` is asked between epochs.
 *
 * It takes a `GPU` (navigator.gpu, or the `webgpu` package's under Node) or
 * a device, never a global, so it runs alike in a worker and under Node.
 */
import { ADAM_DEFAULTS, type AdamOptions, type AdamState } from '../nn/adam.js';
import { maskWordsFor } from '../nn/categorical.js';
import { initializeParams } from '../nn/init.js';
import { type NetworkDescriptor, paramCount } from '../nn/network-descriptor.js';
import type { Learner, LearnerHyper, Pause, PpoBatch, UpdateStats } from '../rl/learner.js';
import { LEARNER_HYPER_NAMES } from '../rl/learner.js';
import { checkBatch, minibatchBounds, minibatchCount, normalizeAdvantages, shuffle, shuffleRandom } from '../rl/minibatches.js';
import { DEFAULT_HYPERPARAMETERS, validateHyper } from '../contract/hyperparameters.js';
import { Random } from '../util/random.js';
import { type DenseLayer, denseLayers } from './dense-layers.js';
import { Ctl, type Dispatch, Flags, Metric, type ShaderSources, SLOT_BYTES, type Uniforms, UpdateKernels, writeSlot } from './update-kernels.js';

export interface WebGpuLearnerOptions {
  readonly network: NetworkDescriptor;
  readonly seed: number;
  /** Where the device comes from: a GPU (an adapter is requested) or a device already made. */
  readonly gpu?: GPU;
  readonly device?: GPUDevice;
  readonly hyper?: Partial<LearnerHyper>;
  readonly adam?: AdamOptions;
  /** Replacement kernel files (tests perturb one to see validation catch it). */
  readonly sources?: Partial<ShaderSources>;
  /** Give up (CompileDeadlineError, device destroyed) when compiling runs past this performance.now() time. */
  readonly deadline?: number;
}

/** No adapter, or no device could be made: the CPU path is the only one. */
export class WebGpuUnavailableError extends Error {
  override readonly name = 'WebGpuUnavailableError';
}

/** The device was lost (or destroyed); the learner can do nothing more. */
export class GpuDeviceLostError extends Error {
  override readonly name = 'GpuDeviceLostError';
}

/** The device's state and what one update's first minibatch left in it (validation.ts). */
export interface GpuState extends AdamState {
  readonly params: Float32Array;
}

/** Copies of the first minibatch's intermediates, taken inside the update's first submit. */
export interface FirstStepProbe {
  /** Rows of the first minibatch. */
  readonly rows: number;
  /** Per layer (denseLayers order), [rows][outputs] after activation. */
  readonly outputs: readonly Float32Array[];
  /** [rows][actions + 1]: gradScale·∂ℓ/∂output. */
  readonly dOutput: Float32Array;
  /** The gradient and the parameters after the first Adam step. */
  readonly grads: Float32Array;
  readonly params: Float32Array;
}

/** Stats of a GPU update: `restored` is always set. */
export interface GpuUpdateStats extends UpdateStats {
  readonly restored: boolean;
}

const MAX_EPOCHS = 16;
const LOSS_GROUP = 64;
const DENSE_TILE = 64;
const MAX_SPLITS = 64;
const ROWS_PER_SPLIT = 256;
const CTL_FLOATS = Ctl.METRICS + Ctl.METRIC_STRIDE * MAX_EPOCHS;

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);
const splitsFor = (rows: number): number => Math.min(MAX_SPLITS, ceilDiv(rows, ROWS_PER_SPLIT));

/** Where each region of the work buffer starts, for minibatches of up to `rows`. */
interface WorkLayout {
  readonly rows: number;
  /** Per hidden layer its activations; -1 for the output layers, which write `output`. */
  readonly outputs: readonly number[];
  /** [rows][actions + 1]: logits and value. */
  readonly output: number;
  readonly dOutput: number;
  readonly deltas: readonly [number, number];
  readonly lossPartials: number;
  readonly gradPartials: number;
  readonly floats: number;
}

/** Batch buffers' layout for batches of up to `capacity` samples. */
interface BatchLayout {
  readonly capacity: number;
  readonly obsOff: number;
  readonly logpOff: number;
  readonly advOff: number;
  readonly retOff: number;
  readonly floatCount: number;
  readonly orderOff: number;
  readonly maskOff: number;
  readonly actOff: number;
  readonly wordCount: number;
}

interface Buffers {
  readonly work: GPUBuffer;
  readonly batchF: GPUBuffer;
  readonly batchU: GPUBuffer;
  readonly uniforms: GPUBuffer;
  readonly slots: number;
  readonly bindGroup: GPUBindGroup;
  readonly workLayout: WorkLayout;
  readonly batchLayout: BatchLayout;
}

export class WebGpuPpoLearner implements Learner {
  readonly descriptor: NetworkDescriptor;
  readonly params: Float32Array;
  /** The adapter's description ("vendor architecture device"), for telemetry. */
  readonly adapter: string;
  readonly device: GPUDevice;
  /** Why the device was lost, once it is. */
  lostReason: string | null = null;
  private currentSeed: number;
  private updateCount = 0;
  private readonly settings: LearnerHyper;
  private busy = false;
  private readonly layers: readonly DenseLayer[];
  private readonly paramTotal: number;
  private readonly maskWords: number;
  /** β1, β2, ε (the CPU reference needs the same). */
  readonly adamOptions: Required<AdamOptions>;
  private readonly net: GPUBuffer;
  private readonly backup: GPUBuffer;
  private readonly ctl: GPUBuffer;
  private buffers: Buffers | null = null;
  private readonly random = new Random(0);
  private order = new Int32Array(0);
  private normalized = new Float32Array(0);
  private orders = new Uint32Array(0);
  private table = new ArrayBuffer(0);

  static async create(options: WebGpuLearnerOptions): Promise<WebGpuPpoLearner> {
    // A layout the kernels cannot walk is refused before any device is made.
    denseLayers(options.network);
    const { device, adapter } = await openDevice(options);
    try {
      const kernels = await UpdateKernels.create(device, options.sources, options.deadline);
      return new WebGpuPpoLearner(options, device, adapter, kernels);
    } catch (error) {
      device.destroy();
      throw error;
    }
  }

  private constructor(options: WebGpuLearnerOptions, device: GPUDevice, adapter: string, private readonly kernels: UpdateKernels) {
    this.descriptor = options.network;
    this.device = device;
    this.adapter = adapter;
    this.layers = denseLayers(options.network);
    this.paramTotal = paramCount(options.network);
    this.params = new Float32Array(this.paramTotal);
    this.maskWords = maskWordsFor(options.network.actionCount);
    this.adamOptions = { ...ADAM_DEFAULTS, ...options.adam };
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.net = device.createBuffer({ label: 'net', size: 16 * this.paramTotal, usage: storage });
    this.backup = device.createBuffer({ label: 'backup', size: 12 * this.paramTotal, usage: storage });
    this.ctl = device.createBuffer({ label: 'ctl', size: 4 * CTL_FLOATS, usage: storage });
    void device.lost.then((info) => { this.lostReason = info.message || info.reason || 'device lost'; });
    const { lr, entropyCoef, clipEpsilon, epochs, minibatch, valueCoef, maxGradNorm, targetKl } = DEFAULT_HYPERPARAMETERS;
    this.settings = { lr, entropyCoef, clipEpsilon, epochs, minibatch, valueCoef, maxGradNorm, targetKl };
    this.setHyper(options.hyper ?? {});
    this.currentSeed = options.seed;
    this.reset(options.seed);
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
    initializeParams(this.descriptor, this.params, seed);
    this.writeState(this.params, null, 0);
    this.updateCount = 0;
  }

  loadParams(params: ArrayLike<number>): void {
    this.refuseWhileBusy('loadParams');
    if (params.length !== this.params.length) throw new RangeError(`learner: expected ${this.params.length} parameters, got ${params.length}`);
    this.params.set(params);
    this.writeState(this.params, null, 0);
  }

  /** Adopts another learner's whole state (the CPU learner's, after a validation divergence). */
  loadState(params: ArrayLike<number>, optimizer: AdamState, updates: number): void {
    this.refuseWhileBusy('loadState');
    this.params.set(params);
    this.writeState(this.params, optimizer, optimizer.steps);
    this.updateCount = updates;
  }

  /** Reads the device's parameters, moments and step count. */
  async readState(): Promise<GpuState> {
    const n = this.paramTotal;
    const [state, ctl] = await this.read([[this.net, 0, 16 * n], [this.ctl, 0, 4 * CTL_FLOATS]]);
    return { params: state!.slice(0, n), m: state!.slice(2 * n, 3 * n), v: state!.slice(3 * n, 4 * n), steps: ctl![Ctl.STEPS]! };
  }

  /** Gives the device's memory back; the learner is unusable afterwards. */
  destroy(): void {
    this.device.destroy();
  }

  update(batch: PpoBatch, pause?: Pause): Promise<GpuUpdateStats> {
    return this.guarded(batch, pause, false).then((r) => r.stats);
  }

  /** An update that also copies out the first minibatch's intermediates (validation mode). */
  updateWithProbe(batch: PpoBatch): Promise<{ stats: GpuUpdateStats; probe: FirstStepProbe }> {
    return this.guarded(batch, undefined, true) as Promise<{ stats: GpuUpdateStats; probe: FirstStepProbe }>;
  }

  private async guarded(batch: PpoBatch, pause: Pause | undefined, probe: boolean): Promise<{ stats: GpuUpdateStats; probe: FirstStepProbe | null }> {
    this.refuseWhileBusy('update');
    this.busy = true;
    try {
      return await this.run(batch, pause, probe);
    } finally {
      this.busy = false;
    }
  }

  private async run(batch: PpoBatch, pause: Pause | undefined, probe: boolean): Promise<{ stats: GpuUpdateStats; probe: FirstStepProbe | null }> {
    const started = performance.now();
    this.checkDevice();
    const size = checkBatch(batch, this.descriptor.obsSize, this.maskWords);
    const hyper = { ...this.settings };
    if (this.order.length < size) {
      this.order = new Int32Array(size);
      this.normalized = new Float32Array(size);
    }
    const explainedVariance = normalizeAdvantages(batch, size, this.normalized);
    const parts = minibatchCount(size, hyper.minibatch);
    const rows = ceilDiv(size, parts);
    const buffers = this.ensureBuffers(size, rows, hyper.epochs * parts * this.dispatchesPerMinibatch() + hyper.epochs + 3);
    this.uploadBatch(batch, size, hyper.epochs, buffers.batchLayout);
    const perEpoch = this.planEpochs(size, parts, hyper, buffers);
    this.writeTable(perEpoch, buffers);

    const { device } = this;
    const first = this.paramTotal;
    let slot = 0;
    let epochsSubmitted = 0;
    let aborted = false;
    const gpuStarted = performance.now();
    let probeBuffer: GPUBuffer | null = null;
    for (let epoch = 0; epoch < hyper.epochs; epoch++) {
      const encoder = device.createCommandEncoder({ label: `update epoch ${epoch}` });
      const dispatches = perEpoch[epoch]!;
      if (probe && epoch === 0) {
        // The first minibatch alone, then copies of what it left, then the rest.
        const firstStep = 1 + this.dispatchesPerMinibatch();
        this.encodePass(encoder, buffers, dispatches.slice(0, firstStep), slot);
        probeBuffer = this.encodeProbe(encoder, buffers);
        this.encodePass(encoder, buffers, dispatches.slice(firstStep), slot + firstStep);
      } else {
        this.encodePass(encoder, buffers, dispatches, slot);
      }
      slot += dispatches.length;
      device.queue.submit([encoder.finish()]);
      epochsSubmitted++;
      if (epoch + 1 < hyper.epochs && pause && (await pause()) === false) {
        aborted = true;
        break;
      }
    }
    // Undo a non-finite update on the device, then read parameters and metrics in one map.
    const encoder = device.createCommandEncoder({ label: 'update end' });
    this.encodePass(encoder, buffers, this.finishDispatches(), perEpoch.flat().length);
    device.queue.submit([encoder.finish()]);
    const [params, ctl] = await this.read([[this.net, 0, 4 * first], [this.ctl, 0, 4 * CTL_FLOATS]]);
    const gpuMs = performance.now() - gpuStarted;
    this.params.set(params!);
    this.updateCount++;
    const stats = this.statsFrom(ctl!, size, epochsSubmitted, aborted, explainedVariance, gpuMs, performance.now() - started);
    return { stats, probe: probeBuffer ? await this.readProbe(probeBuffer, buffers.workLayout, perEpoch[0]![1]!.uniforms.rows!) : null };
  }

  private statsFrom(ctl: Float32Array, size: number, epochsSubmitted: number, aborted: boolean, explainedVariance: number | null, gpuMs: number, updateMs: number): GpuUpdateStats {
    const sum = (metric: number): number => {
      let total = 0;
      for (let e = 0; e < epochsSubmitted; e++) total += ctl[Ctl.METRICS + e * Ctl.METRIC_STRIDE + metric]!;
      return total;
    };
    let epochs = 0;
    for (let e = 0; e < epochsSubmitted; e++) if (ctl[Ctl.METRICS + e * Ctl.METRIC_STRIDE + Metric.SAMPLES]! > 0) epochs++;
    const n = sum(Metric.SAMPLES);
    const steps = sum(Metric.STEPS);
    return {
      policyLoss: sum(Metric.POLICY) / n,
      valueLoss: sum(Metric.VALUE) / n,
      entropy: sum(Metric.ENTROPY) / n,
      approxKl: sum(Metric.KL) / n,
      clipFraction: sum(Metric.CLIPPED) / n,
      explainedVariance,
      epochs,
      minibatches: steps,
      stoppedEarly: ctl[Ctl.STOP] !== 0,
      aborted,
      gradNorm: steps > 0 ? sum(Metric.NORM_SUM) / steps : 0,
      skippedSteps: sum(Metric.SKIPPED),
      samples: size,
      sampleGradients: n,
      // The loss is fused into the device's pass: its time is in computeMs.
      computeMs: gpuMs,
      lossMs: 0,
      updateMs,
      restored: ctl[Ctl.BAD] !== 0,
    };
  }

  /** Dispatches per minibatch: forward per layer, loss + reduce, per layer gradient + reduce (+ delta), norm, Adam. */
  private dispatchesPerMinibatch(): number {
    const layers = this.layers.length;
    const chains = this.layers.filter((layer) => layer.input < 0).length;
    return layers + 2 + 3 * layers - chains + 2;
  }

  private planEpochs(size: number, parts: number, hyper: LearnerHyper, buffers: Buffers): Dispatch[][] {
    const { layers, paramTotal } = this;
    const { workLayout: w, batchLayout: b } = buffers;
    const base: Uniforms = {
      obsOff: b.obsOff, obsSize: this.descriptor.obsSize, logpOff: b.logpOff, advOff: b.advOff, retOff: b.retOff,
      orderOff: b.orderOff, maskOff: b.maskOff, maskWords: this.maskWords, actOff: b.actOff, actions: this.descriptor.actionCount,
      epochs: hyper.epochs, paramCount: paramTotal,
      clipEps: hyper.clipEpsilon, valueCoef: hyper.valueCoef, entropyCoef: hyper.entropyCoef, lr: hyper.lr,
      beta1: this.adamOptions.beta1, oneMinusBeta1: 1 - this.adamOptions.beta1, beta2: this.adamOptions.beta2, oneMinusBeta2: 1 - this.adamOptions.beta2,
      eps: this.adamOptions.epsilon, maxGradNorm: hyper.maxGradNorm, targetKl: hyper.targetKl,
    };
    const d = (kernel: Dispatch['kernel'], groups: Dispatch['groups'], uniforms: Uniforms): Dispatch => ({ kernel, groups, uniforms: { ...base, ...uniforms } });
    const activation = this.descriptor.activation === 'tanh' ? Flags.TANH : Flags.RELU;
    const row = this.descriptor.actionCount + 1;
    // Where layer l's output lies, and its gradient: output layers in their columns of the output row.
    const outAt = (l: number): { off: number; stride: number } => {
      const layer = layers[l]!;
      return layer.column >= 0 ? { off: w.output + layer.column, stride: row } : { off: w.outputs[l]!, stride: layer.outputs };
    };
    const gradientAt = (l: number): { off: number; stride: number } => {
      const layer = layers[l]!;
      return layer.column >= 0 ? { off: w.dOutput + layer.column, stride: row } : { off: w.deltas[layer.depth & 1], stride: layer.outputs };
    };
    const inputOf = (layer: DenseLayer): Uniforms => (layer.input < 0 ? { flags: Flags.INDEXED } : { aOff: outAt(layer.input).off, aStride: outAt(layer.input).stride });
    const epochs: Dispatch[][] = [];
    for (let epoch = 0; epoch < hyper.epochs; epoch++) {
      const list: Dispatch[] = [];
      if (epoch === 0) list.push(d('backupState', [ceilDiv(3 * paramTotal, 256)], {}));
      for (let part = 0; part < parts; part++) {
        const bounds = minibatchBounds(size, parts, part);
        const rows = bounds.end - bounds.start;
        const mb: Uniforms = { start: epoch * b.capacity + bounds.start, rows, epoch };
        layers.forEach((layer, l) => {
          const input = inputOf(layer);
          list.push(d('denseForward', [ceilDiv(layer.outputs, DENSE_TILE), ceilDiv(rows, DENSE_TILE)], {
            ...mb, ...input, flags: (input.flags ?? 0) | (layer.activated ? activation : 0),
            n: layer.outputs, k: layer.inputs, bOff: layer.weightOffset, biasOff: layer.biasOffset, cOff: outAt(l).off, cStride: outAt(l).stride,
          }));
        });
        list.push(d('ppoLoss', [ceilDiv(rows, LOSS_GROUP)], { ...mb, aOff: w.output, aStride: row, cOff: w.dOutput, cStride: row, hOff: w.lossPartials, gradScale: 1 / rows }));
        list.push(d('lossReduce', [1], { ...mb, hOff: w.lossPartials, groups: ceilDiv(rows, LOSS_GROUP) }));
        const splits = splitsFor(rows);
        for (let l = layers.length - 1; l >= 0; l--) {
          const layer = layers[l]!;
          const dy = gradientAt(l);
          const input = inputOf(layer);
          list.push(d('denseGradient', [ceilDiv(layer.outputs, DENSE_TILE), ceilDiv(layer.inputs + 1, DENSE_TILE), splits], {
            ...mb, ...input, n: layer.outputs, k: layer.inputs, hOff: dy.off, hStride: dy.stride, cOff: w.gradPartials, splitRows: ceilDiv(rows, splits),
          }));
          list.push(d('gradientReduce', [ceilDiv((layer.inputs + 1) * layer.outputs, 256)], {
            n: layer.outputs, k: layer.inputs, aOff: w.gradPartials, groups: splits, bOff: layer.weightOffset, biasOff: layer.biasOffset,
          }));
          if (layer.input >= 0) {
            const below = gradientAt(layer.input);
            list.push(d('denseBackData', [ceilDiv(layer.inputs, DENSE_TILE), ceilDiv(rows, DENSE_TILE)], {
              ...mb, flags: activation, n: layer.outputs, k: layer.inputs, aOff: dy.off, aStride: dy.stride, bOff: layer.weightOffset,
              hOff: outAt(layer.input).off, hStride: outAt(layer.input).stride, cOff: below.off, cStride: below.stride,
            }));
          }
        }
        list.push(d('gradientNorm', [1], { epoch }));
        list.push(d('adam', [ceilDiv(paramTotal, 256)], {}));
      }
      list.push(d('epochEnd', [1], { epoch }));
      epochs.push(list);
    }
    return epochs;
  }

  private finishDispatches(): Dispatch[] {
    const uniforms = { paramCount: this.paramTotal };
    return [
      { kernel: 'checkFinite', groups: [ceilDiv(this.paramTotal, 256)], uniforms },
      { kernel: 'restoreState', groups: [ceilDiv(3 * this.paramTotal, 256)], uniforms },
    ];
  }

  private writeTable(perEpoch: readonly Dispatch[][], buffers: Buffers): void {
    const all = [...perEpoch.flat(), ...this.finishDispatches()];
    const bytes = all.length * SLOT_BYTES;
    if (this.table.byteLength < bytes) this.table = new ArrayBuffer(bytes);
    const u32 = new Uint32Array(this.table);
    const f32 = new Float32Array(this.table);
    all.forEach((dispatch, slot) => writeSlot(u32, f32, slot, dispatch.uniforms));
    this.device.queue.writeBuffer(buffers.uniforms, 0, this.table, 0, bytes);
  }

  private encodePass(encoder: GPUCommandEncoder, buffers: Buffers, dispatches: readonly Dispatch[], firstSlot: number): void {
    const pass = encoder.beginComputePass();
    this.kernels.encode(pass, buffers.bindGroup, dispatches, firstSlot);
    pass.end();
  }

  private uploadBatch(batch: PpoBatch, size: number, epochs: number, layout: BatchLayout): void {
    const queue = this.device.queue;
    const { buffers } = this;
    const obsSize = this.descriptor.obsSize;
    queue.writeBuffer(buffers!.batchF, 4 * layout.obsOff, batch.obs.buffer, batch.obs.byteOffset, 4 * size * obsSize);
    queue.writeBuffer(buffers!.batchF, 4 * layout.logpOff, batch.logp.buffer, batch.logp.byteOffset, 4 * size);
    queue.writeBuffer(buffers!.batchF, 4 * layout.advOff, this.normalized.buffer, 0, 4 * size);
    queue.writeBuffer(buffers!.batchF, 4 * layout.retOff, batch.returns.buffer, batch.returns.byteOffset, 4 * size);
    queue.writeBuffer(buffers!.batchU, 4 * layout.maskOff, batch.mask.buffer, batch.mask.byteOffset, 4 * size * this.maskWords);
    queue.writeBuffer(buffers!.batchU, 4 * layout.actOff, batch.act.buffer, batch.act.byteOffset, 4 * size);
    // Every epoch's permutation, drawn as the CPU learner draws them.
    const order = this.order;
    for (let i = 0; i < size; i++) order[i] = i;
    const random = shuffleRandom(this.random, this.currentSeed, this.updateCount);
    if (this.orders.length < epochs * layout.capacity) this.orders = new Uint32Array(epochs * layout.capacity);
    for (let e = 0; e < epochs; e++) {
      shuffle(order, size, random);
      this.orders.set(order.subarray(0, size), e * layout.capacity);
    }
    queue.writeBuffer(buffers!.batchU, 4 * layout.orderOff, this.orders.buffer, 0, 4 * epochs * layout.capacity);
    // Fresh flags and metrics; the step count (word 1) carries over.
    queue.writeBuffer(this.ctl, 0, new Float32Array(1));
    queue.writeBuffer(this.ctl, 4 * Ctl.BAD, new Float32Array(CTL_FLOATS - Ctl.BAD));
  }

  /** Buffers for batches of `size` and minibatches of `rows` (grown, never shrunk), with room for `slots` dispatches. */
  private ensureBuffers(size: number, rows: number, slots: number): Buffers {
    const current = this.buffers;
    if (current && current.batchLayout.capacity >= size && current.workLayout.rows >= rows && current.slots >= slots) return current;
    current?.work.destroy();
    current?.batchF.destroy();
    current?.batchU.destroy();
    current?.uniforms.destroy();
    const capacity = Math.max(size, current?.batchLayout.capacity ?? 0);
    const workLayout = this.workLayout(Math.max(rows, current?.workLayout.rows ?? 0));
    const batchLayout = this.batchLayout(capacity);
    const slotCount = Math.max(slots, current?.slots ?? 0);
    const device = this.device;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const work = device.createBuffer({ label: 'work', size: 4 * workLayout.floats, usage: storage });
    const batchF = device.createBuffer({ label: 'batch f32', size: 4 * batchLayout.floatCount, usage: storage });
    const batchU = device.createBuffer({ label: 'batch u32', size: 4 * batchLayout.wordCount, usage: storage });
    const uniforms = device.createBuffer({ label: 'uniforms', size: slotCount * SLOT_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const bindGroup = device.createBindGroup({
      layout: this.kernels.layout,
      entries: [
        { binding: 0, resource: { buffer: uniforms, size: SLOT_BYTES } },
        { binding: 1, resource: { buffer: work } },
        { binding: 2, resource: { buffer: this.net } },
        { binding: 3, resource: { buffer: batchF } },
        { binding: 4, resource: { buffer: batchU } },
        { binding: 5, resource: { buffer: this.ctl } },
        { binding: 6, resource: { buffer: this.backup } },
      ],
    });
    this.buffers = { work, batchF, batchU, uniforms, slots: slotCount, bindGroup, workLayout, batchLayout };
    return this.buffers;
  }

  private workLayout(rows: number): WorkLayout {
    let cursor = 0;
    const take = (floats: number): number => {
      const at = cursor;
      cursor += Math.ceil(floats / 4) * 4;
      return at;
    };
    const row = this.descriptor.actionCount + 1;
    const outputs = this.layers.map((layer) => (layer.column >= 0 ? -1 : take(rows * layer.outputs)));
    const widest = Math.max(...this.layers.filter((layer) => layer.column < 0).map((layer) => layer.outputs));
    const output = take(rows * row);
    const dOutput = take(rows * row);
    const deltas: [number, number] = [take(rows * widest), take(rows * widest)];
    const lossPartials = take(ceilDiv(rows, LOSS_GROUP) * 8);
    const gradPartials = take(splitsFor(rows) * Math.max(...this.layers.map((layer) => (layer.inputs + 1) * layer.outputs)));
    return { rows, outputs, output, dOutput, deltas, lossPartials, gradPartials, floats: cursor };
  }

  private batchLayout(capacity: number): BatchLayout {
    const obsOff = 0;
    const logpOff = capacity * this.descriptor.obsSize;
    const advOff = logpOff + capacity;
    const retOff = advOff + capacity;
    const orderOff = 0;
    const maskOff = MAX_EPOCHS * capacity;
    const actOff = maskOff + capacity * this.maskWords;
    return { capacity, obsOff, logpOff, advOff, retOff, floatCount: retOff + capacity, orderOff, maskOff, actOff, wordCount: actOff + capacity };
  }

  private encodeProbe(encoder: GPUCommandEncoder, buffers: Buffers): GPUBuffer {
    const { workLayout: w } = buffers;
    const n = this.paramTotal;
    const workFloats = w.lossPartials;
    const probe = this.device.createBuffer({ label: 'probe', size: 4 * (workFloats + 2 * n), usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    encoder.copyBufferToBuffer(buffers.work, 0, probe, 0, 4 * workFloats);
    encoder.copyBufferToBuffer(this.net, 4 * n, probe, 4 * workFloats, 4 * n);
    encoder.copyBufferToBuffer(this.net, 0, probe, 4 * (workFloats + n), 4 * n);
    return probe;
  }

  private async readProbe(probe: GPUBuffer, w: WorkLayout, rows: number): Promise<FirstStepProbe> {
    await probe.mapAsync(GPUMapMode.READ);
    const all = new Float32Array(probe.getMappedRange().slice(0));
    probe.destroy();
    const n = this.paramTotal;
    const workFloats = w.lossPartials;
    const row = this.descriptor.actionCount + 1;
    return {
      rows,
      outputs: this.layers.map((layer, l) => (layer.column >= 0 ? columns(all, w.output, row, layer.column, layer.outputs, rows) : all.slice(w.outputs[l]!, w.outputs[l]! + rows * layer.outputs))),
      dOutput: all.slice(w.dOutput, w.dOutput + rows * row),
      grads: all.slice(workFloats, workFloats + n),
      params: all.slice(workFloats + n, workFloats + 2 * n),
    };
  }

  /** Copies byte ranges of device buffers out through one map each, all in one submit. */
  private async read(ranges: readonly [GPUBuffer, number, number][]): Promise<Float32Array[]> {
    this.checkDevice();
    const encoder = this.device.createCommandEncoder({ label: 'readback' });
    const staging = ranges.map(([buffer, offset, bytes]) => {
      const target = this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
      encoder.copyBufferToBuffer(buffer, offset, target, 0, bytes);
      return target;
    });
    this.device.queue.submit([encoder.finish()]);
    try {
      return await Promise.all(staging.map(async (target) => {
        await target.mapAsync(GPUMapMode.READ);
        const copy = new Float32Array(target.getMappedRange().slice(0));
        target.destroy();
        return copy;
      }));
    } catch (error) {
      this.checkDevice();
      throw error;
    }
  }

  /** Params, moments (zero unless given) and the step count onto the device. */
  private writeState(params: Float32Array, optimizer: AdamState | null, steps: number): void {
    this.checkDevice();
    const n = this.paramTotal;
    const state = new Float32Array(4 * n);
    state.set(params, 0);
    if (optimizer) {
      state.set(optimizer.m, 2 * n);
      state.set(optimizer.v, 3 * n);
    }
    this.device.queue.writeBuffer(this.net, 0, state);
    this.device.queue.writeBuffer(this.ctl, 4 * Ctl.STEPS, new Float32Array([steps]));
  }

  private checkDevice(): void {
    if (this.lostReason !== null) throw new GpuDeviceLostError(`gpu: the device was lost (${this.lostReason})`);
  }

  private refuseWhileBusy(what: string): void {
    if (this.busy) throw new Error(`learner: ${what} called while an update is running; await it first`);
  }
}

/** Columns [column, column + width) of `rows` rows of `stride` floats from `offset`, packed. */
export function columns(from: Float32Array, offset: number, stride: number, column: number, width: number, rows: number): Float32Array {
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(from.subarray(offset + r * stride + column, offset + r * stride + column + width), r * width);
  return out;
}

/** The adapter's description for telemetry: vendor, architecture, device, and whether it is a software one. */
export function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info;
  const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  return (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ? `${name} (software)` : name;
}

async function openDevice(options: WebGpuLearnerOptions): Promise<{ device: GPUDevice; adapter: string }> {
  if (options.device) return { device: options.device, adapter: 'device given' };
  if (!options.gpu) throw new WebGpuUnavailableError('webgpu: no GPU object (navigator.gpu is missing: this browser or worker has no WebGPU)');
  const adapter = await options.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError('webgpu: no adapter (WebGPU is present but offers no GPU here)');
  const limits = adapter.limits;
  try {
    const device = await adapter.requestDevice({
      requiredLimits: { maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize, maxBufferSize: limits.maxBufferSize, maxStorageBuffersPerShaderStage: Math.max(6, Math.min(8, limits.maxStorageBuffersPerShaderStage)) },
    });
    return { device, adapter: describeAdapter(adapter) };
  } catch (error) {
    throw new WebGpuUnavailableError(`webgpu: the adapter gave no device (${(error as Error).message})`);
  }
}
