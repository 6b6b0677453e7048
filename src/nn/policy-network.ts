/**
 * The policy network on the CPU: the descriptor's trunk (dense layers with
 * tanh or relu) and heads — one shared trunk under the fused head (policy
 * logits and the value in one matmul), or separate actor and critic trunks,
 * each under its own head — running on the WebAssembly SIMD kernels over
 * one workspace.
 *
 * Rollout workers create it for inference (`forward` over a batch of rows);
 * the learner creates it with training buffers (`backward` accumulates the
 * parameter gradients for a given gradient of the outputs).
 *
 * Buffers (all in the workspace memory):
 *   params   flat, in paramLayout order — publish it, or overwrite it with adopted weights
 *   input    [maxRows][obsSize]                       write observations here
 *   hidden.l [maxRows][pad4(hidden[l])]               post-activation, kept for backward
 *            (critic.hidden.l too, with separate trunks)
 *   output   [maxRows][outputStride]                  columns 0…A−1 logits, column A value
 * and with training buffers:
 *   grads    flat, like params
 *   dOutput  [maxRows][outputStride]                  ∂loss/∂output, written by the loss
 *   delta.0, delta.1  [maxRows][pad4(max hidden)]     backpropagated gradients, ping-pong
 *   transposed        Wᵀ of the layer being backpropagated, so dX = dY·Wᵀ is a plain gemm
 * Rows of activations are padded to a multiple of 4 floats so SIMD rows
 * start aligned; parameters keep the unpadded shared layout.
 */
import { initializeParams } from './init.js';
import { GemmMode, type KernelExports } from './kernels.js';
import { type NetworkDescriptor, paramCount, paramLayout, type ParamTensor, trunkKind } from './network-descriptor.js';
import { type Region, type RegionSizes, Workspace } from './workspace.js';

export interface PolicyNetworkOptions {
  /** The most rows one forward (or backward) call handles. */
  readonly maxRows: number;
  /** Allocate gradients and backward buffers (the learner); inference needs none. */
  readonly training?: boolean;
}

const pad4 = (n: number): number => Math.ceil(n / 4) * 4;

interface TrainingBuffers {
  readonly grads: Region;
  readonly dOutput: Region;
  readonly deltas: readonly [Region, Region];
  readonly transposed: Region;
}

interface Layer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weight: ParamTensor;
  readonly bias: ParamTensor;
  /** Byte offset of the activations this layer writes (a head: its first column of `output`). */
  readonly outPtr: number;
  readonly outStride: number;
}

/** A trunk and its head: input → hidden layers → some columns of `output`. */
type Tower = readonly Layer[];

/** The towers of a descriptor: [tensor prefix, head tensor, hidden region prefix, head width, head's first output column]. */
function towerPlan(desc: NetworkDescriptor): [string, string, string, number, number][] {
  return trunkKind(desc) === 'shared'
    ? [['trunk', 'heads', 'hidden', desc.actionCount + 1, 0]]
    : [['actor', 'actor.head', 'hidden', desc.actionCount, 0], ['critic', 'critic.head', 'critic.hidden', 1, desc.actionCount]];
}

export class PolicyNetwork {
  readonly paramCount: number;
  readonly layout: readonly ParamTensor[];
  readonly maxRows: number;
  readonly training: boolean;
  /** Floats between rows of `output` and `dOutput`. */
  readonly outputStride: number;
  /** Column of the value in an output row (= actionCount). */
  readonly valueColumn: number;

  readonly params: Float32Array;
  readonly input: Float32Array;
  readonly output: Float32Array;
  /** Empty unless created with training buffers. */
  readonly grads: Float32Array;
  /** Empty unless created with training buffers. */
  readonly dOutput: Float32Array;

  private readonly kernels: KernelExports;
  private readonly towers: Tower[] = [];
  private readonly paramsRegion: Region;
  private readonly inputRegion: Region;
  private readonly trainingBuffers: TrainingBuffers | null;

  /** The workspace regions a network of this shape needs. */
  static regions(desc: NetworkDescriptor, options: PolicyNetworkOptions): RegionSizes {
    const rows = options.maxRows;
    const params = paramCount(desc);
    const outputStride = pad4(desc.actionCount + 1);
    const sizes: Record<string, number> = { params, input: rows * desc.obsSize, output: rows * outputStride };
    for (const [, , hidden] of towerPlan(desc)) desc.hidden.forEach((width, l) => { sizes[`${hidden}.${l}`] = rows * pad4(width); });
    if (options.training) {
      const widest = pad4(Math.max(...desc.hidden));
      const layerSizes = [desc.obsSize, ...desc.hidden, desc.actionCount + 1];
      let transposed = 0;
      for (let l = 1; l + 1 < layerSizes.length; l++) transposed = Math.max(transposed, layerSizes[l]! * layerSizes[l + 1]!);
      Object.assign(sizes, { grads: params, dOutput: rows * outputStride, 'delta.0': rows * widest, 'delta.1': rows * widest, transposed });
    }
    return sizes;
  }

  /** A network in a workspace of its own, parameters initialised from `seed`. */
  static async create(desc: NetworkDescriptor, options: PolicyNetworkOptions, seed = 0): Promise<PolicyNetwork> {
    const network = new PolicyNetwork(desc, await Workspace.create(PolicyNetwork.regions(desc, options)), options);
    network.initialize(seed);
    return network;
  }

  /** Binds to a workspace laid out with (at least) {@link PolicyNetwork.regions}. Parameters start at zero. */
  constructor(readonly descriptor: NetworkDescriptor, readonly workspace: Workspace, options: PolicyNetworkOptions) {
    if (!Number.isInteger(options.maxRows) || options.maxRows < 1) throw new RangeError(`network: maxRows must be a positive integer, got ${options.maxRows}`);
    this.layout = paramLayout(descriptor);
    this.paramCount = paramCount(descriptor);
    this.maxRows = options.maxRows;
    this.training = options.training ?? false;
    this.kernels = workspace.kernels;
    this.outputStride = pad4(descriptor.actionCount + 1);
    this.valueColumn = descriptor.actionCount;

    this.paramsRegion = workspace.region('params');
    this.inputRegion = workspace.region('input');
    const outputRegion = workspace.region('output');
    this.params = this.paramsRegion.view;
    this.input = this.inputRegion.view;
    this.output = outputRegion.view;

    const tensor = (name: string): ParamTensor => this.layout.find((t) => t.name === name)!;
    for (const [prefix, head, hidden, headWidth, column] of towerPlan(descriptor)) {
      const layers: Layer[] = [];
      let inputs = descriptor.obsSize;
      descriptor.hidden.forEach((width, l) => {
        layers.push({ inputs, outputs: width, weight: tensor(`${prefix}.${l}.weight`), bias: tensor(`${prefix}.${l}.bias`), outPtr: workspace.region(`${hidden}.${l}`).ptr, outStride: pad4(width) });
        inputs = width;
      });
      layers.push({ inputs, outputs: headWidth, weight: tensor(`${head}.weight`), bias: tensor(`${head}.bias`), outPtr: outputRegion.ptr + column * 4, outStride: this.outputStride });
      this.towers.push(layers);
    }

    this.trainingBuffers = this.training
      ? { grads: workspace.region('grads'), dOutput: workspace.region('dOutput'), deltas: [workspace.region('delta.0'), workspace.region('delta.1')], transposed: workspace.region('transposed') }
      : null;
    this.grads = this.trainingBuffers?.grads.view ?? new Float32Array(0);
    this.dOutput = this.trainingBuffers?.dOutput.view ?? new Float32Array(0);
  }

  /** Fresh parameters from the run seed (see init.ts). */
  initialize(seed: number): void {
    initializeParams(this.descriptor, this.params, seed);
  }

  /** The parameters' byte offset in the workspace memory (for kernels such as Adam). */
  get paramsPtr(): number {
    return this.paramsRegion.ptr;
  }

  get gradsPtr(): number {
    return this.requireTraining().grads.ptr;
  }

  /** Evaluates the first `rows` rows of `input` into `output` (and keeps the activations for backward). */
  forward(rows: number): void {
    this.checkRows(rows);
    const k = this.kernels;
    const params = this.paramsRegion.ptr;
    for (const layers of this.towers) {
      let x = this.inputRegion.ptr;
      let xStride = this.descriptor.obsSize;
      const last = layers.length - 1;
      for (let l = 0; l <= last; l++) {
        const layer = layers[l]!;
        k.gemm(x, xStride * 4, 4, params + layer.weight.offset * 4, layer.outputs * 4, layer.outPtr, layer.outStride * 4, params + layer.bias.offset * 4, GemmMode.SET_BIAS, rows, layer.outputs, layer.inputs);
        if (l < last) this.activate(layer.outPtr, rows * layer.outStride);
        x = layer.outPtr;
        xStride = layer.outStride;
      }
    }
  }

  /**
   * Adds ∂loss/∂params to `grads`, given ∂loss/∂output in the first `rows`
   * rows of `dOutput` and the activations of the last `forward(rows)`.
   */
  backward(rows: number): void {
    this.checkRows(rows);
    const { grads, dOutput, deltas, transposed } = this.requireTraining();
    const k = this.kernels;
    const params = this.paramsRegion.ptr;
    for (const layers of this.towers) {
      const head = layers[layers.length - 1]!;
      // The head's columns of dOutput: its outPtr's offset into output.
      let d = dOutput.ptr + (head.outPtr - this.output.byteOffset);
      let dStride = this.outputStride;
      for (let l = layers.length - 1; l >= 0; l--) {
        const layer = layers[l]!;
        const below = l > 0 ? layers[l - 1]! : null;
        const x = below ? below.outPtr : this.inputRegion.ptr;
        const xStride = below ? below.outStride : this.descriptor.obsSize;
        // dW += Xᵀ·dY: A is X read column-wise.
        k.gemm(x, 4, xStride * 4, d, dStride * 4, grads.ptr + layer.weight.offset * 4, layer.outputs * 4, 0, GemmMode.ADD, layer.inputs, layer.outputs, rows);
        k.colsumAdd(d, dStride * 4, rows, layer.outputs, grads.ptr + layer.bias.offset * 4);
        if (!below) break;
        // dX = dY·Wᵀ, then through the activation below.
        k.transpose(params + layer.weight.offset * 4, layer.inputs, layer.outputs, transposed.ptr);
        const next = deltas[l & 1];
        k.gemm(d, dStride * 4, 4, transposed.ptr, layer.inputs * 4, next.ptr, below.outStride * 4, 0, GemmMode.SET, rows, layer.inputs, layer.outputs);
        this.activateBackward(next.ptr, below.outPtr, rows * below.outStride);
        d = next.ptr;
        dStride = below.outStride;
      }
    }
  }

  zeroGrads(): void {
    this.requireTraining();
    this.grads.fill(0);
  }

  private activate(ptr: number, count: number): void {
    if (this.descriptor.activation === 'tanh') this.kernels.tanh(ptr, count);
    else this.kernels.relu(ptr, count);
  }

  private activateBackward(dy: number, y: number, count: number): void {
    if (this.descriptor.activation === 'tanh') this.kernels.tanhBackward(dy, y, count);
    else this.kernels.reluBackward(dy, y, count);
  }

  private checkRows(rows: number): void {
    if (!Number.isInteger(rows) || rows < 1 || rows > this.maxRows) throw new RangeError(`network: rows must be an integer in [1, ${this.maxRows}], got ${rows}`);
  }

  private requireTraining(): TrainingBuffers {
    if (!this.trainingBuffers) throw new Error('network: created without training buffers (pass training: true)');
    return this.trainingBuffers;
  }
}
