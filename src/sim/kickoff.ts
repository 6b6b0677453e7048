/**
 * The start of an episode: the ball near the centre spot with a small
 * random roll, each player somewhere in its own half facing roughly toward
 * the opponent's goal. Randomised from the env's own stream so episodes
 * differ, and drawn in a fixed order so a seed always gives the same kickoff.
 * The ranges keep every body apart and inside the pitch.
 */
import {
  KICKOFF_BALL_HALF_X,
  KICKOFF_BALL_HALF_Y,
  KICKOFF_BALL_MAX_SPEED,
  KICKOFF_PLAYER_HALF_Y,
  KICKOFF_PLAYER_MAX_ANGLE,
  KICKOFF_PLAYER_MAX_DEPTH,
  KICKOFF_PLAYER_MIN_DEPTH,
} from './constants.js';
import type { Random } from '../util/random.js';
import { PLAYERS, SIDE, type SoccerWorld } from './world.js';

export function kickoff(w: SoccerWorld, e: number, rng: Random): void {
  w.ballX[e] = uniform(rng, -KICKOFF_BALL_HALF_X, KICKOFF_BALL_HALF_X);
  w.ballY[e] = uniform(rng, -KICKOFF_BALL_HALF_Y, KICKOFF_BALL_HALF_Y);
  const speed = uniform(rng, 0, KICKOFF_BALL_MAX_SPEED);
  const direction = uniform(rng, -Math.PI, Math.PI);
  w.ballVX[e] = speed * Math.cos(direction);
  w.ballVY[e] = speed * Math.sin(direction);
  for (let p = 0; p < PLAYERS; p++) {
    const i = e * PLAYERS + p;
    w.playerX[i] = -SIDE[p] * uniform(rng, KICKOFF_PLAYER_MIN_DEPTH, KICKOFF_PLAYER_MAX_DEPTH);
    w.playerY[i] = uniform(rng, -KICKOFF_PLAYER_HALF_Y, KICKOFF_PLAYER_HALF_Y);
    const angle = uniform(rng, -KICKOFF_PLAYER_MAX_ANGLE, KICKOFF_PLAYER_MAX_ANGLE);
    w.playerCos[i] = Math.cos(angle);
    w.playerSin[i] = Math.sin(angle);
    w.playerVX[i] = 0;
    w.playerVY[i] = 0;
    w.playerSpin[i] = 0;
    w.dashCooldown[i] = 0;
  }
  w.episodeTick[e] = 0;
}

function uniform(rng: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}
