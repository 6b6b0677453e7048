// <drill-arena> with a real runtime and workers: attributes and validation,
// settings reaching the runtime and the render worker and coming back from
// it, methods, events with their details, keyboard, touch and sandbox input
// end to end, accessibility, canvas plumbing.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent, until } from '../helpers/use-source-workers.js';
import { configureRuntime, getRuntime } from '../../src/runtime/registry.js';
import type { DrillEpisodeEndDetail, DrillErrorDetail, DrillGoalDetail, DrillPolicySwapDetail } from '../../src/contract/events.js';
import type { ShowInspection } from '../../src/show/show-inspection.js';
import { actionForInput, InputBit } from '../../src/show/human-input.js';
import { pitchTransform, worldToCanvas } from '../../src/render/pitch-transform.js';
import type { DrillArena } from '../../elements/drill-arena.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const RUNTIME = 'arena-test';

const mounted: HTMLElement[] = [];

async function mount(attributes: Record<string, string> = {}, runtime = RUNTIME): Promise<DrillArena> {
  const el = document.createElement('drill-arena');
  el.setAttribute('runtime', runtime);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}

async function ready(el: DrillArena): Promise<DrillArena> {
  if (!el.capabilities) await nextEvent(el, 'drill-ready');
  await el.updateComplete;
  return el;
}

async function inspect(el: DrillArena): Promise<ShowInspection> {
  return (await (await el.drillRuntime!.renderWorker())!.inspect()) as ShowInspection;
}

function errors(el: HTMLElement): DrillErrorDetail[] {
  const seen: DrillErrorDetail[] = [];
  el.addEventListener('drill-error', (event) => seen.push(event.detail));
  return seen;
}

const stage = (el: DrillArena) => el.shadowRoot!.querySelector<HTMLElement>('[part="stage"]')!;
const canvas = (el: DrillArena) => el.shadowRoot!.querySelector<HTMLCanvasElement>('[part="canvas"]')!;

function key(el: DrillArena, type: 'keydown' | 'keyup', code: string): KeyboardEvent {
  const event = new KeyboardEvent(type, { code, bubbles: true, composed: true, cancelable: true });
  stage(el).dispatchEvent(event);
  return event;
}

describe('<drill-arena>', () => {
  before(() => configureRuntime(RUNTIME, { ...CPU_COMPUTE, rolloutWorkers: 1 }));

  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove();
    await macrotasks();
  });

  describe('attributes and properties', () => {
    it('reflects every setting between attribute and property, defaults included', async () => {
      const el = await mount();
      expect([el.mode, el.speed, el.seed, el.paused, el.swapInterval, el.opponent, el.loading]).to.deep.equal(['ai_vs_ai', 1, 7, false, 1000, 'chaser', 'eager']);
      expect(el.getAttribute('mode')).to.equal('ai_vs_ai');
      expect(el.getAttribute('swap-interval')).to.equal('1000');
      expect(el.hasAttribute('paused')).to.equal(false);

      el.setAttribute('mode', 'sandbox');
      el.setAttribute('speed', '0.5');
      el.setAttribute('swap-interval', '250');
      el.setAttribute('opponent', 'random');
      el.setAttribute('paused', '');
      await el.updateComplete;
      expect([el.mode, el.speed, el.swapInterval, el.opponent, el.paused]).to.deep.equal(['sandbox', 0.5, 250, 'random', true]);

      el.mode = 'human_vs_ai';
      el.speed = 3.5;
      el.paused = false;
      el.opponent = 'latest';
      el.swapInterval = 0;
      await el.updateComplete;
      expect(el.getAttribute('mode')).to.equal('human_vs_ai');
      expect(el.getAttribute('speed')).to.equal('3.5');
      expect(el.hasAttribute('paused')).to.equal(false);
      expect(el.getAttribute('opponent')).to.equal('latest');
      expect(el.getAttribute('swap-interval')).to.equal('0');
    });

    it('reports an invalid value as drill-error and keeps the last valid one', async () => {
      const el = await mount({ speed: '2' });
      const seen = errors(el);
      el.setAttribute('speed', '9');
      el.setAttribute('mode', 'penalties');
      el.setAttribute('opponent', 'messi');
      el.setAttribute('swap-interval', '-5');
      el.setAttribute('loading', 'later');
      await el.updateComplete;
      expect([el.speed, el.mode, el.opponent, el.swapInterval, el.loading]).to.deep.equal([2, 'ai_vs_ai', 'chaser', 1000, 'eager']);
      expect(el.getAttribute('speed')).to.equal('2');
      expect(seen.map((e) => e.code)).to.deep.equal(Array(5).fill('invalid-attribute'));
      expect(seen.every((e) => e.source === 'element' && e.recovered)).to.equal(true);
      expect(seen.find((e) => e.message.startsWith('speed'))!.message).to.match(/speed must be a number from 0.25 to 4, got 9\. Keeping 2\./);

      el.removeAttribute('speed');
      await el.updateComplete;
      expect(el.speed, 'a removed attribute means the default').to.equal(1);
    });

    it('falls back to the default for a value that is invalid from the start', async () => {
      const el = document.createElement('drill-arena');
      const seen = errors(el);
      el.setAttribute('runtime', RUNTIME);
      el.setAttribute('speed', 'fast');
      el.setAttribute('mode', 'chaos');
      document.body.append(el);
      mounted.push(el);
      await el.updateComplete;
      expect(el.speed).to.equal(1);
      expect(el.mode).to.equal('ai_vs_ai');
      expect(el.getAttribute('speed')).to.equal('1');
      expect(seen.map((e) => e.message)).to.have.members([
        'mode must be ai_vs_ai | human_vs_ai | sandbox, got "chaos". Using the default, "ai_vs_ai".',
        'speed must be a number from 0.25 to 4, got "fast". Using the default, 1.',
      ]);
    });
  });

  describe('the runtime owns the show', () => {
    it('sends settings and methods to the runtime and the render worker', async () => {
      const el = await ready(await mount({ speed: '2', opponent: 'random' }));
      const runtime = el.drillRuntime!;
      expect(runtime.state.show).to.deep.include({ speed: 2, opponent: 'random' });
      await until(async () => (await inspect(el)).state.speed === 2, 'speed in the worker');
      expect((await inspect(el)).labels[1]).to.equal('Random');

      el.pause();
      expect(runtime.state.show.paused).to.equal(true);
      expect(el.paused).to.equal(true);
      await until(async () => (await inspect(el)).state.paused, 'paused in the worker');
      const before = (await inspect(el)).ticks;
      el.step();
      el.step();
      await until(async () => (await inspect(el)).ticks === before + 2, 'two single steps');

      el.reset(11);
      expect(runtime.state.show.seed).to.equal(11);
      await until(async () => (await inspect(el)).state.seed === 11, 'the reset');
      expect((await inspect(el)).state.score).to.deep.equal([0, 0]);
      await el.updateComplete;
      expect(el.seed).to.equal(11);
      el.reset();
      expect(el.seed).to.equal(12);
      expect(() => el.reset(-3)).to.throw(RangeError);

      el.mode = 'sandbox';
      el.swapInterval = 300;
      await el.updateComplete;
      await until(async () => {
        const state = (await inspect(el)).state;
        return state.mode === 'sandbox' && state.swapIntervalMs === 300;
      }, 'mode and swap interval in the worker');

      el.play();
      expect(runtime.state.show.paused).to.equal(false);
      await until(async () => !(await inspect(el)).state.paused, 'playing again');
    });

    it('reflects state the runtime reports, e.g. another arena changing it, without echoing it back', async () => {
      const a = await ready(await mount({ speed: '1.5' }));
      const b = await ready(await mount());
      expect(b.speed, 'a second arena joins the match as it is').to.equal(1.5);
      const runtime = a.drillRuntime!;
      let setShowCalls = 0;
      const setShow = runtime.setShow.bind(runtime);
      runtime.setShow = (patch) => {
        setShowCalls++;
        setShow(patch);
      };
      try {
        b.speed = 3;
        b.pause();
        await b.updateComplete;
        await a.updateComplete;
        expect([a.speed, a.paused]).to.deep.equal([3, true]);
        expect(a.hasAttribute('paused')).to.equal(true);
        runtime.setShow({ opponent: 'latest' });
        await a.updateComplete;
        expect(a.opponent).to.equal('latest');
        await until(async () => (await inspect(a)).state.opponent === 'latest', 'the worker');
        await macrotasks(5);
        expect(setShowCalls, 'b.speed, b.pause() and the page call; reflecting sends nothing').to.equal(3);
      } finally {
        runtime.setShow = setShow;
      }
    });

    it('exposes the policy version and score the runtime reports', async () => {
      const el = await ready(await mount());
      await until(() => el.policyVersion >= 1, 'the first weights in play');
      expect(el.score).to.deep.equal(el.drillRuntime!.state.show.score);
    });
  });

  describe('events', () => {
    it('fires drill-goal and drill-episode-end with their details, and announces the goal', async () => {
      const el = await ready(await mount({ mode: 'sandbox', paused: '' }));
      const goal = nextEvent<DrillGoalDetail>(el, 'drill-goal');
      const end = nextEvent<DrillEpisodeEndDetail>(el, 'drill-episode-end');
      const render = (await el.drillRuntime!.renderWorker())!;
      await until(async () => (await inspect(el)).state.mode === 'sandbox', 'sandbox mode');
      await render.place('ball', { x: 7.9, y: 0.3, vx: 10, vy: 0 });
      for (let i = 0; i < 8; i++) el.step();
      const [g, e] = await Promise.all([goal, end]);
      expect(g.detail).to.deep.include({ side: 0 });
      expect(g.detail.score).to.deep.equal([1, 0]);
      expect(g.detail.tick).to.be.greaterThan(0);
      expect(g.bubbles && g.composed).to.equal(true);
      expect(e.detail).to.deep.include({ winner: 0 });
      expect(e.detail.length).to.be.greaterThan(0);
      await el.updateComplete;
      const live = el.shadowRoot!.querySelector('[role="status"]')!;
      expect(live.getAttribute('aria-live')).to.equal('polite');
      expect(live.textContent!.trim()).to.equal('Blue scores: 1–0');
      await until(() => el.score[0] === 1, 'the score in the runtime state');
    });

    it('turns the runtime\'s policy swaps into drill-policy-swap', async () => {
      const el = await ready(await mount());
      const detail: DrillPolicySwapDetail = { policyVersion: 5, previousVersion: 4, latencyMs: 12.5 };
      const swap = nextEvent<DrillPolicySwapDetail>(el, 'drill-policy-swap');
      el.drillRuntime!.dispatchEvent(new CustomEvent('policy-swap', { detail }));
      const event = await swap;
      expect(event.detail).to.deep.equal(detail);
      expect(event.bubbles && event.composed).to.equal(true);
    });
  });

  describe('input', () => {
    it('human_vs_ai: held keys reach the left player, which runs forward along its heading', async () => {
      const el = await ready(await mount({ mode: 'human_vs_ai', paused: '' }));
      await until(async () => (await inspect(el)).state.mode === 'human_vs_ai', 'human mode');
      const start = (await inspect(el)).bodies.players[0];
      const down = key(el, 'keydown', 'KeyW');
      expect(down.defaultPrevented, 'a game key does not scroll the page').to.equal(true);
      await until(async () => (await inspect(el)).inputBits === InputBit.FORWARD, 'the key in the worker');
      for (let i = 0; i < 40; i++) el.step();
      await until(async () => (await inspect(el)).ticks >= 40, 'the steps');
      const seen = await inspect(el);
      expect(seen.heldActions[0]).to.equal(actionForInput(InputBit.FORWARD));
      const end = seen.bodies.players[0];
      const along = (end.x - start.x) * Math.cos(start.angle) + (end.y - start.y) * Math.sin(start.angle);
      expect(along).to.be.greaterThan(0.5);

      expect(key(el, 'keydown', 'Space').defaultPrevented).to.equal(true);
      key(el, 'keyup', 'Space');
      key(el, 'keyup', 'KeyW');
      await until(async () => (await inspect(el)).inputBits === 0, 'the keys released');
      key(el, 'keydown', 'KeyA');
      // (A page in the background gets no focus events of its own, so the loss of focus is dispatched.)
      stage(el).dispatchEvent(new FocusEvent('focusout', { bubbles: true, composed: true }));
      await until(async () => (await inspect(el)).inputBits === 0, 'losing focus releases every key');

      el.mode = 'ai_vs_ai';
      await el.updateComplete;
      expect(key(el, 'keydown', 'Space').defaultPrevented, 'keys are the page\'s outside human_vs_ai').to.equal(false);
    });

    it('human_vs_ai: the touch buttons and stick send controls while held', async () => {
      const el = await ready(await mount({ mode: 'human_vs_ai', paused: '' }));
      const dash = el.shadowRoot!.querySelector<HTMLElement>('[part="button"].dash')!;
      dash.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 7, bubbles: true, cancelable: true }));
      await until(async () => (await inspect(el)).inputBits === InputBit.DASH, 'dash held');
      dash.dispatchEvent(new PointerEvent('pointerup', { pointerId: 7, bubbles: true }));
      await until(async () => (await inspect(el)).inputBits === 0, 'dash released');

      const stick = el.shadowRoot!.querySelector<HTMLElement>('[part="stick"]')!;
      // The controls show on coarse pointers only: lay them out as a touch screen would, so the test can aim at the stick.
      el.shadowRoot!.querySelector<HTMLElement>('[part="touch-controls"]')!.style.cssText = 'display: block; position: absolute; inset: 0';
      const box = stick.getBoundingClientRect();
      stick.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 8, clientX: box.left + box.width / 2, clientY: box.top + 2, bubbles: true, cancelable: true }));
      await until(async () => (await inspect(el)).inputBits === InputBit.FORWARD, 'stick pushed up');
      stick.dispatchEvent(new PointerEvent('pointerup', { pointerId: 8, bubbles: true }));
      await until(async () => (await inspect(el)).inputBits === 0, 'stick released');
    });

    it('sandbox: dragging with the pointer carries and throws the ball', async () => {
      const el = await ready(await mount({ mode: 'sandbox', paused: '' }));
      const render = (await el.drillRuntime!.renderWorker())!;
      await until(async () => (await inspect(el)).canvases.length === 1 && (await inspect(el)).state.mode === 'sandbox', 'the canvas attached');
      await render.place('ball', { x: -2, y: 1 });
      const c = canvas(el);
      const box = c.getBoundingClientRect();
      const t = pitchTransform(c.clientWidth, c.clientHeight);
      const pointer = (type: string, x: number, y: number) => {
        const at = worldToCanvas(t, x, y);
        c.dispatchEvent(new PointerEvent(type, { pointerId: 3, button: 0, clientX: box.left + at.x, clientY: box.top + at.y, bubbles: true, cancelable: true }));
      };
      pointer('pointerdown', -2, 1);
      await until(async () => (await inspect(el)).dragging === 'ball', 'the ball grabbed');
      pointer('pointermove', 1, -2);
      await until(async () => Math.abs((await inspect(el)).bodies.ball.x - 1) < 0.2, 'the ball carried');
      pointer('pointerup', 1, -2);
      await until(async () => (await inspect(el)).dragging === null, 'the ball let go');
      const ball = (await inspect(el)).bodies.ball;
      expect(ball.x).to.be.closeTo(1, 0.2);
      expect(ball.y).to.be.closeTo(-2, 0.2);
    });
  });

  describe('accessibility and canvas', () => {
    it('has an accessible name, a description of the match and a polite live region', async () => {
      const el = await ready(await mount({ opponent: 'random' }));
      const s = stage(el);
      expect(s.getAttribute('role')).to.equal('img');
      expect(s.getAttribute('aria-label')).to.equal('Soccer match');
      expect(s.tabIndex).to.equal(0);
      await until(() => el.drillRuntime!.state.show.opponent === 'random', 'the runtime state');
      await el.updateComplete;
      const description = el.shadowRoot!.getElementById(s.getAttribute('aria-describedby')!)!;
      expect(description.textContent).to.match(/^Blue, the (untrained AI|AI \(policy version \d+\)), 0; Orange, a random player, 0\./);
      el.mode = 'human_vs_ai';
      await el.updateComplete;
      expect(s.getAttribute('role')).to.equal('application');
      expect(s.getAttribute('aria-label')).to.match(/you play Blue.*W and S move/);
    });

    it('says so, and fires drill-error, where there is no OffscreenCanvas', async () => {
      const proto = HTMLCanvasElement.prototype as unknown as Record<string, unknown>;
      const descriptor = Object.getOwnPropertyDescriptor(proto, 'transferControlToOffscreen')!;
      delete proto['transferControlToOffscreen'];
      try {
        const el = document.createElement('drill-arena') as DrillArena;
        const seen = errors(el);
        el.setAttribute('runtime', RUNTIME);
        document.body.append(el);
        mounted.push(el);
        await el.updateComplete;
        expect(seen.map((e) => e.source)).to.deep.equal(['element']);
        expect(seen[0]!.message).to.match(/no OffscreenCanvas/);
        expect(canvas(el)).to.equal(null);
        const message = el.shadowRoot!.querySelector('[part="message"]')!;
        expect(message.getAttribute('role')).to.equal('alert');
        expect(message.textContent).to.match(/cannot draw the match/);
      } finally {
        Object.defineProperty(proto, 'transferControlToOffscreen', descriptor);
      }
    });

    it('hands its canvas to the render worker at CSS size × devicePixelRatio, follows resizes, and detaches when removed', async () => {
      // Resize observers report only in a page that renders; the test runner's page may be in the background.
      const observers: { callback: ResizeObserverCallback; targets: Element[] }[] = [];
      const real = globalThis.ResizeObserver;
      globalThis.ResizeObserver = class {
        readonly targets: Element[] = [];
        constructor(readonly callback: ResizeObserverCallback) {
          observers.push(this);
        }
        observe(target: Element) {
          this.targets.push(target);
        }
        unobserve() {}
        disconnect() {}
      } as unknown as typeof ResizeObserver;
      try {
        const el = await ready(await mount({ style: 'width: 480px' }));
        await until(async () => (await inspect(el)).canvases[0]?.width === 480, 'the canvas attached at its size');
        const [seen] = (await inspect(el)).canvases;
        expect(seen!.height).to.equal(300);
        expect(seen!.dpr).to.equal(devicePixelRatio);
        expect(seen!.backingWidth).to.equal(Math.round(480 * devicePixelRatio));
        el.style.width = '320px';
        const observer = observers.find((o) => o.targets.includes(canvas(el)))!;
        observer.callback([], observer as unknown as ResizeObserver);
        await until(async () => (await inspect(el)).canvases[0]?.width === 320, 'the resize');
        expect((await inspect(el)).canvases[0]!.height).to.equal(200);

        const runtime = el.drillRuntime!;
        const render = (await runtime.renderWorker())!;
        const other = await mount();
        await until(async () => (await render.inspect()).canvases.length === 2, 'a second arena\'s canvas');
        el.remove();
        await until(async () => (await render.inspect()).canvases.length === 1, 'the removed arena\'s canvas detached');
        expect(getRuntime(RUNTIME)).to.equal(runtime);
        other.remove();
      } finally {
        globalThis.ResizeObserver = real;
      }
    });
  });
});
