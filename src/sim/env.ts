/**
 * The environment interface the trainer, the rollout workers and the
 * evaluator program against. It knows nothing of soccer: another drill
 * (another game) plugs in by providing an {@link EnvDefinition}.
 * docs/env.md is the reference; this file is its contract.
 *
 * A batch is structure-of-arrays over N envs and is preallocated: every
 * array below is written in place by reset() and step(), never replaced,
 * so views taken once stay valid. One step is one decision (decision 1 in
 * docs/architecture.md): it holds each agent's action for `ticksPerDecision` ticks.
 */

export interface EnvInfo {
  /** Names the game; with `version`, identifies what a policy was trained on. */
  readonly id: string;
  /** Bumped whenever dynamics, observations, actions, rewards or baselines change. */
  readonly version: number;
  readonly obsSize: number;
  readonly actionCount: number;
  /** Agents per env; each sees its own observation and takes its own action. */
  readonly agents: number;
  readonly ticksPerDecision: number;
  readonly tickHz: number;
  /** The time limit, in decisions; reaching it is a truncation, not a terminal state. */
  readonly maxEpisodeSteps: number;
}

/** Mask words per agent: bit a of word ⌊a/32⌋ set ⇔ action a allowed. */
export function maskWords(info: EnvInfo): number {
  return Math.ceil(info.actionCount / 32);
}

/** Outcome codes of {@link VecEnv.winner}. */
export const Winner = { LEFT: 0, RIGHT: 1, DRAW: -1 } as const;

export interface VecEnv {
  readonly info: EnvInfo;
  /** N, the number of envs. */
  readonly size: number;

  /** [N][agents][obsSize]: the observation to act on (a new episode's after an auto-reset). */
  readonly obs: Float32Array;
  /** [N][agents][maskWords]: the actions allowed in `obs`. */
  readonly mask: Uint32Array;
  /** [N][agents]: reward of the last step, shaping included. */
  readonly reward: Float32Array;
  /** [N]: 1 where the episode ended at the last step (terminal or truncated). */
  readonly done: Uint8Array;
  /** [N]: 1 where that end was the time limit (bootstrap from V(finalObs)). */
  readonly truncated: Uint8Array;
  /** [N][agents][obsSize]: observation of the final state, valid where `done`. */
  readonly finalObs: Float32Array;
  /** [N][agents][maskWords]: mask of the final state, valid where `done`. */
  readonly finalMask: Uint32Array;

  /** [N]: episodes begun by each env since reset() (the current one is `episodeId`, from 0). */
  readonly episodeId: Uint32Array;
  /** [N]: decisions taken in the current episode (0 right after a reset or auto-reset). */
  readonly episodeStep: Uint32Array;
  /** [N]: who won the episode that ended, valid where `done`: see {@link Winner}. */
  readonly winner: Int8Array;
  /** [N][agents]: undiscounted return of the episode that ended, valid where `done`. */
  readonly episodeReturn: Float32Array;
  /** [N]: length in decisions of the episode that ended, valid where `done`. */
  readonly episodeLength: Uint32Array;

  /**
   * Starts a new episode in every env. Env i draws its randomness from the
   * stream deriveSeed(seed, Stream.ENV_RESET, firstEnvIndex + i), so a
   * batch gives the same results as single envs reset with their indices.
   */
  reset(seed: number, firstEnvIndex?: number): void;
  /**
   * Takes one decision: `actions` is [N][agents]. An env whose episode ends
   * keeps that step's reward and flags, records the episode, stores the
   * final observation, and starts its next episode, whose observation is
   * then in `obs`.
   */
  step(actions: Int32Array): void;
  /** The discount of the shaping term γΦ(s′) − Φ(s); set it to the trainer's γ whenever that changes. */
  setGamma(gamma: number): void;
}

/**
 * A scripted (non-learning) policy over a batch, e.g. an evaluation
 * baseline. It reads each env's `obs` and `mask` for one agent and writes
 * that agent's entries of `actions` ([N][agents]); it never allocates.
 */
export interface ScriptedPolicy {
  readonly name: string;
  act(env: VecEnv, agent: number, actions: Int32Array): void;
}

export interface EnvOptions {
  /** Discount used by the shaping term (default: the env's). */
  readonly gamma?: number;
  /** Multiplier on the shaping potential; 0 turns shaping off. */
  readonly shapingScale?: number;
}

/** What a drill provides so the trainer can run it unchanged. */
export interface EnvDefinition {
  readonly info: EnvInfo;
  createBatch(size: number, options?: EnvOptions): VecEnv;
  /** Names of the scripted baselines this env offers. */
  readonly baselines: readonly string[];
  /** A baseline for `size` envs; one with randomness seeds env i's stream from (seed, firstEnvIndex + i). */
  createBaseline(name: string, size: number, seed: number, firstEnvIndex?: number): ScriptedPolicy;
}
