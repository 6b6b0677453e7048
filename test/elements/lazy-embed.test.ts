// A truly lazy embed: with the arena's loading="lazy" far down a long page,
// the controls and metrics on the page do not start the runtime either —
// no worker runs and all three say the match starts when it is in view —
// until the arena is scrolled into view, or a command (Train) wakes it at
// once. Intersection observers report only in a page that renders, so the
// arena's observer is a stand-in the test drives.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent } from '../helpers/use-source-workers.js';
import { configureRuntime, getRuntime } from '../../src/runtime/registry.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import type { DrillArena } from '../../elements/drill-arena.js';
import type { DrillMetrics } from '../../elements/drill-metrics.js';
import type { DrillTrainerControls } from '../../elements/drill-trainer-controls.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

class FakeIntersectionObserver {
  static all: FakeIntersectionObserver[] = [];
  readonly targets: Element[] = [];
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.all.push(this);
  }
  observe(target: Element): void {
    this.targets.push(target);
  }
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }
  static report(target: Element, isIntersecting: boolean): void {
    for (const o of FakeIntersectionObserver.all) if (o.targets.includes(target)) o.callback([{ target, isIntersecting } as IntersectionObserverEntry], o as unknown as IntersectionObserver);
  }
}

let pages = 0;
/** Controls and metrics at the top, a tall gap, the lazy arena at the bottom — written as a page would be, elements upgraded in one pass. */
function longPage(): { runtime: string; page: HTMLElement; arena: DrillArena; controls: DrillTrainerControls; metrics: DrillMetrics } {
  const runtime = `lazy-embed-${pages++}`;
  configureRuntime(runtime, { ...CPU_COMPUTE, rolloutWorkers: 1, hyper: { envs: 16, steps: 8, hidden: [16] } });
  const page = document.createElement('div');
  page.innerHTML = `<drill-trainer-controls runtime="${runtime}"></drill-trainer-controls><drill-metrics runtime="${runtime}" metrics="reward"></drill-metrics>
    <div style="height: 5000px"></div><drill-arena runtime="${runtime}" loading="lazy"></drill-arena>`;
  document.body.append(page);
  return { runtime, page, arena: page.querySelector('drill-arena')!, controls: page.querySelector('drill-trainer-controls')!, metrics: page.querySelector('drill-metrics')! };
}

const text = (el: Element, part: string) => el.shadowRoot!.querySelector(`[part~="${part}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

describe('a lazy embed: all three elements on a long page', () => {
  const real = globalThis.IntersectionObserver;
  before(() => {
    globalThis.IntersectionObserver = FakeIntersectionObserver as unknown as typeof IntersectionObserver;
  });
  after(() => {
    globalThis.IntersectionObserver = real;
  });

  it('stays asleep, saying so, until the arena is in view', async function () {
    this.timeout(60_000);
    const { runtime, page, arena, controls, metrics } = longPage();
    await Promise.all([arena.updateComplete, controls.updateComplete, metrics.updateComplete]);
    FakeIntersectionObserver.report(arena, false);
    await macrotasks(5);
    const r = getRuntime(runtime)!;
    expect(r.started).to.equal(false);
    expect(r.asleep).to.equal(true);
    expect(liveWorkerCount()).to.equal(0);
    await Promise.all([arena.updateComplete, controls.updateComplete, metrics.updateComplete]);
    expect(text(controls, 'status')).to.equal('Starts when the match is in view');
    expect(text(metrics, 'state')).to.equal('Starts when the match is in view');
    expect(text(arena, 'message')).to.equal('Starts when the match is in view');

    const ready = [nextEvent(controls, 'drill-ready'), nextEvent(metrics, 'drill-ready'), nextEvent(arena, 'drill-ready')];
    FakeIntersectionObserver.report(arena, true);
    await Promise.all(ready);
    expect(r.started).to.equal(true);
    expect(r.workerCount).to.equal(3);
    page.remove();
    await macrotasks();
  });

  it('wakes at once on a command: Train starts the runtime with the arena still out of view', async function () {
    this.timeout(60_000);
    const { runtime, page, arena, controls, metrics } = longPage();
    await Promise.all([arena.updateComplete, controls.updateComplete, metrics.updateComplete]);
    FakeIntersectionObserver.report(arena, false);
    await macrotasks(5);
    const r = getRuntime(runtime)!;
    expect(r.started).to.equal(false);
    const metricsReady = nextEvent(metrics, 'drill-ready');
    (controls.shadowRoot!.querySelector('[part~="train-button"]') as HTMLButtonElement).click();
    await metricsReady;
    while (!r.state.training) await macrotasks();
    expect(r.started).to.equal(true);
    expect(r.asleep).to.equal(false);
    expect(liveWorkerCount()).to.be.greaterThan(0);
    await controls.updateComplete;
    expect(text(controls, 'status')).to.equal('Training');
    await r.stopTraining();
    page.remove();
    await macrotasks();
  });
});
