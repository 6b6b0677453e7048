/**
 * The evaluator (decision 21 in docs/architecture.md): plays a policy greedily against a
 * scripted baseline on a fixed set of seeded episodes, half on each side,
 * and counts wins; draws (the time limit) count as not won. Learning figures
 * come from here, not from training episodes, which are stochastic and
 * played against a changing mix of opponents.
 *
 * A one-agent drill has no opponent: {@link Evaluator.runSolo} plays the
 * policy alone and reports the mean return, length and success rate (the
 * share of episodes the drill records as reaching its goal).
 *
 * All episodes run as one batch: env i plays exactly its first episode
 * (later auto-reset episodes are ignored), its kickoff drawn from
 * deriveSeed(seed, Stream.EVALUATION, 0) with env index i, so a given
 * (seed, episodes) is the same set of matches for every policy evaluated.
 */
import { MaskedCategorical } from '../nn/categorical.js';
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import { PolicyNetwork } from '../nn/policy-network.js';
import { type EnvDefinition, maskWords, Winner } from '../sim/env.js';
import { deriveSeed, Stream } from '../util/random.js';

export interface EvaluationOptions {
  readonly env: EnvDefinition;
  readonly network: NetworkDescriptor;
  /** Episodes in total; even, half with the policy on each side. */
  readonly episodes: number;
  readonly seed: number;
}

export interface EvaluationResult {
  readonly baseline: string;
  readonly episodes: number;
  readonly wins: number;
  readonly losses: number;
  readonly draws: number;
  /** wins / episodes. */
  readonly winRate: number;
  /** Mean length of the evaluated episodes, decisions. */
  readonly meanLength: number;
}

/** A one-agent drill's evaluation. */
export interface SoloEvaluationResult {
  readonly episodes: number;
  /** Mean undiscounted return. */
  readonly meanReturn: number;
  /** Mean length, decisions. */
  readonly meanLength: number;
  /** Share of episodes that reached the drill's goal (VecEnv.winner = Winner.LEFT). */
  readonly successRate: number;
}

/** Reusable across policies: the network and batch are built once. */
export class Evaluator {
  private readonly categorical: MaskedCategorical;
  private readonly maskRows: Uint32Array;
  private readonly actions: Int32Array;
  private readonly scripted: Int32Array;
  private readonly greedy: Int32Array;

  static async create(options: EvaluationOptions): Promise<Evaluator> {
    const agents = options.env.info.agents;
    if (agents === 1) {
      if (!Number.isInteger(options.episodes) || options.episodes < 1) throw new RangeError(`evaluator: episodes must be a positive integer, got ${options.episodes}`);
    } else if (!Number.isInteger(options.episodes) || options.episodes < 2 || options.episodes % 2) {
      throw new RangeError(`evaluator: episodes must be an even number ≥ 2, got ${options.episodes}`);
    }
    return new Evaluator(options, await PolicyNetwork.create(options.network, { maxRows: options.episodes }));
  }

  private constructor(private readonly options: EvaluationOptions, private readonly network: PolicyNetwork) {
    const { env, episodes } = options;
    this.categorical = new MaskedCategorical(env.info.actionCount);
    this.maskRows = new Uint32Array(episodes * maskWords(env.info));
    this.actions = new Int32Array(episodes * 2);
    this.scripted = new Int32Array(episodes * 2);
    this.greedy = new Int32Array(episodes);
  }

  /** The policy's side in evaluation env e: the first half left, the second half right. */
  side(e: number): number {
    return e < this.options.episodes / 2 ? 0 : 1;
  }

  /** Plays `params` greedily against the scripted `baseline` (a two-agent drill). */
  run(params: Float32Array, baseline: string): EvaluationResult {
    const play = this.slices(params, baseline, Infinity);
    for (;;) {
      const next = play.next();
      if (next.done) return next.value;
    }
  }

  /**
   * run() in slices of at most `decisions` decisions each, so a caller that
   * must stay responsive (the trainer, decision 12) can yield between them.
   * The weights are copied at the start: `params` may change meanwhile.
   */
  *slices(params: Float32Array, baseline: string, decisions: number): Generator<void, EvaluationResult> {
    const { env: definition, episodes, seed } = this.options;
    if (definition.info.agents !== 2) throw new RangeError(`evaluator: '${definition.info.id}' has no opponents to play; evaluate it with runSolo`);
    const env = definition.createBatch(episodes);
    const opponent = definition.createBaseline(baseline, episodes, deriveSeed(seed, Stream.EVALUATION, 1));
    env.reset(deriveSeed(seed, Stream.EVALUATION, 0));
    this.network.params.set(params);
    const O = definition.info.obsSize;
    const W = maskWords(definition.info);
    const finished = new Uint8Array(episodes);
    let remaining = episodes;
    let wins = 0;
    let losses = 0;
    let lengthSum = 0;
    let played = 0;
    while (remaining > 0) {
      if (++played > decisions) {
        played = 1;
        yield;
      }
      for (let e = 0; e < episodes; e++) {
        const k = e * 2 + this.side(e);
        this.network.input.set(env.obs.subarray(k * O, (k + 1) * O), e * O);
        for (let w = 0; w < W; w++) this.maskRows[e * W + w] = env.mask[k * W + w]!;
      }
      this.network.forward(episodes);
      this.categorical.greedy(episodes, this.network, this.maskRows, this.greedy);
      opponent.act(env, 0, this.scripted);
      opponent.act(env, 1, this.scripted);
      for (let e = 0; e < episodes; e++) {
        const side = this.side(e);
        this.actions[e * 2 + side] = this.greedy[e]!;
        this.actions[e * 2 + 1 - side] = this.scripted[e * 2 + 1 - side]!;
      }
      env.step(this.actions);
      for (let e = 0; e < episodes; e++) {
        if (!env.done[e] || finished[e]) continue;
        finished[e] = 1;
        remaining--;
        lengthSum += env.episodeLength[e]!;
        const winner = env.winner[e]!;
        if (winner === Winner.DRAW) continue;
        if (winner === this.side(e)) wins++;
        else losses++;
      }
    }
    return { baseline, episodes, wins, losses, draws: episodes - wins - losses, winRate: wins / episodes, meanLength: lengthSum / episodes };
  }

  /** Plays `params` greedily alone (a one-agent drill). */
  runSolo(params: Float32Array): SoloEvaluationResult {
    const { env: definition, episodes, seed } = this.options;
    if (definition.info.agents !== 1) throw new RangeError(`evaluator: '${definition.info.id}' has ${definition.info.agents} agents; evaluate it against a baseline with run`);
    const env = definition.createBatch(episodes);
    env.reset(deriveSeed(seed, Stream.EVALUATION, 0));
    this.network.params.set(params);
    const finished = new Uint8Array(episodes);
    let remaining = episodes;
    let returnSum = 0;
    let lengthSum = 0;
    let successes = 0;
    while (remaining > 0) {
      this.network.input.set(env.obs);
      this.maskRows.set(env.mask);
      this.network.forward(episodes);
      this.categorical.greedy(episodes, this.network, this.maskRows, this.actions);
      env.step(this.actions);
      for (let e = 0; e < episodes; e++) {
        if (!env.done[e] || finished[e]) continue;
        finished[e] = 1;
        remaining--;
        returnSum += env.episodeReturn[e]!;
        lengthSum += env.episodeLength[e]!;
        if (env.winner[e] === Winner.LEFT) successes++;
      }
    }
    return { episodes, meanReturn: returnSum / episodes, meanLength: lengthSum / episodes, successRate: successes / episodes };
  }
}
