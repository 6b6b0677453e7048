/**
 * The kernels in plain TypeScript, for pages whose Content-Security-Policy
 * refuses WebAssembly compilation (no 'wasm-unsafe-eval' in script-src).
 * Same exports, same byte pointers, same memory as the WebAssembly SIMD
 * kernels (kernels.wat), so a workspace cannot tell which it runs on.
 *
 * Every float operation is rounded to float32 in the order the SIMD kernels
 * perform it (float64 arithmetic on float32 operands rounds to the same
 * float32 for +, −, ×, ÷ and √), so the results are bit for bit those of the
 * 'wasm-simd' path: a learner on a strict page and one on a normal page
 * compute the same parameters. Element-wise kernels process whole groups of
 * 4 floats, as the SIMD ones do.
 */
import { GemmMode, type KernelExports, type KernelMemory } from './kernel-api.js';

const f32 = Math.fround;
const TANH_CLAMP = f32(7.90531110763549805);
const [N13, N11, N9, N7, N5, N3, N1] = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3].map(f32) as [number, number, number, number, number, number, number];
const [D6, D4, D2, D0] = [1.19825839466702e-6, 1.18534705686654e-4, 2.268434632439e-3, 4.89352518554385e-3].map(f32) as [number, number, number, number];

const groupsOf4 = (count: number): number => Math.ceil(count / 4) * 4;

/** The kernels over `memory`, which must not grow while they are in use (views are taken once). */
export function scriptKernels(memory: KernelMemory): KernelExports {
  const f = new Float32Array(memory.buffer);

  return {
    gemm(a, aRow, aCol, b, ldb, c, ldc, bias, mode, m, n, k) {
      const ar = aRow >> 2, ac = aCol >> 2, lb = ldb >> 2, lc = ldc >> 2;
      const a0 = a >> 2, b0 = b >> 2, c0 = c >> 2, bias0 = bias >> 2;
      const initial = (at: number, j: number): number => (mode === GemmMode.ADD ? f[at + j]! : mode === GemmMode.SET_BIAS ? f[bias0 + j]! : 0);
      // Tiles of 2 rows × 4 columns share each load; every C[i][j] sums in p order, as a SIMD lane does.
      for (let i = 0; i < m; i += 2) {
        const two = i + 1 < m;
        const ai = a0 + i * ar, ci = c0 + i * lc;
        const aj = two ? ai + ar : ai, cj = two ? ci + lc : ci;
        let j = 0;
        for (; j + 4 <= n; j += 4) {
          let s0 = initial(ci, j), s1 = initial(ci, j + 1), s2 = initial(ci, j + 2), s3 = initial(ci, j + 3);
          let t0 = initial(cj, j), t1 = initial(cj, j + 1), t2 = initial(cj, j + 2), t3 = initial(cj, j + 3);
          for (let p = 0, pa = 0, pb = b0 + j; p < k; p++, pa += ac, pb += lb) {
            const x = f[ai + pa]!, y = f[aj + pa]!;
            const b1 = f[pb]!, b2 = f[pb + 1]!, b3 = f[pb + 2]!, b4 = f[pb + 3]!;
            s0 = f32(s0 + f32(x * b1));
            s1 = f32(s1 + f32(x * b2));
            s2 = f32(s2 + f32(x * b3));
            s3 = f32(s3 + f32(x * b4));
            t0 = f32(t0 + f32(y * b1));
            t1 = f32(t1 + f32(y * b2));
            t2 = f32(t2 + f32(y * b3));
            t3 = f32(t3 + f32(y * b4));
          }
          // A lone last row computed twice over (t = s) stores the same values twice.
          f[cj + j] = t0;
          f[cj + j + 1] = t1;
          f[cj + j + 2] = t2;
          f[cj + j + 3] = t3;
          f[ci + j] = s0;
          f[ci + j + 1] = s1;
          f[ci + j + 2] = s2;
          f[ci + j + 3] = s3;
        }
        for (; j < n; j++) {
          let s = initial(ci, j), t = initial(cj, j);
          for (let p = 0, pa = 0, pb = b0 + j; p < k; p++, pa += ac, pb += lb) {
            const bv = f[pb]!;
            s = f32(s + f32(f[ai + pa]! * bv));
            t = f32(t + f32(f[aj + pa]! * bv));
          }
          f[cj + j] = t;
          f[ci + j] = s;
        }
      }
    },

    colsumAdd(src, ld, rows, n, dst) {
      const s0 = src >> 2, l = ld >> 2, d0 = dst >> 2;
      for (let j = 0; j < n; j++) {
        let acc = f[d0 + j]!;
        for (let i = 0, at = s0 + j; i < rows; i++, at += l) acc = f32(acc + f[at]!);
        f[d0 + j] = acc;
      }
    },

    transpose(src, rows, cols, dst) {
      const s0 = src >> 2, d0 = dst >> 2;
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) f[d0 + j * rows + i] = f[s0 + i * cols + j]!;
    },

    tanh(ptr, count) {
      const start = ptr >> 2, end = start + groupsOf4(count);
      for (let i = start; i < end; i++) {
        const v = f[i]!;
        // f32x4.pmax(−c, v) then f32x4.pmin(c, ·): NaN becomes −c, as in the SIMD kernel.
        const low = -TANH_CLAMP < v ? v : -TANH_CLAMP;
        const x = low < TANH_CLAMP ? low : TANH_CLAMP;
        const x2 = f32(x * x);
        let num = f32(f32(x2 * N13) + N11);
        num = f32(f32(x2 * num) + N9);
        num = f32(f32(x2 * num) + N7);
        num = f32(f32(x2 * num) + N5);
        num = f32(f32(x2 * num) + N3);
        num = f32(f32(x2 * num) + N1);
        num = f32(x * num);
        let den = f32(f32(x2 * D6) + D4);
        den = f32(f32(x2 * den) + D2);
        den = f32(f32(x2 * den) + D0);
        f[i] = num / den;
      }
    },

    tanhBackward(dy, y, count) {
      const d0 = dy >> 2, y0 = y >> 2, len = groupsOf4(count);
      for (let i = 0; i < len; i++) {
        const v = f[y0 + i]!;
        f[d0 + i] = f[d0 + i]! * f32(1 - f32(v * v));
      }
    },

    relu(ptr, count) {
      const start = ptr >> 2, end = start + groupsOf4(count);
      for (let i = start; i < end; i++) {
        const v = f[i]!;
        f[i] = 0 < v ? v : 0;
      }
    },

    reluBackward(dy, y, count) {
      const d0 = dy >> 2, y0 = y >> 2, len = groupsOf4(count);
      for (let i = 0; i < len; i++) if (!(f[y0 + i]! > 0)) f[d0 + i] = 0;
    },

    sumSquares(ptr, count) {
      // Two float64 lanes, as the SIMD kernel keeps them: lane 0 sums elements 0 and 2 of each group, lane 1 elements 1 and 3.
      const start = ptr >> 2, groupsEnd = start + (count & ~3), end = start + count;
      let lane0 = 0, lane1 = 0;
      for (let i = start; i < groupsEnd; i += 4) {
        lane0 += f32(f[i]! * f[i]!);
        lane1 += f32(f[i + 1]! * f[i + 1]!);
        lane0 += f32(f[i + 2]! * f[i + 2]!);
        lane1 += f32(f[i + 3]! * f[i + 3]!);
      }
      let sum = lane0 + lane1;
      for (let i = groupsEnd; i < end; i++) {
        const x = f[i]!;
        sum += x * x;
      }
      return sum;
    },

    adam(p, g, m, v, count, gradScale, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, invSqrtBc2, eps) {
      // The WebAssembly signature takes f32 parameters: round them as the call would.
      const [scale, b1, c1, b2, c2, step, bc2, e] = [gradScale, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, invSqrtBc2, eps].map(f32) as [number, number, number, number, number, number, number, number];
      const p0 = p >> 2, g0 = g >> 2, m0 = m >> 2, v0 = v >> 2;
      for (let i = 0; i < count; i++) {
        const gi = f32(f[g0 + i]! * scale);
        const mi = f32(f32(b1 * f[m0 + i]!) + f32(c1 * gi));
        const vi = f32(f32(b2 * f[v0 + i]!) + f32(c2 * f32(gi * gi)));
        f[m0 + i] = mi;
        f[v0 + i] = vi;
        f[p0 + i] = f[p0 + i]! - f32(step * f32(mi / f32(f32(f32(Math.sqrt(vi)) * bc2) + e)));
      }
    },
  };
}
