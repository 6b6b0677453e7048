// A screenshot of <drill-arena> read back in the page: bodies placed at known
// positions in the sandbox must show at the pixels the shared world → canvas
// transform gives, over a drawn pitch. Runs in the visible group (decision 17
// in docs/architecture.md): the render worker draws only while its canvas is on screen.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent, until } from '../helpers/use-source-workers.js';
import { configureRuntime } from '../../src/runtime/registry.js';
import type { ShowInspection } from '../../src/show/show-inspection.js';
import { pitchTransform, worldToCanvas } from '../../src/render/pitch-transform.js';
import { PALETTE } from '../../src/render/palette.js';
import type { DrillArena } from '../../elements/drill-arena.js';
import { pretendVisibility } from '../helpers/visibility.js';

const RUNTIME = 'arena-screenshot';

type Rgb = readonly [number, number, number];

function hex(colour: string): Rgb {
  const n = parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const distance = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('<drill-arena> screenshot', () => {
  before(() => {
    configureRuntime(RUNTIME, { rolloutWorkers: 1 });
    pretendVisibility('visible');
  });

  after(() => pretendVisibility(null));

  it('shows the pitch, both players and the ball where the sandbox put them', async () => {
    const el = document.createElement('drill-arena') as DrillArena;
    el.setAttribute('runtime', RUNTIME);
    el.setAttribute('mode', 'sandbox');
    el.setAttribute('paused', '');
    el.style.width = '640px';
    document.body.prepend(el);
    await nextEvent(el, 'drill-ready');
    const render = (await el.drillRuntime!.renderWorker())!;
    const inspect = async () => (await render.inspect()) as ShowInspection;
    const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('[part="canvas"]')!;
    const { clientWidth: width, clientHeight: height } = canvas;
    expect([width, height]).to.deep.equal([640, 400]);
    await until(async () => {
      const seen = await inspect();
      return seen.state.mode === 'sandbox' && seen.canvases[0]?.width === width && seen.running;
    }, 'the canvas attached and drawing');

    await render.place('ball', { x: 2.5, y: 2 });
    await render.place('left', { x: -4, y: -1, angle: 0 });
    await render.place('right', { x: 4, y: -2, angle: Math.PI });
    await until(async () => !(await inspect()).drawPending, 'a frame drawn after the edits');

    const probe = document.createElement('canvas');
    probe.width = width;
    probe.height = height;
    const ctx = probe.getContext('2d', { willReadFrequently: true })!;
    const t = pitchTransform(width, height);
    const pixel = (x: number, y: number): Rgb => {
      const at = worldToCanvas(t, x, y);
      const d = ctx.getImageData(Math.round(at.x), Math.round(at.y), 1, 1).data;
      return [d[0]!, d[1]!, d[2]!];
    };

    // The placeholder canvas shows the worker's frame once the compositor has taken it in; on a busy machine that can be several tasks later.
    await until(() => {
      ctx.drawImage(canvas, 0, 0, width, height);
      return distance(pixel(-4, -1.4), hex(PALETTE.teams[0].fill)) < 40 && distance(pixel(4, -2.4), hex(PALETTE.teams[1].fill)) < 40;
    }, 'the page canvas to show the frame after the edits');

    const grass = [hex(PALETTE.stripeA), hex(PALETTE.stripeB)];
    const isGrass = (c: Rgb) => Math.min(...grass.map((g) => distance(c, g))) < 30;
    expect(isGrass(pixel(-2, 3)), `grass at (-2, 3): ${pixel(-2, 3)}`).to.equal(true);
    expect(isGrass(pixel(6, 2.5)), 'grass at (6, 2.5)').to.equal(true);
    expect(distance(pixel(0, 0), [255, 255, 255]), 'the centre spot').to.be.lessThan(60);
    expect(distance(pixel(-8, 4.5), [255, 255, 255]), 'the left touch line').to.be.lessThan(80);

    expect(distance(pixel(2.5, 2), hex(PALETTE.ball)), `the ball: ${pixel(2.5, 2)}`).to.be.lessThan(40);
    // Shoulders, beside the head: the team colours.
    expect(distance(pixel(-4, -1.4), hex(PALETTE.teams[0].fill)), `blue player: ${pixel(-4, -1.4)}`).to.be.lessThan(40);
    expect(distance(pixel(-4, -0.6), hex(PALETTE.teams[0].fill)), 'blue player, other shoulder').to.be.lessThan(40);
    expect(distance(pixel(4, -2.4), hex(PALETTE.teams[1].fill)), `orange player: ${pixel(4, -2.4)}`).to.be.lessThan(40);
    expect(distance(pixel(4, -1.6), hex(PALETTE.teams[1].fill)), 'orange player, other shoulder').to.be.lessThan(40);
    // Heading markers: white chevrons in front of each (blue faces +x, orange −x).
    expect(distance(pixel(-3.63, -1), [255, 255, 255]), `blue chevron: ${pixel(-3.63, -1)}`).to.be.lessThan(70);
    expect(distance(pixel(3.63, -2), [255, 255, 255]), `orange chevron: ${pixel(3.63, -2)}`).to.be.lessThan(70);

    el.remove();
    await macrotasks();
  });
});
