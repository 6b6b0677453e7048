// The GPU figures on a machine with a real GPU and no browser: both learners
// in one Node process (Dawn through the `webgpu` package), whole-update
// sample-gradients per second — samples × epochs / the update's wall time,
// the GPU's timed after onSubmittedWorkDone — for the default network at
// minibatch 512 and 4096 and 256×256 at 4096 and 16384; what `auto` chose
// for each; and the GPU path's GFLOP/s beside a plain 16×16-tiled WGSL
// matmul's on the same device. Build with `npm run bench:gpu-node` (see
// scripts/bench-gpu-node.mjs for the command to run it there).
import { create, globals } from 'webgpu';
import tiledMatmul from '../shaders/tiled-matmul.wgsl';
import { chooseLearner } from '../src/gpu/compute-choice.js';
import { denseLayers } from '../src/gpu/dense-layers.js';
import { describeAdapter, WebGpuPpoLearner } from '../src/gpu/webgpu-learner.js';
import type { NetworkDescriptor } from '../src/nn/network-descriptor.js';
import type { Learner, LearnerHyper, PpoBatch } from '../src/rl/learner.js';
import { CpuPpoLearner } from '../src/rl/ppo-learner.js';
import { DEFAULT_HYPERPARAMETERS } from '../src/contract/hyperparameters.js';
import { runLayout } from '../src/runtime/run-layout.js';
import { soccerEnv } from '../src/sim/index.js';
import { Random } from '../src/util/random.js';

Object.assign(globalThis, globals);

interface Case {
  readonly label: string;
  readonly network: NetworkDescriptor;
  readonly minibatch: number;
}

const EPOCHS = 2;
const defaults = runLayout(DEFAULT_HYPERPARAMETERS, soccerEnv.info, 1).network;
const wide: NetworkDescriptor = { ...defaults, hidden: [256, 256] };
const CASES: Case[] = [
  { label: `${defaults.hidden.join('×')} mb 512`, network: defaults, minibatch: 512 },
  { label: `${defaults.hidden.join('×')} mb 4096`, network: defaults, minibatch: 4096 },
  { label: '256×256 mb 4096', network: wide, minibatch: 4096 },
  { label: '256×256 mb 16384', network: wide, minibatch: 16384 },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Matmul FLOPs of one sample's forward and backward (weight and input gradients). */
function flopsPerSample(network: NetworkDescriptor): number {
  return denseLayers(network).reduce((sum, layer, l) => sum + 2 * layer.inputs * layer.outputs * (l === 0 ? 2 : 3), 0);
}

function batchOf(network: NetworkDescriptor, size: number): PpoBatch {
  const random = new Random(7);
  return {
    size,
    obs: Float32Array.from({ length: size * network.obsSize }, () => random.normal()),
    mask: new Uint32Array(size * Math.ceil(network.actionCount / 32)).fill(0xffffffff),
    act: Int32Array.from({ length: size }, () => random.int(network.actionCount)),
    logp: new Float32Array(size).fill(-Math.log(network.actionCount)),
    value: Float32Array.from({ length: size }, () => random.normal()),
    advantages: Float32Array.from({ length: size }, () => random.normal()),
    returns: Float32Array.from({ length: size }, () => random.normal()),
  };
}

/** Median sample-gradients/s over `repeats` updates after one untimed one. */
async function rate(learner: Learner, batch: PpoBatch, repeats: number, settle: () => Promise<void>): Promise<number> {
  await learner.update(batch);
  await settle();
  const rates: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const stats = await learner.update(batch);
    await settle();
    rates.push(stats.sampleGradients / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

async function tiledMatmulGflops(device: GPUDevice, n: number): Promise<number> {
  const module = device.createShaderModule({ code: tiledMatmul });
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const size = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(size, 0, new Uint32Array([n, 0, 0, 0]));
  const matrix = () => device.createBuffer({ size: 4 * n * n, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const [a, b, c] = [matrix(), matrix(), matrix()];
  const values = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000);
  device.queue.writeBuffer(a, 0, values);
  device.queue.writeBuffer(b, 0, values);
  const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [size, a, b, c].map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const runs = async (count: number): Promise<number> => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    for (let i = 0; i < count; i++) pass.dispatchWorkgroups(Math.ceil(n / 16), Math.ceil(n / 16));
    pass.end();
    const t0 = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return (performance.now() - t0) / 1000;
  };
  await runs(2);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push((await runs(10)) / 10);
  return (2 * n ** 3) / median(times) / 1e9;
}

async function main(): Promise<void> {
  const gpu = create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    console.error('gpu bench: Dawn found no WebGPU adapter on this machine (no GPU, or no Vulkan driver: on the GPU machine, source .gpu-node/enter.sh first). Nothing measured.');
    process.exit(2);
  }
  const adapterName = describeAdapter(adapter);
  console.log(`adapter: ${adapterName}`);
  // --smoke: the same cases at an eighth of the minibatch, once each — checks the script, measures nothing worth quoting.
  const smoke = process.argv.includes('--smoke');
  const rows: string[][] = [];
  let best = { gflops: 0, label: '' };
  for (const c of CASES) {
    const minibatch = smoke ? c.minibatch / 8 : c.minibatch;
    const batchSize = smoke ? 2 * minibatch : Math.max(8192, 2 * minibatch);
    const hyper: Partial<LearnerHyper> = { minibatch, epochs: EPOCHS, targetKl: 0 };
    const batch = batchOf(c.network, batchSize);
    const cpu = await CpuPpoLearner.create({ network: c.network, seed: 1, hyper });
    const gpuLearner = await WebGpuPpoLearner.create({ network: c.network, seed: 1, hyper, gpu });
    const cpuRate = await rate(cpu, batch, smoke ? 1 : 3, async () => {});
    const gpuRate = await rate(gpuLearner, batch, smoke ? 1 : 5, () => gpuLearner.device.queue.onSubmittedWorkDone());
    gpuLearner.destroy();
    const auto = await chooseLearner({ setting: 'auto', network: c.network, seed: 1, hyper, gpu, batchSize });
    const gflops = (gpuRate * flopsPerSample(c.network)) / 1e9;
    if (gflops > best.gflops) best = { gflops, label: c.label };
    rows.push([smoke ? `${c.label} (smoke: mb ${minibatch})` : c.label, `${batch.size} × ${EPOCHS}`, cpuRate.toExponential(2), gpuRate.toExponential(2), `${(gpuRate / cpuRate).toFixed(1)}×`, auto.path, gflops.toFixed(0)]);
    console.log(`  ${c.label}: done (${auto.reason})`);
  }
  const device = await adapter.requestDevice();
  const matmul = await tiledMatmulGflops(device, smoke ? 256 : 2048);
  device.destroy();
  const header = ['case', 'batch × epochs', 'CPU samples/s', 'WebGPU samples/s', 'GPU / CPU', 'auto chose', 'GPU GFLOP/s'];
  const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  console.log(`\n${table}\n`);
  console.log(`adapter ${adapterName}; CPU: WASM SIMD, one thread; plain 16×16-tiled WGSL matmul, n = ${smoke ? 256 : 2048}: ${matmul.toFixed(0)} GFLOP/s (best update case ${best.label}: ${best.gflops.toFixed(0)} GFLOP/s, ${((100 * best.gflops) / matmul).toFixed(1)} %)`);
}

main().catch((error: Error) => {
  console.error(`gpu bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
