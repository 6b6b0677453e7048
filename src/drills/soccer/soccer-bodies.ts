/**
 * What the sandbox lets a person drag in soccer (its drill's `bodies`): the
 * ball (0) and the two players (1 left, 2 right), hit where they are drawn
 * (the same pitch transform the painter draws with) and put down inside the
 * pitch. The show's own drag (src/show/sandbox-drag.ts) adds the throw.
 */
import type { DrillBodies, DrillPoint, DrillSize } from '../../contract/drill.js';
import { canvasToWorld, type Point, pitchTransform } from '../../render/pitch-transform.js';
import { SOCCER_BODIES } from '../../render/scene.js';
import { createRenderState, placeBall, placePlayer, readBodies } from '../../sim/match.js';
import type { SoccerBatch } from '../../sim/soccer-batch.js';
import { hitTest } from '../../show/sandbox-drag.js';

const probe = createRenderState();

/** A canvas point (canvas pixels) in world metres; the transform is the same at any pixel ratio. */
function toWorld(at: DrillPoint, size: DrillSize): Point {
  return canvasToWorld(pitchTransform(size.width, size.height), at.x, at.y);
}

export const SOCCER_DRILL_BODIES: DrillBodies<SoccerBatch> = {
  hit(batch, at, size) {
    readBodies(batch, probe);
    const body = hitTest(probe, toWorld(at, size));
    return body ? SOCCER_BODIES.indexOf(body) : -1;
  },
  move(batch, body, at, size) {
    const { x, y } = toWorld(at, size);
    if (body === 0) placeBall(batch, x, y);
    else if (body === 1 || body === 2) placePlayer(batch, body - 1, x, y);
  },
};
