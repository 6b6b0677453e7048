/**
 * One WebAssembly.Memory (an ArrayBuffer where the browser has no
 * WebAssembly) holding every buffer a network works on —
 * parameters, gradients, optimiser moments, activations, scratch — laid out
 * once at construction as named regions. The kernels address the regions in
 * place and TypeScript sees them as Float32Array views, so the hot loop never
 * copies between JavaScript and WebAssembly memory.
 *
 * The memory is sized exactly at construction and never grows afterwards: a
 * grow would detach every view handed out.
 */
import { hasWebAssembly, instantiateKernels, kernelPath as chosenKernelPath, KERNEL_OVERREAD_BYTES, type KernelExports, type KernelMemory, type KernelPath } from './kernels.js';

/** A named block of floats inside the workspace memory. */
export interface Region {
  /** Byte offset in the memory (16-byte aligned). */
  readonly ptr: number;
  /** Length in floats. */
  readonly length: number;
  readonly view: Float32Array;
}

/** Floats per named region. */
export type RegionSizes = Readonly<Record<string, number>>;

const PAGE_BYTES = 65536;
const ALIGN = 16;
/** Gap after every region, so kernel over-reads stay inside the memory and never matter. */
const SLACK_BYTES = Math.ceil(KERNEL_OVERREAD_BYTES / ALIGN) * ALIGN;

const alignUp = (bytes: number): number => Math.ceil(bytes / ALIGN) * ALIGN;

function layOut(sizes: RegionSizes): { layout: Map<string, { ptr: number; length: number }>; pages: number } {
  const layout = new Map<string, { ptr: number; length: number }>();
  let cursor = ALIGN;
  for (const [name, length] of Object.entries(sizes)) {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`workspace: region '${name}' needs a non-negative integer length, got ${length}`);
    layout.set(name, { ptr: cursor, length });
    cursor = alignUp(cursor + length * 4) + SLACK_BYTES;
  }
  return { layout, pages: Math.ceil(cursor / PAGE_BYTES) };
}

export class Workspace {
  private readonly regions = new Map<string, Region>();

  private constructor(
    /** A WebAssembly.Memory, or an ArrayBuffer holder where the browser has no WebAssembly. */
    readonly memory: KernelMemory,
    readonly kernels: KernelExports,
    /** Which implementation `kernels` is. */
    readonly kernelPath: KernelPath,
    layout: ReadonlyMap<string, { ptr: number; length: number }>,
  ) {
    for (const [name, { ptr, length }] of layout) {
      this.regions.set(name, { ptr, length, view: new Float32Array(memory.buffer, ptr, length) });
    }
  }

  /**
   * Lays out the regions (zero-filled) and instantiates the kernels over the
   * memory: this thread's choice (see kernels.ts), or `path` when given.
   */
  static async create(sizes: RegionSizes, path?: KernelPath): Promise<Workspace> {
    const { layout, pages } = layOut(sizes);
    const memory = hasWebAssembly() ? new WebAssembly.Memory({ initial: pages }) : { buffer: new ArrayBuffer(pages * PAGE_BYTES) };
    const kernelPath = path ?? (await chosenKernelPath());
    return new Workspace(memory, await instantiateKernels(memory, kernelPath), kernelPath, layout);
  }

  /** Bytes of the memory a workspace of these regions takes. */
  static byteLength(sizes: RegionSizes): number {
    return layOut(sizes).pages * PAGE_BYTES;
  }

  region(name: string): Region {
    const region = this.regions.get(name);
    if (!region) throw new Error(`workspace: no region '${name}' (have ${[...this.regions.keys()].join(', ')})`);
    return region;
  }
}
