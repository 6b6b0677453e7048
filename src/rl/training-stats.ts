/**
 * What the trainer tells the page about training (TrainerTelemetry, 1–2 Hz):
 * the latest update's losses, throughput over a sliding window, and EMAs of
 * episode outcomes per kind of opponent.
 *
 * Smoothing: episode return, length and win rates are exponential moving
 * averages over episodes with α = 0.02 (about the last 50 episodes); the
 * first episode seeds each average. Draws count as not won.
 */
import { EpisodeRecord, OpponentCode } from '../channels/rollout-chunk.js';
import type { ChunkView } from '../channels/rollout-chunk.js';
import type { Transport } from '../contract/descriptors.js';
import type { ComputePath, EvaluationTelemetry, KernelPath, TrainerTelemetry } from '../contract/telemetry.js';
import type { LearnerHyper, UpdateStats } from './learner.js';

export const EPISODE_EMA_ALPHA = 0.02;
/** Throughput is measured over this much recent time. */
const RATE_WINDOW_MS = 5000;

class Ema {
  value: number | null = null;
  add(x: number): void {
    this.value = this.value === null ? x : this.value + EPISODE_EMA_ALPHA * (x - this.value);
  }
}

interface Mark {
  time: number;
  envSteps: number;
  updates: number;
}

export class TrainingStats {
  envSteps = 0;
  updates = 0;
  private last: UpdateStats | null = null;
  private readonly updateTimes: number[] = [];
  private readonly marks: Mark[] = [];
  private readonly episodeReturn = new Ema();
  private readonly episodeLength = new Ema();
  private readonly winPool = new Ema();
  private readonly winRandom = new Ema();
  private readonly winChaser = new Ema();
  private readonly success = new Ema();
  private lagSum = 0;
  private lagChunks = 0;
  private lastLag: number | null = null;
  private rolloutAge: number | null = null;

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.mark();
  }

  /** A chunk entered the batch, made `lag` versions ago. */
  addChunk(chunk: ChunkView, lag: number): void {
    const { steps, envs } = chunk.layout.descriptor;
    this.envSteps += steps * envs;
    this.lagSum += lag;
    this.lagChunks++;
    for (let i = 0; i < chunk.episodeCount; i++) {
      const base = i * EpisodeRecord.WORDS;
      const outcome = chunk.episodes[base + EpisodeRecord.OUTCOME]!;
      const opponent = chunk.episodes[base + EpisodeRecord.OPPONENT]!;
      this.episodeReturn.add(chunk.episodesF32[base + EpisodeRecord.RETURN_F32]!);
      this.episodeLength.add(chunk.episodes[base + EpisodeRecord.LENGTH]!);
      const won = outcome === 1 ? 1 : 0;
      if (opponent >= 0) this.winPool.add(won);
      else if (opponent === OpponentCode.RANDOM) this.winRandom.add(won);
      else if (opponent === OpponentCode.CHASER) this.winChaser.add(won);
      else if (opponent === OpponentCode.NONE) this.success.add(won);
    }
  }

  /** Win-rate EMA against the chaser in training games (null before the first). */
  get winRateVsChaser(): number | null {
    return this.winChaser.value;
  }

  /** A chunk that was dropped still counts as experience collected. */
  addDropped(chunk: ChunkView): void {
    const { steps, envs } = chunk.layout.descriptor;
    this.envSteps += steps * envs;
  }

  /** Mean time from the commit of the chunks in the batch to the update that uses them, ms. */
  setRolloutAge(ms: number | null): void {
    this.rolloutAge = ms;
  }

  addUpdate(stats: UpdateStats): void {
    this.last = stats;
    this.updates++;
    this.updateTimes.push(stats.updateMs);
    if (this.updateTimes.length > 20) this.updateTimes.shift();
    this.lastLag = this.lagChunks ? this.lagSum / this.lagChunks : null;
    this.lagSum = 0;
    this.lagChunks = 0;
    this.mark();
  }

  private mark(): void {
    const time = this.clock();
    this.marks.push({ time, envSteps: this.envSteps, updates: this.updates });
    while (this.marks.length > 2 && time - this.marks[1]!.time > RATE_WINDOW_MS) this.marks.shift();
  }

  sample(context: {
    training: boolean;
    policyVersion: number;
    hyper: Readonly<LearnerHyper>;
    droppedChunks: number;
    laneOccupancy: number;
    transport: Transport;
    computePath: ComputePath;
    adapter: string | null;
    computeReason: string | null;
    kernels: KernelPath;
    trainerThreads: number;
    evaluation: EvaluationTelemetry | null;
  }): TrainerTelemetry {
    const now = this.clock();
    const first = this.marks[0]!;
    const seconds = Math.max(1e-3, (now - first.time) / 1000);
    const sorted = [...this.updateTimes].sort((a, b) => a - b);
    const last = this.last;
    return {
      time: performance.timeOrigin + performance.now(),
      training: context.training,
      policyVersion: context.policyVersion,
      updates: this.updates,
      envSteps: this.envSteps,
      stepsPerSecond: context.training ? (this.envSteps - first.envSteps) / seconds : 0,
      updatesPerSecond: context.training ? (this.updates - first.updates) / seconds : 0,
      updateMs: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null,
      lossPolicy: last?.policyLoss ?? null,
      lossValue: last?.valueLoss ?? null,
      entropy: last?.entropy ?? null,
      approxKl: last?.approxKl ?? null,
      clipFraction: last?.clipFraction ?? null,
      explainedVariance: last?.explainedVariance ?? null,
      episodeReturn: this.episodeReturn.value,
      episodeLength: this.episodeLength.value,
      winRate: { pool: this.winPool.value, random: this.winRandom.value, chaser: this.winChaser.value },
      successRate: this.success.value,
      lr: context.hyper.lr,
      clipEpsilon: context.hyper.clipEpsilon,
      entropyCoef: context.hyper.entropyCoef,
      policyLag: this.lastLag,
      rolloutAgeMs: this.rolloutAge,
      droppedChunks: context.droppedChunks,
      laneOccupancy: context.laneOccupancy,
      evaluation: context.evaluation,
      transport: context.transport,
      computePath: context.computePath,
      adapter: context.adapter,
      computeReason: context.computeReason,
      kernels: context.kernels,
      trainerThreads: context.trainerThreads,
      restarts: { render: 0, trainer: 0, rollout: 0 },
    };
  }
}
