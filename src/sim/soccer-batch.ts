/**
 * N soccer matches stepped together: the {@link VecEnv} the rollout workers
 * drive, and (with N = 1, one tick at a time) the show match. All state is
 * in typed arrays allocated once; step() and tick() allocate nothing.
 *
 * Each env owns a random stream, kept as sfc32 state words and restored
 * into one shared generator only at a kickoff, so env i of a batch and a
 * single env reset with firstEnvIndex = i run bit-identical episodes.
 */
import { ACTION_COUNT, checkAction } from './actions.js';
import {
  DEFAULT_GAMMA,
  DEFAULT_SHAPING_SCALE,
  ENV_ID,
  ENV_VERSION,
  MAX_EPISODE_STEPS,
  TICK_HZ,
  TICKS_PER_DECISION,
  TIME_LIMIT_TICKS,
} from './constants.js';
import { type EnvInfo, type EnvOptions, type VecEnv, Winner } from './env.js';
import { kickoff } from './kickoff.js';
import { actionMask, OBS_SIZE, writeObservation } from './observation.js';
import { NO_GOAL, tick } from './physics.js';
import { GOAL_REWARD, potential } from './reward.js';
import { PLAYERS, SoccerWorld } from './world.js';
import { deriveSeed, Random, Stream } from '../util/random.js';

export const SOCCER_INFO: EnvInfo = Object.freeze({
  id: ENV_ID,
  version: ENV_VERSION,
  obsSize: OBS_SIZE,
  actionCount: ACTION_COUNT,
  agents: PLAYERS,
  ticksPerDecision: TICKS_PER_DECISION,
  tickHz: TICK_HZ,
  maxEpisodeSteps: MAX_EPISODE_STEPS,
});

const RNG_WORDS = 4;

export class SoccerBatch implements VecEnv {
  readonly info = SOCCER_INFO;
  readonly world: SoccerWorld;

  readonly obs: Float32Array;
  readonly mask: Uint32Array;
  readonly reward: Float32Array;
  readonly done: Uint8Array;
  readonly truncated: Uint8Array;
  readonly finalObs: Float32Array;
  readonly finalMask: Uint32Array;
  readonly episodeId: Uint32Array;
  readonly episodeStep: Uint32Array;
  readonly winner: Int8Array;
  readonly episodeReturn: Float32Array;
  readonly episodeLength: Uint32Array;
  /** [N][agents]: the scaled potential Φ(s) of the current state, which the next step's shaping subtracts. */
  readonly potential: Float64Array;
  /** Ticks simulated since construction, across every env. */
  ticksSimulated = 0;

  private readonly returns: Float64Array;
  private readonly rngState: Int32Array;
  private readonly rng = new Random(0);
  private gamma: number;
  private shapingScale: number;

  constructor(readonly size: number, options: EnvOptions = {}) {
    this.world = new SoccerWorld(size);
    const cells = size * PLAYERS;
    this.obs = new Float32Array(cells * OBS_SIZE);
    this.mask = new Uint32Array(cells);
    this.reward = new Float32Array(cells);
    this.done = new Uint8Array(size);
    this.truncated = new Uint8Array(size);
    this.finalObs = new Float32Array(cells * OBS_SIZE);
    this.finalMask = new Uint32Array(cells);
    this.episodeId = new Uint32Array(size);
    this.episodeStep = new Uint32Array(size);
    this.winner = new Int8Array(size);
    this.episodeReturn = new Float32Array(cells);
    this.episodeLength = new Uint32Array(size);
    this.potential = new Float64Array(cells);
    this.returns = new Float64Array(cells);
    this.rngState = new Int32Array(size * RNG_WORDS);
    this.gamma = checkGamma(options.gamma ?? DEFAULT_GAMMA);
    this.shapingScale = checkShapingScale(options.shapingScale ?? DEFAULT_SHAPING_SCALE);
    this.reset(0);
  }

  reset(seed: number, firstEnvIndex = 0): void {
    for (let e = 0; e < this.size; e++) {
      this.rng.seed(deriveSeed(seed, Stream.ENV_RESET, firstEnvIndex + e));
      this.rng.save(this.rngState, e * RNG_WORDS);
      this.episodeId[e] = 0;
      this.startEpisode(e);
    }
    this.world.heldAction.fill(0);
    this.reward.fill(0);
    this.done.fill(0);
    this.truncated.fill(0);
  }

  step(actions: Int32Array): void {
    this.hold(actions);
    this.done.fill(0);
    this.truncated.fill(0);
    const episodeTick = this.world.episodeTick;
    for (let e = 0; e < this.size; e++) this.advance(e, TICKS_PER_DECISION - (episodeTick[e]! % TICKS_PER_DECISION));
  }

  /**
   * Advances every env by one tick with the held actions (the show's unit).
   * `done` and its companions describe this tick; `obs`, `mask` and
   * `reward` change only when the tick completes a decision, which is when
   * {@link decisionDue} turns true again.
   */
  tick(): void {
    this.done.fill(0);
    this.truncated.fill(0);
    for (let e = 0; e < this.size; e++) this.advance(e, 1);
  }

  /** Whether env `e` stands at a decision boundary, where its agents choose new actions. */
  decisionDue(e: number): boolean {
    return this.world.episodeTick[e]! % TICKS_PER_DECISION === 0;
  }

  /** Sets the actions ([N][agents]) held from the next tick on: step() passes its own, tick() keeps the last held. */
  hold(actions: Int32Array): void {
    const held = this.world.heldAction;
    if (actions.length !== held.length) throw new RangeError(`expected ${held.length} actions ([${this.size}][${PLAYERS}]), got ${actions.length}`);
    for (let i = 0; i < held.length; i++) held[i] = checkAction(actions[i]!);
  }

  setGamma(gamma: number): void {
    this.gamma = checkGamma(gamma);
  }

  /** Rescales Φ from now on; the current potentials are rescaled too, so the next shaping term stays consistent. */
  setShapingScale(scale: number): void {
    this.shapingScale = checkShapingScale(scale);
    for (let e = 0; e < this.size; e++) this.refresh(e);
  }

  /** Recomputes env `e`'s observation, mask and potential after its world was edited directly. */
  refresh(e: number): void {
    for (let agent = 0; agent < PLAYERS; agent++) this.potential[e * PLAYERS + agent] = this.shapingScale * potential(this.world, e, agent);
    this.observe(e, this.obs, this.mask);
  }

  /** Ticks env `e` up to `ticks` times, stopping early at the end of an episode. */
  private advance(e: number, ticks: number): void {
    const w = this.world;
    let scorer = NO_GOAL;
    let timeUp = false;
    let elapsed = 0;
    for (let k = 0; k < ticks; k++) {
      scorer = tick(w, e);
      elapsed = ++w.episodeTick[e]!;
      this.ticksSimulated++;
      if (scorer !== NO_GOAL) break;
      if (elapsed >= TIME_LIMIT_TICKS) {
        timeUp = true;
        break;
      }
    }
    if (scorer === NO_GOAL && !timeUp && elapsed % TICKS_PER_DECISION !== 0) return;
    this.completeDecision(e, scorer, timeUp);
  }

  /** Rewards the decision just completed, and closes the episode if it ended. */
  private completeDecision(e: number, scorer: number, timeUp: boolean): void {
    const goal = scorer !== NO_GOAL;
    for (let agent = 0; agent < PLAYERS; agent++) {
      const k = e * PLAYERS + agent;
      const next = goal ? 0 : this.shapingScale * potential(this.world, e, agent);
      const terminal = !goal ? 0 : scorer === agent ? GOAL_REWARD : -GOAL_REWARD;
      const r = terminal + this.gamma * next - this.potential[k]!;
      this.reward[k] = r;
      this.returns[k] = this.returns[k]! + r;
      this.potential[k] = next;
    }
    const length = ++this.episodeStep[e]!;
    if (!goal && !timeUp) {
      this.observe(e, this.obs, this.mask);
      return;
    }
    this.done[e] = 1;
    this.truncated[e] = timeUp ? 1 : 0;
    this.winner[e] = goal ? scorer : Winner.DRAW;
    this.episodeLength[e] = length;
    for (let agent = 0; agent < PLAYERS; agent++) this.episodeReturn[e * PLAYERS + agent] = this.returns[e * PLAYERS + agent]!;
    this.observe(e, this.finalObs, this.finalMask);
    this.episodeId[e] = this.episodeId[e]! + 1;
    this.startEpisode(e);
  }

  private startEpisode(e: number): void {
    this.rng.restore(this.rngState, e * RNG_WORDS);
    kickoff(this.world, e, this.rng);
    this.rng.save(this.rngState, e * RNG_WORDS);
    this.episodeStep[e] = 0;
    for (let agent = 0; agent < PLAYERS; agent++) this.returns[e * PLAYERS + agent] = 0;
    this.refresh(e);
  }

  private observe(e: number, obs: Float32Array, mask: Uint32Array): void {
    for (let agent = 0; agent < PLAYERS; agent++) {
      const k = e * PLAYERS + agent;
      writeObservation(this.world, e, agent, obs, k * OBS_SIZE);
      mask[k] = actionMask(this.world, e, agent);
    }
  }
}

function checkGamma(gamma: number): number {
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`gamma must be in [0, 1], got ${gamma}`);
  return gamma;
}

function checkShapingScale(scale: number): number {
  if (!Number.isFinite(scale) || scale < 0) throw new RangeError(`shaping scale must be a finite number ≥ 0, got ${scale}`);
  return scale;
}
