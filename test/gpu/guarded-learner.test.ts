// The GPU path's guard rails: validation against the CPU (catching a
// deliberately perturbed kernel on the forced WebGPU path), the device-loss
// fallback, and the choice of path (decision with injected timings; WebGPU
// forced where there is none).
import { expect } from '@open-wc/testing';
import { AUTO_BUDGET_MS, chooseLearner, choosePath } from '../../src/gpu/compute-choice.js';
import { GuardedGpuLearner } from '../../src/gpu/guarded-learner.js';
import { SHADER_SOURCES } from '../../src/gpu/update-kernels.js';
import type { ValidationReport } from '../../src/gpu/validation.js';
import { WebGpuPpoLearner } from '../../src/gpu/webgpu-learner.js';
import type { NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import { CpuPpoLearner } from '../../src/rl/ppo-learner.js';
import { syntheticBatch } from '../helpers/synthetic-batch.js';

const NET: NetworkDescriptor = { obsSize: 11, hidden: [24, 40], activation: 'tanh', actionCount: 30 };
const HYPER = { minibatch: 70, epochs: 2, targetKl: 0 };

async function guarded(options: { validateEvery?: number; sources?: { loss: string } } = {}): Promise<{ learner: GuardedGpuLearner; gpu: WebGpuPpoLearner; reports: ValidationReport[]; fallbacks: string[] }> {
  const reports: ValidationReport[] = [];
  const fallbacks: string[] = [];
  const [gpu, cpu] = await Promise.all([
    WebGpuPpoLearner.create({ network: NET, seed: 4, gpu: navigator.gpu, hyper: HYPER, sources: options.sources }),
    CpuPpoLearner.create({ network: NET, seed: 4, hyper: HYPER }),
  ]);
  const learner = new GuardedGpuLearner({ gpu, cpu, validateEvery: options.validateEvery, onValidation: (r) => reports.push(r), onFallback: (r) => fallbacks.push(r) });
  return { learner, gpu, reports, fallbacks };
}

describe('GPU path guard rails', function () {
  this.timeout(120000);

  it('validation passes every kernel of an honest GPU path and keeps its result', async () => {
    const { learner, gpu, reports } = await guarded({ validateEvery: 2 });
    for (let k = 0; k < 3; k++) await learner.update(syntheticBatch(140, 20 + k, NET));
    expect(reports.map((r) => r.update)).to.deep.equal([0, 2]);
    for (const report of reports) {
      expect(report.diverged, JSON.stringify(report.checks.filter((c) => !c.ok))).to.equal(false);
      expect(report.checks.length).to.be.greaterThan(10);
    }
    expect(learner.computePath).to.equal('webgpu');
    expect(learner.params).to.equal(gpu.params);
  });

  it('validation catches a perturbed loss kernel, names it, and keeps the CPU result', async () => {
    // The value gradient 3 % too large: every check downstream of the loss moves.
    const perturbed = SHADER_SOURCES.loss.replace('u.gradScale * u.valueCoef * valueError', '1.03 * u.gradScale * u.valueCoef * valueError');
    expect(perturbed).to.not.equal(SHADER_SOURCES.loss);
    const { learner, gpu, reports } = await guarded({ validateEvery: 1, sources: { loss: perturbed } });
    const reference = await CpuPpoLearner.create({ network: NET, seed: 4, hyper: HYPER });
    const batch = syntheticBatch(140, 30, NET);
    await learner.update(batch);
    await reference.update(batch);
    const [report] = reports;
    expect(report!.diverged).to.equal(true);
    const failed = report!.checks.filter((c) => !c.ok).map((c) => c.kernel);
    expect(failed).to.include('loss');
    expect(failed).to.not.include('forward trunk.0.weight');
    // The CPU result won: the device now holds exactly the CPU learner's parameters.
    expect(Array.from(learner.params)).to.deep.equal(Array.from(reference.params));
    expect(Array.from((await gpu.readState()).params)).to.deep.equal(Array.from(reference.params));
  });

  it('a destroyed device mid-training hands over to the CPU learner from the same weights, and training goes on', async () => {
    const { learner, gpu, fallbacks } = await guarded();
    await learner.update(syntheticBatch(140, 40, NET));
    const afterFirst = learner.params.slice();
    // Destroy while the second update is in flight.
    const second = learner.update(syntheticBatch(140, 41, NET));
    gpu.destroy();
    const stats = await second;
    expect(fallbacks).to.have.length(1);
    expect(fallbacks[0]).to.match(/GPU/);
    expect(learner.computePath).to.equal('cpu');
    expect(learner.adapter).to.equal(null);
    expect(stats.minibatches).to.equal(4);
    // The CPU continued from the GPU's weights after update 1 (fresh optimiser), as a CPU learner given them would.
    const witness = await CpuPpoLearner.create({ network: NET, seed: 4, hyper: HYPER });
    witness.loadState(afterFirst, { m: new Float32Array(afterFirst.length), v: new Float32Array(afterFirst.length), steps: 0 }, 1);
    await witness.update(syntheticBatch(140, 41, NET));
    expect(Array.from(learner.params)).to.deep.equal(Array.from(witness.params));
    await learner.update(syntheticBatch(140, 42, NET));
    expect(learner.updates).to.equal(3);
  });

  it('chooses the faster path from injected timings, and honours a forced one', () => {
    expect(choosePath('auto', { cpu: 1000, webgpu: 5000 }, null)).to.include({ path: 'webgpu', error: null });
    expect(choosePath('auto', { cpu: 5000, webgpu: 1000 }, null)).to.include({ path: 'cpu', error: null });
    expect(choosePath('auto', { cpu: 5000, webgpu: null }, null).reason).to.match(/did not finish within 10× the CPU's timed update/);
    expect(choosePath('auto', { cpu: null, webgpu: null }, 'no adapter')).to.include({ path: 'cpu', reason: 'auto: no adapter', error: null });
    expect(choosePath('cpu', { cpu: 1, webgpu: 1e9 }, null).path).to.equal('cpu');
    expect(choosePath('webgpu', { cpu: 1e9, webgpu: 1 }, null).path).to.equal('webgpu');
    expect(() => choosePath('gpu' as 'auto', { cpu: 1, webgpu: 1 }, null)).to.throw(/compute must be one of auto, cpu, webgpu, got "gpu"/);
  });

  it('compute=webgpu where there is no WebGPU trains on the CPU and says why', async () => {
    const chosen = await chooseLearner({ setting: 'webgpu', network: NET, seed: 1, hyper: HYPER, gpu: undefined, batchSize: 140 });
    expect(chosen.path).to.equal('cpu');
    expect(chosen.learner).to.be.instanceOf(CpuPpoLearner);
    expect(chosen.error).to.match(/compute="webgpu" asks for WebGPU, but this browser \(or worker\) has no WebGPU\. Training runs on the CPU instead\./);
  });

  it('auto times both paths on this adapter (software or not) and reports the timings behind its choice, within its budget', async () => {
    const started = performance.now();
    const chosen = await chooseLearner({ setting: 'auto', network: NET, seed: 1, hyper: HYPER, gpu: navigator.gpu, batchSize: 140 });
    const timedMs = performance.now() - started;
    expect(chosen.timings.cpu).to.be.greaterThan(0);
    if (chosen.timings.webgpu === null) expect(chosen.reason).to.match(/did not finish/);
    // The CPU's two updates, at most the budget for the GPU's set-up and first update, then its timed one.
    expect(timedMs).to.be.lessThan(AUTO_BUDGET_MS + 5000);
    console.log(`auto: ${chosen.reason} in ${timedMs.toFixed(0)} ms`);
    expect(chosen.reason).to.match(/^auto: /);
    expect(chosen.path === 'webgpu').to.equal(chosen.timings.webgpu !== null && chosen.timings.webgpu > chosen.timings.cpu!);
    // Fresh from the seed whichever it chose.
    const fresh = await CpuPpoLearner.create({ network: NET, seed: 1, hyper: HYPER });
    expect(Array.from(chosen.learner.params)).to.deep.equal(Array.from(fresh.params));
    expect(chosen.learner.updates).to.equal(0);
  });
});
