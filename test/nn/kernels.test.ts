// Every kernel path (WebAssembly SIMD with and without fused multiply-add,
// TypeScript) against plain JS references, at shapes with odd widths (the
// head's 31 columns) and row counts that are not multiples of the 4- and
// 6-row tiles; stores must be exact (neighbouring rows and padding
// untouched). Tolerance of a gemm: 1e-5·√k relative to 1 + |C|.
import { expect } from '@open-wc/testing';
import { GemmMode, type KernelPath, relaxedSimdSupported } from '../../src/nn/kernels.js';
import { Workspace } from '../../src/nn/workspace.js';
import { Random } from '../../src/util/random.js';

const SENTINEL = 12345.5;
const MAX = 1 << 16;

const random = new Random(99);
const fillRandom = (view: Float32Array): void => {
  for (let i = 0; i < view.length; i++) view[i] = random.next() * 2 - 1;
};

for (const path of ['wasm-relaxed-simd', 'wasm-simd', 'js'] as const satisfies readonly KernelPath[]) describe(`kernels, ${path}`, () => {
  let ws: Workspace;
  before(async function () {
    if (path === 'wasm-relaxed-simd' && !relaxedSimdSupported()) this.skip();
    ws = await Workspace.create({ a: MAX, b: MAX, c: MAX, bias: 1024, x: 4096, y: 4096 }, path);
  });

  // A is read as X [m][k] (row stride lda floats) or, transposed, as Xᵀ with X [k][m].
  const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 8, 4], [5, 31, 64], [6, 8, 2], [13, 31, 9], [7, 64, 31], [33, 65, 17], [64, 64, 32], [30, 64, 512], [512, 31, 64]];
  for (const transposedA of [false, true]) {
    for (const mode of [GemmMode.SET, GemmMode.SET_BIAS, GemmMode.ADD]) {
      for (const [m, n, k] of shapes) {
        it(`gemm ${transposedA ? 'Aᵀ' : 'A'}·B, mode ${mode}, ${m}×${k}·${k}×${n}`, () => {
          const A = ws.region('a'), B = ws.region('b'), C = ws.region('c'), bias = ws.region('bias');
          fillRandom(A.view);
          fillRandom(B.view);
          fillRandom(bias.view);
          // Odd C strides (back-to-back rows when padded is false) and sentinel padding.
          for (const ldc of [n, n + 3]) {
            C.view.fill(SENTINEL);
            const before = Float32Array.from(C.view.subarray(0, m * ldc));
            for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) C.view[i * ldc + j] = mode === GemmMode.ADD ? random.next() : SENTINEL;
            const initial = Float32Array.from(C.view.subarray(0, m * ldc));
            const aAt = (i: number, p: number): number => (transposedA ? A.view[p * m + i]! : A.view[i * k + p]!);
            if (transposedA) ws.kernels.gemm(A.ptr, 4, m * 4, B.ptr, n * 4, C.ptr, ldc * 4, bias.ptr, mode, m, n, k);
            else ws.kernels.gemm(A.ptr, k * 4, 4, B.ptr, n * 4, C.ptr, ldc * 4, bias.ptr, mode, m, n, k);
            let worst = 0;
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                let sum = mode === GemmMode.SET_BIAS ? bias.view[j]! : mode === GemmMode.ADD ? initial[i * ldc + j]! : 0;
                for (let p = 0; p < k; p++) sum += aAt(i, p) * B.view[p * n + j]!;
                worst = Math.max(worst, Math.abs(sum - C.view[i * ldc + j]!) / (1 + Math.abs(sum)));
              }
              for (let j = n; j < ldc; j++) expect(C.view[i * ldc + j], `padding ${i},${j}`).to.equal(before[i * ldc + j]);
            }
            expect(worst, `ldc ${ldc}`).to.be.below(1e-5 * Math.sqrt(k));
            expect(C.view[m * ldc], 'the float after C').to.equal(SENTINEL);
          }
        });
      }
    }
  }

  for (const [rows, n, ld] of [[1, 1, 1], [5, 31, 32], [17, 6, 9], [64, 64, 64]] as const) {
    it(`colsumAdd over ${rows}×${n} (row stride ${ld}) adds exactly n columns`, () => {
      const x = ws.region('a'), dst = ws.region('bias');
      fillRandom(x.view);
      dst.view.fill(SENTINEL);
      for (let j = 0; j < n; j++) dst.view[j] = j;
      ws.kernels.colsumAdd(x.ptr, ld * 4, rows, n, dst.ptr);
      for (let j = 0; j < n; j++) {
        let sum = j;
        for (let i = 0; i < rows; i++) sum += x.view[i * ld + j]!;
        expect(dst.view[j]).to.be.closeTo(sum, 1e-4);
      }
      expect(dst.view[n]).to.equal(SENTINEL);
    });
  }

  it('transpose of 7×31 and 64×64', () => {
    for (const [rows, cols] of [[7, 31], [64, 64]] as const) {
      const src = ws.region('a'), dst = ws.region('b');
      fillRandom(src.view);
      ws.kernels.transpose(src.ptr, rows, cols, dst.ptr);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(dst.view[j * rows + i]).to.equal(src.view[i * cols + j]);
    }
  });

  it('tanh is within 3e-7 of Math.tanh from −20 to 20, exact at 0, odd', () => {
    const x = ws.region('x');
    const inputs = Float32Array.from({ length: 4096 }, (_, i) => (i - 2048) / 102.4);
    inputs[0] = 0;
    x.view.set(inputs);
    ws.kernels.tanh(x.ptr, 4096);
    let worst = 0;
    for (let i = 0; i < 4096; i++) worst = Math.max(worst, Math.abs(x.view[i]! - Math.tanh(inputs[i]!)));
    expect(worst).to.be.below(3e-7);
    expect(x.view[0]).to.equal(0);
    for (let i = 1; i < 2048; i++) expect(x.view[2048 + i]).to.equal(-x.view[2048 - i]!);
  });

  it('tanhBackward multiplies by 1 − y²', () => {
    const dy = ws.region('x'), y = ws.region('y');
    fillRandom(dy.view);
    fillRandom(y.view);
    const expected = dy.view.map((d, i) => Math.fround(d * Math.fround(1 - Math.fround(y.view[i]! * y.view[i]!))));
    ws.kernels.tanhBackward(dy.ptr, y.ptr, 4096);
    expect(Array.from(dy.view)).to.deep.equal(Array.from(expected));
  });

  it('relu and reluBackward', () => {
    const x = ws.region('x'), dy = ws.region('y');
    fillRandom(x.view);
    fillRandom(dy.view);
    const inputs = Float32Array.from(x.view);
    const grads = Float32Array.from(dy.view);
    ws.kernels.relu(x.ptr, 4096);
    ws.kernels.reluBackward(dy.ptr, x.ptr, 4096);
    for (let i = 0; i < 4096; i++) {
      expect(x.view[i]).to.equal(Math.max(0, inputs[i]!));
      expect(dy.view[i]).to.equal(inputs[i]! > 0 ? grads[i] : 0);
    }
  });

  it('sumSquares over counts with and without a tail (f32 squares, f64 sum)', () => {
    const x = ws.region('x');
    fillRandom(x.view);
    for (const count of [1, 3, 4, 7, 4095]) {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += x.view[i]! * x.view[i]!;
      expect(ws.kernels.sumSquares(x.ptr, count)).to.be.closeTo(sum, 1e-6 * sum);
    }
  });
});
