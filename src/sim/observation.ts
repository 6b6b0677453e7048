/**
 * What an agent sees: 30 floats, ego-centric and mirrored, with fixed
 * scaling (decision 3 in docs/architecture.md). Everything is first expressed in the agent's
 * attacking frame (the world mirrored in x for the right player, so both
 * agents attack +x); "body" entries are then rotated into the agent's own
 * frame (forward, left). Mirroring by exact negation makes the right
 * player's observation of a world bit-identical to the left player's
 * observation of the mirrored world. docs/env.md has the table.
 */
import { ALL_ACTIONS_MASK, NO_DASH_MASK } from './actions.js';
import {
  DASH_COOLDOWN_TICKS,
  OBS_DISTANCE_SCALE,
  OBS_SPEED_SCALE,
  PITCH_HALF_LENGTH,
  PITCH_HALF_WIDTH,
  PLAYER_TURN_RATE,
  TIME_LIMIT_TICKS,
} from './constants.js';
import { PLAYERS, SIDE, type SoccerWorld } from './world.js';

/** Index of each observation entry; a pair (…_FORWARD, next) is (forward, left) in the body frame. */
export const Obs = {
  VELOCITY_FORWARD: 0,
  VELOCITY_LEFT: 1,
  SPIN: 2,
  BALL_FORWARD: 3,
  BALL_LEFT: 4,
  BALL_VELOCITY_FORWARD: 5,
  BALL_VELOCITY_LEFT: 6,
  OPPONENT_FORWARD: 7,
  OPPONENT_LEFT: 8,
  OPPONENT_VELOCITY_FORWARD: 9,
  OPPONENT_VELOCITY_LEFT: 10,
  OPPONENT_HEADING_COS: 11,
  OPPONENT_HEADING_SIN: 12,
  TARGET_GOAL_FORWARD: 13,
  TARGET_GOAL_LEFT: 14,
  OWN_GOAL_FORWARD: 15,
  OWN_GOAL_LEFT: 16,
  POSITION_X: 17,
  POSITION_Y: 18,
  HEADING_COS: 19,
  HEADING_SIN: 20,
  BALL_X: 21,
  BALL_Y: 22,
  BALL_VELOCITY_X: 23,
  BALL_VELOCITY_Y: 24,
  OPPONENT_X: 25,
  OPPONENT_Y: 26,
  DASH_COOLDOWN: 27,
  OPPONENT_DASH_COOLDOWN: 28,
  TIME_LEFT: 29,
} as const;
export const OBS_SIZE = 30;

const INV_DISTANCE = 1 / OBS_DISTANCE_SCALE;
const INV_SPEED = 1 / OBS_SPEED_SCALE;
const INV_HALF_LENGTH = 1 / PITCH_HALF_LENGTH;
const INV_HALF_WIDTH = 1 / PITCH_HALF_WIDTH;
const INV_TURN_RATE = 1 / PLAYER_TURN_RATE;
const INV_COOLDOWN = 1 / DASH_COOLDOWN_TICKS;
const INV_TIME_LIMIT = 1 / TIME_LIMIT_TICKS;

/** Writes agent `agent`'s observation of match `e` into `out[at … at + OBS_SIZE)`. */
export function writeObservation(w: SoccerWorld, e: number, agent: number, out: Float32Array, at: number): void {
  const side = SIDE[agent as 0 | 1];
  const me = e * PLAYERS + agent;
  const them = e * PLAYERS + (1 - agent);
  const c = w.playerCos[me]!;
  const s = w.playerSin[me]!;
  const x = side * w.playerX[me]!;
  const y = w.playerY[me]!;
  const vx = side * w.playerVX[me]!;
  const vy = w.playerVY[me]!;
  const bx = side * w.ballX[e]!;
  const by = w.ballY[e]!;
  const bvx = side * w.ballVX[e]!;
  const bvy = w.ballVY[e]!;
  const ox = side * w.playerX[them]!;
  const oy = w.playerY[them]!;
  const ovx = side * w.playerVX[them]!;
  const ovy = w.playerVY[them]!;
  // The opponent's heading in its own frame, mirrored into ours: the two frames differ by an x flip.
  const oc = -w.playerCos[them]!;
  const os = w.playerSin[them]!;

  // Body frame: forward = X·c + Y·s, left = Y·c − X·s.
  out[at + Obs.VELOCITY_FORWARD] = (vx * c + vy * s) * INV_SPEED;
  out[at + Obs.VELOCITY_LEFT] = (vy * c - vx * s) * INV_SPEED;
  out[at + Obs.SPIN] = w.playerSpin[me]! * INV_TURN_RATE;
  let rx = bx - x;
  let ry = by - y;
  out[at + Obs.BALL_FORWARD] = (rx * c + ry * s) * INV_DISTANCE;
  out[at + Obs.BALL_LEFT] = (ry * c - rx * s) * INV_DISTANCE;
  rx = bvx - vx;
  ry = bvy - vy;
  out[at + Obs.BALL_VELOCITY_FORWARD] = (rx * c + ry * s) * INV_SPEED;
  out[at + Obs.BALL_VELOCITY_LEFT] = (ry * c - rx * s) * INV_SPEED;
  rx = ox - x;
  ry = oy - y;
  out[at + Obs.OPPONENT_FORWARD] = (rx * c + ry * s) * INV_DISTANCE;
  out[at + Obs.OPPONENT_LEFT] = (ry * c - rx * s) * INV_DISTANCE;
  rx = ovx - vx;
  ry = ovy - vy;
  out[at + Obs.OPPONENT_VELOCITY_FORWARD] = (rx * c + ry * s) * INV_SPEED;
  out[at + Obs.OPPONENT_VELOCITY_LEFT] = (ry * c - rx * s) * INV_SPEED;
  out[at + Obs.OPPONENT_HEADING_COS] = oc * c + os * s;
  out[at + Obs.OPPONENT_HEADING_SIN] = os * c - oc * s;
  rx = PITCH_HALF_LENGTH - x;
  ry = -y;
  out[at + Obs.TARGET_GOAL_FORWARD] = (rx * c + ry * s) * INV_DISTANCE;
  out[at + Obs.TARGET_GOAL_LEFT] = (ry * c - rx * s) * INV_DISTANCE;
  rx = -PITCH_HALF_LENGTH - x;
  out[at + Obs.OWN_GOAL_FORWARD] = (rx * c + ry * s) * INV_DISTANCE;
  out[at + Obs.OWN_GOAL_LEFT] = (ry * c - rx * s) * INV_DISTANCE;

  // Attacking frame (the pitch as the agent attacks it).
  out[at + Obs.POSITION_X] = x * INV_HALF_LENGTH;
  out[at + Obs.POSITION_Y] = y * INV_HALF_WIDTH;
  out[at + Obs.HEADING_COS] = c;
  out[at + Obs.HEADING_SIN] = s;
  out[at + Obs.BALL_X] = bx * INV_HALF_LENGTH;
  out[at + Obs.BALL_Y] = by * INV_HALF_WIDTH;
  out[at + Obs.BALL_VELOCITY_X] = bvx * INV_SPEED;
  out[at + Obs.BALL_VELOCITY_Y] = bvy * INV_SPEED;
  out[at + Obs.OPPONENT_X] = ox * INV_HALF_LENGTH;
  out[at + Obs.OPPONENT_Y] = oy * INV_HALF_WIDTH;

  out[at + Obs.DASH_COOLDOWN] = w.dashCooldown[me]! * INV_COOLDOWN;
  out[at + Obs.OPPONENT_DASH_COOLDOWN] = w.dashCooldown[them]! * INV_COOLDOWN;
  out[at + Obs.TIME_LEFT] = 1 - w.episodeTick[e]! * INV_TIME_LIMIT;
}

/** Bit a set ⇔ action a allowed: everything, or no dash while it cools down (decision 4 in docs/architecture.md). */
export function actionMask(w: SoccerWorld, e: number, agent: number): number {
  return w.dashCooldown[e * PLAYERS + agent] === 0 ? ALL_ACTIONS_MASK : NO_DASH_MASK;
}
