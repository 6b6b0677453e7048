/**
 * A rollout worker's core, without the worker: steps a batch of N envs
 * with batched inference for every player and writes the learner's side
 * into rollout chunks (src/channels/rollout-chunk.ts).
 *
 * Two-agent drills train by self-play; one-agent drills have the learner
 * alone in every env: no opponent groups, no pool, no baselines, and each
 * episode's outcome is 1 where the drill records success (VecEnv.winner),
 * else 0.
 *
 * - In a two-agent drill the learner plays side `e & 1` in env e, so one
 *   policy learns both sides (observations are mirrored by the env).
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
import { type ChunkView, OpponentCode } from '../channels/rollout-chunk.js';
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
  /** Agents per env: 2 (self-play) or 1 (the learner alone). */
  private readonly agents: number;
  private readonly chaser: ScriptedPolicy | null;
  private readonly random: ScriptedPolicy | null;

  static async create(options: CollectorOptions): Promise<RolloutCollector> {
    const agents = options.env.info.agents;
    if (agents !== 1 && agents !== 2) throw new RangeError(`rollout collector: a drill has 1 or 2 agents, '${options.env.info.id}' has ${agents}`);
    const learner = await PolicyNetwork.create(options.network, { maxRows: agents * options.envs });
    const opponent = agents === 2 ? await PolicyNetwork.create(options.network, { maxRows: options.envs }) : null;
    return new RolloutCollector(options, learner, opponent);
  }

  /**
   * Bytes of a collector's networks for `envs` envs of a drill with
   * `agents` agents: the learner's (both sides of a self-play game) and,
   * with two agents, the opponent's. The envs' own state is not counted.
   */
  static byteLength(network: NetworkDescriptor, envs: number, agents = 2): number {
    const learner = Workspace.byteLength(PolicyNetwork.regions(network, { maxRows: agents * envs }));
    return agents === 2 ? learner + Workspace.byteLength(PolicyNetwork.regions(network, { maxRows: envs })) : learner;
  }

  private constructor(options: CollectorOptions, readonly learner: PolicyNetwork, private readonly opponent: PolicyNetwork | null) {
    const { env, envs, seed, producerId } = options;
    const info = env.info;
    this.agents = info.agents;
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
    const selfPlay = this.agents === 2;
    this.chaser = selfPlay ? env.createBaseline('chaser', envs, seed, firstEnvIndex) : null;
    this.random = selfPlay ? env.createBaseline('random', envs, seed, firstEnvIndex) : null;
    const rows = this.agents * envs;
    this.actions = new Int32Array(rows);
    this.scripted = new Int32Array(rows);
    this.maskRows = new Uint32Array(rows * this.maskWords);
    this.rowEnv = new Int32Array(rows);
    this.sampled = { act: new Int32Array(rows), logp: new Float32Array(rows), value: new Float32Array(rows) };
    this.groupSize = opponentGroupSize(envs);
    // A one-agent drill has no opponents to draw: no groups.
    this.groups = selfPlay ? Array.from({ length: Math.ceil(envs / this.groupSize) }, () => ({ kind: 'latest' as const, slot: -1 })) : [];
  }

  /** The learner's side in env e of a two-agent drill (0 left, 1 right). */
  static side(env: number): number {
    return env & 1;
  }

  /** The learner's agent in env e: its side in self-play, agent 0 alone. */
  private learnerAgent(e: number): number {
    return this.agents === 2 ? RolloutCollector.side(e) : 0;
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
    for (let e = 0; e < N; e++) rows = this.gatherRow(this.learner, rows, e, this.learnerAgent(e));
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
      this.actions[e * this.agents + this.learnerAgent(e)] = this.sampled.act[e]!;
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
    const k = e * this.agents + side;
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
      const opponent = this.opponent!;
      opponent.params.set(poolParams(slot));
      let rows = 0;
      for (let h = g; h < this.groups.length; h++) {
        if (this.groups[h]!.kind !== 'pool' || this.groups[h]!.slot !== slot) continue;
        for (let e = h * this.groupSize; e < Math.min(N, (h + 1) * this.groupSize); e++) rows = this.gatherRow(opponent, rows, e, 1 - RolloutCollector.side(e));
      }
      opponent.forward(rows);
      this.categorical.sample(rows, opponent, this.maskRows, this.actionRandom, this.sampled);
      for (let r = 0; r < rows; r++) {
        const e = this.rowEnv[r]!;
        this.actions[e * 2 + 1 - RolloutCollector.side(e)] = this.sampled.act[r]!;
      }
    }
  }

  private actScripted(kind: 'chaser' | 'random', policy: ScriptedPolicy | null): void {
    if (!policy || !this.groups.some((group) => group.kind === kind)) return;
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
      const side = this.learnerAgent(e);
      const k = e * this.agents + side;
      chunk.rew[cell] = env.reward[k]!;
      chunk.done[cell] = env.done[e]!;
      chunk.truncated[cell] = env.truncated[e]!;
      chunk.finalValue[cell] = 0;
      if (!env.done[e]) continue;
      const winner = env.winner[e]!;
      const outcome = winner === Winner.DRAW ? 0 : winner === side ? 1 : -1;
      const opponent = this.agents === 2 ? opponentCode(this.groups[Math.floor(e / this.groupSize)]!) : OpponentCode.NONE;
      chunk.addEpisode(e, env.episodeLength[e]!, env.episodeReturn[k]!, outcome, opponent, side);
      if (env.truncated[e]) {
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
    for (let e = 0; e < N; e++) rows = this.gatherRow(this.learner, rows, e, this.learnerAgent(e));
    this.learner.forward(rows);
    const { output, outputStride, valueColumn } = this.learner;
    for (let e = 0; e < N; e++) chunk.bootstrapValue[e] = output[e * outputStride + valueColumn]!;
  }
}
