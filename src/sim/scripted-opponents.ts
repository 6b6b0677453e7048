/**
 * The two scripted baselines: the evaluation yardsticks and the show's
 * opponents before any training. Both act on observations and masks only,
 * like a policy, so they play either side through the same mirroring and
 * need no access to the world. Both are part of the frozen env: changing
 * their behaviour bumps ENV_VERSION.
 */
import { encodeAction, Move, type MoveCode, Turn, type TurnCode } from './actions.js';
import { BALL_RADIUS, OBS_DISTANCE_SCALE, PLAYER_HALF_DEPTH, PLAYER_HALF_WIDTH } from './constants.js';
import { maskWords, type ScriptedPolicy, type VecEnv } from './env.js';
import { Obs, OBS_SIZE } from './observation.js';
import { deriveSeed, Random, Stream } from '../util/random.js';

const RNG_WORDS = 4;

/**
 * Uniform over the allowed actions, with a stream per env
 * (deriveSeed(seed, Stream.SCRIPTED_OPPONENT, firstEnvIndex + e)), so a
 * batch and single envs draw the same actions. Works for any env.
 */
export class RandomPolicy implements ScriptedPolicy {
  readonly name = 'random';
  private readonly state: Int32Array;
  private readonly rng = new Random(0);

  constructor(readonly size: number, seed: number, firstEnvIndex = 0) {
    this.state = new Int32Array(size * RNG_WORDS);
    this.reseed(seed, firstEnvIndex);
  }

  reseed(seed: number, firstEnvIndex = 0): void {
    for (let e = 0; e < this.size; e++) {
      this.rng.seed(deriveSeed(seed, Stream.SCRIPTED_OPPONENT, firstEnvIndex + e));
      this.rng.save(this.state, e * RNG_WORDS);
    }
  }

  act(env: VecEnv, agent: number, actions: Int32Array): void {
    const { agents, actionCount } = env.info;
    const words = maskWords(env.info);
    const mask = env.mask;
    for (let e = 0; e < this.size; e++) {
      const k = e * agents + agent;
      let allowed = 0;
      for (let w = 0; w < words; w++) allowed += popcount(mask[k * words + w]!);
      this.rng.restore(this.state, e * RNG_WORDS);
      let pick = this.rng.int(allowed);
      this.rng.save(this.state, e * RNG_WORDS);
      if (allowed === actionCount) {
        actions[k] = pick;
        continue;
      }
      let action = 0;
      for (; action < actionCount; action++) {
        if ((mask[k * words + (action >>> 5)]! >>> (action & 31)) & 1 && pick-- === 0) break;
      }
      actions[k] = action;
    }
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** How far behind the ball (centre to centre, metres) the chaser lines up before pushing. */
const CHASER_LINE_UP = (BALL_RADIUS + PLAYER_HALF_DEPTH + 0.35) / OBS_DISTANCE_SCALE;
/** Sideways clearance (metres) when it has to get round the ball. */
const CHASER_CLEARANCE = (BALL_RADIUS + PLAYER_HALF_WIDTH + 0.3) / OBS_DISTANCE_SCALE;
/** Within this distance (metres) of the ball–goal line behind the ball, it pushes. */
const CHASER_PUSH_WIDTH = 0.4 / OBS_DISTANCE_SCALE;
/** It dashes when the ball is this close (metres) and dead ahead. */
const CHASER_DASH_RANGE = 2 / OBS_DISTANCE_SCALE;
/** Targets inside this angle (tan of it) count as ahead. */
const CHASER_AHEAD = 0.3;

/**
 * Goes to the ball and pushes it toward the opponent's goal: it lines up
 * behind the ball on the ball–goal line (going round the ball, not through
 * it, when it is on the wrong side), then runs through the ball, dashing
 * when ball and goal are in line ahead. Deterministic, soccer-specific.
 */
export class ChaserPolicy implements ScriptedPolicy {
  readonly name = 'chaser';

  constructor(readonly size: number) {}

  act(env: VecEnv, agent: number, actions: Int32Array): void {
    const agents = env.info.agents;
    const obs = env.obs;
    for (let e = 0; e < this.size; e++) {
      const k = e * agents + agent;
      const o = k * OBS_SIZE;
      const bf = obs[o + Obs.BALL_FORWARD]!;
      const bl = obs[o + Obs.BALL_LEFT]!;
      // Unit vector from the ball to the goal, in the body frame.
      let uf = obs[o + Obs.TARGET_GOAL_FORWARD]! - bf;
      let ul = obs[o + Obs.TARGET_GOAL_LEFT]! - bl;
      const n = Math.sqrt(uf * uf + ul * ul);
      if (n > 1e-9) {
        uf /= n;
        ul /= n;
      } else {
        uf = 1;
        ul = 0;
      }
      // Where the player stands relative to the ball: along the ball–goal line (negative = behind) and across it.
      const along = -(bf * uf + bl * ul);
      const across = bf * ul - bl * uf;
      let tf: number;
      let tl: number;
      let pushing = false;
      if (along < 0 && Math.abs(across) < CHASER_PUSH_WIDTH) {
        tf = bf;
        tl = bl;
        pushing = true;
      } else {
        tf = bf - uf * CHASER_LINE_UP;
        tl = bl - ul * CHASER_LINE_UP;
        if (along > -CHASER_LINE_UP) {
          // On the wrong side: aim wide of the ball, on the side the player is already on.
          const away = across < 0 ? -CHASER_CLEARANCE : CHASER_CLEARANCE;
          tf -= away * ul;
          tl += away * uf;
        }
      }
      const ahead = tf > 0 && Math.abs(tl) <= CHASER_AHEAD * tf;
      const turn: TurnCode = ahead ? Turn.NONE : tl > 0 || (tl === 0 && tf < 0) ? Turn.LEFT : Turn.RIGHT;
      const move: MoveCode = tf > 0 ? Move.FORWARD : tl > 0 ? Move.STRAFE_LEFT : Move.STRAFE_RIGHT;
      const dashing = encodeAction(move, turn, true);
      const dash = pushing && ahead && bf < CHASER_DASH_RANGE && uf > 0.8 && ((env.mask[k]! >>> dashing) & 1) === 1;
      actions[k] = dash ? dashing : encodeAction(move, turn, false);
    }
  }
}
