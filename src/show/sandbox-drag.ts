/**
 * Sandbox dragging: grab the ball or a player with the pointer, carry it,
 * let go to throw it with the pointer's velocity. While carried, a body is
 * re-placed every tick at the pointer with the pointer's velocity, so it
 * pushes what it runs into like a moving body would.
 */
import { BALL_RADIUS, PLAYER_HALF_DEPTH, PLAYER_HALF_WIDTH } from '../sim/constants.js';
import type { RenderState, SoccerMatch } from '../sim/match.js';
import type { BodyId } from '../render/scene.js';
import type { Point } from '../render/pitch-transform.js';

/** Extra grab distance around a body, metres, so small bodies are easy to hit with a finger. */
const GRAB_SLOP = 0.35;
/** The pointer's velocity is measured over about this much of its recent motion. */
const VELOCITY_WINDOW_MS = 80;
const SAMPLES = 8;

export class SandboxDrag {
  private target: BodyId | null = null;
  private offsetX = 0;
  private offsetY = 0;
  private readonly t = new Float64Array(SAMPLES);
  private readonly x = new Float64Array(SAMPLES);
  private readonly y = new Float64Array(SAMPLES);
  private count = 0;

  get body(): BodyId | null {
    return this.target;
  }

  /** Grabs the body under `at` (the ball first: it is the smallest); false if there is none. */
  grab(bodies: RenderState, at: Point, nowMs: number): boolean {
    this.target = hitTest(bodies, at);
    if (!this.target) return false;
    const pos = this.target === 'ball' ? bodies.ball : bodies.players[this.target === 'left' ? 0 : 1];
    this.offsetX = pos.x - at.x;
    this.offsetY = pos.y - at.y;
    this.count = 0;
    this.sample(at, nowMs);
    return true;
  }

  /** Follows the pointer; places the body now, so a paused match shows it moving. */
  move(match: SoccerMatch, at: Point, nowMs: number): void {
    if (!this.target) return;
    this.sample(at, nowMs);
    this.place(match, nowMs);
  }

  /** Lets go: with the pointer's velocity (a throw), or at rest when `throwIt` is false (a cancelled gesture). */
  release(match: SoccerMatch, nowMs: number, throwIt: boolean): void {
    if (!this.target) return;
    this.place(match, throwIt ? nowMs : null);
    this.target = null;
  }

  /** Keeps a carried body where the pointer holds it (call before each tick). */
  hold(match: SoccerMatch, nowMs: number): void {
    if (this.target) this.place(match, nowMs);
  }

  /** Forgets the body without placing it (after a goal or a reset moved everything). */
  drop(): void {
    this.target = null;
  }

  /** Places the body at the pointer, moving with it as of `nowMs` (null: at rest). */
  private place(match: SoccerMatch, nowMs: number | null): void {
    const last = (this.count - 1) % SAMPLES;
    const x = this.x[last]! + this.offsetX;
    const y = this.y[last]! + this.offsetY;
    const [vx, vy] = nowMs === null ? [0, 0] : this.velocity(nowMs);
    if (this.target === 'ball') match.placeBall(x, y, vx, vy);
    else match.placePlayer(this.target === 'left' ? 0 : 1, x, y, undefined, vx, vy);
  }

  private sample(at: Point, nowMs: number): void {
    const k = this.count % SAMPLES;
    this.t[k] = nowMs;
    this.x[k] = at.x;
    this.y[k] = at.y;
    this.count++;
  }

  /** Metres per second over the recent samples (0 when the pointer has rested). */
  private velocity(nowMs: number): [number, number] {
    const last = (this.count - 1) % SAMPLES;
    if (nowMs - this.t[last]! > VELOCITY_WINDOW_MS) return [0, 0];
    let first = last;
    for (let i = 1; i < Math.min(this.count, SAMPLES); i++) {
      const k = (this.count - 1 - i) % SAMPLES;
      if (this.t[last]! - this.t[k]! > VELOCITY_WINDOW_MS) break;
      first = k;
    }
    const dt = (this.t[last]! - this.t[first]!) / 1000;
    if (dt <= 0) return [0, 0];
    return [(this.x[last]! - this.x[first]!) / dt, (this.y[last]! - this.y[first]!) / dt];
  }
}

/** The body at world point `at`, if any. */
export function hitTest(bodies: RenderState, at: Point): BodyId | null {
  if (Math.hypot(at.x - bodies.ball.x, at.y - bodies.ball.y) <= BALL_RADIUS + GRAB_SLOP) return 'ball';
  for (const [index, id] of [[0, 'left'], [1, 'right']] as const) {
    const p = bodies.players[index];
    const dx = at.x - p.x;
    const dy = at.y - p.y;
    const c = Math.cos(p.angle);
    const s = Math.sin(p.angle);
    const forward = dx * c + dy * s;
    const left = -dx * s + dy * c;
    if (Math.abs(forward) <= PLAYER_HALF_DEPTH + GRAB_SLOP && Math.abs(left) <= PLAYER_HALF_WIDTH + GRAB_SLOP) return id;
  }
  return null;
}
