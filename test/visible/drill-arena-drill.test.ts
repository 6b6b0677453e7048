// <drill-arena drill="cartpole">: the real render worker draws CartPole
// through its draw, the arena speaks of CartPole (not soccer), and in
// human_vs_ai the drill's own keys reach the show.
import { expect } from '@open-wc/testing';
import type { DrillRuntime } from '../../src/runtime/runtime.js';
import type { DrillShowInspection } from '../../src/show/show-inspection.js';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent, until } from '../helpers/use-source-workers.js';
import { configureRuntime } from '../../src/runtime/registry.js';
import { pretendVisibility } from '../helpers/visibility.js';

describe('<drill-arena> with a drill other than soccer', () => {
  before(() => pretendVisibility('visible'));
  after(() => pretendVisibility(null));

  it('draws the drill, names it, and plays it with its own keys', async function () {
    this.timeout(60_000);
    configureRuntime('arena-cartpole', { rolloutWorkers: 1 });
    const arena = document.createElement('drill-arena') as HTMLElement & { drillRuntime: DrillRuntime; mode: string; updateComplete: Promise<boolean> };
    arena.setAttribute('runtime', 'arena-cartpole');
    arena.setAttribute('drill', 'cartpole');
    arena.style.cssText = 'display:block;width:320px;height:200px';
    document.body.append(arena);
    await nextEvent(arena, 'drill-ready');
    const render = (await arena.drillRuntime.renderWorker())!;
    await until(async () => ((await render.inspectDrill()) as DrillShowInspection).framesDrawn > 0, 'a frame drawn');
    const seen = (await render.inspectDrill()) as DrillShowInspection;
    expect(seen.drill).to.equal('cartpole');
    const stage = arena.shadowRoot!.querySelector('[part="stage"]')!;
    expect(stage.getAttribute('aria-label')).to.equal('CartPole, played by the AI');
    expect(arena.shadowRoot!.textContent).not.to.match(/soccer|goal|kickoff/i);
    arena.mode = 'human_vs_ai';
    await arena.updateComplete;
    expect(stage.getAttribute('aria-label')).to.match(/^CartPole: you play\. ← → push the cart/);
    stage.dispatchEvent(new KeyboardEvent('keydown', { code: 'ArrowRight', bubbles: true, composed: true }));
    await until(async () => ((await render.inspectDrill()) as DrillShowInspection).inputBits === 2, 'the key to reach the show');
    expect(((await render.inspectDrill()) as DrillShowInspection).humanPlays).to.equal(true);
    arena.remove();
    await macrotasks();
  });
});
