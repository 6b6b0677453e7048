// The classic drills' pictures: drawn where the state says, in the theme's colours.
import { expect } from '@open-wc/testing';
import { drawAcrobot } from '../../src/drills/acrobot/index.js';
import { drawCartPole, X_THRESHOLD } from '../../src/drills/cartpole/index.js';
import type { DrillDraw, DrillTheme } from '../../src/contract/drill.js';
import { createDrillFrame } from '../../src/show/drill-frame.js';

const THEME: DrillTheme = { surface: '#000000', text: '#ffffff', muted: '#808080', accent: '#0000ff', good: '#00ff00', danger: '#ff0000' };
const SIZE = { width: 480, height: 320 };

function render(draw: DrillDraw, state: number[]): (x: number, y: number) => string {
  const canvas = new OffscreenCanvas(SIZE.width, SIZE.height);
  const ctx = canvas.getContext('2d')!;
  draw(ctx, Float64Array.from(state), SIZE, THEME, createDrillFrame());
  const pixels = ctx.getImageData(0, 0, SIZE.width, SIZE.height).data;
  return (x, y) => {
    const i = (Math.round(y) * SIZE.width + Math.round(x)) * 4;
    return `#${[0, 1, 2].map((c) => pixels[i + c]!.toString(16).padStart(2, '0')).join('')}`;
  };
}

describe('classic drill pictures', () => {
  it('cartpole: the pole stands over the cart, leans the way θ says, and the cart moves with x', () => {
    const upright = render(drawCartPole, [0, 0, 0, 0]);
    // Scale: the world is 2·2.4·1.1 m wide or 2.2 m tall, whichever fits; the track at 70 % of the height.
    const scale = Math.min(SIZE.width / (2 * X_THRESHOLD * 1.1), SIZE.height / 2.2);
    const trackY = SIZE.height * 0.7;
    expect(upright(SIZE.width / 2, trackY - 0.6 * scale), 'pole above the centre').to.equal(THEME.accent);
    expect(upright(SIZE.width / 2, trackY), 'cart on the track').to.equal(THEME.text);
    expect(upright(5, 5), 'background').to.equal(THEME.surface);

    const leaning = render(drawCartPole, [0, 0, 0.15, 0]);
    expect(leaning(SIZE.width / 2 + Math.sin(0.15) * 0.9 * scale, trackY - 0.06 * scale - Math.cos(0.15) * 0.9 * scale), 'pole tip leans toward +x').to.equal(THEME.accent);

    const moved = render(drawCartPole, [2, 0, 0, 0]);
    expect(moved(SIZE.width / 2 + 2 * scale, trackY), 'cart near the limit').to.equal(THEME.danger);
    expect(moved(SIZE.width / 2, trackY - 0.6 * scale), 'no pole left at the centre').to.equal(THEME.surface);
  });

  it('acrobot: hanging, the links point down; upright, the tip is over the goal line in the good colour', () => {
    const scale = Math.min(SIZE.width, SIZE.height) / 4.4;
    const [cx, cy] = [SIZE.width / 2, SIZE.height / 2];
    const hanging = render(drawAcrobot, [0, 0, 0, 0]);
    expect(hanging(cx, cy + 0.5 * scale), 'first link below the pivot').to.equal(THEME.text);
    expect(hanging(cx, cy + 1.5 * scale), 'second link below it').to.equal(THEME.accent);
    expect(hanging(cx, cy + 2 * scale), 'its tip short of the goal').to.equal(THEME.danger);
    const upright = render(drawAcrobot, [Math.PI, 0, 0, 0]);
    expect(upright(cx, cy - 2 * scale), 'the tip over the line').to.equal(THEME.good);
    expect(upright(cx, cy + 1.5 * scale), 'nothing below').to.equal(THEME.surface);
  });
});
