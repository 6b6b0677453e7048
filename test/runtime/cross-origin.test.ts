// The one-file bundle served from another origin (a second local port with
// CORS, standing in for a CDN) still starts its workers, through a
// same-origin blob URL that imports it.
import { expect } from '@open-wc/testing';
import type { Capabilities } from '../../src/contract/capabilities.js';
import type { WorkerStatus } from '../../src/contract/worker-api.js';

describe('drill.js from another origin', () => {
  it('registers the elements and starts every worker', async () => {
    const { origin } = (await (await fetch('/__drill/cdn-origin')).json()) as { origin: string };
    expect(origin).not.to.equal(location.origin);
    await import(/* @vite-ignore */ `${origin}/drill.js`);
    const arena = document.createElement('drill-arena');
    arena.setAttribute('runtime', 'cdn');
    const ready = new Promise<CustomEvent<{ capabilities: Capabilities }>>((resolve, reject) => {
      arena.addEventListener('drill-ready', (e) => resolve(e as CustomEvent<{ capabilities: Capabilities }>));
      arena.addEventListener('drill-error', (e) => reject(new Error((e as CustomEvent<{ message: string }>).detail.message)));
    });
    document.body.append(arena);
    const { capabilities } = (await ready).detail;
    expect(capabilities.workerCount).to.equal(1 + capabilities.trainerThreads + capabilities.rolloutWorkers);
    const runtime = (arena as unknown as { drillRuntime: { workerStatus(): Promise<WorkerStatus[]> } }).drillRuntime;
    const status = await runtime.workerStatus();
    expect(status.length).to.equal(capabilities.workerCount);
    expect(status.every((s) => s.channelsOpen > 0)).to.equal(true);
    arena.remove();
  });

  it("runs a page's own drill from a third origin in the bundle's workers", async function () {
    this.timeout(60_000);
    const { origin } = (await (await fetch('/__drill/cdn-origin')).json()) as { origin: string };
    const demo = ((await (await fetch('/__drill/demo-origin')).json()) as { origin: string }).origin;
    await import(/* @vite-ignore */ `${origin}/drill.js`);
    const metrics = document.createElement('drill-metrics');
    metrics.setAttribute('runtime', 'cdn-drill');
    metrics.setAttribute('drill-src', `${demo}/drills/corridor.js`);
    const ready = new Promise<void>((resolve, reject) => {
      metrics.addEventListener('drill-ready', () => resolve());
      metrics.addEventListener('drill-error', (e) => reject(new Error((e as CustomEvent<{ message: string }>).detail.message)));
    });
    document.body.append(metrics);
    await ready;
    type Runtime = { train(): Promise<void>; stopTraining(): Promise<void>; telemetry: { updates: number } | null; drill: { title: string } };
    const runtime = (metrics as unknown as { drillRuntime: Runtime }).drillRuntime;
    expect(runtime.drill.title).to.equal('Corridor');
    await runtime.train();
    const deadline = performance.now() + 30_000;
    while ((runtime.telemetry?.updates ?? 0) < 2 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(runtime.telemetry?.updates ?? 0).to.be.at.least(2);
    await runtime.stopTraining();
    metrics.remove();
  });
});
