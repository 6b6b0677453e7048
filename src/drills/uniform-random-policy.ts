/**
 * The uniformly random baseline of the one-agent drills: each env draws
 * its actions from its own stream, deriveSeed(seed, SCRIPTED_OPPONENT,
 * firstEnvIndex + i), so a batch and single envs act alike. A drill's
 * "random" figure (bench, docs) is this policy's return.
 */
import type { ScriptedPolicy, VecEnv } from '../sim/env.js';
import { deriveSeed, Random, Stream } from '../util/random.js';

const RNG_WORDS = 4;

export class UniformRandomPolicy implements ScriptedPolicy {
  readonly name = 'random';
  private readonly rngState: Int32Array;
  private readonly rng = new Random(0);

  constructor(readonly size: number, seed: number, firstEnvIndex = 0) {
    this.rngState = new Int32Array(size * RNG_WORDS);
    for (let e = 0; e < size; e++) {
      this.rng.seed(deriveSeed(seed, Stream.SCRIPTED_OPPONENT, firstEnvIndex + e));
      this.rng.save(this.rngState, e * RNG_WORDS);
    }
  }

  act(env: VecEnv, agent: number, actions: Int32Array): void {
    if (env.size !== this.size) throw new RangeError(`random policy: made for ${this.size} envs, given a batch of ${env.size}`);
    const { agents, actionCount } = env.info;
    for (let e = 0; e < env.size; e++) {
      this.rng.restore(this.rngState, e * RNG_WORDS);
      actions[e * agents + agent] = this.rng.int(actionCount);
      this.rng.save(this.rngState, e * RNG_WORDS);
    }
  }
}
