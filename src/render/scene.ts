/**
 * What one frame shows: the bodies (already interpolated between two ticks)
 * and the overlay state. Soccer's painter (soccer-painter.ts) fills one in
 * place every frame from the show's DrillFrame; the paint functions only
 * read it.
 */
import type { ShowMode } from '../contract/show.js';
import { createRenderState, type PlayerState, type RenderState } from '../sim/match.js';

/** A body the sandbox can grab. */
export type BodyId = 'ball' | 'left' | 'right';

/** Soccer's bodies by their index in its drill's `bodies` (src/contract/drill.ts DrillBodies). */
export const SOCCER_BODIES: readonly BodyId[] = ['ball', 'left', 'right'];

export interface Scene {
  readonly bodies: RenderState;
  mode: ShowMode;
  paused: boolean;
  speed: number;
  /** Names in the scoreboard, left then right (e.g. "AI v12", "Chaser", "You"). */
  readonly labels: [string, string];
  /** The body being dragged in the sandbox. */
  dragging: BodyId | null;
  /** Side that scored the last goal, and seconds since (wall clock), for the banner. */
  goalSide: 0 | 1;
  goalAge: number;
  /** The policy version adopted last, and seconds since, for the swap toast. */
  swapVersion: number;
  swapAge: number;
}

export function createScene(): Scene {
  return {
    bodies: createRenderState(),
    mode: 'ai_vs_ai',
    paused: false,
    speed: 1,
    labels: ['', ''],
    dragging: null,
    goalSide: 0,
    goalAge: Infinity,
    swapVersion: 0,
    swapAge: Infinity,
  };
}

/**
 * `out` = the state `alpha` of the way from `a` to `b` (0 → a, 1 → b);
 * headings turn the short way round. Scores and clocks are `b`'s.
 */
export function interpolateRenderState(a: RenderState, b: RenderState, alpha: number, out: RenderState): void {
  const lerp = (p: number, q: number): number => p + (q - p) * alpha;
  out.ball.x = lerp(a.ball.x, b.ball.x);
  out.ball.y = lerp(a.ball.y, b.ball.y);
  out.ball.vx = b.ball.vx;
  out.ball.vy = b.ball.vy;
  for (let p = 0; p < 2; p++) {
    const from = a.players[p]!;
    const to = b.players[p]!;
    const player: PlayerState = out.players[p]!;
    player.x = lerp(from.x, to.x);
    player.y = lerp(from.y, to.y);
    player.vx = to.vx;
    player.vy = to.vy;
    let turn = to.angle - from.angle;
    if (turn > Math.PI) turn -= 2 * Math.PI;
    else if (turn < -Math.PI) turn += 2 * Math.PI;
    player.angle = from.angle + turn * alpha;
    player.spin = to.spin;
    player.dashCooldown = to.dashCooldown;
  }
  out.score[0] = b.score[0];
  out.score[1] = b.score[1];
  out.episodes = b.episodes;
  out.tick = b.tick;
  out.timeLeft = b.timeLeft;
}

/** Copies `from` into `to` (no allocation). */
export function copyRenderState(from: RenderState, to: RenderState): void {
  interpolateRenderState(from, from, 0, to);
}
