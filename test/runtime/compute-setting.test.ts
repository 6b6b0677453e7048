// The compute setting as a runtime setting: validated where it enters, sent
// to the trainer at start, and, changed while training, a new trainer takes
// over from the last published weights (the version goes on) and telemetry
// says which path runs and why.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../../src/runtime/registry.js';
import { macrotasks, until } from '../helpers/use-source-workers.js';

describe('compute setting', function () {
  this.timeout(90_000);

  it('starts where asked, refuses what is not a setting, and moves a running trainer without losing the run', async () => {
    const name = `compute-${Date.now()}`;
    configureRuntime(name, { rolloutWorkers: 1, compute: 'cpu', hyper: { envs: 16, steps: 8, minibatch: 64, epochs: 1 } });
    const member = {};
    const runtime = joinRuntime(name, member);
    try {
      expect(() => runtime.setCompute('gpu')).to.throw(RangeError, /auto \| cpu \| webgpu/);
      await runtime.start();
      await runtime.train();
      await until(() => (runtime.telemetry?.updates ?? 0) >= 2, 'training on the CPU');
      expect(runtime.telemetry!.computePath).to.equal('cpu');
      expect(runtime.telemetry!.computeReason).to.equal('compute=cpu');
      const before = await runtime.snapshot();
      await runtime.setCompute('auto');
      expect(runtime.compute).to.equal('auto');
      await until(() => (runtime.telemetry?.computeReason ?? '').startsWith('auto'), 'the new trainer says why it runs where it does');
      await until(() => (runtime.telemetry?.updates ?? 0) > 2, 'training goes on');
      expect((await runtime.snapshot()).policyVersion, 'the version goes on').to.be.greaterThan(before.policyVersion);
      expect(runtime.state.training).to.equal(true);
      await runtime.stopTraining();
    } finally {
      leaveRuntime(runtime, member);
      await macrotasks();
    }
  });
});

describe('compute attribute', function () {
  this.timeout(60_000);

  it('stands on any element, reaches the runtime before it starts, and refuses what is not a setting', async () => {
    const name = `compute-attr-${Date.now()}`;
    configureRuntime(name, { rolloutWorkers: 1, hyper: { envs: 16, steps: 8 } });
    const metrics = document.createElement('drill-metrics');
    metrics.setAttribute('runtime', name);
    metrics.setAttribute('compute', 'cpu');
    const errors: string[] = [];
    metrics.addEventListener('drill-error', (event) => errors.push((event as CustomEvent<{ message: string }>).detail.message));
    const ready = new Promise((resolve) => metrics.addEventListener('drill-ready', resolve, { once: true }));
    document.body.append(metrics);
    await ready;
    const runtime = (metrics as unknown as { drillRuntime: import('../../src/runtime/runtime.js').DrillRuntime }).drillRuntime;
    expect(runtime.compute).to.equal('cpu');
    await until(() => runtime.telemetry?.computeReason === 'compute=cpu', 'the trainer was told');
    metrics.setAttribute('compute', 'quantum');
    await (metrics as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(errors.some((m) => /compute must be auto \| cpu \| webgpu/.test(m))).to.equal(true);
    expect(runtime.compute, 'the last valid value stays').to.equal('cpu');
    await (metrics as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(metrics.getAttribute('compute'), 'and is reflected back').to.equal('cpu');
    metrics.remove();
    await macrotasks();
  });
});
