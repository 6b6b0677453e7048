// <drill-metrics>: attributes, validation, charts and readouts fed by telemetry
// dispatched on the element's real runtime, the status panel, the fixed-size store.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent } from '../helpers/use-source-workers.js';
import { configureRuntime } from '../../src/runtime/registry.js';
import type { DrillErrorDetail } from '../../src/contract/events.js';
import type { TrainerTelemetry } from '../../src/contract/telemetry.js';
import type { DrillMetrics } from '../../elements/drill-metrics.js';
import { CHART_IDS, DEFAULT_METRICS } from '../../elements/charts/chart-specs.js';
import { SeriesRing } from '../../elements/charts/series.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const RUNTIME = 'metrics-test';
const TRANSFER_RUNTIME = 'metrics-test-transfer';

type Overrides = Partial<Omit<TrainerTelemetry, 'winRate'>> & { winRate?: Partial<TrainerTelemetry['winRate']> };

function sample(i: number, overrides: Overrides = {}): TrainerTelemetry {
  const { winRate, ...rest } = overrides;
  return {
    time: 1_700_000_000_000 + i * 500,
    training: true,
    policyVersion: i,
    updates: i,
    envSteps: i * 1000,
    stepsPerSecond: 2000 + i,
    updatesPerSecond: 2,
    updateMs: 40,
    lossPolicy: 0.01 * i,
    lossValue: 1 / (i + 1),
    entropy: 3 - 0.01 * i,
    approxKl: 0.01,
    clipFraction: 0.1,
    explainedVariance: 0.5,
    episodeReturn: 0.1 * i,
    episodeLength: 100 + i,
    winRate: { pool: 0.5, random: 0.9, chaser: 0.25, ...winRate },
    successRate: null,
    lr: 3e-4,
    clipEpsilon: 0.2,
    entropyCoef: 0.01,
    policyLag: 0.5,
    droppedChunks: 3,
    laneOccupancy: 1,
    evaluation: null,
    rolloutAgeMs: 120,
    transport: 'shared-memory',
    computePath: 'cpu',
    adapter: null,
    restarts: { render: 0, trainer: 0, rollout: 0 },
    kernels: 'wasm-simd',
    trainerThreads: 1,
    computeReason: null,
    ...rest,
  };
}

const mounted: HTMLElement[] = [];

async function mount(attributes: Record<string, string> = {}, runtime = RUNTIME): Promise<DrillMetrics> {
  const el = document.createElement('drill-metrics');
  el.setAttribute('runtime', runtime);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}

/** Dispatches samples on the element's runtime, as the trainer's telemetry would arrive. */
async function feed(el: DrillMetrics, ...samples: TrainerTelemetry[]): Promise<void> {
  for (const detail of samples) el.drillRuntime!.dispatchEvent(new CustomEvent('telemetry', { detail }));
  await el.updateComplete;
}

const shadow = (el: DrillMetrics) => el.shadowRoot!;
const chartIds = (el: DrillMetrics) => [...shadow(el).querySelectorAll<HTMLElement>('[part="chart"]')].map((f) => f.dataset['chart']);
const canvas = (el: DrillMetrics, id: string) => shadow(el).querySelector<HTMLCanvasElement>(`canvas[data-chart="${id}"]`)!;
const chartValue = (el: DrillMetrics, id: string) => shadow(el).querySelector(`[data-chart="${id}"] [part="chart-value"]`)!.textContent!.trim();

function readout(el: DrillMetrics, label: string): string | null {
  for (const item of shadow(el).querySelectorAll('[part="readout"]')) {
    if (item.querySelector('dt')!.textContent!.trim() === label) return item.querySelector('dd')!.textContent!.trim();
  }
  return null;
}

function pixels(c: HTMLCanvasElement): Uint8ClampedArray {
  return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
}

/** Opaque pixels in the middle tenth of the canvas that are clearly the (blue) first series colour. */
function seriesPixelsInMiddle(c: HTMLCanvasElement): number {
  const data = pixels(c);
  let count = 0;
  for (let y = 0; y < c.height; y++) {
    for (let x = Math.floor(c.width * 0.45); x < Math.ceil(c.width * 0.55); x++) {
      const o = (y * c.width + x) * 4;
      if (data[o + 3]! > 200 && data[o + 2]! - data[o]! > 60) count++;
    }
  }
  return count;
}

/**
 * `npm test` runs files two at a time and the one in the background tab
 * reports itself hidden, where the element rightly defers drawing; tests
 * that look at pixels stand in for a visible page.
 */
function pretendVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
}

/** Counts clearRect calls: every LineChart draw starts with one, so this counts redraws. */
function countDraws(c: HTMLCanvasElement): { readonly count: number } {
  const ctx = c.getContext('2d')!;
  const clearRect = ctx.clearRect.bind(ctx);
  const counter = { count: 0 };
  ctx.clearRect = (...args: Parameters<CanvasRenderingContext2D['clearRect']>) => {
    counter.count++;
    clearRect(...args);
  };
  return counter;
}

describe('<drill-metrics>', () => {
  before(() => {
    configureRuntime(RUNTIME, { ...CPU_COMPUTE, rolloutWorkers: 1 });
    configureRuntime(TRANSFER_RUNTIME, { ...CPU_COMPUTE, rolloutWorkers: 1, transport: 'transfer' });
    pretendVisibility('visible');
  });

  after(() => {
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove();
    await macrotasks();
  });

  describe('attributes', () => {
    it('reflects metrics and history between attribute and property, defaults included', async () => {
      const el = await mount();
      expect(el.metrics).to.equal(DEFAULT_METRICS);
      expect(el.getAttribute('metrics')).to.equal(DEFAULT_METRICS);
      expect(el.history).to.equal(600);
      expect(el.getAttribute('history')).to.equal('600');

      el.setAttribute('metrics', 'kl reward');
      el.setAttribute('history', '50');
      await el.updateComplete;
      expect(el.metrics).to.equal('kl reward');
      expect(el.history).to.equal(50);
      expect(chartIds(el)).to.deep.equal(['kl', 'reward']);

      el.metrics = 'win-rate';
      el.history = 120;
      await el.updateComplete;
      expect(el.getAttribute('metrics')).to.equal('win-rate');
      expect(el.getAttribute('history')).to.equal('120');
      expect(chartIds(el)).to.deep.equal(['win-rate']);
    });

    it('expands groups, keeps the listed order and shows a chart named twice once', async () => {
      const el = await mount({ metrics: 'entropy losses,  reward' });
      expect(chartIds(el)).to.deep.equal(['entropy', 'policy-loss', 'value-loss', 'reward']);
      el.metrics = 'throughput';
      await el.updateComplete;
      expect(chartIds(el)).to.deep.equal(['steps-per-second', 'updates-per-second']);
      el.metrics = CHART_IDS.join(' ');
      await el.updateComplete;
      expect(chartIds(el)).to.deep.equal([...CHART_IDS]);
    });

    it('shows only the status panel for an empty list, and the default charts when the attribute is removed', async () => {
      const el = await mount({ metrics: '' });
      expect(chartIds(el)).to.deep.equal([]);
      expect(readout(el, 'Transport')).to.not.equal(null);
      el.removeAttribute('metrics');
      await el.updateComplete;
      await el.updateComplete;
      expect(el.metrics).to.equal(DEFAULT_METRICS);
      expect(chartIds(el)).to.have.length(9);
    });

    it('rejects an unknown chart with a drill-error that names it and suggests a fix, keeping the last valid value', async () => {
      const el = await mount({ metrics: 'reward win-rate' });
      const error = nextEvent<DrillErrorDetail>(el, 'drill-error');
      el.setAttribute('metrics', 'reward winrate');
      const { detail, bubbles, composed } = await error;
      expect(detail.code).to.equal('invalid-attribute');
      expect(detail.source).to.equal('element');
      expect(detail.recovered).to.equal(true);
      expect(detail.message).to.contain('"winrate" (did you mean "win-rate"?)');
      expect(detail.message).to.contain('groups are losses');
      expect(detail.message).to.contain('Keeping "reward win-rate"');
      expect(bubbles && composed).to.equal(true);
      await el.updateComplete;
      expect(el.metrics).to.equal('reward win-rate');
      expect(el.getAttribute('metrics')).to.equal('reward win-rate');
      expect(chartIds(el)).to.deep.equal(['reward', 'win-rate']);
    });

    it('falls back to the default charts when the attribute is invalid from the start', async () => {
      const el = document.createElement('drill-metrics');
      el.setAttribute('runtime', RUNTIME);
      el.setAttribute('metrics', 'bogus');
      const error = nextEvent<DrillErrorDetail>(el, 'drill-error');
      document.body.append(el);
      mounted.push(el);
      expect((await error).detail.message).to.contain('unknown chart "bogus"');
      await el.updateComplete;
      expect(el.metrics).to.equal(DEFAULT_METRICS);
      expect(el.getAttribute('metrics')).to.equal(DEFAULT_METRICS);
      expect(chartIds(el)).to.have.length(9);
    });

    it('rejects a history outside 10–10000 or not a whole number, keeping the last valid one', async () => {
      const el = await mount({ history: '200' });
      for (const bad of ['5', '20000', '12.5', 'many']) {
        const error = nextEvent<DrillErrorDetail>(el, 'drill-error');
        el.setAttribute('history', bad);
        expect((await error).detail.message).to.match(/^history must be a whole number of samples in \[10, 10000\]/);
        await el.updateComplete;
        expect(el.history).to.equal(200);
        expect(el.getAttribute('history')).to.equal('200');
      }
    });
  });

  describe('telemetry', () => {
    it('re-fires each sample as a bubbling, composed drill-metrics event', async () => {
      const el = await mount({ metrics: 'reward' });
      const seen: TrainerTelemetry[] = [];
      const listener = (event: Event) => {
        const e = event as CustomEvent<TrainerTelemetry>;
        expect(e.bubbles && e.composed).to.equal(true);
        seen.push(e.detail);
      };
      document.addEventListener('drill-metrics', listener);
      const samples = [sample(1), sample(2), sample(2)];
      await feed(el, ...samples);
      document.removeEventListener('drill-metrics', listener);
      expect(seen).to.deep.equal(samples);
      expect(seen[0]).to.equal(samples[0]);
      expect(el.latest).to.equal(samples[2]);
    });

    it('draws the chart, updates its value, its accessible label and the readouts', async () => {
      const el = await mount({ metrics: 'reward episode-length' });
      const reward = canvas(el, 'reward');
      expect(reward.getAttribute('role')).to.equal('img');
      expect(reward.getAttribute('aria-label')).to.equal('Episode return: no data yet.');
      const before = pixels(reward);

      await feed(el, sample(1, { episodeReturn: 0.25 }), sample(2, { episodeReturn: 0.5, lr: 1e-3, policyVersion: 7 }));
      expect(pixels(reward)).to.not.deep.equal(before);
      expect(reward.width).to.be.greaterThan(0);
      expect(chartValue(el, 'reward')).to.equal('0.5');
      expect(chartValue(el, 'episode-length')).to.equal('102');
      expect(reward.getAttribute('aria-label')).to.equal('Episode return: latest 0.5; 0.25 at the start of the last 2 samples.');
      expect(canvas(el, 'episode-length').getAttribute('aria-label')).to.equal('Episode length: latest 102 decisions; 101 decisions at the start of the last 2 samples.');
      expect(readout(el, 'Policy')).to.equal('v7');
      expect(readout(el, 'Learning rate')).to.equal('1.0e\u22123');
      expect(readout(el, 'Env steps')).to.equal('2K');
      expect(readout(el, 'Dropped chunks')).to.equal('3');
      expect(readout(el, 'Update time')).to.equal('40 ms');

      const drawn = pixels(reward);
      await feed(el, sample(3, { episodeReturn: -0.75 }));
      expect(pixels(reward)).to.not.deep.equal(drawn);
      expect(chartValue(el, 'reward')).to.equal('\u22120.75');
    });

    it('labels each win-rate series with its latest value', async () => {
      const el = await mount({ metrics: 'win-rate' });
      await feed(el, sample(1), sample(2, { winRate: { pool: 0.625, random: 1, chaser: 0 } }));
      const legend = [...shadow(el).querySelectorAll('[part="legend"] li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
      expect(legend).to.deep.equal(['pool 63%', 'random 100%', 'chaser 0%']);
      expect(canvas(el, 'win-rate').getAttribute('aria-label')).to.equal('Training win rate: latest pool 63%, random 100%, chaser 0%; over the last 2 samples.');
    });

    it('charts the pipeline: lane occupancy and rollout age', async () => {
      const el = await mount({ metrics: 'pipeline' });
      await feed(el, sample(1, { laneOccupancy: 2, rolloutAgeMs: 80 }), sample(2, { laneOccupancy: 3, rolloutAgeMs: 95 }));
      expect(canvas(el, 'lane-occupancy').getAttribute('aria-label')).to.match(/^Lane occupancy: latest 3 chunks/);
      expect(canvas(el, 'rollout-age').getAttribute('aria-label')).to.match(/^Rollout age: latest 9\d ms/);
    });

    it('charts the periodic evaluation apart from the training games', async () => {
      const el = await mount({ metrics: 'win-rate evaluation' });
      const evaluation = (updates: number, random: number, chaser: number) => ({
        policyVersion: updates, updates, episodes: 32, solo: null, ms: 40, share: 0.05,
        vs: [{ baseline: 'random', winRate: random, wins: random * 32, draws: 0, losses: 32 - random * 32 }, { baseline: 'chaser', winRate: chaser, wins: chaser * 32, draws: 0, losses: 32 - chaser * 32 }],
      });
      await feed(el, sample(1), sample(2, { evaluation: evaluation(2, 0.25, 0.125), winRate: { random: 0.9, chaser: 0.8 } }));
      expect(canvas(el, 'evaluation').getAttribute('aria-label')).to.equal('Evaluation (greedy): latest random 25%, chaser 13%; over the last 2 samples.');
      expect(canvas(el, 'win-rate').getAttribute('aria-label')).to.match(/random 90%, chaser 80%/);
    });

    it('shows values not measured yet as dashes and gaps, never as zeros', async () => {
      const el = await mount({ metrics: 'reward win-rate' });
      await feed(el, sample(1, { episodeReturn: null, policyLag: null, updateMs: null, winRate: { pool: null } }));
      expect(chartValue(el, 'reward')).to.equal('—');
      expect(canvas(el, 'reward').getAttribute('aria-label')).to.equal('Episode return: no data yet.');
      expect(readout(el, 'Policy lag')).to.equal('—');
      expect(readout(el, 'Update time')).to.equal('—');
      expect(canvas(el, 'win-rate').getAttribute('aria-label')).to.contain('pool not measured yet');
      expect(shadow(el).querySelector('[part="legend"] li')!.textContent).to.contain('—');

      // A measured value, a gap, a measured value: nothing is drawn across the gap.
      const gapped = await mount({ metrics: 'reward' });
      await feed(gapped, sample(10, { episodeReturn: 1 }), sample(11, { episodeReturn: null }), sample(12, { episodeReturn: 1 }));
      expect(seriesPixelsInMiddle(canvas(gapped, 'reward'))).to.equal(0);
      expect(chartValue(gapped, 'reward'), 'the newest measured value').to.equal('1');
      // The same with no gap (after a training reset, so the x axis is the same): a line crosses the middle.
      await feed(gapped, sample(0, { episodeReturn: 1 }), sample(1, { episodeReturn: 1 }), sample(2, { episodeReturn: 1 }));
      expect(seriesPixelsInMiddle(canvas(gapped, 'reward'))).to.be.greaterThan(0);
    });

    it('redraws only the charts whose data changed', async () => {
      const el = await mount({ metrics: 'reward win-rate' });
      const rewardDraws = countDraws(canvas(el, 'reward'));
      const winDraws = countDraws(canvas(el, 'win-rate'));
      const noWins = { winRate: { pool: null, random: null, chaser: null } };
      await feed(el, sample(1, noWins));
      await feed(el, sample(2, noWins));
      expect(rewardDraws.count).to.equal(2);
      expect(winDraws.count, 'a chart with nothing measured keeps its placeholder').to.equal(0);
      await feed(el, sample(3));
      expect(winDraws.count).to.equal(1);
      await feed(el, sample(3));
      expect(rewardDraws.count, 'a repeated sample adds no point').to.equal(3);
    });

    it('defers drawing while the page is hidden and catches up when it is shown', async () => {
      const el = await mount({ metrics: 'reward' });
      const draws = countDraws(canvas(el, 'reward'));
      pretendVisibility('hidden');
      try {
        await feed(el, sample(1), sample(2));
        expect(draws.count).to.equal(0);
        expect(chartValue(el, 'reward'), 'text still follows').to.equal('0.2');
      } finally {
        pretendVisibility('visible');
      }
      document.dispatchEvent(new Event('visibilitychange'));
      expect(draws.count).to.equal(1);
    });

    it('starts new curves when env steps go back (a training reset)', async () => {
      const el = await mount({ metrics: 'reward' });
      await feed(el, sample(1), sample(2), sample(3));
      expect(canvas(el, 'reward').getAttribute('aria-label')).to.contain('last 3 samples');
      await feed(el, sample(0, { episodeReturn: 0.5 }), sample(1, { episodeReturn: 0.75 }));
      expect(canvas(el, 'reward').getAttribute('aria-label')).to.equal('Episode return: latest 0.75; 0.5 at the start of the last 2 samples.');
    });

    it('starts from an empty history when it moves to another runtime, and keeps it when moved in the DOM', async () => {
      const el = await mount({ metrics: 'reward' });
      await feed(el, sample(1), sample(2));
      const parent = document.createElement('div');
      document.body.append(parent);
      mounted.push(parent);
      parent.append(el);
      await el.updateComplete;
      expect(canvas(el, 'reward').getAttribute('aria-label')).to.contain('last 2 samples');
      el.runtime = TRANSFER_RUNTIME;
      await el.updateComplete;
      await el.updateComplete;
      expect(canvas(el, 'reward').getAttribute('aria-label')).to.equal('Episode return: no data yet.');
      expect(el.latest).to.equal(null);
    });

    it('keeps a fixed window of `history` samples, the newest ones', async () => {
      const el = await mount({ metrics: 'episode-length', history: '20' });
      for (let i = 1; i <= 40; i++) await feed(el, sample(i));
      expect(canvas(el, 'episode-length').getAttribute('aria-label')).to.equal('Episode length: latest 140 decisions; 121 decisions at the start of the last 20 samples.');
      el.history = 10;
      await el.updateComplete;
      expect(canvas(el, 'episode-length').getAttribute('aria-label')).to.equal('Episode length: latest 140 decisions; 131 decisions at the start of the last 10 samples.');
    });
  });

  describe('status', () => {
    it('shows the transport and the compute path with its adapter', async () => {
      const el = await mount({ metrics: '' });
      await nextEvent(el, 'drill-ready');
      await el.updateComplete;
      expect(readout(el, 'Transport')).to.equal('Shared memory');
      expect(readout(el, 'Workers')).to.equal('3');
      // The trainer reports its compute path as soon as it has started.
      while (!el.drillRuntime!.telemetry) await new Promise((r) => setTimeout(r, 10));
      await el.updateComplete;
      expect(readout(el, 'Compute')).to.equal('CPU');
      expect(shadow(el).querySelector('[part="state"]')!.textContent!.trim()).to.equal('Not training');

      await feed(el, sample(1, { computePath: 'webgpu', adapter: 'Test GPU' }));
      expect(readout(el, 'Compute')).to.equal('WebGPU');
      expect(readout(el, 'Adapter')).to.match(/^Test GPU/);
      await feed(el, sample(2, { computePath: 'cpu', adapter: null }));
      expect(readout(el, 'Compute')).to.equal('CPU');
      expect(readout(el, 'Adapter')).to.equal(null);
    });

    it('says whether the runtime is training', async () => {
      const el = await mount({ metrics: '' });
      await nextEvent(el, 'drill-ready');
      await el.updateComplete;
      const state = () => shadow(el).querySelector('[part="state"]')!;
      expect(state().textContent!.trim()).to.equal('Not training');
      expect(state().getAttribute('role')).to.equal('status');
      const runtime = el.drillRuntime!;
      const training = { ...runtime.state, training: true };
      Object.defineProperty(runtime, 'state', { configurable: true, get: () => training });
      runtime.dispatchEvent(new CustomEvent('state', { detail: training }));
      await el.updateComplete;
      expect(state().textContent!.trim()).to.equal('Training');
      expect(state().classList.contains('training')).to.equal(true);
    });

    it('says that training stopped, and why, after an error the runtime could not recover from', async () => {
      configureRuntime(`${RUNTIME}-broken`, { workerScript: '/does-not-exist/drill.js' });
      const el = document.createElement('drill-metrics');
      el.setAttribute('runtime', `${RUNTIME}-broken`);
      const error = nextEvent<DrillErrorDetail>(el, 'drill-error');
      document.body.append(el);
      mounted.push(el);
      const { detail } = await error;
      await el.updateComplete;
      expect(shadow(el).querySelector('[part="state"]')!.textContent!.trim()).to.equal('Stopped');
      expect(shadow(el).querySelector('[part="failure"]')!.textContent).to.equal(detail.message);
    });

    it('says when rollouts travel by transfer', async () => {
      const el = await mount({ metrics: '' }, TRANSFER_RUNTIME);
      await nextEvent(el, 'drill-ready');
      await el.updateComplete;
      expect(readout(el, 'Transport')).to.equal('Transfer');
      expect(shadow(el).querySelector('[part="readout"][title*="not cross-origin isolated"]')).to.not.equal(null);
    });
  });

  it('passes an accessibility audit with data, in light and in dark', async () => {
    const el = await mount();
    await feed(el, sample(1, { computePath: 'webgpu', adapter: 'Test GPU' }), sample(2, { computePath: 'webgpu', adapter: 'Test GPU' }));
    await expect(el).to.be.accessible();
    el.style.colorScheme = 'dark';
    await expect(el).to.be.accessible();
  });
});

describe('SeriesRing', () => {
  it('is a fixed-size ring: after twice its capacity it holds the newest rows and no more', () => {
    const ring = new SeriesRing(2, 20);
    for (let i = 0; i < 40; i++) ring.push([i, i % 2 ? null : i]);
    expect(ring.length).to.equal(20);
    expect(ring.capacity).to.equal(20);
    expect(ring.get(0, 0)).to.equal(20);
    expect(ring.last(0)).to.equal(39);
    expect(Number.isNaN(ring.last(1))).to.equal(true);
    expect(ring.finiteCount(0)).to.equal(20);
    expect(ring.finiteCount(1)).to.equal(10);
    expect(ring.lastFiniteIndex(1)).to.equal(18);
    expect(ring.firstFiniteIndex(1)).to.equal(0);
  });

  it('keeps the newest rows when its capacity changes, and forgets everything on clear', () => {
    const ring = new SeriesRing(1, 8);
    for (let i = 0; i < 12; i++) ring.push([i]);
    const smaller = ring.withCapacity(3);
    expect([0, 1, 2].map((i) => smaller.get(0, i))).to.deep.equal([9, 10, 11]);
    const larger = ring.withCapacity(100);
    expect(larger.length).to.equal(8);
    expect(larger.get(0, 0)).to.equal(4);
    ring.clear();
    expect(ring.length).to.equal(0);
    expect(ring.finiteCount(0)).to.equal(0);
    expect(Number.isNaN(ring.last(0))).to.equal(true);
  });
});
