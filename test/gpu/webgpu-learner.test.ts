// The WebGPU learner against the CPU learner, on the page's adapter (SwiftShader in CI).
import { expect } from '@open-wc/testing';
import type { NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import { WebGpuPpoLearner } from '../../src/gpu/webgpu-learner.js';
import { CpuPpoLearner } from '../../src/rl/ppo-learner.js';
import { syntheticBatch } from '../helpers/synthetic-batch.js';

const NET: NetworkDescriptor = { obsSize: 13, hidden: [37, 21], activation: 'tanh', actionCount: 30 };

const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('WebGPU PPO learner', () => {
  it('one update matches the CPU learner from the same state', async () => {
    const hyper = { minibatch: 100, epochs: 2, targetKl: 0 };
    const gpu = await WebGpuPpoLearner.create({ network: NET, seed: 3, gpu: navigator.gpu, hyper });
    const cpu = await CpuPpoLearner.create({ network: NET, seed: 3, hyper });
    expect(Array.from(gpu.params)).to.deep.equal(Array.from(cpu.params));
    const batch = syntheticBatch(301, 5, NET);
    const before = cpu.params.slice();
    const g = await gpu.update(batch);
    const c = await cpu.update(batch);
    console.log(JSON.stringify({ g, c }));
    console.log('max param diff', maxDiff(gpu.params, cpu.params), 'max change', maxDiff(cpu.params, before));
    expect(g.minibatches).to.equal(c.minibatches);
  });
});
