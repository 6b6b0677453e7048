/**
 * The show match: one soccer env driven a tick at a time, for the render
 * worker. It is a {@link SoccerBatch} of size 1, so the show runs exactly
 * the training code path; on top it keeps a score across episodes (a goal
 * or the time limit starts a new kickoff), exposes render state, and allows
 * sandbox edits (the show is evaluation only, so moving bodies by hand
 * cannot leak into training).
 *
 * A show loop, per tick:
 *
 *   if (match.decisionDue) for each AI agent: match.setAction(agent, policy(match.observation(agent), match.mask(agent)));
 *   if (human) match.setAction(humanAgent, actionFromKeys());   // every tick
 *   const event = match.tick();
 */
import { checkAction } from './actions.js';
import {
  BALL_MAX_SPEED,
  BALL_RADIUS,
  DASH_COOLDOWN_TICKS,
  DT,
  GOAL_DEPTH,
  GOAL_HALF_WIDTH,
  PITCH_HALF_LENGTH,
  PITCH_HALF_WIDTH,
  PLAYER_HALF_DEPTH,
  PLAYER_HALF_WIDTH,
  PLAYER_MAX_SPEED,
  TIME_LIMIT_TICKS,
} from './constants.js';
import type { EnvOptions } from './env.js';
import { OBS_SIZE } from './observation.js';
import { SoccerBatch } from './soccer-batch.js';
import { PLAYERS, SIDE } from './world.js';

/** What a tick did: nothing notable, a goal (see {@link SoccerMatch.lastScorer}), or the time limit. */
export const MatchEvent = { NONE: 0, GOAL: 1, TIME_UP: 2 } as const;
export type MatchEventCode = (typeof MatchEvent)[keyof typeof MatchEvent];

export interface BallState {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

export interface PlayerState extends BallState {
  /** World heading, radians counter-clockwise from +x. */
  angle: number;
  /** World angular velocity, rad/s counter-clockwise. */
  spin: number;
  /** Fraction of the dash cooldown still to run: 0 = dash ready. */
  dashCooldown: number;
}

/** Everything a renderer draws, in world units (metres, seconds); filled by {@link SoccerMatch.readState}. */
export interface RenderState {
  readonly ball: BallState;
  /** [left player (attacks +x), right player (attacks −x)]. */
  readonly players: readonly [PlayerState, PlayerState];
  /** Goals in this match: [left, right]. */
  readonly score: [number, number];
  /** Episodes finished in this match. */
  episodes: number;
  /** Ticks elapsed in the current episode. */
  tick: number;
  /** Game time left in the current episode, seconds. */
  timeLeft: number;
}

export function createRenderState(): RenderState {
  const player = (): PlayerState => ({ x: 0, y: 0, vx: 0, vy: 0, angle: 0, spin: 0, dashCooldown: 0 });
  return { ball: { x: 0, y: 0, vx: 0, vy: 0 }, players: [player(), player()], score: [0, 0], episodes: 0, tick: 0, timeLeft: 0 };
}

export class SoccerMatch {
  readonly batch: SoccerBatch;
  /** Goals in this match: [left, right]. Kept across episodes until {@link reset}. */
  readonly score: [number, number] = [0, 0];
  episodes = 0;
  /** The scorer (0 left, 1 right) of the last goal; valid after a tick that returned GOAL. */
  lastScorer = -1;
  private readonly observations: readonly Float32Array[];

  constructor(seed = 0, options: EnvOptions = {}) {
    this.batch = new SoccerBatch(1, options);
    this.observations = Array.from({ length: PLAYERS }, (_, agent) => this.batch.obs.subarray(agent * OBS_SIZE, (agent + 1) * OBS_SIZE));
    this.reset(seed);
  }

  /** A new match: score 0–0 and a kickoff drawn from deriveSeed(seed, Stream.ENV_RESET, 0). */
  reset(seed: number): void {
    this.batch.reset(seed, 0);
    this.score[0] = 0;
    this.score[1] = 0;
    this.episodes = 0;
    this.lastScorer = -1;
  }

  /** True every 4th tick of an episode (its first included): AI agents choose now. */
  get decisionDue(): boolean {
    return this.batch.decisionDue(0);
  }

  /** Agent's observation as of the last decision boundary (a view, updated in place). */
  observation(agent: number): Float32Array {
    return this.observations[agent]!;
  }

  mask(agent: number): number {
    return this.batch.mask[agent]!;
  }

  /** The action `agent` holds from the next tick on; a human's may change every tick. */
  setAction(agent: number, action: number): void {
    if (agent !== 0 && agent !== 1) throw new RangeError(`agent must be 0 or 1, got ${agent}`);
    this.batch.world.heldAction[agent] = checkAction(action);
  }

  tick(): MatchEventCode {
    this.batch.tick();
    if (this.batch.done[0] === 0) return MatchEvent.NONE;
    this.episodes++;
    if (this.batch.truncated[0] === 1) return MatchEvent.TIME_UP;
    this.lastScorer = this.batch.winner[0]!;
    this.score[this.lastScorer as 0 | 1]++;
    return MatchEvent.GOAL;
  }

  readState(out: RenderState): void {
    readBodies(this.batch, out);
    out.score[0] = this.score[0];
    out.score[1] = this.score[1];
    out.episodes = this.episodes;
  }

  /** Sandbox: puts the ball at (x, y) with velocity (vx, vy) ({@link placeBall}). */
  placeBall(x: number, y: number, vx = 0, vy = 0): void {
    placeBall(this.batch, x, y, vx, vy);
  }

  /** Sandbox: puts a player at (x, y) ({@link placePlayer}). */
  placePlayer(agent: number, x: number, y: number, angle?: number, vx = 0, vy = 0): void {
    placePlayer(this.batch, agent, x, y, angle, vx, vy);
  }
}

/**
 * Sandbox: puts env 0's ball at (x, y) with velocity (vx, vy), clamped to where
 * a ball can be (on the pitch or inside a goal box) and to its top speed.
 * Dropping it wholly inside a goal scores on the next tick.
 */
export function placeBall(batch: SoccerBatch, x: number, y: number, vx = 0, vy = 0): void {
  const w = batch.world;
  const cy = clamp(finite(y, 'y'), PITCH_HALF_WIDTH - BALL_RADIUS);
  const reachX = Math.abs(cy) <= GOAL_HALF_WIDTH - BALL_RADIUS ? PITCH_HALF_LENGTH + GOAL_DEPTH : PITCH_HALF_LENGTH;
  w.ballX[0] = clamp(finite(x, 'x'), reachX - BALL_RADIUS);
  w.ballY[0] = cy;
  [w.ballVX[0], w.ballVY[0]] = clampSpeed(finite(vx, 'vx'), finite(vy, 'vy'), BALL_MAX_SPEED);
  batch.refresh(0);
}

/**
 * Sandbox: puts env 0's player `agent` at (x, y), facing `angle` (world radians; kept if
 * omitted), with velocity (vx, vy), clamped to the pitch and top speed.
 * Its spin stops; its dash cooldown is kept.
 */
export function placePlayer(batch: SoccerBatch, agent: number, x: number, y: number, angle?: number, vx = 0, vy = 0): void {
  const w = batch.world;
  const side = SIDE[agent as 0 | 1];
  if (angle !== undefined) {
    const a = finite(angle, 'angle');
    w.playerCos[agent] = side * Math.cos(a);
    w.playerSin[agent] = Math.sin(a);
  }
  const c = Math.abs(w.playerCos[agent]!);
  const s = Math.abs(w.playerSin[agent]!);
  w.playerX[agent] = clamp(finite(x, 'x'), PITCH_HALF_LENGTH - (PLAYER_HALF_DEPTH * c + PLAYER_HALF_WIDTH * s));
  w.playerY[agent] = clamp(finite(y, 'y'), PITCH_HALF_WIDTH - (PLAYER_HALF_DEPTH * s + PLAYER_HALF_WIDTH * c));
  [w.playerVX[agent], w.playerVY[agent]] = clampSpeed(finite(vx, 'vx'), finite(vy, 'vy'), PLAYER_MAX_SPEED);
  w.playerSpin[agent] = 0;
  batch.refresh(0);
}

function finite(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}

function clamp(value: number, limit: number): number {
  return value > limit ? limit : value < -limit ? -limit : value;
}

function clampSpeed(vx: number, vy: number, max: number): [number, number] {
  const speed = Math.hypot(vx, vy);
  return speed > max ? [(vx * max) / speed, (vy * max) / speed] : [vx, vy];
}

/** The bodies, the tick and the time left of env 0 of `batch` into `out` (the match's score and episodes are the match's). */
export function readBodies(batch: SoccerBatch, out: RenderState): void {
  const w = batch.world;
  out.ball.x = w.ballX[0]!;
  out.ball.y = w.ballY[0]!;
  out.ball.vx = w.ballVX[0]!;
  out.ball.vy = w.ballVY[0]!;
  for (let p = 0; p < PLAYERS; p++) {
    const player = out.players[p]!;
    const side = SIDE[p as 0 | 1];
    player.x = w.playerX[p]!;
    player.y = w.playerY[p]!;
    player.vx = w.playerVX[p]!;
    player.vy = w.playerVY[p]!;
    player.angle = Math.atan2(w.playerSin[p]!, side * w.playerCos[p]!);
    player.spin = side * w.playerSpin[p]!;
    player.dashCooldown = w.dashCooldown[p]! / DASH_COOLDOWN_TICKS;
  }
  out.tick = w.episodeTick[0]!;
  out.timeLeft = (TIME_LIMIT_TICKS - out.tick) * DT;
}
