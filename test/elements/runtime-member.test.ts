// What every element shares (elements/runtime-member.ts, runtime-controller.ts):
// the `runtime` attribute and the messages of refused values. Lazy arenas out
// of view, so no workers start.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks } from '../helpers/use-source-workers.js';
import { getRuntime } from '../../src/runtime/registry.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import type { DrillErrorDetail } from '../../src/contract/events.js';
import type { DrillArena } from '../../elements/drill-arena.js';

const stage = document.createElement('div');
stage.style.cssText = 'position: fixed; inset-inline-start: -20000px; inset-block-start: 0; inline-size: 320px';

async function lazyArena(runtime: string): Promise<{ el: DrillArena; errors: DrillErrorDetail[] }> {
  const el = document.createElement('drill-arena') as DrillArena;
  el.setAttribute('loading', 'lazy');
  el.setAttribute('runtime', runtime);
  const errors: DrillErrorDetail[] = [];
  el.addEventListener('drill-error', (event) => errors.push(event.detail));
  stage.append(el);
  await el.updateComplete;
  return { el, errors };
}

describe('runtime members', () => {
  before(() => document.body.append(stage));
  afterEach(async () => {
    stage.replaceChildren();
    await macrotasks();
    expect(liveWorkerCount()).to.equal(0);
  });
  after(() => stage.remove());

  it('refuse a runtime that is not a name, and keep the one they are on', async () => {
    const { el, errors } = await lazyArena('member-a');
    const runtime = el.drillRuntime;
    for (const junk of [5, {}, Symbol('name'), 10n]) {
      (el as unknown as { runtime: unknown }).runtime = junk;
      await el.updateComplete;
      expect(el.runtime).to.equal('member-a');
      expect(el.getAttribute('runtime')).to.equal('member-a');
      expect(el.drillRuntime).to.equal(runtime);
    }
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-attribute', 'invalid-attribute', 'invalid-attribute', 'invalid-attribute']);
    expect(errors[3]!.message).to.match(/^runtime must be .*got 10n\. Keeping "member-a"\./);
  });

  it('join the default runtime when the attribute is removed, and move again when it is set', async () => {
    const { el } = await lazyArena('member-b');
    el.removeAttribute('runtime');
    await el.updateComplete;
    expect(el.runtime).to.equal('default');
    expect(el.drillRuntime).to.equal(getRuntime('default'));
    el.setAttribute('runtime', 'member-c');
    await el.updateComplete;
    expect(el.drillRuntime, 'an element whose runtime attribute was removed still moves').to.equal(getRuntime('member-c'));
    expect(el.drillRuntime!.name).to.equal('member-c');
  });

  it('say which attribute a refused value was for, whatever its type', async () => {
    const { el, errors } = await lazyArena('member-d');
    (el as unknown as { speed: unknown }).speed = 10n;
    (el as unknown as { seed: unknown }).seed = Symbol('seed');
    (el as unknown as { swapInterval: unknown }).swapInterval = 'x'.repeat(100_000);
    await el.updateComplete;
    const messages = errors.map((e) => e.message);
    expect(messages).to.have.length(3);
    expect(messages.find((m) => m.startsWith('speed'))).to.match(/^speed must be a number from 0\.25 to 4, got 10n\. Keeping 1\./);
    expect(messages.find((m) => m.startsWith('seed'))).to.match(/^seed must be an integer .*, got Symbol\(seed\)\./);
    expect(messages.find((m) => m.startsWith('swap'))).to.match(/^swapIntervalMs must be .*, got "x{100,}… \(100002 characters\)\./);
    expect([el.speed, el.seed, el.swapInterval]).to.deep.equal([1, 7, 1000]);
  });

  it('hand max-threads to the runtime, and refuse what is not a whole number from 1 to 64', async () => {
    const { el, errors } = await lazyArena('member-e');
    el.setAttribute('max-threads', '2');
    await el.updateComplete;
    expect(el.maxThreads).to.equal(2);
    expect(el.drillRuntime!.maxThreads).to.equal(2);
    for (const bad of ['0', 'two', '1.5', '65']) {
      el.setAttribute('max-threads', bad);
      await el.updateComplete;
      expect(el.maxThreads).to.equal(2);
      expect(el.getAttribute('max-threads')).to.equal('2');
    }
    expect(el.drillRuntime!.maxThreads).to.equal(2);
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-attribute', 'invalid-attribute', 'invalid-attribute', 'invalid-attribute']);
    expect(errors[0]!.message).to.match(/^max-threads must be a whole number .*, got 0\. Keeping 2\./);
  });
});
