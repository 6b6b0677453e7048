// Soccer's sandbox bodies as its drill declares them: hit where the painter
// draws them, at any pixel ratio, and put down inside the pitch.
import { expect } from '@open-wc/testing';
import { SOCCER_DRILL } from '../../src/drills/soccer/index.js';
import { pitchTransform, worldToCanvas } from '../../src/render/pitch-transform.js';
import { createRenderState, placeBall, placePlayer, readBodies } from '../../src/sim/match.js';
import { PITCH_HALF_LENGTH } from '../../src/sim/index.js';

describe('soccer drill bodies', () => {
  const bodies = SOCCER_DRILL.bodies!;
  const setUp = () => {
    const batch = SOCCER_DRILL.createBatch(1);
    batch.reset(3, 0);
    placeBall(batch, 2, -1);
    placePlayer(batch, 0, -4, 2, 0);
    placePlayer(batch, 1, 5, -2, Math.PI);
    return batch;
  };

  for (const [width, height] of [[640, 400], [1280, 800]]) {
    it(`hits the ball (0), the left (1) and the right player (2) where they are drawn on ${width}×${height}, and nothing on empty grass`, () => {
      const batch = setUp();
      const t = pitchTransform(width!, height!);
      const size = { width: width!, height: height! };
      expect(bodies.hit(batch, worldToCanvas(t, 2, -1), size)).to.equal(0);
      expect(bodies.hit(batch, worldToCanvas(t, -4, 2), size)).to.equal(1);
      expect(bodies.hit(batch, worldToCanvas(t, 5, -2), size)).to.equal(2);
      expect(bodies.hit(batch, worldToCanvas(t, 0, 3.5), size)).to.equal(-1);
    });
  }

  it('moves a body to the point, clamped to the pitch', () => {
    const batch = setUp();
    const size = { width: 640, height: 400 };
    const t = pitchTransform(size.width, size.height);
    bodies.move(batch, 0, worldToCanvas(t, -1, 1.5), size);
    bodies.move(batch, 2, worldToCanvas(t, PITCH_HALF_LENGTH + 5, 0), size);
    const state = createRenderState();
    readBodies(batch, state);
    expect(state.ball.x).to.be.closeTo(-1, 1e-6);
    expect(state.ball.y).to.be.closeTo(1.5, 1e-6);
    expect(state.players[1].x).to.be.lessThan(PITCH_HALF_LENGTH);
    expect(state.players[1].x).to.be.greaterThan(PITCH_HALF_LENGTH - 1.5);
  });
});
