/**
 * CPU trainer and inference speed, for the project benchmark (run it in the
 * browser being measured, on an otherwise idle thread). Synthetic data; the
 * figures are about arithmetic, not learning.
 *
 * - trainerSamplesPerSecond: samples through forward + loss + backward +
 *   Adam per second, over whole PPO updates (shuffles and gathers included).
 * - gflops: the update's matmul FLOPs (2·m·n·k per matmul) over the time spent
 *   in forward, backward and Adam — what the network code achieves.
 * - bestStepGflops: the same work for one minibatch (forward, backward, Adam
 *   on the network's own buffers), the fastest of a few hundred steps — the
 *   network code's speed when nothing else takes the core, comparable with
 *   the hardware peak (also a best-of) on a busy machine.
 * - bestKernelGflops: the same matmul shapes run by the gemm kernel alone,
 *   the fastest of a few hundred passes — what our best kernel reaches
 *   without the network around it.
 * - hardwarePeak: register-only SIMD loops (simd-peak.ts) — the ceiling for
 *   this browser and core, which no kernel can beat.
 */
import { CpuPpoLearner } from './ppo-learner.js';
import { Random } from '../util/random.js';
import { Adam } from '../nn/adam.js';
import { MaskedCategorical, maskWordsFor } from '../nn/categorical.js';
import { GemmMode, kernelPath, type KernelPath } from '../nn/kernels.js';
import { type NetworkDescriptor, paramCount } from '../nn/network-descriptor.js';
import { PolicyNetwork } from '../nn/policy-network.js';
import { measureSimdPeak, type SimdPeak } from '../nn/simd-peak.js';
import { Workspace } from '../nn/workspace.js';
import { median } from '../util/median.js';

export interface ThroughputOptions {
  /** Default: obs 32 → 64 → 64 tanh → 30 logits + value. */
  readonly network?: NetworkDescriptor;
  /** Samples per update (default 8192: 256 envs × 32 steps). */
  readonly batch?: number;
  readonly minibatch?: number;
  readonly epochs?: number;
  /** Rows per inference call (default 1024). */
  readonly inferenceRows?: number;
  /** Timed updates after one warm-up (default 3). */
  readonly updates?: number;
}

export interface ThroughputReport {
  readonly network: NetworkDescriptor;
  readonly batch: number;
  readonly minibatch: number;
  readonly epochs: number;
  readonly trainerSamplesPerSecond: number;
  /** Median time of one update (batch × epochs samples), ms. */
  readonly updateMs: number;
  /** Of which forward, backward and Adam, ms. */
  readonly computeMs: number;
  /** Of which the PPO loss and its gradient, ms. */
  readonly lossMs: number;
  readonly gflops: number;
  /** One minibatch step's matmul FLOPs over its fastest time. */
  readonly bestStepGflops: number;
  /** The gemm kernel alone over the update's matmul shapes. */
  readonly bestKernelGflops: number;
  /** This core's SIMD arithmetic ceiling, measured in the same run. */
  readonly hardwarePeak: SimdPeak;
  /** The kernels the network ran on. */
  readonly kernelPath: KernelPath;
  readonly inferenceRows: number;
  /** Forward passes only. */
  readonly inferenceRowsPerSecond: number;
  /** Forward plus masked sampling (act, logp, value): what a rollout worker pays per decision. */
  readonly sampledRowsPerSecond: number;
}

export const BENCH_NETWORK: NetworkDescriptor = Object.freeze({ obsSize: 32, hidden: [64, 64], activation: 'tanh', actionCount: 30 });

interface MatmulShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** A read transposed (the weight-gradient matmuls). */
  readonly transposedA: boolean;
}

/** Every matmul of one forward + backward pass over `rows` rows. */
function passMatmuls(desc: NetworkDescriptor, rows: number): MatmulShape[] {
  const sizes = [desc.obsSize, ...desc.hidden, desc.actionCount + 1];
  const shapes: MatmulShape[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l]!;
    const outputs = sizes[l + 1]!;
    shapes.push({ m: rows, n: outputs, k: inputs, transposedA: false });
    shapes.push({ m: inputs, n: outputs, k: rows, transposedA: true });
    if (l > 0) shapes.push({ m: rows, n: inputs, k: outputs, transposedA: false });
  }
  return shapes;
}

const flopsOf = (shapes: readonly MatmulShape[]): number => shapes.reduce((sum, s) => sum + 2 * s.m * s.n * s.k, 0);

export async function measureThroughput(options: ThroughputOptions = {}): Promise<ThroughputReport> {
  const network = options.network ?? BENCH_NETWORK;
  const batchSize = options.batch ?? 8192;
  const minibatch = options.minibatch ?? 512;
  const epochs = options.epochs ?? 4;
  const inferenceRows = options.inferenceRows ?? 1024;
  const random = new Random(1);

  const maskWords = maskWordsFor(network.actionCount);
  const batch = {
    size: batchSize,
    obs: Float32Array.from({ length: batchSize * network.obsSize }, () => random.normal()),
    mask: new Uint32Array(batchSize * maskWords).fill(0xffffffff),
    act: Int32Array.from({ length: batchSize }, () => random.int(network.actionCount)),
    logp: new Float32Array(batchSize).fill(-Math.log(network.actionCount)),
    value: Float32Array.from({ length: batchSize }, () => random.normal()),
    advantages: Float32Array.from({ length: batchSize }, () => random.normal()),
    returns: Float32Array.from({ length: batchSize }, () => random.normal()),
  };
  const learner = await CpuPpoLearner.create({ network, seed: 1, hyper: { minibatch, epochs, targetKl: 0 }, rowsPerPass: minibatch });
  await learner.update(batch);
  const updateMs: number[] = [];
  const computeMs: number[] = [];
  const lossMs: number[] = [];
  let samples = 0;
  let wall = 0;
  for (let u = 0; u < (options.updates ?? 3); u++) {
    const stats = await learner.update(batch);
    updateMs.push(stats.updateMs);
    computeMs.push(stats.computeMs);
    lossMs.push(stats.lossMs);
    samples += stats.sampleGradients;
    wall += stats.updateMs;
  }
  const updateFlops = (flopsOf(passMatmuls(network, minibatch)) * batchSize * epochs) / minibatch;

  return {
    network,
    batch: batchSize,
    minibatch,
    epochs,
    trainerSamplesPerSecond: samples / (wall / 1000),
    updateMs: median(updateMs),
    computeMs: median(computeMs),
    lossMs: median(lossMs),
    gflops: updateFlops / (median(computeMs) / 1000) / 1e9,
    bestStepGflops: await bestStepGflops(network, minibatch, random),
    bestKernelGflops: await bestKernelGflops(passMatmuls(network, minibatch)),
    hardwarePeak: await measureSimdPeak(),
    kernelPath: await kernelPath(),
    inferenceRows,
    ...(await measureInference(network, inferenceRows, random)),
  };
}

/** The fastest of ~300 minibatch steps (zero gradients, forward, backward, Adam) over `rows` rows. */
async function bestStepGflops(network: NetworkDescriptor, rows: number, random: Random): Promise<number> {
  const options = { maxRows: rows, training: true };
  const ws = await Workspace.create({ ...PolicyNetwork.regions(network, options), ...Adam.regions(paramCount(network)) });
  const net = new PolicyNetwork(network, ws, options);
  net.initialize(1);
  const adam = new Adam(ws, net.paramsPtr, net.gradsPtr, net.paramCount);
  for (let i = 0; i < net.input.length; i++) net.input[i] = random.normal();
  for (let i = 0; i < net.dOutput.length; i++) net.dOutput[i] = 0.01 * random.normal();
  let fastest = Infinity;
  for (let step = 0; step < 320; step++) {
    const started = performance.now();
    net.zeroGrads();
    net.forward(rows);
    net.backward(rows);
    adam.step(1e-4, 0.5);
    if (step >= 20) fastest = Math.min(fastest, performance.now() - started);
  }
  return flopsOf(passMatmuls(network, rows)) / (fastest / 1000) / 1e9;
}

/** The gemm kernel alone over the given shapes: the fastest of ~300 passes over all of them. */
async function bestKernelGflops(shapes: readonly MatmulShape[]): Promise<number> {
  const floats = Math.max(...shapes.flatMap((s) => [s.m * s.k, s.k * s.n, s.m * s.n]));
  const ws = await Workspace.create({ a: floats, b: floats, c: floats });
  const [a, b, c] = [ws.region('a'), ws.region('b'), ws.region('c')];
  a.view.fill(0.5);
  b.view.fill(0.25);
  let fastest = Infinity;
  for (let pass = 0; pass < 320; pass++) {
    const started = performance.now();
    for (const s of shapes) {
      if (s.transposedA) ws.kernels.gemm(a.ptr, 4, s.m * 4, b.ptr, s.n * 4, c.ptr, s.n * 4, 0, GemmMode.ADD, s.m, s.n, s.k);
      else ws.kernels.gemm(a.ptr, s.k * 4, 4, b.ptr, s.n * 4, c.ptr, s.n * 4, 0, GemmMode.SET, s.m, s.n, s.k);
    }
    if (pass >= 20) fastest = Math.min(fastest, performance.now() - started);
  }
  return flopsOf(shapes) / (fastest / 1000) / 1e9;
}

async function measureInference(network: NetworkDescriptor, rows: number, random: Random): Promise<{ inferenceRowsPerSecond: number; sampledRowsPerSecond: number }> {
  const net = await PolicyNetwork.create(network, { maxRows: rows }, 1);
  for (let i = 0; i < net.input.length; i++) net.input[i] = random.normal();
  const categorical = new MaskedCategorical(network.actionCount);
  const mask = new Uint32Array(rows * categorical.maskWords).fill(0xffffffff);
  const out = { act: new Int32Array(rows), logp: new Float32Array(rows), value: new Float32Array(rows) };
  const rate = (step: () => void): number => {
    for (let i = 0; i < 10; i++) step();
    let calls = 0;
    const started = performance.now();
    let elapsed = 0;
    while (elapsed < 150) {
      step();
      calls++;
      elapsed = performance.now() - started;
    }
    return (calls * rows) / (elapsed / 1000);
  };
  return {
    inferenceRowsPerSecond: rate(() => net.forward(rows)),
    sampledRowsPerSecond: rate(() => {
      net.forward(rows);
      categorical.sample(rows, net, mask, random, out);
    }),
  };
}
