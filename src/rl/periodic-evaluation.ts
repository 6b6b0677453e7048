/**
 * The trainer's periodic, honest evaluation (decision 21 in docs/architecture.md): every
 * EVALUATION_EVERY_UPDATES updates the current policy plays greedily on one
 * fixed set of seeded episodes against each of the drill's scripted
 * baselines, half on each side, draws counted as not won (a one-agent drill:
 * mean return and success rate). The results travel in telemetry apart from
 * the training games' EMAs, which are stochastic and played against a
 * changing mix of opponents.
 *
 * Its cost is capped: an evaluation that is due waits while evaluating has
 * taken more than EVALUATION_SHARE_CAP of the trainer's time since training
 * started, so on a slow machine it runs less often rather than slowing
 * training by more. The deterministic mode evaluates every K updates exactly
 * (the cap would make it depend on the clock, decision 16). The episodes
 * are played in slices with a yield between them (decision 12).
 */
import type { EvaluationTelemetry } from '../contract/telemetry.js';
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import type { EnvDefinition } from '../sim/env.js';
import { Evaluator } from './evaluator.js';

/** Updates between evaluations (K). */
export const EVALUATION_EVERY_UPDATES = 25;
/** Episodes per baseline: 16 with the policy on each side. */
export const EVALUATION_EPISODES = 32;
/** The largest share of the trainer's time evaluation may take. */
export const EVALUATION_SHARE_CAP = 0.1;
/** Decisions played between yields. */
const SLICE_DECISIONS = 24;

export interface PeriodicEvaluationOptions {
  readonly env: EnvDefinition;
  readonly network: NetworkDescriptor;
  /** The run seed: the episodes are the same set for every evaluation of the run. */
  readonly seed: number;
  readonly every?: number;
  readonly episodes?: number;
  readonly clock?: () => number;
}

export class PeriodicEvaluation {
  readonly every: number;
  #lastUpdates = 0;
  #spentMs = 0;
  #since: number | null = null;
  #latest: EvaluationTelemetry | null = null;
  readonly #clock: () => number;

  static async create(options: PeriodicEvaluationOptions): Promise<PeriodicEvaluation> {
    const episodes = options.episodes ?? EVALUATION_EPISODES;
    return new PeriodicEvaluation(options, await Evaluator.create({ env: options.env, network: options.network, episodes, seed: options.seed }), episodes);
  }

  private constructor(private readonly options: PeriodicEvaluationOptions, private readonly evaluator: Evaluator, readonly episodes: number) {
    this.every = options.every ?? EVALUATION_EVERY_UPDATES;
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** The latest result, or null before the first. */
  get latest(): EvaluationTelemetry | null {
    return this.#latest;
  }

  /** Training (re)started: the share is counted from now on. */
  started(): void {
    this.#since ??= this.#clock();
  }

  /** A reset or a load: the results belonged to other weights. */
  clear(updates = 0): void {
    this.#latest = null;
    this.#lastUpdates = updates;
  }

  /** Whether an evaluation is due after `updates` updates. */
  due(updates: number, deterministic: boolean): boolean {
    if (updates - this.#lastUpdates < this.every) return false;
    if (deterministic) return true;
    const elapsed = this.#clock() - (this.#since ?? this.#clock());
    return elapsed > 0 && this.#spentMs / elapsed < EVALUATION_SHARE_CAP;
  }

  /**
   * Evaluates `params` (copied first), calling `pause` between slices; null
   * if `pause` says to stop (training stops: the half-played result is
   * dropped).
   */
  async run(params: Float32Array, policyVersion: number, updates: number, pause: () => Promise<boolean>): Promise<EvaluationTelemetry | null> {
    const weights = params.slice();
    const { env } = this.options;
    let busy = 0;
    const timed = <T>(work: () => T): T => {
      const t0 = this.#clock();
      try {
        return work();
      } finally {
        busy += this.#clock() - t0;
      }
    };
    this.#lastUpdates = updates;
    let solo: EvaluationTelemetry['solo'] = null;
    const vs: EvaluationTelemetry['vs'][number][] = [];
    if (env.info.agents === 1) {
      const result = timed(() => this.evaluator.runSolo(weights));
      solo = { meanReturn: result.meanReturn, successRate: result.successRate };
    } else {
      for (const baseline of env.baselines) {
        const play = this.evaluator.slices(weights, baseline, SLICE_DECISIONS);
        for (;;) {
          const next = timed(() => play.next());
          if (next.done) {
            const { winRate, wins, draws, losses } = next.value;
            vs.push({ baseline, winRate, wins, draws, losses });
            break;
          }
          if (!(await pause())) {
            this.#spentMs += busy;
            return null;
          }
        }
      }
    }
    this.#spentMs += busy;
    const elapsed = Math.max(1, this.#clock() - (this.#since ?? this.#clock()));
    this.#latest = { policyVersion, updates, episodes: this.episodes, vs, solo, ms: busy, share: Math.min(1, this.#spentMs / elapsed) };
    return this.#latest;
  }
}
