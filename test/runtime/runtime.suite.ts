// Runtime lifecycle tests, shared by the isolated and the plain page.
import { expect } from '@open-wc/testing';
import type { Capabilities } from '../../src/contract/capabilities.js';
import type { Transport } from '../../src/contract/descriptors.js';
import { configureRuntime, getRuntime } from '../../src/runtime/registry.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import { macrotasks, nextEvent } from '../helpers/use-source-workers.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

function mount(html: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.append(host);
  return host;
}

export function runtimeSuite(transport: Transport, name: string): void {
  describe(`runtime over ${transport}`, () => {
    before(() => configureRuntime(name, { ...CPU_COMPUTE, rolloutWorkers: 2 }));

    it('starts render, trainer and rollout workers shared by all three elements, each of which fires drill-ready', async () => {
      const host = mount(`<drill-arena runtime="${name}"></drill-arena><drill-trainer-controls runtime="${name}"></drill-trainer-controls><drill-metrics runtime="${name}"></drill-metrics>`);
      const elements = [...host.children] as HTMLElement[];
      const ready = await Promise.all(elements.map((el) => nextEvent<{ capabilities: Capabilities }>(el, 'drill-ready')));
      const caps = ready[0]!.detail.capabilities;
      expect(caps.transport).to.equal(transport);
      expect(caps.crossOriginIsolated).to.equal(transport === 'shared-memory');
      expect(caps.rolloutWorkers).to.equal(2);
      expect(caps.workerCount).to.equal(1 + caps.trainerThreads + 2);
      expect(caps.offscreenCanvas).to.equal(true);
      if (caps.webgpu) expect(caps.webgpu.isFallbackAdapter).to.be.a('boolean');
      else expect(caps.webgpuUnavailableReason).to.be.a('string');
      expect(ready.every((event) => event.bubbles && event.composed)).to.equal(true);

      const runtime = getRuntime(name)!;
      expect(elements.every((el) => (el as unknown as { drillRuntime: unknown }).drillRuntime === runtime)).to.equal(true);
      expect((elements[0] as unknown as { capabilities: Capabilities }).capabilities!.transport).to.equal(transport);
      const status = await runtime.workerStatus();
      expect(status.map((s) => `${s.role}:${s.index}:${s.channelsOpen}`).sort()).to.deep.equal(['render:0:1', 'rollout:0:2', 'rollout:1:2', 'trainer:0:3']);
      // The busy workers' CPU gate is shared memory: none on the plain page.
      expect(runtime.cpuGate === null).to.equal(transport === 'transfer');

      host.remove();
      await macrotasks();
      expect(runtime.disposed).to.equal(true);
      expect(runtime.workerCount).to.equal(0);
      expect(getRuntime(name)).to.equal(undefined);
      expect(liveWorkerCount()).to.equal(0);
    });

    it('keeps its runtime when an element is moved in the DOM', async () => {
      const a = mount(`<drill-arena runtime="${name}"></drill-arena>`);
      const b = mount('');
      const arena = a.firstElementChild as HTMLElement;
      await nextEvent(arena, 'drill-ready');
      const runtime = getRuntime(name)!;
      b.append(arena);
      await macrotasks(3);
      expect(getRuntime(name)).to.equal(runtime);
      expect(runtime.disposed).to.equal(false);
      expect(runtime.workerCount).to.equal(4);
      a.remove();
      b.remove();
      await macrotasks();
      expect(runtime.disposed).to.equal(true);
      expect(liveWorkerCount()).to.equal(0);
    });

    it('gives runtime="…" its own independent runtime, and switching the attribute moves the element', async () => {
      configureRuntime(`${name}-b`, { ...CPU_COMPUTE, rolloutWorkers: 1 });
      const host = mount(`<drill-arena runtime="${name}"></drill-arena><drill-metrics runtime="${name}-b"></drill-metrics>`);
      const [arena, metrics] = [...host.children] as HTMLElement[];
      await Promise.all([nextEvent(arena!, 'drill-ready'), nextEvent(metrics!, 'drill-ready')]);
      const a = getRuntime(name)!;
      const b = getRuntime(`${name}-b`)!;
      expect(a).not.to.equal(b);
      expect(a.workerCount + b.workerCount).to.equal(4 + 3);
      metrics!.setAttribute('runtime', name);
      await nextEvent(metrics!, 'drill-ready');
      await macrotasks();
      expect(b.disposed, 'the runtime left with no members is disposed').to.equal(true);
      expect((metrics as unknown as { drillRuntime: unknown }).drillRuntime).to.equal(a);
      host.remove();
      await macrotasks();
      expect(liveWorkerCount()).to.equal(0);
    });

    it('keeps a show reset when the render worker reports the match it played before the reset', async () => {
      configureRuntime(`${name}-reset`, { ...CPU_COMPUTE, rolloutWorkers: 1, hyper: { envs: 16, steps: 8, hidden: [16] } });
      const host = mount(`<drill-metrics runtime="${name}-reset"></drill-metrics>`);
      await nextEvent(host.firstElementChild!, 'drill-ready');
      const runtime = getRuntime(`${name}-reset`)!;
      const seeds: number[] = [];
      runtime.addEventListener('state', () => seeds.push(runtime.state.show.seed));
      // configure makes the worker report its state, with the seed it plays, before it reads the reset sent next.
      runtime.setShow({ speed: 2 });
      runtime.resetShow(12345);
      const render = (await runtime.renderWorker())!;
      while ((await render.inspect()).state.seed !== 12345) await macrotasks();
      await macrotasks();
      expect(seeds.slice(seeds.indexOf(12345)), 'no report from before the reset brings back the old seed').to.satisfy((after: number[]) => after.every((seed) => seed === 12345));
      host.remove();
      await macrotasks();
    });

    it('reports a worker script that cannot load as drill-error, with what to do', async () => {
      configureRuntime(`${name}-broken`, { workerScript: '/does-not-exist/drill.js' });
      const host = mount(`<drill-arena runtime="${name}-broken"></drill-arena>`);
      const error = await nextEvent<{ code: string; source: string; message: string }>(host.firstElementChild!, 'drill-error');
      expect(error.detail.code).to.equal('worker-start-failed');
      expect(error.detail.message).to.match(/failed to load|did not start/);
      expect(error.detail.message).to.match(/reload/);
      host.remove();
      await macrotasks();
      expect(liveWorkerCount()).to.equal(0);
    });
  });
}
