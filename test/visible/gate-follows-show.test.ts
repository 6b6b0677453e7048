// On a (faked) 2-core machine the trainer and the rollout worker take turns
// while the show draws, and go busy side by side while it does not (the
// arena scrolled away, the page hidden, no arena); a page's max-threads="1"
// holds them to turns either way, and a gate set by hand stays as set.
// In test/visible/: the show draws only on a visible page.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent, until } from '../helpers/use-source-workers.js';
import { pretendVisibility } from '../helpers/visibility.js';
import { configureRuntime, getRuntime } from '../../src/runtime/registry.js';
import type { DrillArena } from '../../elements/drill-arena.js';

const RUNTIME = 'gate-follows-show';

function hide(hidden: boolean): void {
  pretendVisibility(hidden ? 'hidden' : 'visible');
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('the CPU gate follows the show', function () {
  this.timeout(60_000);
  const real = Object.getOwnPropertyDescriptor(Navigator.prototype, 'hardwareConcurrency')!;
  let arena: DrillArena | null = null;
  before(() => {
    // The runner may reuse a page it reports hidden, where the show would not draw.
    pretendVisibility('visible');
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { configurable: true, get: () => 2 });
    configureRuntime(RUNTIME, { rolloutWorkers: 1, evaluateEvery: 0, model: 'none' });
  });
  after(async () => {
    pretendVisibility(null);
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', real);
    arena?.remove();
    await macrotasks();
  });

  it('turns while the arena draws, busy side by side while the page is hidden, turns again under max-threads 1', async () => {
    arena = document.createElement('drill-arena') as DrillArena;
    arena.setAttribute('runtime', RUNTIME);
    document.body.append(arena);
    await nextEvent(arena, 'drill-ready');
    const runtime = getRuntime(RUNTIME)!;
    const turns = () => runtime.cpuGate?.turns;
    await until(() => turns() === true, 'turns while the show draws');

    // The page hidden (a scrolled-away arena takes the same path through the show link, test/runtime/show-link.test.ts;
    // an IntersectionObserver in a page the runner keeps in the background may never fire).
    hide(true);
    await until(() => turns() === false, 'side by side once the show stops drawing');
    runtime.maxThreads = 1;
    expect(turns(), 'a page cap of one thread holds whatever the show does').to.equal(true);
    runtime.maxThreads = null;
    expect(turns()).to.equal(false);

    hide(false);
    await until(() => turns() === true, 'turns again once it draws again');
    runtime.cpuGate = { turns: false, rest: 0 };
    hide(true);
    await macrotasks(10);
    hide(false);
    await macrotasks(10);
    expect(runtime.cpuGate, 'set by hand, the levers stay').to.deep.equal({ turns: false, rest: 0 });
  });
});
