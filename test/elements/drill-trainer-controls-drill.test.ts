// <drill-trainer-controls drill="cartpole">: the match section follows the
// drill — its title, its modes, and no opponent for a one-agent drill.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { configureRuntime } from '../../src/runtime/registry.js';
import { macrotasks, nextEvent } from '../helpers/use-source-workers.js';

describe('<drill-trainer-controls> with a drill other than soccer', () => {
  it('shows the drill’s title and modes and no opponent for a one-agent drill', async function () {
    this.timeout(60_000);
    configureRuntime('controls-cartpole', { rolloutWorkers: 1 });
    const controls = document.createElement('drill-trainer-controls') as HTMLElement & { updateComplete: Promise<boolean> };
    controls.setAttribute('runtime', 'controls-cartpole');
    controls.setAttribute('drill', 'cartpole');
    document.body.append(controls);
    await nextEvent(controls, 'drill-ready');
    await controls.updateComplete;
    const root = controls.shadowRoot!;
    expect(root.querySelector('#show-title')!.textContent).to.equal('CartPole');
    expect(root.querySelector('#opponent')).to.equal(null);
    expect([...root.querySelectorAll('#mode option')].map((o) => o.textContent!.trim())).to.deep.equal(['AI plays', 'You play']);
    expect(root.querySelector('#mode-help')!.textContent).to.equal('The learning policy plays CartPole.');
    controls.remove();
    await macrotasks();
  });
});
