/**
 * The one mapping between the world (metres, origin at the centre spot, y
 * up) and a canvas (CSS pixels, origin top-left, y down). The renderer draws
 * with it and sandbox pointer hit-testing inverts it, so what is grabbed is
 * what is drawn. The whole view — pitch, goal boxes and a margin — is
 * letterboxed into the canvas at a uniform scale, centred; the view has a
 * band above the pitch where the scoreboard sits.
 */
import { GOAL_DEPTH, PITCH_HALF_LENGTH, PITCH_HALF_WIDTH } from '../sim/constants.js';

/** Space around the pitch and goal boxes, metres. */
export const VIEW_MARGIN = 0.5;
/** Extra space above the pitch for the scoreboard, metres. */
export const VIEW_HUD_BAND = 1;
export const VIEW_HALF_LENGTH = PITCH_HALF_LENGTH + GOAL_DEPTH + VIEW_MARGIN;
/** The view spans y from VIEW_BOTTOM to VIEW_TOP. */
export const VIEW_TOP = PITCH_HALF_WIDTH + VIEW_MARGIN + VIEW_HUD_BAND;
export const VIEW_BOTTOM = -(PITCH_HALF_WIDTH + VIEW_MARGIN);

export interface PitchTransform {
  /** CSS pixels per metre. */
  readonly scale: number;
  /** Canvas position of the centre spot, CSS pixels. */
  readonly originX: number;
  readonly originY: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The transform for a canvas of `width` × `height` CSS pixels. */
export function pitchTransform(width: number, height: number): PitchTransform {
  const scale = Math.max(0, Math.min(width / (2 * VIEW_HALF_LENGTH), height / (VIEW_TOP - VIEW_BOTTOM)));
  // The view's middle goes to the canvas's middle.
  return { scale, originX: width / 2, originY: height / 2 + ((VIEW_TOP + VIEW_BOTTOM) / 2) * scale };
}

export function worldToCanvas(t: PitchTransform, x: number, y: number): Point {
  return { x: t.originX + x * t.scale, y: t.originY - y * t.scale };
}

export function canvasToWorld(t: PitchTransform, px: number, py: number): Point {
  const s = t.scale || 1;
  return { x: (px - t.originX) / s, y: (t.originY - py) / s };
}
