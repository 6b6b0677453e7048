/**
 * The {@link VecEnv} of a one-agent drill with continuous state: everything
 * the contract asks of a batch (SoA arrays allocated once, per-env seeded
 * streams, auto-reset, episode records) around a drill's {@link SingleAgentDynamics},
 * which only knows one env's state vector.
 *
 * State is float64 ([N][stateSize]), as the reference implementations keep
 * it; observations are float32, as they hand them out.
 *
 * One-agent drills have no opponent, so {@link VecEnv.winner} records
 * success instead: {@link Winner.LEFT} (agent 0 "won") where the episode
 * reached the drill's goal, {@link Winner.DRAW} where it did not. A rollout
 * collector's outcome of 1 is then a success.
 */
import { type EnvInfo, maskWords, type VecEnv, Winner } from '../sim/env.js';
import { deriveSeed, Random, Stream } from '../util/random.js';

/** One env's physics, written against a flat float64 state vector at `offset`. */
export interface SingleAgentDynamics {
  /** With `agents` = 1. */
  readonly info: EnvInfo;
  /** Floats of state per env. */
  readonly stateSize: number;
  /** Writes a fresh initial state, drawn from `random`. */
  initialState(random: Random, state: Float64Array, offset: number): void;
  /** Advances the state by one decision taking `action` (already checked to be in range). */
  advance(state: Float64Array, offset: number, action: number): void;
  /** Whether the state is terminal (checked after every advance). */
  terminal(state: Float64Array, offset: number): boolean;
  /** The reward of a step that ended in a state that is (or is not) terminal. */
  reward(terminated: boolean): number;
  /** Writes the observation of the state at `obs[obsOffset …]`. */
  observe(state: Float64Array, offset: number, obs: Float32Array, obsOffset: number): void;
  /** Whether an episode that ended this way reached the drill's goal. */
  succeeded(terminated: boolean): boolean;
}

const RNG_WORDS = 4;

export class SingleAgentBatch implements VecEnv {
  readonly info: EnvInfo;
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
  /** [N][stateSize]: each env's current state (the drill's own layout; see its dynamics). */
  readonly state: Float64Array;
  private readonly returns: Float64Array;
  private readonly rngState: Int32Array;
  private readonly rng = new Random(0);
  private readonly obsSize: number;
  private readonly stateSize: number;

  constructor(readonly dynamics: SingleAgentDynamics, readonly size: number) {
    const info = dynamics.info;
    if (info.agents !== 1) throw new RangeError(`single-agent batch: '${info.id}' declares ${info.agents} agents`);
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`${info.id}: batch size must be a positive integer, got ${size}`);
    this.info = info;
    this.obsSize = info.obsSize;
    this.stateSize = dynamics.stateSize;
    const words = maskWords(info);
    const allowAll = allActionsMask(info.actionCount);
    this.obs = new Float32Array(size * info.obsSize);
    this.mask = new Uint32Array(size * words);
    this.finalMask = new Uint32Array(size * words);
    for (let w = 0; w < size * words; w++) this.mask[w] = this.finalMask[w] = allowAll[w % words]!;
    this.reward = new Float32Array(size);
    this.done = new Uint8Array(size);
    this.truncated = new Uint8Array(size);
    this.finalObs = new Float32Array(size * info.obsSize);
    this.episodeId = new Uint32Array(size);
    this.episodeStep = new Uint32Array(size);
    this.winner = new Int8Array(size);
    this.episodeReturn = new Float32Array(size);
    this.episodeLength = new Uint32Array(size);
    this.state = new Float64Array(size * this.stateSize);
    this.returns = new Float64Array(size);
    this.rngState = new Int32Array(size * RNG_WORDS);
  }

  reset(seed: number, firstEnvIndex = 0): void {
    for (let e = 0; e < this.size; e++) {
      this.rng.seed(deriveSeed(seed, Stream.ENV_RESET, firstEnvIndex + e));
      this.rng.save(this.rngState, e * RNG_WORDS);
      this.episodeId[e] = 0;
      this.done[e] = 0;
      this.truncated[e] = 0;
      this.startEpisode(e);
    }
  }

  /**
   * Puts env e in `state` (stateSize floats, the drill's layout) with its
   * observation, as if an episode had just begun there: how a test starts
   * from a reference implementation's initial state, and how a show could
   * place a body. The env's random stream is left as it is.
   */
  setState(e: number, state: ArrayLike<number>): void {
    if (!Number.isInteger(e) || e < 0 || e >= this.size) throw new RangeError(`${this.info.id}: env index ${e} is outside [0, ${this.size})`);
    if (state.length !== this.stateSize) throw new RangeError(`${this.info.id}: a state has ${this.stateSize} floats, got ${state.length}`);
    for (let i = 0; i < this.stateSize; i++) {
      if (!Number.isFinite(state[i])) throw new RangeError(`${this.info.id}: state[${i}] must be finite, got ${state[i]}`);
    }
    this.state.set(state, e * this.stateSize);
    this.episodeStep[e] = 0;
    this.returns[e] = 0;
    this.dynamics.observe(this.state, e * this.stateSize, this.obs, e * this.obsSize);
  }

  step(actions: Int32Array): void {
    const { dynamics, size, obsSize, stateSize } = this;
    const actionCount = this.info.actionCount;
    if (actions.length < size) throw new RangeError(`${this.info.id}: step needs ${size} actions, got ${actions.length}`);
    for (let e = 0; e < size; e++) {
      const action = actions[e]!;
      if (action < 0 || action >= actionCount) throw new RangeError(`${this.info.id}: action ${action} of env ${e} is outside [0, ${actionCount})`);
    }
    for (let e = 0; e < size; e++) {
      const offset = e * stateSize;
      dynamics.advance(this.state, offset, actions[e]!);
      const terminated = dynamics.terminal(this.state, offset);
      const reward = dynamics.reward(terminated);
      this.reward[e] = reward;
      this.returns[e]! += reward;
      const steps = ++this.episodeStep[e]!;
      dynamics.observe(this.state, offset, this.obs, e * obsSize);
      const truncated = !terminated && steps >= this.info.maxEpisodeSteps;
      this.done[e] = terminated || truncated ? 1 : 0;
      this.truncated[e] = truncated ? 1 : 0;
      if (!this.done[e]) continue;
      this.finalObs.set(this.obs.subarray(e * obsSize, (e + 1) * obsSize), e * obsSize);
      this.winner[e] = dynamics.succeeded(terminated) ? Winner.LEFT : Winner.DRAW;
      this.episodeReturn[e] = this.returns[e]!;
      this.episodeLength[e] = steps;
      this.episodeId[e]!++;
      this.startEpisode(e);
    }
  }

  setGamma(): void {
    // No shaping: the classic drills' rewards are their specifications'.
  }

  private startEpisode(e: number): void {
    this.rng.restore(this.rngState, e * RNG_WORDS);
    this.dynamics.initialState(this.rng, this.state, e * this.stateSize);
    this.rng.save(this.rngState, e * RNG_WORDS);
    this.episodeStep[e] = 0;
    this.returns[e] = 0;
    this.dynamics.observe(this.state, e * this.stateSize, this.obs, e * this.obsSize);
  }
}

/** Mask words with every one of `actionCount` actions allowed. */
function allActionsMask(actionCount: number): Uint32Array {
  const words = new Uint32Array(Math.ceil(actionCount / 32));
  for (let a = 0; a < actionCount; a++) words[a >> 5]! |= 1 << (a & 31);
  return words;
}

/** A uniform draw in [low, high) from `random`. */
export function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random.next();
}
