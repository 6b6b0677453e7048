/**
 * The WGSL kernels of the PPO update (shaders/), compiled into pipelines
 * over one bind group layout, and the uniform table that parameterises
 * every dispatch (one 256-byte slot each, chosen by a dynamic offset; field
 * order is shaders/common.wgsl's `Params`).
 */
import common from '../../shaders/common.wgsl';
import dense from '../../shaders/dense.wgsl';
import optimizer from '../../shaders/optimizer.wgsl';
import loss from '../../shaders/ppo-loss.wgsl';

/** The kernel files after common.wgsl; a test may hand in a perturbed one. */
export interface ShaderSources {
  readonly dense: string;
  readonly loss: string;
  readonly optimizer: string;
}

export const SHADER_SOURCES: ShaderSources = { dense, loss, optimizer };

const KERNEL_FILES = {
  denseForward: 'dense',
  denseGradient: 'dense',
  denseBackData: 'dense',
  ppoLoss: 'loss',
  lossReduce: 'loss',
  gradientReduce: 'optimizer',
  gradientNorm: 'optimizer',
  adam: 'optimizer',
  epochEnd: 'optimizer',
  backupState: 'optimizer',
  checkFinite: 'optimizer',
  restoreState: 'optimizer',
} as const satisfies Record<string, keyof ShaderSources>;

export type KernelName = keyof typeof KERNEL_FILES;

const U32_FIELDS = [
  'm', 'n', 'k', 'flags', 'aOff', 'aStride', 'bOff', 'cOff', 'cStride', 'biasOff', 'hOff', 'hStride',
  'start', 'rows', 'splitRows', 'epoch', 'count', 'groups', 'obsOff', 'obsSize', 'logpOff', 'advOff', 'retOff', 'orderOff',
  'maskOff', 'maskWords', 'actOff', 'actions', 'epochs', 'paramCount', 'pad0', 'pad1',
] as const;
const F32_FIELDS = ['gradScale', 'clipEps', 'valueCoef', 'entropyCoef', 'lr', 'beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'eps', 'maxGradNorm', 'targetKl'] as const;

export type UniformField = (typeof U32_FIELDS)[number] | (typeof F32_FIELDS)[number];
export type Uniforms = Partial<Record<UniformField, number>>;

/** Bytes per uniform slot (WebGPU's minimum dynamic-offset alignment). */
export const SLOT_BYTES = 256;

/** u.flags bits (shaders/common.wgsl). */
export const Flags = { INDEXED: 1, TANH: 1 << 1, RELU: 2 << 1 } as const;

/** Word indices of the ctl buffer and its per-epoch metrics (shaders/common.wgsl). */
export const Ctl = { STOP: 0, STEPS: 1, BAD: 4, METRICS: 8, METRIC_STRIDE: 16 } as const;
export const Metric = { POLICY: 0, VALUE: 1, ENTROPY: 2, KL: 3, CLIPPED: 4, SAMPLES: 5, NORM_SUM: 6, STEPS: 7, SKIPPED: 8 } as const;

/** One dispatch of an update: the kernel, its workgroup grid and its uniform fields. */
export interface Dispatch {
  readonly kernel: KernelName;
  readonly groups: readonly [number, number?, number?];
  readonly uniforms: Uniforms;
}

/** Writes `uniforms` into slot `slot` of a table (views over the same bytes). */
export function writeSlot(u32: Uint32Array, f32: Float32Array, slot: number, uniforms: Uniforms): void {
  const base = (slot * SLOT_BYTES) / 4;
  U32_FIELDS.forEach((name, i) => { u32[base + i] = uniforms[name] ?? 0; });
  F32_FIELDS.forEach((name, i) => { f32[base + U32_FIELDS.length + i] = uniforms[name] ?? 0; });
}

/** The kernels were still compiling when their deadline passed. */
export class CompileDeadlineError extends Error {
  override readonly name = 'CompileDeadlineError';
}

export class UpdateKernels {
  private constructor(
    readonly layout: GPUBindGroupLayout,
    private readonly pipelines: ReadonlyMap<KernelName, GPUComputePipeline>,
  ) {}

  /**
   * Compiles every kernel; rejects with the compiler's messages when one
   * does not build. With a `deadline` (performance.now() time) pipelines are
   * built one at a time and a {@link CompileDeadlineError} ends the build
   * once it has passed, so a slow compiler (a software adapter) is not left
   * compiling the rest in the background.
   */
  static async create(device: GPUDevice, sources: Partial<ShaderSources> = {}, deadline = Infinity): Promise<UpdateKernels> {
    const files = { ...SHADER_SOURCES, ...sources };
    const storage = (type: GPUBufferBindingType): GPUBindGroupLayoutEntry['buffer'] => ({ type });
    const layout = device.createBindGroupLayout({
      label: 'ppo update',
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: SLOT_BYTES } },
        { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: storage('storage') },
        { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: storage('storage') },
        { binding: 3, visibility: GPUShaderStage.COMPUTE, buffer: storage('read-only-storage') },
        { binding: 4, visibility: GPUShaderStage.COMPUTE, buffer: storage('read-only-storage') },
        { binding: 5, visibility: GPUShaderStage.COMPUTE, buffer: storage('storage') },
        { binding: 6, visibility: GPUShaderStage.COMPUTE, buffer: storage('storage') },
      ],
    });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
    const modules = new Map<keyof ShaderSources, GPUShaderModule>();
    for (const file of ['dense', 'loss', 'optimizer'] as const) {
      const module = device.createShaderModule({ label: `shaders/${file}`, code: `${common}\n${files[file]}` });
      const info = await module.getCompilationInfo();
      const errors = info.messages.filter((m) => m.type === 'error');
      if (errors.length > 0) throw new Error(`gpu: shaders/${file} does not compile: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
      modules.set(file, module);
    }
    const pipelines = new Map<KernelName, GPUComputePipeline>();
    const build = async (name: KernelName, file: keyof ShaderSources): Promise<void> => {
      pipelines.set(name, await device.createComputePipelineAsync({ label: name, layout: pipelineLayout, compute: { module: modules.get(file)!, entryPoint: name } }));
    };
    const kernels = Object.entries(KERNEL_FILES) as [KernelName, keyof ShaderSources][];
    if (deadline === Infinity) {
      await Promise.all(kernels.map(([name, file]) => build(name, file)));
    } else {
      for (const [name, file] of kernels) {
        if (performance.now() > deadline) throw new CompileDeadlineError(`gpu: building the update's pipelines passed its deadline (${pipelines.size} of ${kernels.length} built)`);
        await build(name, file);
      }
    }
    return new UpdateKernels(layout, pipelines);
  }

  /** Encodes `dispatches` into `pass`, the i-th reading uniform slot `firstSlot + i`. */
  encode(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, dispatches: readonly Dispatch[], firstSlot: number): void {
    dispatches.forEach((d, i) => {
      pass.setPipeline(this.pipelines.get(d.kernel)!);
      pass.setBindGroup(0, bindGroup, [(firstSlot + i) * SLOT_BYTES]);
      pass.dispatchWorkgroups(d.groups[0], d.groups[1] ?? 1, d.groups[2] ?? 1);
    });
  }
}
