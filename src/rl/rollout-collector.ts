/**
 * A rollout worker's core, without the worker: steps a batch of N envs
 * with batched inference for both players and writes the learner's side
 * into rollout chunks (src/channels/rollout-chunk.ts).
 *
 * - The learner plays side `e & 1` in env e, so one policy learns both
 *   sides (observations are mirrored by the env).
 * - Opponents are assigned per group of envs per chunk (opponent-mix.ts):
 *   the latest policy's opponent rows ride in the learner's forward pass, a
 *   pool snapshot gets one forward per distinct slot, scripted baselines act
 *   on the whole batch.
 * - Only the learner's transitions are recorded (decision 5 in docs/architecture.md); a time-limit
 *   end stores V(s_final) from the final observation (§8.6); each chunk ends
 *   with V(s_T) for bootstrapping.
 *
 * Everything is preallocated: collect() allocates nothing.
 */
import type { ChunkView } from '../channels/rollout-chunk.js';
import { MaskedCategorical, type SampledActions } from '../nn/categorical.js';
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import { PolicyNetwork } from '../nn/policy-network.js';
import { Workspace } from '../nn/workspace.js';
import { type EnvDefinition, maskWords, type ScriptedPolicy, type VecEnv, Winner } from '../sim/env.js';
import { deriveSeed, Random, Stream } from '../util/random.js';
import { opponentCode, type OpponentAssignment, opponentGroupSize } from './opponent-mix.js';

export interface CollectorOptions {
  readonly env: EnvDefinition;
  readonly network: NetworkDescriptor;
  /** N: envs this collector steps. */
  readonly envs: number;
  /** Root seed of the run. */
  readonly seed: number;
  /** Which worker this is: picks its envs' global indices and its random streams. */
  readonly producerId: number;
  readonly gamma: number;
  /** Multiplier on the env's shaping potential (default: the env's own). */
  readonly shapingScale?: number;
}

export class RolloutCollector {
  readonly env: VecEnv;
  readonly groups: OpponentAssignment[];
  readonly groupSize: number;
  /** Decisions taken since reset (all envs). */
  steps = 0;

  private readonly obsSize: number;
  private readonly maskWords: number;
  private readonly categorical: MaskedCategorical;
  private readonly actionRandom: Random;
  private readonly actions: Int32Array;
  private readonly scripted: Int32Array;
  private readonly maskRows: Uint32Array;
  private readonly rowEnv: Int32Array;
  private readonly sampled: SampledActions;
  private readonly chaser: ScriptedPolicy;
  private readonly random: ScriptedPolicy;

  static async create(options: CollectorOptions): Promise<RolloutCollector> {
    const learner = await PolicyNetwork.create(options.network, { maxRows: 2 * options.envs });
    const opponent = await PolicyNetwork.create(options.network, { maxRows: options.envs });
    return new RolloutCollector(options, learner, opponent);
  }

  /**
   * Bytes of a collector's two networks (the learner's, for both sides of a
   * self-play game, and the opponent's) for `envs` envs. The envs' own state
   * is not counted.
   */
  static byteLength(network: NetworkDescriptor, envs: number): number {
    return Workspace.byteLength(PolicyNetwork.regions(network, { maxRows: 2 * envs })) + Workspace.byteLength(PolicyNetwork.regions(network, { maxRows: envs }));
  }

  private constructor(options: CollectorOptions, readonly learner: PolicyNetwork, private readonly opponent: PolicyNetwork) {
    const { env, envs, seed, producerId } = options;
    const info = env.info;
    if (info.agents !== 2) throw new RangeError(`rollout collector: self-play needs a two-agent env, '${info.id}' has ${info.agents}`);
    if (info.obsSize !== options.network.obsSize || info.actionCount !== options.network.actionCount) {
      throw new RangeError(`rollout collector: the network expects obs ${options.network.obsSize} / ${options.network.actionCount} actions, the env gives ${info.obsSize} / ${info.actionCount}`);
    }
    const firstEnvIndex = producerId * envs;
    this.env = env.createBatch(envs, options.shapingScale === undefined ? { gamma: options.gamma } : { gamma: options.gamma, shapingScale: options.shapingScale });
    this.env.reset(seed, firstEnvIndex);
    this.obsSize = info.obsSize;
    this.maskWords = maskWords(info);
    this.categorical = new MaskedCategorical(info.actionCount);
    this.actionRandom = new Random(deriveSeed(seed, Stream.ACTION_SAMPLING, producerId));
    this.chaser = env.createBaseline('chaser', envs, seed, firstEnvIndex);
    this.random = env.createBaseline('random', envs, seed, firstEnvIndex);
    this.actions = new Int32Array(envs * 2);
    this.scripted = new Int32Array(envs * 2);
    this.maskRows = new Uint32Array(2 * envs * this.maskWords);
    this.rowEnv = new Int32Array(2 * envs);
    this.sampled = { act: new Int32Array(2 * envs), logp: new Float32Array(2 * envs), value: new Float32Array(2 * envs) };
    this.groupSize = opponentGroupSize(envs);
    this.groups = Array.from({ length: Math.ceil(envs / this.groupSize) }, () => ({ kind: 'latest' as const, slot: -1 }));
  }

  /** The learner's side in env e (0 left, 1 right). */
  static side(env: number): number {
    return env & 1;
  }

  setGamma(gamma: number): void {
    this.env.setGamma(gamma);
  }

  /**
   * Fills `chunk` with T decisions of every env. The learner's parameters
   * must already be in `learner.params`; `poolParams(slot)` gives a pool
   * snapshot's parameters for groups assigned one.
   */
  collect(chunk: ChunkView, policyVersion: number, poolParams: (slot: number) => Float32Array): void {
    const { steps, envs } = chunk.layout.descriptor;
    if (envs !== this.env.size) throw new RangeError(`rollout collector: chunk holds ${envs} envs, the collector steps ${this.env.size}`);
    chunk.policyVersion = policyVersion;
    for (let t = 0; t < steps; t++) this.step(chunk, t, poolParams);
    this.bootstrap(chunk);
  }

  private step(chunk: ChunkView, t: number, poolParams: (slot: number) => Float32Array): void {
    const env = this.env;
    const N = env.size;
    const O = this.obsSize;
    const W = this.maskWords;
    const cell0 = t * N;

    // The learner's rows, then the opponent rows that play the latest policy too.
    let rows = 0;
    for (let e = 0; e < N; e++) rows = this.gatherRow(this.learner, rows, e, RolloutCollector.side(e));
    for (let g = 0; g < this.groups.length; g++) {
      if (this.groups[g]!.kind !== 'latest') continue;
      for (let e = g * this.groupSize; e < Math.min(N, (g + 1) * this.groupSize); e++) rows = this.gatherRow(this.learner, rows, e, 1 - RolloutCollector.side(e));
    }
    this.learner.forward(rows);
    this.categorical.sample(rows, this.learner, this.maskRows, this.actionRandom, this.sampled);

    chunk.obs.set(this.learner.input.subarray(0, N * O), cell0 * O);
    chunk.mask.set(this.maskRows.subarray(0, N * W), cell0 * W);
    for (let e = 0; e < N; e++) {
      const cell = cell0 + e;
      chunk.act[cell] = this.sampled.act[e]!;
      chunk.logp[cell] = this.sampled.logp[e]!;
      chunk.value[cell] = this.sampled.value[e]!;
      chunk.episodeId[cell] = env.episodeId[e]!;
      chunk.episodeStep[cell] = env.episodeStep[e]!;
      this.actions[e * 2 + RolloutCollector.side(e)] = this.sampled.act[e]!;
    }
    for (let r = N; r < rows; r++) {
      const e = this.rowEnv[r]!;
      this.actions[e * 2 + 1 - RolloutCollector.side(e)] = this.sampled.act[r]!;
    }
    this.actPool(poolParams);
    this.actScripted('chaser', this.chaser);
    this.actScripted('random', this.random);

    env.step(this.actions);
    this.steps += N;
    this.record(chunk, cell0);
  }

  /** Copies env e's observation and mask for `side` into the next row of `network`'s input. */
  private gatherRow(network: PolicyNetwork, row: number, e: number, side: number): number {
    const O = this.obsSize;
    const W = this.maskWords;
    const k = e * 2 + side;
    network.input.set(this.env.obs.subarray(k * O, k * O + O), row * O);
    for (let w = 0; w < W; w++) this.maskRows[row * W + w] = this.env.mask[k * W + w]!;
    this.rowEnv[row] = e;
    return row + 1;
  }

  /** One forward per distinct pool slot in use, over all its groups' opponent rows. */
  private actPool(poolParams: (slot: number) => Float32Array): void {
    const N = this.env.size;
    for (let g = 0; g < this.groups.length; g++) {
      const slot = this.groups[g]!.slot;
      if (this.groups[g]!.kind !== 'pool' || this.groups.findIndex((other) => other.kind === 'pool' && other.slot === slot) !== g) continue;
      this.opponent.params.set(poolParams(slot));
      let rows = 0;
      for (let h = g; h < this.groups.length; h++) {
        if (this.groups[h]!.kind !== 'pool' || this.groups[h]!.slot !== slot) continue;
        for (let e = h * this.groupSize; e < Math.min(N, (h + 1) * this.groupSize); e++) rows = this.gatherRow(this.opponent, rows, e, 1 - RolloutCollector.side(e));
      }
      this.opponent.forward(rows);
      this.categorical.sample(rows, this.opponent, this.maskRows, this.actionRandom, this.sampled);
      for (let r = 0; r < rows; r++) {
        const e = this.rowEnv[r]!;
        this.actions[e * 2 + 1 - RolloutCollector.side(e)] = this.sampled.act[r]!;
      }
    }
  }

  private actScripted(kind: 'chaser' | 'random', policy: ScriptedPolicy): void {
    if (!this.groups.some((group) => group.kind === kind)) return;
    const N = this.env.size;
    policy.act(this.env, 0, this.scripted);
    policy.act(this.env, 1, this.scripted);
    for (let g = 0; g < this.groups.length; g++) {
      if (this.groups[g]!.kind !== kind) continue;
      for (let e = g * this.groupSize; e < Math.min(N, (g + 1) * this.groupSize); e++) {
        const k = e * 2 + 1 - RolloutCollector.side(e);
        this.actions[k] = this.scripted[k]!;
      }
    }
  }

  /** Rewards, ends, V(s_final) at time limits, and episode records of the step just taken. */
  private record(chunk: ChunkView, cell0: number): void {
    const env = this.env;
    const N = env.size;
    let truncatedRows = 0;
    for (let e = 0; e < N; e++) {
      const cell = cell0 + e;
      const side = RolloutCollector.side(e);
      chunk.rew[cell] = env.reward[e * 2 + side]!;
      chunk.done[cell] = env.done[e]!;
      chunk.truncated[cell] = env.truncated[e]!;
      chunk.finalValue[cell] = 0;
      if (!env.done[e]) continue;
      const winner = env.winner[e]!;
      const outcome = winner === Winner.DRAW ? 0 : winner === side ? 1 : -1;
      chunk.addEpisode(e, env.episodeLength[e]!, env.episodeReturn[e * 2 + side]!, outcome, opponentCode(this.groups[Math.floor(e / this.groupSize)]!), side);
      if (env.truncated[e]) {
        const k = e * 2 + side;
        this.learner.input.set(env.finalObs.subarray(k * this.obsSize, (k + 1) * this.obsSize), truncatedRows * this.obsSize);
        this.rowEnv[truncatedRows++] = e;
      }
    }
    if (truncatedRows === 0) return;
    this.learner.forward(truncatedRows);
    const { output, outputStride, valueColumn } = this.learner;
    for (let r = 0; r < truncatedRows; r++) chunk.finalValue[cell0 + this.rowEnv[r]!] = output[r * outputStride + valueColumn]!;
  }

  /** V(s_T) for every env: the value of the observation after the chunk's last step. */
  private bootstrap(chunk: ChunkView): void {
    const N = this.env.size;
    let rows = 0;
    for (let e = 0; e < N; e++) rows = this.gatherRow(this.learner, rows, e, RolloutCollector.side(e));
    this.learner.forward(rows);
    const { output, outputStride, valueColumn } = this.learner;
    for (let e = 0; e < N; e++) chunk.bootstrapValue[e] = output[e * outputStride + valueColumn]!;
  }
}
