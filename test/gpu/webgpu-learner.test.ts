// The WebGPU learner against the CPU learner, on the page's adapter
// (SwiftShader here and in CI, so sizes are small). Sizes are chosen off the
// kernels' tiles (64 rows, 16-deep steps, 256-row gradient splits).
import { expect } from '@open-wc/testing';
import { compareFirstStep, firstStepReference } from '../../src/gpu/validation.js';
import { WebGpuPpoLearner } from '../../src/gpu/webgpu-learner.js';
import type { Activation, NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import { CpuPpoLearner } from '../../src/rl/ppo-learner.js';
import { syntheticBatch } from '../helpers/synthetic-batch.js';

const net = (activation: Activation, hidden = [37, 21]): NetworkDescriptor => ({ obsSize: 13, hidden, activation, actionCount: 30 });

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

async function pair(network: NetworkDescriptor, hyper: object, seed = 3): Promise<[WebGpuPpoLearner, CpuPpoLearner]> {
  return Promise.all([WebGpuPpoLearner.create({ network, seed, gpu: navigator.gpu, hyper }), CpuPpoLearner.create({ network, seed, hyper })]);
}

describe('WebGPU PPO learner', function () {
  this.timeout(120000);
  before(function () {
    if (!navigator.gpu) throw new Error('this browser has no WebGPU: run with --enable-unsafe-webgpu (scripts/find-chrome.mjs CHROMIUM_FLAGS)');
  });

  for (const activation of ['tanh', 'relu'] as const) {
    it(`every kernel of the first minibatch matches its CPU reference (${activation}, 3 layers, 300-row minibatch: split gradients)`, async () => {
      const network = net(activation, [37, 70, 21]);
      const hyper = { minibatch: 300, epochs: 1, targetKl: 0 };
      const [gpu] = await pair(network, hyper);
      const batch = syntheticBatch(601, 11, network);
      // A first update moves the Adam moments off zero, so the second's step is a general one.
      await gpu.update(batch);
      const before = await gpu.readState();
      const { probe } = await gpu.updateWithProbe(batch);
      const reference = await firstStepReference(network, before, batch, gpu.hyper, gpu.seed, 1, gpu.adamOptions);
      expect(probe.rows).to.equal(300);
      const checks = compareFirstStep(network, probe, reference, before.params);
      expect(checks.map((c) => c.kernel)).to.include.members(['forward trunk.0.weight', 'forward heads.weight', 'loss', 'gradient trunk.2.bias', 'gradient heads.weight', 'adam']);
      for (const check of checks) expect(check.ok, `${check.kernel}: rel ${check.maxRel} > ${check.tolerance}`).to.equal(true);
      // And not trivially: the tensors compared are not all zero.
      expect(maxDiff(reference.grads, new Float32Array(reference.grads.length))).to.be.greaterThan(1e-4);
    });

    it(`a whole update matches the CPU learner's from the same state (${activation}, 101 samples per minibatch)`, async () => {
      const network = net(activation);
      const hyper = { minibatch: 101, epochs: 2, targetKl: 0 };
      const [gpu, cpu] = await pair(network, hyper);
      expect(Array.from(gpu.params)).to.deep.equal(Array.from(cpu.params));
      const start = cpu.params.slice();
      for (let k = 0; k < 2; k++) {
        const batch = syntheticBatch(303, 5 + k, network);
        const g = await gpu.update(batch);
        const c = await cpu.update(batch);
        expect([g.epochs, g.minibatches, g.samples, g.sampleGradients, g.skippedSteps]).to.deep.equal([c.epochs, c.minibatches, c.samples, c.sampleGradients, c.skippedSteps]);
        for (const key of ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'gradNorm'] as const) expect(g[key], key).to.be.closeTo(c[key], 1e-4 * (1 + Math.abs(c[key])));
        expect(g.clipFraction).to.be.closeTo(c.clipFraction, 0.01);
      }
      const moved = maxDiff(cpu.params, start);
      expect(moved).to.be.greaterThan(1e-3);
      expect(maxDiff(gpu.params, cpu.params)).to.be.lessThan(0.01 * moved);
    });
  }

  it('separate actor and critic trunks: every kernel and a whole update match the CPU learner', async () => {
    const network: NetworkDescriptor = { ...net('relu', [29, 19]), trunk: 'separate' };
    const hyper = { minibatch: 150, epochs: 2, targetKl: 0 };
    const [gpu, cpu] = await pair(network, hyper);
    const batch = syntheticBatch(300, 13, network);
    const before = await gpu.readState();
    const start = cpu.params.slice();
    const { probe } = await gpu.updateWithProbe(batch);
    const reference = await firstStepReference(network, before, batch, gpu.hyper, gpu.seed, 0, gpu.adamOptions);
    const checks = compareFirstStep(network, probe, reference, before.params);
    expect(checks.map((c) => c.kernel)).to.include.members(['forward actor.head.weight', 'forward critic.1.weight', 'gradient critic.0.weight', 'gradient actor.head.bias']);
    for (const check of checks) expect(check.ok, `${check.kernel}: rel ${check.maxRel} > ${check.tolerance}`).to.equal(true);
    await cpu.update(batch);
    const moved = maxDiff(cpu.params, start);
    expect(moved).to.be.greaterThan(1e-3);
    expect(maxDiff(gpu.params, cpu.params)).to.be.lessThan(0.01 * moved);
  });

  it('stops early on the KL like the CPU learner, with the decision made on the device', async () => {
    const network = net('tanh');
    const hyper = { minibatch: 64, epochs: 4, targetKl: 1e-4, lr: 1e-2 };
    const [gpu, cpu] = await pair(network, hyper);
    const batch = syntheticBatch(200, 8, network);
    const g = await gpu.update(batch);
    const c = await cpu.update(batch);
    expect(c.stoppedEarly).to.equal(true);
    expect([g.stoppedEarly, g.epochs, g.minibatches, g.sampleGradients]).to.deep.equal([c.stoppedEarly, c.epochs, c.minibatches, c.sampleGradients]);
  });

  it('skips a step whose gradient is not finite, as the CPU learner does', async () => {
    const network = net('relu');
    const [gpu, cpu] = await pair(network, { minibatch: 64, epochs: 1 });
    const batch = { ...syntheticBatch(128, 9, network), returns: new Float32Array(128).fill(3e38) };
    const before = gpu.params.slice();
    const g = await gpu.update(batch);
    const c = await cpu.update(batch);
    expect(c.skippedSteps).to.equal(2);
    expect(g.skippedSteps).to.equal(2);
    expect(g.restored).to.equal(false);
    expect(Array.from(gpu.params)).to.deep.equal(Array.from(before));
  });

  it('refuses a short batch with the CPU learner\'s message and keeps its weights', async () => {
    const network = net('tanh');
    const [gpu] = await pair(network, {});
    const before = gpu.params.slice();
    const batch = { ...syntheticBatch(50, 1, network), size: 60 };
    let message = '';
    await gpu.update(batch).catch((error: Error) => { message = error.message; });
    expect(message).to.match(/batch\.obs has 650 entries, a batch of 60 needs 780/);
    expect(Array.from(gpu.params)).to.deep.equal(Array.from(before));
  });
});
