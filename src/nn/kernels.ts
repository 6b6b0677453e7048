/**
 * Chooses and loads the dense-layer kernels of this thread, once:
 *
 * - 'wasm-relaxed-simd': the WebAssembly SIMD kernels (kernels.wat) with the
 *   gemm and tanh of kernels-fma.wat, which use fused multiply-add, where the
 *   browser has relaxed SIMD;
 * - 'wasm-simd': the WebAssembly SIMD kernels alone;
 * - 'js': the same kernels in TypeScript (kernels-js.ts), when the page's
 *   Content-Security-Policy refuses to compile WebAssembly (script-src
 *   without 'wasm-unsafe-eval') — creating a WebAssembly.Memory needs no
 *   permission, so workspaces keep their memory — or when the browser has no
 *   WebAssembly at all (Safari's Lockdown Mode; workspaces then use an
 *   ArrayBuffer).
 *
 * Each workspace instantiates the chosen module over its own memory.
 * Compilation and instantiation are asynchronous on purpose: Chromium refuses
 * synchronous WebAssembly compilation of modules over 4 KB on the page's
 * main thread, and tests and the benchmark run there.
 */
import { type KernelExports, type KernelMemory, type KernelPath } from './kernel-api.js';
import { scriptKernels } from './kernels-js.js';
import fmaBytes from './kernels-fma.wat';
import simdBytes from './kernels.wat';

export { GemmMode, KERNEL_OVERREAD_BYTES, type KernelExports, type KernelMemory, type KernelPath } from './kernel-api.js';

interface KernelChoice {
  readonly path: KernelPath;
  /** Why 'js' ('js' only). */
  readonly without: 'csp' | 'webassembly' | null;
  /** The compiled modules ('js': none; fma only on 'wasm-relaxed-simd'). */
  readonly simd: WebAssembly.Module | null;
  readonly fma: WebAssembly.Module | null;
}

let choice: Promise<KernelChoice> | undefined;

/** (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd) */
const RELAXED_SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

/** Whether this thread has WebAssembly at all (Safari's Lockdown Mode removes it). */
export const hasWebAssembly = (): boolean => typeof WebAssembly === 'object';

/** Whether this browser has WebAssembly relaxed SIMD (validation compiles nothing, so a strict CSP does not matter). */
export function relaxedSimdSupported(): boolean {
  return hasWebAssembly() && WebAssembly.validate(RELAXED_SIMD_PROBE);
}

/** A compile error that is the page's Content-Security-Policy speaking, not a broken module. */
function isCspRefusal(error: unknown): error is Error {
  const refusedType = error instanceof EvalError || error instanceof WebAssembly.CompileError;
  return refusedType && /Content.Security.Policy|unsafe-eval/i.test(error.message);
}

const compile = (bytes: Uint8Array): Promise<WebAssembly.Module> => WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);

async function compileModules(): Promise<KernelChoice> {
  if (!hasWebAssembly()) return { path: 'js', without: 'webassembly', simd: null, fma: null };
  const simd = await compile(simdBytes);
  if (!relaxedSimdSupported()) return { path: 'wasm-simd', without: null, simd, fma: null };
  return { path: 'wasm-relaxed-simd', without: null, simd, fma: await compile(fmaBytes) };
}

function chooseKernels(): Promise<KernelChoice> {
  choice ??= compileModules().catch((error: unknown): KernelChoice => {
    if (!isCspRefusal(error)) throw error;
    return { path: 'js', without: 'csp', simd: null, fma: null };
  });
  return choice;
}

/** Which kernels this thread runs (decided on first use, then fixed). */
export async function kernelPath(): Promise<KernelPath> {
  return (await chooseKernels()).path;
}

/**
 * A console-ready explanation when this thread runs the TypeScript kernels
 * (what is missing, and for a strict page which directive would fix it);
 * null when it runs WebAssembly.
 */
export async function kernelPathNotice(): Promise<string | null> {
  const { without } = await chooseKernels();
  const slower = 'so the network runs on plain JavaScript kernels and training is about 20 times slower.';
  if (without === 'webassembly') return `drill: this browser has WebAssembly turned off (for example by Lockdown Mode), ${slower}`;
  if (without === 'csp') {
    return (
      `drill: this page's Content-Security-Policy does not allow WebAssembly, ${slower} Adding 'wasm-unsafe-eval' to the ` +
      "policy's script-src directive (or to default-src, if the policy has no script-src) allows WebAssembly compilation, " +
      'and nothing else, and makes training fast.'
    );
  }
  return null;
}

/**
 * The kernels over `memory`: this thread's choice, or the given path (tests
 * and the benchmark compare paths; asking for WebAssembly where the page
 * refuses it fails with the browser's error).
 */
export async function instantiateKernels(memory: KernelMemory, path?: KernelPath): Promise<KernelExports> {
  const chosen = await chooseKernels();
  const wanted = path ?? chosen.path;
  if (wanted === 'js') return scriptKernels(memory);
  if (!(memory instanceof WebAssembly.Memory)) throw new TypeError(`kernels: the '${wanted}' kernels need a WebAssembly.Memory`);
  if (wanted === 'wasm-relaxed-simd' && !relaxedSimdSupported()) throw new Error("kernels: 'wasm-relaxed-simd' asked for, but this browser has no WebAssembly relaxed SIMD");
  const imports = { env: { memory } };
  const simd = await WebAssembly.instantiate(chosen.simd ?? (await compile(simdBytes)), imports);
  const kernels = simd.exports as unknown as KernelExports;
  if (wanted === 'wasm-simd') return kernels;
  const fma = await WebAssembly.instantiate(chosen.fma ?? (await compile(fmaBytes)), imports);
  const { gemm, tanh } = fma.exports as unknown as KernelExports;
  return { ...kernels, gemm, tanh };
}
