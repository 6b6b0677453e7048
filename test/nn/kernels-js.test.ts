// The TypeScript kernels (strict-CSP pages) against the WebAssembly SIMD
// kernels on the same random inputs, sizes that are not multiples of 4
// included. Tolerance: none — the TypeScript kernels round every operation to
// float32 in the SIMD kernels' order, so the results must be the same bits
// (NaN, ±∞ and −0 inputs included).
import { expect } from '@open-wc/testing';
import { GemmMode, type KernelExports, kernelPath, kernelPathNotice } from '../../src/nn/kernels.js';
import { Workspace } from '../../src/nn/workspace.js';
import { Random } from '../../src/util/random.js';

const MAX = 1 << 15;
const SIZES = { a: MAX, b: MAX, c: MAX, d: MAX };
type Name = keyof typeof SIZES;

const bits = (view: Float32Array): number[] => Array.from(new Uint32Array(view.buffer, view.byteOffset, view.length));

describe('TypeScript kernels against WebAssembly SIMD (bit for bit)', () => {
  let wasm: Workspace;
  let js: Workspace;
  const random = new Random(2024);
  before(async () => {
    [wasm, js] = await Promise.all([Workspace.create(SIZES, 'wasm-simd'), Workspace.create(SIZES, 'js')]);
  });

  /** Fills the same random floats (scaled) into a region of both workspaces. */
  const fill = (name: Name, scale = 1, count = MAX): void => {
    const values = Float32Array.from({ length: count }, () => (random.next() * 2 - 1) * scale);
    wasm.region(name).view.set(values);
    js.region(name).view.set(values);
  };
  const ptr = (name: Name): number => wasm.region(name).ptr;
  /** Runs the same call on both, then compares every region. */
  const runBoth = (call: (k: KernelExports) => number | void): void => {
    const results = [call(wasm.kernels), call(js.kernels)];
    expect(results[1]).to.deep.equal(results[0]);
    for (const name of Object.keys(SIZES) as Name[]) expect(bits(js.region(name).view), name).to.deep.equal(bits(wasm.region(name).view));
  };

  it('runs on the asked-for paths; this page allows WebAssembly, so it chooses it and has nothing to say', async () => {
    expect(wasm.kernelPath).to.equal('wasm-simd');
    expect(js.kernelPath).to.equal('js');
    expect(await kernelPath()).to.match(/^wasm-/);
    expect(await kernelPathNotice()).to.equal(null);
  });

  const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 8, 4], [5, 31, 64], [13, 31, 9], [7, 64, 31], [33, 65, 17], [64, 64, 32], [130, 31, 64]];
  for (const [m, n, k] of shapes) {
    it(`gemm ${m}×${k}·${k}×${n}, A and Aᵀ, every mode, padded and back-to-back C rows`, () => {
      for (const transposedA of [false, true]) {
        for (const mode of [GemmMode.SET, GemmMode.SET_BIAS, GemmMode.ADD]) {
          for (const ldc of [n, n + 3]) {
            fill('a');
            fill('b');
            fill('c');
            fill('d');
            if (transposedA) runBoth((kern) => kern.gemm(ptr('a'), 4, m * 4, ptr('b'), n * 4, ptr('c'), ldc * 4, ptr('d'), mode, m, n, k));
            else runBoth((kern) => kern.gemm(ptr('a'), k * 4, 4, ptr('b'), n * 4, ptr('c'), ldc * 4, ptr('d'), mode, m, n, k));
          }
        }
      }
    });
  }

  it('colsumAdd over odd widths and strides', () => {
    for (const [rows, n, ld] of [[1, 1, 1], [5, 31, 32], [17, 6, 9], [64, 64, 64], [3, 13, 13]] as const) {
      fill('a');
      fill('b');
      runBoth((kern) => kern.colsumAdd(ptr('a'), ld * 4, rows, n, ptr('b')));
    }
  });

  it('transpose of 7×31, 13×5 and 64×64', () => {
    for (const [rows, cols] of [[7, 31], [13, 5], [64, 64]] as const) {
      fill('a');
      runBoth((kern) => kern.transpose(ptr('a'), rows, cols, ptr('b')));
    }
  });

  it('tanh over −20…20, ±∞, NaN and −0, at counts that are and are not multiples of 4', () => {
    for (const count of [4, 7, 4096, 4093]) {
      fill('a', 20);
      for (const kern of [wasm, js]) kern.region('a').view.set([0, -0, Infinity, -Infinity, NaN, 1e-30, -1e-30, 7.9053111, 9]);
      runBoth((kern) => kern.tanh(ptr('a'), count));
    }
  });

  it('tanhBackward, relu and reluBackward', () => {
    for (const count of [4, 4096, 4093]) {
      fill('a', 3);
      fill('b');
      for (const kern of [wasm, js]) kern.region('a').view.set([0, -0, NaN, -1, 1]);
      runBoth((kern) => kern.tanhBackward(ptr('b'), ptr('a'), count));
      runBoth((kern) => kern.relu(ptr('a'), count));
      fill('b');
      runBoth((kern) => kern.reluBackward(ptr('b'), ptr('a'), count));
    }
  });

  it('sumSquares with and without a tail', () => {
    fill('a', 5);
    for (const count of [1, 3, 4, 7, 4095, MAX]) runBoth((kern) => kern.sumSquares(ptr('a'), count));
  });

  it('adam steps with clipping, over counts with and without a tail', () => {
    fill('a');
    fill('b', 0.1);
    fill('c', 0.01);
    // Second moments are non-negative.
    const v = Float32Array.from({ length: MAX }, () => random.next() * 1e-3);
    wasm.region('d').view.set(v);
    js.region('d').view.set(v);
    for (const [count, t] of [[1, 1], [7, 2], [4095, 3], [MAX, 50]] as const) {
      const stepSize = 3e-4 / (1 - 0.9 ** t);
      const invSqrtBc2 = 1 / Math.sqrt(1 - 0.999 ** t);
      runBoth((kern) => kern.adam(ptr('a'), ptr('b'), ptr('c'), ptr('d'), count, 0.7, 0.9, 1 - 0.9, 0.999, 1 - 0.999, stepSize, invSqrtBc2, 1e-5));
    }
  });
});
