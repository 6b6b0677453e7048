/**
 * Rewards: a goal ends the episode with +1 for the scorer and −1 for the
 * conceder; every step also carries potential-based shaping
 * γ·Φ(s′) − Φ(s), with Φ of a terminal state taken as 0, so shaping can
 * change how fast a policy learns but not which policy is best (Ng et al.,
 * 1999). A time-limit end is a truncation: Φ(s′) there is the real final
 * state's potential, and the trainer bootstraps from V(s′) (decision 6 in docs/architecture.md).
 */
import { PITCH_HALF_LENGTH, SHAPING_PROXIMITY_WEIGHT } from './constants.js';
import { PLAYERS, SIDE, type SoccerWorld } from './world.js';

export const GOAL_REWARD = 1;

const INV_PITCH_LENGTH = 1 / (2 * PITCH_HALF_LENGTH);

/**
 * Φ for `agent` in match `e`, before the shaping scale:
 * (d(ball, own goal) − d(ball, opponent goal) − w · d(player, ball)) / pitch length,
 * goals measured to the middle of their goal line, worked in the agent's attacking frame.
 */
export function potential(w: SoccerWorld, e: number, agent: number): number {
  const side = SIDE[agent as 0 | 1];
  const i = e * PLAYERS + agent;
  const bx = side * w.ballX[e]!;
  const by = w.ballY[e]!;
  const toOwn = bx + PITCH_HALF_LENGTH;
  const toTarget = bx - PITCH_HALF_LENGTH;
  const px = bx - side * w.playerX[i]!;
  const py = by - w.playerY[i]!;
  const by2 = by * by;
  return (Math.sqrt(toOwn * toOwn + by2) - Math.sqrt(toTarget * toTarget + by2) - SHAPING_PROXIMITY_WEIGHT * Math.sqrt(px * px + py * py)) * INV_PITCH_LENGTH;
}
