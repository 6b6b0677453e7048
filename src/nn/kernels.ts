/**
 * The dense-layer WebAssembly SIMD kernels (kernels.wat), compiled once per
 * thread and instantiated over each workspace's own memory.
 *
 * Compilation and instantiation are asynchronous on purpose: Chromium refuses
 * synchronous WebAssembly compilation of modules over 4 KB on the page's
 * main thread, and tests and the benchmark run there.
 */
import kernelBytes from './kernels.wat';

/** How {@link KernelExports.gemm} combines its product with C. */
export const GemmMode = {
  /** C = A·B */
  SET: 0,
  /** C = A·B + bias */
  SET_BIAS: 1,
  /** C += A·B */
  ADD: 2,
} as const;
export type GemmMode = (typeof GemmMode)[keyof typeof GemmMode];

/**
 * Bytes a kernel load may read past the end of a row or vector. Workspaces
 * leave at least this much after every region; what is read there never
 * reaches a stored lane.
 */
export const KERNEL_OVERREAD_BYTES = 28;

/** The module's exports. Pointers and strides are in bytes. */
export interface KernelExports {
  /**
   * C (=, = +bias, +=) A·B for i < m, j < n, p < k: A(i, p) at `a + i·aRow + p·aCol`,
   * B[p][j] at `b + p·ldb + 4j`, C[i][j] at `c + i·ldc + 4j`, bias[j] at `bias + 4j`.
   */
  gemm(a: number, aRow: number, aCol: number, b: number, ldb: number, c: number, ldc: number, bias: number, mode: GemmMode, m: number, n: number, k: number): void;
  /** dst[j] += Σ_i src[i][j] for j < n, rows `ld` bytes apart. */
  colsumAdd(src: number, ld: number, rows: number, n: number, dst: number): void;
  /** dst (cols × rows) = srcᵀ for a dense rows × cols src. */
  transpose(src: number, rows: number, cols: number, dst: number): void;
  /** In place over `count` floats, count a multiple of 4. */
  tanh(ptr: number, count: number): void;
  /** dy ⊙= 1 − y², count a multiple of 4. */
  tanhBackward(dy: number, y: number, count: number): void;
  relu(ptr: number, count: number): void;
  /** dy ⊙= [y > 0], count a multiple of 4. */
  reluBackward(dy: number, y: number, count: number): void;
  /** Σ x² over `count` floats, accumulated in f64. */
  sumSquares(ptr: number, count: number): number;
  /** One bias-corrected Adam step (see kernels.wat for the arithmetic). */
  adam(p: number, g: number, m: number, v: number, count: number, gradScale: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, stepSize: number, invSqrtBc2: number, eps: number): void;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiled kernel module, shared by every workspace of this thread. */
export function kernelModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(kernelBytes as Uint8Array<ArrayBuffer>);
  return compiled;
}

export async function instantiateKernels(memory: WebAssembly.Memory): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(await kernelModule(), { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
