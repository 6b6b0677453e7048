// Drills through the real workers, shared by the isolated and the plain page:
// a built-in one-agent drill trains alone with its recommended settings, a
// page's own drill module from another origin trains in every worker, and a
// broken drill is refused (at load, and while it runs) without taking
// anything else down.
import { expect } from '@open-wc/testing';
import type { Transport } from '../../src/contract/descriptors.js';
import type { DrillErrorDetail } from '../../src/contract/events.js';
import type { TrainerTelemetry } from '../../src/contract/telemetry.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../../src/runtime/registry.js';
import type { DrillRuntime, RuntimeOptions } from '../../src/runtime/runtime.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import { macrotasks, nextEvent, until } from '../helpers/use-source-workers.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

let names = 0;

export function drillsSuite(transport: Transport, prefix: string): void {
  async function open(options: RuntimeOptions): Promise<{ runtime: DrillRuntime; errors: DrillErrorDetail[]; close(): Promise<void> }> {
    const name = `${prefix}-drill-${names++}`;
    configureRuntime(name, { ...CPU_COMPUTE, rolloutWorkers: 2, ...options });
    const member = {};
    const runtime = joinRuntime(name, member);
    const errors: DrillErrorDetail[] = [];
    runtime.addEventListener('error', (e) => errors.push((e as CustomEvent<DrillErrorDetail>).detail));
    return {
      runtime,
      errors,
      async close() {
        await runtime.stopTraining().catch(() => undefined);
        leaveRuntime(runtime, member);
        await macrotasks();
      },
    };
  }

  async function telemetryWhere(runtime: DrillRuntime, ok: (s: TrainerTelemetry) => boolean): Promise<TrainerTelemetry> {
    await until(() => runtime.telemetry !== null && ok(runtime.telemetry), 'telemetry', 60_000);
    return runtime.telemetry!;
  }

  describe(`drills over ${transport}`, () => {
    afterEach(async () => {
      await macrotasks();
      expect(liveWorkerCount()).to.equal(0);
    });

    it('trains a built-in one-agent drill alone, with the trunk and hyperparameters it recommends (an explicit value wins)', async function () {
      this.timeout(90_000);
      const { runtime, errors, close } = await open({ envId: 'cartpole', hyper: { steps: 32 } });
      const caps = await runtime.start();
      expect(caps.transport).to.equal(transport);
      expect(runtime.drill!.info.id).to.equal('cartpole');
      expect(runtime.layout!.network.trunk).to.equal('separate');
      expect(runtime.layout!.agents).to.equal(1);
      // Recommended: 4 envs, 4 epochs, minibatch 128; asked for: 32 steps.
      expect(runtime.hyperparameters.envs).to.equal(4);
      expect(runtime.hyperparameters.epochs).to.equal(4);
      expect(runtime.hyperparameters.steps).to.equal(32);
      await runtime.train();
      const sample = await telemetryWhere(runtime, (s) => s.updates >= 3 && s.episodeReturn !== null);
      expect(sample.envSteps).to.be.at.least(3 * 4 * 32);
      expect(Number.isFinite(sample.lossValue)).to.equal(true);
      // A random CartPole policy falls within about 22 decisions: episodes end and are reported.
      expect(sample.episodeLength).to.be.greaterThan(0);
      // Alone: a success rate, no win rates.
      expect(sample.successRate).to.be.a('number');
      expect(sample.winRate).to.deep.equal({ pool: null, random: null, chaser: null });
      expect(errors).to.deep.equal([]);
      await close();
    });

    it("trains a page's own drill module from another origin in every worker", async function () {
      this.timeout(90_000);
      const { origin } = (await (await fetch('/__drill/demo-origin')).json()) as { origin: string };
      expect(origin).not.to.equal(location.origin);
      const { runtime, errors, close } = await open({ drillSrc: `${origin}/drills/corridor.js` });
      await runtime.start();
      expect(runtime.drill!.title).to.equal('Corridor');
      expect(runtime.hyperparameters.lr).to.equal(1e-3);
      await runtime.train();
      const sample = await telemetryWhere(runtime, (s) => s.updates >= 3);
      const status = await runtime.workerStatus();
      for (const worker of status.filter((s) => s.role === 'rollout')) expect(worker.chunks, `rollout worker ${worker.index}`).to.be.greaterThan(0);
      expect(sample.envSteps).to.be.at.least(3 * 16 * 32);
      expect(errors).to.deep.equal([]);
      await close();
    });

    it('trains a two-agent drill without baselines by self-play from the first update', async function () {
      this.timeout(90_000);
      const src = new URL('/test/runtime/fixtures/cue-self-play-drill.js', location.href).href;
      const { runtime, errors, close } = await open({ drillSrc: src, hyper: { envs: 16, steps: 16, hidden: [16] } });
      await runtime.start();
      await runtime.train();
      // The pool fills every 10 versions from the start; once it holds a snapshot, games against it are counted.
      const sample = await telemetryWhere(runtime, (s) => s.updates >= 12 && s.winRate.pool !== null);
      expect(sample.winRate.chaser).to.equal(null);
      expect(sample.winRate.random).to.equal(null);
      expect(errors).to.deep.equal([]);
      await close();
    });

    it('refuses a drill that breaks a rule at load: drill-invalid naming the drill and the rule, no worker started', async () => {
      const src = new URL('/test/runtime/fixtures/bad-size-drill.js', location.href).href;
      const { runtime, errors, close } = await open({ drillSrc: src });
      const failed = await runtime.start().then(() => null, (e: Error) => e);
      expect(failed?.message).to.include('bad-size-drill.js');
      expect(errors.map((e) => e.code)).to.deep.equal(['drill-invalid']);
      expect(errors[0]!.message).to.match(/batch\.obs must be a Float32Array of 27 \(3 envs × 9\)/);
      expect(runtime.workerCount).to.equal(0);
      await close();
    });

    it('stops training on a drill that breaks a rule while running: one drill-invalid, the weights stay, the workers live', async function () {
      this.timeout(90_000);
      const src = new URL('/test/runtime/fixtures/nan-later-drill.js', location.href).href;
      const { runtime, errors, close } = await open({ drillSrc: src, hyper: { envs: 8, steps: 16 } });
      await runtime.start();
      const workers = runtime.workerCount;
      await runtime.train();
      await until(() => errors.length > 0, 'a drill-invalid report', 60_000);
      await until(() => !runtime.state.training, 'training to stop', 30_000);
      await macrotasks(10);
      expect(errors.map((e) => e.code)).to.deep.equal(['drill-invalid']);
      expect(errors[0]!.source).to.equal('rollout');
      expect(errors[0]!.message).to.match(/drill 'nan-later' is invalid: a reward is not finite/);
      expect(runtime.workerCount).to.equal(workers);
      const snapshot = await runtime.snapshot();
      expect(snapshot.params.every(Number.isFinite)).to.equal(true);
      await close();
    });

    it('gives the element that asks for another drill on a started runtime a drill-conflict', async function () {
      this.timeout(30_000);
      const name = `${prefix}-conflict`;
      configureRuntime(name, { ...CPU_COMPUTE, rolloutWorkers: 1 });
      const host = document.createElement('div');
      host.innerHTML = `<drill-metrics runtime="${name}" drill="acrobot"></drill-metrics>`;
      document.body.append(host);
      const first = host.firstElementChild as HTMLElement & { drillRuntime: DrillRuntime };
      await nextEvent(first, 'drill-ready');
      expect(first.drillRuntime.drill!.info.id).to.equal('acrobot');
      const second = document.createElement('drill-metrics');
      second.setAttribute('runtime', name);
      second.setAttribute('drill', 'cartpole');
      const refused = nextEvent<DrillErrorDetail>(second, 'drill-error');
      host.append(second);
      const { detail } = await refused;
      expect(detail.code).to.equal('drill-conflict');
      expect(detail.message).to.match(/already runs the drill acrobot.*cartpole needs its own runtime/);
      expect(first.drillRuntime.drill!.info.id).to.equal('acrobot');
      host.remove();
    });
  });
}
