// Autosave through the real workers: the weights go to the origin private
// file system and a runtime of the same name starts from them.
import { expect } from '@open-wc/testing';
import { ModelStore } from '../../src/runtime/model-store.js';
import type { DrillErrorDetail } from '../../src/contract/events.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../../src/runtime/registry.js';
import type { DrillRuntime, RuntimeOptions } from '../../src/runtime/runtime.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import { macrotasks, until } from '../helpers/use-source-workers.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const HYPER = { envs: 16, steps: 16, hidden: [16], minibatch: 128 };

async function open(name: string, options: RuntimeOptions): Promise<{ runtime: DrillRuntime; errors: DrillErrorDetail[]; close(): Promise<void> }> {
  configureRuntime(name, { ...CPU_COMPUTE, ...options });
  const member = {};
  const runtime = joinRuntime(name, member);
  const errors: DrillErrorDetail[] = [];
  runtime.addEventListener('error', (event) => errors.push((event as CustomEvent<DrillErrorDetail>).detail));
  await runtime.start();
  return {
    runtime,
    errors,
    async close() {
      await runtime.stopTraining();
      leaveRuntime(runtime, member);
      await macrotasks();
    },
  };
}

async function trainedUpdates(runtime: DrillRuntime, updates: number): Promise<void> {
  await runtime.train({ deterministic: true, stopAfterUpdates: updates });
  await until(() => (runtime.telemetry?.updates ?? 0) >= updates && !runtime.state.training, `${updates} updates`, 60_000);
}

/** Trains a runtime named `name` for one update and stores its model where autosave looks; returns the weights. */
async function saveTrainedModel(name: string): Promise<{ params: Float32Array; policyVersion: number }> {
  const first = await open(name, { rolloutWorkers: 1, hyper: HYPER });
  await trainedUpdates(first.runtime, 1);
  const trained = await first.runtime.snapshot();
  await new ModelStore(name).write(await first.runtime.exportModel());
  await first.close();
  return trained;
}

const sameParams = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

describe('autosave', () => {
  afterEach(async () => {
    await macrotasks();
    expect(liveWorkerCount()).to.equal(0);
  });

  it('saves the weights when training stops, and the next runtime of that name starts from them', async function () {
    this.timeout(120_000);
    const name = `autosave-${Date.now()}`;
    await new ModelStore(name).remove();
    const first = await open(name, { rolloutWorkers: 1, autosave: true, hyper: HYPER });
    expect(first.runtime.autosave).to.equal(true);
    await trainedUpdates(first.runtime, 2);
    const trained = await first.runtime.snapshot();
    await until(async () => (await new ModelStore(name).read()) !== null, 'the saved model');
    await first.close();

    const second = await open(name, { rolloutWorkers: 1, autosave: true, hyper: HYPER });
    const restored = await second.runtime.snapshot();
    expect(restored.policyVersion, 'goes on counting from the saved version').to.be.at.least(trained.policyVersion);
    expect(Array.from(restored.params)).to.deep.equal(Array.from(trained.params));
    expect(second.errors).to.deep.equal([]);
    expect(second.runtime.hasLearned, 'a restored model counts as learned').to.equal(true);
    await second.runtime.resetTraining();
    expect(second.runtime.hasLearned).to.equal(false);
    await second.runtime.clearSavedModel();
    expect(await new ModelStore(name).read()).to.equal(null);
    await second.close();
  });

  it('disposal saves what was learned since the last save, and settles an export still waiting', async function () {
    this.timeout(120_000);
    const name = `autosave-dispose-${Date.now()}`;
    await new ModelStore(name).remove();
    const first = await open(name, { rolloutWorkers: 1, autosave: true, hyper: HYPER });
    const runtime = first.runtime;
    await runtime.train();
    await until(() => (runtime.telemetry?.updates ?? 0) >= 3, 'training under way', 60_000);
    // Still training: no stop has saved yet. Disposal must.
    const pending = runtime.exportModel().then(() => 'resolved', () => 'rejected');
    const kept = runtime.telemetry!.policyVersion;
    runtime.dispose();
    expect(['resolved', 'rejected']).to.include(await pending);
    await until(async () => (await new ModelStore(name).read()) !== null, 'the model saved at disposal');
    await first.close();
    const second = await open(name, { rolloutWorkers: 1, autosave: true, hyper: HYPER });
    expect((await second.runtime.snapshot()).policyVersion, 'the next runtime starts from it').to.be.at.least(kept);
    await second.runtime.clearSavedModel();
    await second.close();
  });

  it('restores when turned on after another element started the workers, if nothing has been learned yet', async function () {
    this.timeout(120_000);
    const name = `autosave-late-${Date.now()}`;
    const trained = await saveTrainedModel(name);

    const second = await open(name, { rolloutWorkers: 1, hyper: HYPER });
    second.runtime.autosave = true;
    await until(async () => sameParams((await second.runtime.snapshot()).params, trained.params), 'the restored weights');
    expect((await second.runtime.snapshot()).policyVersion).to.be.at.least(trained.policyVersion);
    await second.runtime.clearSavedModel();
    await second.close();
  });

  it('starts from new weights, says so and forgets the file when the saved model is damaged', async function () {
    this.timeout(120_000);
    const name = `autosave-damaged-${Date.now()}`;
    const probe = await open(`${name}-probe`, { rolloutWorkers: 1, hyper: HYPER });
    const bytes = new Uint8Array(await (await probe.runtime.exportModel()).arrayBuffer());
    await probe.close();
    bytes[bytes.length - 50] ^= 0xff;
    await new ModelStore(name).write(new Blob([bytes]));

    const { runtime, errors, close } = await open(name, { rolloutWorkers: 1, autosave: true, hyper: HYPER });
    expect(errors.map((e) => e.code)).to.deep.equal(['model-file-invalid']);
    expect(errors[0]!.recovered).to.equal(true);
    expect(errors[0]!.message).to.match(/^The model saved in this browser was not loaded: .*checksum.*Starting from new weights\.$/);
    expect((await runtime.snapshot()).policyVersion).to.equal(1);
    expect(await new ModelStore(name).read(), 'the damaged file is gone').to.equal(null);
    await close();
  });

  it('names the file after the page and the runtime, so they keep separate models', () => {
    expect(new ModelStore('a', '/blog/post.html').fileName).to.equal('%2Fblog%2Fpost.html~a.drillmodel');
    expect(new ModelStore('b', '/blog/post.html').fileName).not.to.equal(new ModelStore('a', '/blog/post.html').fileName);
  });

  it('keeps a restored model when <drill-trainer-controls autosave> joins a started runtime with run-size attributes', async function () {
    this.timeout(120_000);
    const name = `autosave-element-${Date.now()}`;
    const trained = await saveTrainedModel(name);

    // Another element (an arena, say) started the runtime first.
    const other = await open(name, { rolloutWorkers: 1, hyper: HYPER });
    const controls = document.createElement('drill-trainer-controls');
    controls.setAttribute('runtime', name);
    controls.setAttribute('autosave', '');
    controls.setAttribute('steps', '24');
    document.body.append(controls);
    // The restore may rebuild the workers (to apply the waiting run size), so a snapshot can fail meanwhile.
    const same = async () => {
      const now = await other.runtime.snapshot().then((s) => s.params, () => null);
      return now !== null && sameParams(now, trained.params);
    };
    await until(same, 'the restored weights');
    // Long enough for a join reset to have run, had it been queued.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await same(), 'the restored model is not reset away').to.equal(true);
    expect(other.runtime.hasLearned).to.equal(true);
    await other.runtime.clearSavedModel();
    controls.remove();
    await other.close();
  });
});
