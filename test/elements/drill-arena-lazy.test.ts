// loading="lazy": an arena out of view starts no workers until it is
// scrolled into view. Intersection observers report only in a page that
// renders, and the test runner's pages may be in the background, so the
// element's observer is a stand-in the test drives.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent } from '../helpers/use-source-workers.js';
import { configureRuntime, getRuntime } from '../../src/runtime/registry.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import type { DrillArena } from '../../elements/drill-arena.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const RUNTIME = 'arena-lazy';

class FakeIntersectionObserver {
  static last: FakeIntersectionObserver | null = null;
  readonly targets: Element[] = [];
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.last = this;
  }
  observe(target: Element): void {
    this.targets.push(target);
  }
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }
  report(isIntersecting: boolean): void {
    const entries = this.targets.map((target) => ({ target, isIntersecting }) as IntersectionObserverEntry);
    this.callback(entries, this as unknown as IntersectionObserver);
  }
}

describe('<drill-arena loading="lazy">', () => {
  const real = globalThis.IntersectionObserver;
  before(() => {
    configureRuntime(RUNTIME, { ...CPU_COMPUTE, rolloutWorkers: 1 });
    globalThis.IntersectionObserver = FakeIntersectionObserver as unknown as typeof IntersectionObserver;
  });
  after(() => {
    globalThis.IntersectionObserver = real;
  });

  it('starts the runtime\'s workers only once scrolled into view, then hands over its canvas', async () => {
    const el = document.createElement('drill-arena') as DrillArena;
    el.setAttribute('runtime', RUNTIME);
    el.setAttribute('loading', 'lazy');
    document.body.append(el);
    await el.updateComplete;
    const seen = FakeIntersectionObserver.last!;
    expect(seen.targets).to.include(el);
    seen.report(false);
    await macrotasks(3);
    const runtime = getRuntime(RUNTIME)!;
    expect(runtime, 'the runtime object exists from the first connect').to.not.equal(undefined);
    expect(runtime.started).to.equal(false);
    expect(liveWorkerCount()).to.equal(0);

    const ready = nextEvent(el, 'drill-ready');
    seen.report(true);
    await ready;
    expect(runtime.started).to.equal(true);
    expect(runtime.workerCount).to.equal(3);
    const render = (await runtime.renderWorker())!;
    const deadline = performance.now() + 20_000;
    while ((await render.inspect()).canvases.length === 0 && performance.now() < deadline) await macrotasks();
    expect((await render.inspect()).canvases).to.have.length(1);

    el.remove();
    await macrotasks();
    expect(runtime.disposed).to.equal(true);
  });

  it('starts nothing for settings and methods out of view; in view, the match starts with them', async () => {
    const el = document.createElement('drill-arena') as DrillArena;
    for (const [name, value] of Object.entries({ runtime: RUNTIME, loading: 'lazy', mode: 'sandbox', opponent: 'random', seed: '3' })) el.setAttribute(name, value);
    document.body.append(el);
    await el.updateComplete;
    const seen = FakeIntersectionObserver.last!;
    seen.report(false);
    el.speed = 2;
    el.pause();
    el.step();
    el.reset(11);
    await el.updateComplete;
    await macrotasks(3);
    const runtime = getRuntime(RUNTIME)!;
    expect(runtime.started, 'settings and methods of an arena out of view start no workers').to.equal(false);
    expect(liveWorkerCount()).to.equal(0);
    expect(runtime.state.show).to.include({ mode: 'sandbox', opponent: 'random', speed: 2, paused: true, seed: 11 });

    const ready = nextEvent(el, 'drill-ready');
    seen.report(true);
    await ready;
    const render = (await runtime.renderWorker())!;
    const deadline = performance.now() + 20_000;
    while ((await render.inspect()).state.speed !== 2 && performance.now() < deadline) await macrotasks();
    expect((await render.inspect()).state).to.include({ mode: 'sandbox', opponent: 'random', speed: 2, paused: true, seed: 11 });
    expect([el.seed, el.speed, el.paused]).to.deep.equal([11, 2, true]);
    el.remove();
    await macrotasks();
  });

  it('moved in the DOM, keeps what the page set meanwhile, and a refused loading starts nothing', async () => {
    const el = document.createElement('drill-arena') as DrillArena;
    el.setAttribute('runtime', RUNTIME);
    el.setAttribute('loading', 'lazy');
    document.body.append(el);
    await el.updateComplete;
    FakeIntersectionObserver.last!.report(false);
    el.pause();
    await el.updateComplete;
    const runtime = getRuntime(RUNTIME)!;
    expect(runtime.state.show.paused).to.equal(true);

    // Out of the page, the page plays the match and sets a loading the arena refuses; then puts it back.
    el.remove();
    el.play();
    await el.updateComplete;
    (el as unknown as { loading: unknown }).loading = 'Lazy';
    document.body.append(el);
    await el.updateComplete;
    await macrotasks(3);
    expect(el.paused, 'play() while out of the page is kept').to.equal(false);
    expect(runtime.state.show.paused).to.equal(false);
    expect(el.loading).to.equal('lazy');
    expect(runtime.started, 'a refused loading starts no workers').to.equal(false);
    expect(liveWorkerCount()).to.equal(0);
    el.remove();
    await macrotasks();
  });

  it('an eager arena starts at once, wherever it is', async () => {
    const el = document.createElement('drill-arena') as DrillArena;
    el.setAttribute('runtime', RUNTIME);
    document.body.append(el);
    await nextEvent(el, 'drill-ready');
    expect(getRuntime(RUNTIME)!.started).to.equal(true);
    el.remove();
    await macrotasks();
  });
});
