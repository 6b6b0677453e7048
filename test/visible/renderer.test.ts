// Soccer's painter on a page canvas (no worker): the letterboxed world ↔
// canvas transform, drawing at CSS size × devicePixelRatio through the show's
// canvases, what lands on which pixels, and the motion between two ticks.
import { expect } from '@open-wc/testing';
import { SOCCER_DRILL } from '../../src/drills/soccer/index.js';
import { DRILL_THEME, PALETTE } from '../../src/render/palette.js';
import { canvasToWorld, pitchTransform, VIEW_BOTTOM, VIEW_HALF_LENGTH, VIEW_TOP, worldToCanvas } from '../../src/render/pitch-transform.js';
import { SoccerPainter } from '../../src/render/soccer-painter.js';
import { placeBall, placePlayer } from '../../src/sim/match.js';
import { GOAL_DEPTH, PITCH_HALF_LENGTH, PITCH_HALF_WIDTH } from '../../src/sim/index.js';
import { createDrillFrame } from '../../src/show/drill-frame.js';
import { ShowCanvases } from '../../src/show/show-canvases.js';

type Rgb = readonly [number, number, number];
const hex = (colour: string): Rgb => {
  const n = parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const distance = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('pitch transform', () => {
  for (const [width, height] of [[640, 400], [360, 225], [400, 640], [1200, 300]]) {
    it(`letterboxes the whole view into ${width}×${height} at one scale, centred`, () => {
      const t = pitchTransform(width!, height!);
      const corners = [worldToCanvas(t, -VIEW_HALF_LENGTH, VIEW_TOP), worldToCanvas(t, VIEW_HALF_LENGTH, VIEW_BOTTOM)];
      for (const c of corners) {
        expect(c.x).to.be.within(-1e-9, width! + 1e-9);
        expect(c.y).to.be.within(-1e-9, height! + 1e-9);
      }
      // One of the two axes is filled exactly.
      const fillsWidth = Math.abs(corners[1]!.x - corners[0]!.x - width!) < 1e-6;
      const fillsHeight = Math.abs(corners[1]!.y - corners[0]!.y - height!) < 1e-6;
      expect(fillsWidth || fillsHeight).to.equal(true);
      expect((corners[0]!.x + corners[1]!.x) / 2).to.be.closeTo(width! / 2, 1e-6);
      expect((corners[0]!.y + corners[1]!.y) / 2).to.be.closeTo(height! / 2, 1e-6);
      const goalBack = worldToCanvas(t, PITCH_HALF_LENGTH + GOAL_DEPTH, PITCH_HALF_WIDTH);
      expect(goalBack.x).to.be.lessThan(width!);
      const back = canvasToWorld(t, 123.5, 77.25);
      const again = worldToCanvas(t, back.x, back.y);
      expect(again.x).to.be.closeTo(123.5, 1e-9);
      expect(again.y).to.be.closeTo(77.25, 1e-9);
      expect(worldToCanvas(t, 0, 1).y, 'y is up in the world, down on the canvas').to.be.lessThan(worldToCanvas(t, 0, 0).y);
    });
  }
});

describe('soccer painter', () => {
  const open = (width: number, height: number, dpr: number) => {
    const batch = SOCCER_DRILL.createBatch(1);
    batch.reset(1, 0);
    const canvas = document.createElement('canvas');
    const canvases = new ShowCanvases(SOCCER_DRILL, batch, () => 0, () => ({ start() {}, stop() {} }), () => {}, () => {}, () => {});
    canvases.attach(1, canvas, { width, height, dpr });
    return { batch, canvas, canvases };
  };

  it('draws at CSS size × dpr: pitch, players in team colours, ball, surround', () => {
    const { batch, canvas, canvases } = open(480, 300, 2);
    expect([canvas.width, canvas.height]).to.deep.equal([960, 600]);
    placeBall(batch, 1, -2);
    placePlayer(batch, 0, -3, 1, Math.PI / 2);
    placePlayer(batch, 1, 5, 2, 0);
    canvases.cut();
    const frame = createDrillFrame();
    frame.labels = ['AI v3', 'Chaser'];
    canvases.paint(frame, DRILL_THEME, (error) => { throw error; });

    const ctx = canvas.getContext('2d')!;
    const t = pitchTransform(480, 300);
    const pixel = (x: number, y: number): Rgb => {
      const at = worldToCanvas(t, x, y);
      const d = ctx.getImageData(Math.round(at.x * 2), Math.round(at.y * 2), 1, 1).data;
      return [d[0]!, d[1]!, d[2]!];
    };
    expect(distance(pixel(1, -2), hex(PALETTE.ball))).to.be.lessThan(40);
    // Blue faces +y: its shoulders are to its sides, at ±x.
    expect(distance(pixel(-3.4, 1), hex(PALETTE.teams[0].fill)), `blue: ${pixel(-3.4, 1)}`).to.be.lessThan(40);
    expect(distance(pixel(-2.6, 1), hex(PALETTE.teams[0].fill))).to.be.lessThan(40);
    expect(distance(pixel(5, 2.4), hex(PALETTE.teams[1].fill)), `orange: ${pixel(5, 2.4)}`).to.be.lessThan(40);
    const grass = [hex(PALETTE.stripeA), hex(PALETTE.stripeB)];
    expect(Math.min(...grass.map((g) => distance(pixel(-5, -3), g)))).to.be.lessThan(30);
    const corner = ctx.getImageData(2, canvas.height - 3, 1, 1).data;
    expect(distance([corner[0]!, corner[1]!, corner[2]!], hex(PALETTE.surroundEdge)), 'the surround').to.be.lessThan(30);
  });

  it("draws the ball frame.alpha of the way between the last two ticks, and a cut as it is", () => {
    const batch = SOCCER_DRILL.createBatch(1);
    batch.reset(1, 0);
    const painter = new SoccerPainter();
    const canvas = new OffscreenCanvas(480, 300);
    const ctx = canvas.getContext('2d')!;
    const frame = createDrillFrame();
    const t = pitchTransform(480, 300);
    const ballAt = (x: number, y: number): number => {
      const at = worldToCanvas(t, x, y);
      const d = ctx.getImageData(Math.round(at.x), Math.round(at.y), 1, 1).data;
      return distance([d[0]!, d[1]!, d[2]!], hex(PALETTE.ball));
    };
    placeBall(batch, -4, -3);
    painter.cut(batch);
    placeBall(batch, 4, -3);
    painter.stepped(batch);
    frame.alpha = 0.5;
    painter.draw(ctx, batch, { width: 480, height: 300 }, DRILL_THEME, frame);
    expect(ballAt(0, -3), 'half way').to.be.lessThan(40);
    expect(ballAt(4, -3), 'not yet at the new place').to.be.greaterThan(40);
    painter.cut(batch);
    painter.draw(ctx, batch, { width: 480, height: 300 }, DRILL_THEME, frame);
    expect(ballAt(4, -3), 'a cut shows the state as it is').to.be.lessThan(40);
  });

  it('keeps the backing store under its cap for a huge canvas at a high dpr', () => {
    const { canvas, canvases } = open(3000, 1875, 3);
    expect(canvas.width * canvas.height).to.be.at.most(4096 * 4096 + 4096 * 2);
    expect(canvases.report()[0]).to.include({ width: 3000, height: 1875, dpr: 3 });
  });
});
