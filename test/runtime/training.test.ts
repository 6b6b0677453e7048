// Training through the real workers: rollout workers, lanes, the trainer and
// the weights channel, driven through the runtime as a page would.
import { expect } from '@open-wc/testing';
import type { TrainerTelemetry } from '../../src/contract/telemetry.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../../src/runtime/registry.js';
import type { DrillRuntime, RuntimeOptions } from '../../src/runtime/runtime.js';
import { envDefinition } from '../../src/runtime/envs.js';
import { Evaluator } from '../../src/rl/evaluator.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import { macrotasks } from '../helpers/use-source-workers.js';
import { telemetryWhere } from '../helpers/telemetry-where.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

let names = 0;
async function open(options: RuntimeOptions): Promise<{ runtime: DrillRuntime; close(): Promise<void> }> {
  const name = `training-${names++}`;
  configureRuntime(name, { ...CPU_COMPUTE, ...options });
  const member = {};
  const runtime = joinRuntime(name, member);
  await runtime.start();
  return {
    runtime,
    async close() {
      await runtime.stopTraining();
      leaveRuntime(runtime, member);
      await macrotasks();
    },
  };
}

/** Trains K updates in the deterministic mode and returns the published weights. */
async function deterministicWeights(options: RuntimeOptions, updates: number): Promise<{ params: Float32Array; policyVersion: number; telemetry: TrainerTelemetry }> {
  const { runtime, close } = await open({ rolloutWorkers: 2, ...options });
  await runtime.train({ deterministic: true, stopAfterUpdates: updates });
  const telemetry = await telemetryWhere(runtime, (s) => s.updates >= updates && !s.training);
  const snapshot = await runtime.snapshot();
  await close();
  return { ...snapshot, telemetry };
}

describe('training through the workers', () => {
  afterEach(async () => {
    await macrotasks();
    expect(liveWorkerCount()).to.equal(0);
  });

  it('two rollout workers feed one trainer and adopt each new version (a second drill, plugged in through the env interface)', async function () {
    this.timeout(90_000);
    const { runtime, close } = await open({ rolloutWorkers: 2, envId: 'cue', hyper: { envs: 32, steps: 16, hidden: [16] } });
    await runtime.train();
    expect(runtime.state.training).to.equal(true);
    const sample = await telemetryWhere(runtime, (s) => s.updates >= 4);
    expect(sample.training).to.equal(true);
    expect(sample.policyVersion).to.be.at.least(5);
    expect(sample.envSteps).to.be.at.least(4 * 32 * 16);
    for (const key of ['lossPolicy', 'lossValue', 'entropy', 'approxKl'] as const) expect(Number.isFinite(sample[key]), key).to.equal(true);
    // Give the rollout workers time to adopt a version after the one they started with.
    await new Promise((r) => setTimeout(r, 300));
    const status = await runtime.workerStatus();
    const rollouts = status.filter((s) => s.role === 'rollout');
    expect(rollouts).to.have.length(2);
    for (const worker of rollouts) {
      expect(worker.chunks, `rollout worker ${worker.index} made chunks`).to.be.greaterThan(0);
      expect(worker.policyVersion, `rollout worker ${worker.index} adopted new weights`).to.be.greaterThan(1);
    }
    expect(status.find((s) => s.role === 'render'), 'the cue drill has no show').to.equal(undefined);
    await runtime.stopTraining();
    expect(runtime.state.training).to.equal(false);
    await close();
  });

  it('deterministic mode: the same seed gives the same weights after K updates; another seed does not', async function () {
    this.timeout(120_000);
    const options = { hyper: { envs: 32, steps: 16, hidden: [32, 32], minibatch: 256 } };
    const a = await deterministicWeights(options, 3);
    const b = await deterministicWeights(options, 3);
    const c = await deterministicWeights({ hyper: { ...options.hyper, seed: 2 } }, 3);
    expect(a.policyVersion).to.equal(4);
    expect(a.telemetry.updates).to.equal(3);
    expect(Array.from(a.params)).to.deep.equal(Array.from(b.params));
    expect(Array.from(a.params)).not.to.deep.equal(Array.from(c.params));
  });

  it('learns the cue drill in deterministic mode within 12 updates (the pipeline sanity task)', async function () {
    this.timeout(120_000);
    const hyper = { envs: 64, steps: 16, hidden: [16], lr: 0.003, minibatch: 256, epochs: 4 };
    const { runtime, close } = await open({ rolloutWorkers: 2, envId: 'cue', hyper });
    const untrained = await runtime.snapshot();
    await runtime.train({ deterministic: true, stopAfterUpdates: 12 });
    await telemetryWhere(runtime, (s) => s.updates >= 12 && !s.training);
    const trained = await runtime.snapshot();
    const network = runtime.layout!.network;
    await close();
    const evaluator = await Evaluator.create({ env: envDefinition('cue'), network, episodes: 100, seed: 5 });
    const start = evaluator.run(untrained.params, 'random');
    const end = evaluator.run(trained.params, 'random');
    expect(start.winRate).to.be.below(0.8);
    expect(end.winRate).to.be.at.least(0.95);
  });

  it('exports the weights as a model file and imports them into another runtime, which plays and trains on from them', async function () {
    this.timeout(120_000);
    const source = await open({ rolloutWorkers: 1, hyper: { envs: 16, steps: 16, hidden: [24, 24], minibatch: 128 } });
    await source.runtime.train({ deterministic: true, stopAfterUpdates: 2 });
    await telemetryWhere(source.runtime, (s) => s.updates >= 2 && !s.training);
    const trained = await source.runtime.snapshot();
    const file = await source.runtime.exportModel();
    await source.close();

    const target = await open({ rolloutWorkers: 1, hyper: { envs: 16, steps: 16, hidden: [16], minibatch: 128 } });
    const before = target.runtime.state.show.policyVersion;
    const header = await target.runtime.importModel(file);
    expect(header.policyVersion).to.equal(trained.policyVersion);
    expect(target.runtime.state.hyper.hidden, 'the hidden layers follow the model').to.deep.equal([24, 24]);
    expect(target.runtime.state.pendingReset).to.deep.equal([]);
    const loaded = await target.runtime.snapshot();
    expect(Array.from(loaded.params)).to.deep.equal(Array.from(trained.params));
    expect(loaded.policyVersion).to.be.greaterThan(before);
    await target.runtime.train({ stopAfterUpdates: 1 });
    await telemetryWhere(target.runtime, (s) => s.updates >= 1 && !s.training);
    expect(Array.from((await target.runtime.snapshot()).params)).not.to.deep.equal(Array.from(trained.params));
    await target.close();
  });

  it('refuses a damaged model file and one of another drill with drill-error model-file-invalid, keeping its weights', async function () {
    this.timeout(120_000);
    const cue = await open({ rolloutWorkers: 1, envId: 'cue', hyper: { envs: 16, steps: 16, hidden: [16] } });
    const cueFile = await cue.runtime.exportModel();
    await cue.close();

    const { runtime, close } = await open({ rolloutWorkers: 1, hyper: { envs: 16, steps: 16, hidden: [16] } });
    const kept = await runtime.snapshot();
    const errors: string[] = [];
    runtime.addEventListener('error', (event) => {
      const { code, recovered, message } = (event as CustomEvent).detail;
      errors.push(`${code} ${recovered} ${message}`);
    });
    const good = new Uint8Array(await (await runtime.exportModel()).arrayBuffer());
    good[good.length - 100] ^= 0xff;
    let rejected = await runtime.importModel(good.buffer).then(() => null, (error: Error) => error);
    expect(rejected?.name).to.equal('ModelFileError');
    expect(errors.at(-1)).to.match(/^model-file-invalid true Model not loaded: .*checksum.*The weights in use stay/);
    rejected = await runtime.importModel(cueFile).then(() => null, (error: Error) => error);
    expect(rejected?.message).to.match(/trained on cue version \d+; this runtime runs soccer/);
    expect(errors).to.have.length(2);
    const after = await runtime.snapshot();
    expect(after.policyVersion).to.equal(kept.policyVersion);
    expect(Array.from(after.params)).to.deep.equal(Array.from(kept.params));
    await close();
  });
});

