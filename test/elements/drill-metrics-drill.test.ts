// <drill-metrics drill="cartpole">: a one-agent drill has no opponents, so
// its success rate stands where the win rates would be.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { configureRuntime } from '../../src/runtime/registry.js';
import { macrotasks, nextEvent } from '../helpers/use-source-workers.js';

describe('<drill-metrics> with a one-agent drill', () => {
  it('charts the success rate in place of the win rates', async function () {
    this.timeout(60_000);
    configureRuntime('metrics-cartpole', { rolloutWorkers: 1 });
    const metrics = document.createElement('drill-metrics') as HTMLElement & { updateComplete: Promise<boolean> };
    metrics.setAttribute('runtime', 'metrics-cartpole');
    metrics.setAttribute('drill', 'cartpole');
    metrics.setAttribute('metrics', 'reward win-rate success-rate');
    document.body.append(metrics);
    await nextEvent(metrics, 'drill-ready');
    await metrics.updateComplete;
    const charts = [...metrics.shadowRoot!.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')].map((c) => c.dataset['chart']);
    expect(charts).to.deep.equal(['reward', 'success-rate']);
    metrics.remove();
    await macrotasks();
  });
});
