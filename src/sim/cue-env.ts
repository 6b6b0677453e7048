/**
 * The cue drill: a second, deliberately tiny environment. Each decision both
 * players are shown one of 8 cues and score a point for pressing the matching
 * button; after 16 decisions the player with more points wins.
 *
 * It exists for two reasons: it shows that a drill plugs into the trainer,
 * rollout workers and evaluator through the EnvDefinition interface alone
 * (nothing in src/rl knows soccer), and it is the learning sanity task of the
 * test suite — a policy learns it in a few updates, so a test can check that
 * the whole pipeline (workers, lanes, trainer, publishing) learns.
 */
import { type EnvDefinition, type EnvInfo, type EnvOptions, type ScriptedPolicy, type VecEnv, Winner } from './env.js';
import { deriveSeed, Random, Stream } from '../util/random.js';

const CUES = 8;
const AGENTS = 2;
const EPISODE_STEPS = 16;
/** Per correct answer; a perfect episode returns 1. */
const POINT = 1 / EPISODE_STEPS;
const RNG_WORDS = 4;

export const CUE_INFO: EnvInfo = Object.freeze({
  id: 'cue',
  version: 1,
  obsSize: CUES,
  actionCount: CUES,
  agents: AGENTS,
  ticksPerDecision: 1,
  tickHz: 30,
  maxEpisodeSteps: EPISODE_STEPS,
});

const ALL_CUES_MASK = (1 << CUES) - 1;

export class CueBatch implements VecEnv {
  readonly info = CUE_INFO;
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
  /** The cue each agent is shown, [N][agents]. */
  private readonly cue: Int32Array;
  private readonly returns: Float32Array;
  private readonly rngState: Int32Array;
  private readonly rng = new Random(0);

  constructor(readonly size: number) {
    const cells = size * AGENTS;
    this.obs = new Float32Array(cells * CUES);
    this.mask = new Uint32Array(cells).fill(ALL_CUES_MASK);
    this.reward = new Float32Array(cells);
    this.done = new Uint8Array(size);
    this.truncated = new Uint8Array(size);
    this.finalObs = new Float32Array(cells * CUES);
    this.finalMask = new Uint32Array(cells).fill(ALL_CUES_MASK);
    this.episodeId = new Uint32Array(size);
    this.episodeStep = new Uint32Array(size);
    this.winner = new Int8Array(size);
    this.episodeReturn = new Float32Array(cells);
    this.episodeLength = new Uint32Array(size);
    this.cue = new Int32Array(cells);
    this.returns = new Float32Array(cells);
    this.rngState = new Int32Array(size * RNG_WORDS);
  }

  reset(seed: number, firstEnvIndex = 0): void {
    for (let e = 0; e < this.size; e++) {
      this.rng.seed(deriveSeed(seed, Stream.ENV_RESET, firstEnvIndex + e));
      this.rng.save(this.rngState, e * RNG_WORDS);
      this.episodeId[e] = 0;
      this.startEpisode(e);
    }
  }

  step(actions: Int32Array): void {
    for (let e = 0; e < this.size; e++) {
      this.done[e] = 0;
      this.truncated[e] = 0;
      for (let a = 0; a < AGENTS; a++) {
        const k = e * AGENTS + a;
        const reward = actions[k] === this.cue[k] ? POINT : 0;
        this.reward[k] = reward;
        this.returns[k]! += reward;
      }
      this.episodeStep[e]!++;
      if (this.episodeStep[e]! < EPISODE_STEPS) {
        this.drawCues(e);
        continue;
      }
      this.done[e] = 1;
      this.truncated[e] = 1;
      this.finalObs.set(this.obs.subarray(e * AGENTS * CUES, (e + 1) * AGENTS * CUES), e * AGENTS * CUES);
      const [left, right] = [this.returns[e * AGENTS]!, this.returns[e * AGENTS + 1]!];
      this.winner[e] = left > right ? Winner.LEFT : right > left ? Winner.RIGHT : Winner.DRAW;
      this.episodeReturn[e * AGENTS] = left;
      this.episodeReturn[e * AGENTS + 1] = right;
      this.episodeLength[e] = EPISODE_STEPS;
      this.episodeId[e]!++;
      this.startEpisode(e);
    }
  }

  setGamma(): void {
    // No shaping: γ plays no part in this drill's rewards.
  }

  private startEpisode(e: number): void {
    this.episodeStep[e] = 0;
    this.returns[e * AGENTS] = 0;
    this.returns[e * AGENTS + 1] = 0;
    this.drawCues(e);
  }

  private drawCues(e: number): void {
    this.rng.restore(this.rngState, e * RNG_WORDS);
    for (let a = 0; a < AGENTS; a++) {
      const k = e * AGENTS + a;
      this.cue[k] = this.rng.int(CUES);
      this.obs.fill(0, k * CUES, (k + 1) * CUES);
      this.obs[k * CUES + this.cue[k]!] = 1;
    }
    this.rng.save(this.rngState, e * RNG_WORDS);
  }
}

/** Presses a random button: wins about 1 in 8. */
class GuessPolicy implements ScriptedPolicy {
  readonly name = 'random';
  private readonly rng: Random;
  constructor(seed: number) {
    this.rng = new Random(seed);
  }
  act(env: VecEnv, agent: number, actions: Int32Array): void {
    for (let e = 0; e < env.size; e++) actions[e * AGENTS + agent] = this.rng.int(CUES);
  }
}

/** Always presses the cued button: the best possible play (named like soccer's strong baseline). */
class ExpertPolicy implements ScriptedPolicy {
  readonly name = 'chaser';
  act(env: VecEnv, agent: number, actions: Int32Array): void {
    for (let e = 0; e < env.size; e++) {
      const k = e * AGENTS + agent;
      let cue = 0;
      while (cue < CUES && env.obs[k * CUES + cue] !== 1) cue++;
      actions[k] = cue;
    }
  }
}

export const cueEnv: EnvDefinition = {
  info: CUE_INFO,
  createBatch: (size: number, _options?: EnvOptions) => new CueBatch(size),
  baselines: ['random', 'chaser'],
  createBaseline(name: string, _size: number, seed: number, firstEnvIndex = 0): ScriptedPolicy {
    if (name === 'random') return new GuessPolicy(deriveSeed(seed, Stream.SCRIPTED_OPPONENT, firstEnvIndex));
    if (name === 'chaser') return new ExpertPolicy();
    throw new RangeError(`the cue drill has no baseline named ${JSON.stringify(name)} (it has: random, chaser)`);
  },
};
