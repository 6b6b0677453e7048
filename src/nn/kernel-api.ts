/**
 * What every kernel implementation offers (the WebAssembly SIMD modules and
 * the plain TypeScript fallback): one interface over byte pointers into a
 * workspace's memory.
 */

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

/** The kernels, whichever implementation runs them. Pointers and strides are in bytes. */
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

/**
 * The memory kernels work in: a WebAssembly.Memory, or a plain ArrayBuffer
 * holder where the browser has no WebAssembly at all (the TypeScript kernels
 * need nothing more).
 */
export interface KernelMemory {
  readonly buffer: ArrayBuffer;
}

/** Which kernels a thread runs (defined by the contract, which reports it). */
export type { KernelPath } from '../contract/telemetry.js';
