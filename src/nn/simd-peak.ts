/**
 * This core's WebAssembly SIMD arithmetic peak, for the benchmark: loops that
 * do nothing but independent float32x4 accumulator chains in registers, 1 to
 * 16 chains, with `f32x4.relaxed_madd` (where the browser has relaxed SIMD)
 * and with `f32x4.mul` + `f32x4.add`. The best rate over the sweep is the
 * ceiling no kernel can beat; few chains are latency-bound, many spill
 * registers, so the sweep finds the sweet spot rather than guessing it.
 *
 * The loop modules are emitted as bytes here (a generated 32-function .wat
 * would be thousands of lines). Each chain is acc ← acc·m + c with m < 1, so
 * values settle near c / (1 − m) and never reach denormals or infinity, and
 * each step depends on the previous one: nothing can be hoisted or merged.
 */
import { relaxedSimdSupported } from './kernels.js';

/** Which instructions a chain steps with. */
export type PeakInstruction = 'relaxed_madd' | 'mul_add';

export interface SimdPeak {
  /** The best rate over both instructions and every chain count, GFLOP/s. */
  readonly gflops: number;
  /** Per instruction: the best rate and the chain count that reached it (null: no relaxed SIMD). */
  readonly byInstruction: Readonly<Record<PeakInstruction, { readonly gflops: number; readonly chains: number; readonly sweep: readonly number[] } | null>>;
}

const MAX_CHAINS = 16;
/** Rounds of every chain per loop iteration (amortises the loop's counter and back-edge check). */
const ROUNDS = 8;
const FLOPS_PER_STEP = 8; // 4 lanes × (multiply + add)

const uleb = (value: number): number[] => {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
};
const f32x4Const = (x: number): number[] => {
  const bytes = new Uint8Array(new Float32Array([x, x, x, x]).buffer);
  return [0xfd, 0x0c, ...bytes];
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (text: string): number[] => vector([...new TextEncoder().encode(text)].map((b) => [b]));

const OP = { localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Const: 0x41, i32Sub: 0x6b, loop: 0x03, brIf: 0x0d, end: 0x0b, v128: 0x7b, i32: 0x7f, f32: 0x7d } as const;
const SIMD = { f32x4Add: [0xfd, 0xe4, 0x01], f32x4Mul: [0xfd, 0xe6, 0x01], relaxedMadd: [0xfd, 0x85, 0x02], extractLane0: [0xfd, 0x1f, 0x00] } as const;

/** (param iterations i32) (result f32): `chains` chains stepped ROUNDS × iterations times. */
function chainFunction(instruction: PeakInstruction, chains: number): number[] {
  const m = chains + 1;
  const c = chains + 2;
  const code: number[] = [...f32x4Const(0.9999), OP.localSet, ...uleb(m), ...f32x4Const(1e-3), OP.localSet, ...uleb(c)];
  for (let i = 1; i <= chains; i++) code.push(...f32x4Const(1 + i / 64), OP.localSet, ...uleb(i));
  code.push(OP.loop, 0x40);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 1; i <= chains; i++) {
      if (instruction === 'relaxed_madd') code.push(OP.localGet, ...uleb(i), OP.localGet, ...uleb(m), OP.localGet, ...uleb(c), ...SIMD.relaxedMadd);
      else code.push(OP.localGet, ...uleb(i), OP.localGet, ...uleb(m), ...SIMD.f32x4Mul, OP.localGet, ...uleb(c), ...SIMD.f32x4Add);
      code.push(OP.localSet, ...uleb(i));
    }
  }
  code.push(OP.localGet, 0, OP.i32Const, 1, OP.i32Sub, OP.localTee, 0, OP.brIf, 0, OP.end);
  // The result uses every chain, so none is dead code.
  code.push(OP.localGet, 1);
  for (let i = 2; i <= chains; i++) code.push(OP.localGet, ...uleb(i), ...SIMD.f32x4Add);
  code.push(...SIMD.extractLane0, OP.end);
  const body = [...vector([[...uleb(chains + 2), OP.v128]]), ...code];
  return [...uleb(body.length), ...body];
}

/** A module exporting `chains1` … `chains16` for one instruction. */
function peakModuleBytes(instruction: PeakInstruction): Uint8Array<ArrayBuffer> {
  const counts = Array.from({ length: MAX_CHAINS }, (_, i) => i + 1);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, 1, OP.i32, 1, OP.f32]])),
    ...section(3, vector(counts.map(() => [0]))),
    ...section(7, vector(counts.map((n, i) => [...name(`chains${n}`), 0x00, ...uleb(i)]))),
    ...section(10, vector(counts.map((n) => chainFunction(instruction, n)))),
  ]);
}

/**
 * GFLOP/s of one chain loop: the best of a dozen timed runs of at least
 * `runMs` / 2 each. Shorter runs grow first, so timer resolution and a
 * descheduled calibration cannot inflate a rate; runs are short and many so
 * that on a busy machine some of them have the core to themselves (other
 * work only ever lowers a rate).
 */
function rate(run: (iterations: number) => number, chains: number, runMs: number): number {
  let iterations = 256;
  let best = 0;
  for (let timed = 0; timed < 12; ) {
    const started = performance.now();
    run(iterations);
    const ms = performance.now() - started;
    if (ms < runMs / 2) {
      iterations = ms > 1 ? Math.ceil((iterations * runMs) / ms) : iterations * 4;
      continue;
    }
    best = Math.max(best, (iterations * ROUNDS * chains * FLOPS_PER_STEP) / (ms / 1000) / 1e9);
    timed++;
  }
  return best;
}

/**
 * Sweeps both instructions over 1…16 chains (about 0.6 s with the default
 * run length, which suits a cross-origin-isolated page's 5 µs timer).
 */
export async function measureSimdPeak(runMs = 2): Promise<SimdPeak> {
  const instructions: PeakInstruction[] = relaxedSimdSupported() ? ['relaxed_madd', 'mul_add'] : ['mul_add'];
  const byInstruction: Record<PeakInstruction, SimdPeak['byInstruction'][PeakInstruction]> = { relaxed_madd: null, mul_add: null };
  for (const instruction of instructions) {
    const { instance } = await WebAssembly.instantiate(peakModuleBytes(instruction));
    const sweep: number[] = [];
    for (let chains = 1; chains <= MAX_CHAINS; chains++) {
      const run = instance.exports[`chains${chains}`] as (iterations: number) => number;
      sweep.push(rate(run, chains, runMs));
    }
    const best = Math.max(...sweep);
    byInstruction[instruction] = { gflops: best, chains: sweep.indexOf(best) + 1, sweep };
  }
  return { gflops: Math.max(...Object.values(byInstruction).map((r) => r?.gflops ?? 0)), byInstruction };
}
