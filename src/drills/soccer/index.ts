/**
 * Soccer as a drill like the others: the env, its painter (the pitch, the
 * bodies between ticks, the HUD: src/render/soccer-painter.ts), the match's
 * keys and the sandbox's bodies. Its show ticks the match at 120 Hz with
 * seats, goals and swap blends of its own (src/show/soccer-show.ts), but
 * draws, sizes and schedules through the same canvases as every drill.
 */
import type { DrillControls, DrillDefinition } from '../../contract/drill.js';
import { KEY_BITS } from '../../contract/human-input.js';
import { SoccerPainter } from '../../render/soccer-painter.js';
import type { SoccerBatch } from '../../sim/soccer-batch.js';
import { soccerEnv } from '../../sim/soccer-env.js';
import { actionForInput } from '../../show/human-input.js';
import { SOCCER_DRILL_BODIES } from './soccer-bodies.js';

const soccerControls: DrillControls = { keys: KEY_BITS, action: actionForInput, help: 'W/S forward and back, A/D turn, Q/E strafe, Space dash' };

export const SOCCER_DRILL: DrillDefinition<SoccerBatch> = {
  ...soccerEnv,
  createBatch: (size) => soccerEnv.createBatch(size) as SoccerBatch,
  title: 'Soccer',
  controls: soccerControls,
  painter: () => new SoccerPainter(),
  bodies: SOCCER_DRILL_BODIES,
};
