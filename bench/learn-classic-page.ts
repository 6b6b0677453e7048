// The classic-control learning benchmark's page: trains a one-agent drill
// from scratch the way CleanRL's ppo.py does (one process, sequential:
// collect a rollout from every env, GAE, then the PPO update), through the
// project's own parts — RolloutCollector, PpoBatchBuffer (computeGae) and
// CpuPpoLearner — so the figure says whether this trainer learns a standard
// task at a published budget. Driven by scripts/bench-learn-classic.mjs.
import { chunkLayout, ChunkView, EpisodeRecord } from '../src/channels/rollout-chunk.js';
import { acrobotEnv } from '../src/drills/acrobot/index.js';
import { cartpoleEnv } from '../src/drills/cartpole/index.js';
import { CLASSIC_CONTROL_TRAINING } from '../src/drills/classic-training.js';
import type { SingleAgentDrill } from '../src/drills/single-agent-drill.js';
import { type NetworkDescriptor, paramCount, type TrunkKind } from '../src/nn/network-descriptor.js';
import { DEFAULT_TRAINING_OPTIONS, type LearnerHyper, type TrainingOptions, type UpdateStats } from '../src/rl/learner.js';
import { PpoBatchBuffer } from '../src/rl/ppo-batch.js';
import { CpuPpoLearner } from '../src/rl/ppo-learner.js';
import { Evaluator } from '../src/rl/evaluator.js';
import { RolloutCollector } from '../src/rl/rollout-collector.js';

const DRILLS: Record<string, SingleAgentDrill> = { cartpole: cartpoleEnv, acrobot: acrobotEnv };

/** What the driver asks for: a drill, a seed, a budget, and the options to switch back to the trainer's defaults. */
export interface ClassicRequest {
  drill: string;
  seed: number;
  totalSteps: number;
  sharedTrunk: boolean;
  noValueClip: boolean;
  advantageNormalization: TrainingOptions['advantageNormalization'];
  noAnneal: boolean;
}

/** What one run trains with. */
export interface ClassicConfig {
  drill: string;
  seed: number;
  totalSteps: number;
  envs: number;
  steps: number;
  hidden: number[];
  trunk: TrunkKind;
  gamma: number;
  lambda: number;
  hyper: LearnerHyper;
  training: TrainingOptions;
  /** Greedy evaluation episodes of the final policy. */
  evalEpisodes: number;
}

export interface CurvePoint {
  steps: number;
  seconds: number;
  /** Mean return of the training episodes that ended since the previous point. */
  meanReturn: number | null;
  episodes: number;
  approxKl: number;
  clipFraction: number;
  gradNorm: number;
  explainedVariance: number | null;
  entropy: number;
}

export interface ClassicRun {
  config: ClassicConfig;
  /** Mean training-episode return over episodes ending in the last 10% of the steps. */
  final: number;
  finalEpisodes: number;
  /** Mean return of the final policy played greedily (the evaluator's runSolo), and the share of those episodes that succeeded. */
  greedy: number;
  greedySuccess: number;
  steps: number;
  seconds: number;
  curve: CurvePoint[];
}

/** Mean return of the uniformly random policy over `episodes` episodes (the floor of `normalized`). */
function randomReturn(drill: SingleAgentDrill, episodes: number, seed: number): number {
  const envs = 8;
  const batch = drill.createBatch(envs);
  batch.reset(seed);
  const policy = drill.createBaseline('random', envs, seed);
  const actions = new Int32Array(envs);
  let sum = 0;
  let count = 0;
  while (count < episodes) {
    policy.act(batch, 0, actions);
    batch.step(actions);
    for (let e = 0; e < envs; e++) {
      if (batch.done[e] && count < episodes) {
        sum += batch.episodeReturn[e]!;
        count++;
      }
    }
  }
  return sum / count;
}

/** The drills' recommended training (CleanRL ppo.py's), lr annealed over the budget, less what the request switches off. */
function configFor(request: ClassicRequest): ClassicConfig {
  const { hyper, trunk, training } = CLASSIC_CONTROL_TRAINING;
  return {
    drill: request.drill,
    seed: request.seed,
    totalSteps: request.totalSteps,
    envs: hyper.envs!,
    steps: hyper.steps!,
    hidden: [...hyper.hidden!],
    trunk: request.sharedTrunk ? 'shared' : trunk,
    gamma: hyper.gamma!,
    lambda: hyper.lambda!,
    hyper: { lr: hyper.lr!, entropyCoef: hyper.entropyCoef!, clipEpsilon: hyper.clipEpsilon!, epochs: hyper.epochs!, minibatch: hyper.minibatch!, valueCoef: hyper.valueCoef!, maxGradNorm: hyper.maxGradNorm!, targetKl: hyper.targetKl! },
    training: {
      valueClip: request.noValueClip ? DEFAULT_TRAINING_OPTIONS.valueClip : training.valueClip,
      advantageNormalization: request.advantageNormalization,
      lrAnnealSteps: request.noAnneal ? 0 : request.totalSteps,
    },
    evalEpisodes: 50,
  };
}

async function train(config: ClassicConfig, onProgress: (point: CurvePoint) => void): Promise<ClassicRun> {
  const drill = DRILLS[config.drill];
  if (!drill) throw new Error(`no classic drill '${config.drill}' (have: ${Object.keys(DRILLS).join(', ')})`);
  const { obsSize, actionCount } = drill.info;
  const network: NetworkDescriptor = { obsSize, hidden: config.hidden, activation: 'tanh', actionCount, trunk: config.trunk };
  const { envs, steps } = config;
  const layout = chunkLayout({ obsSize, actionCount, steps, envs, episodeRecords: envs * steps, paramCount: paramCount(network) });
  const chunk = new ChunkView(layout, new ArrayBuffer(layout.byteLength));
  const collector = await RolloutCollector.create({ env: drill, network, envs, seed: config.seed, producerId: 0, gamma: config.gamma });
  const learner = await CpuPpoLearner.create({ network, seed: config.seed, hyper: config.hyper, training: config.training, rowsPerPass: config.hyper.minibatch });
  const batch = new PpoBatchBuffer(obsSize, actionCount, envs * steps);
  const noPool = (): Float32Array => { throw new Error('one-agent drills have no pool'); };

  const updates = Math.floor(config.totalSteps / (envs * steps));
  const finalFrom = Math.round(0.9 * updates * envs * steps);
  const pointEvery = Math.max(1, Math.round(updates / 50));
  const curve: CurvePoint[] = [];
  let finalSum = 0;
  let finalEpisodes = 0;
  let windowSum = 0;
  let windowEpisodes = 0;
  let stats: UpdateStats | null = null;
  const started = performance.now();
  for (let k = 0; k < updates; k++) {
    collector.learner.params.set(learner.params);
    chunk.begin(0, k);
    collector.collect(chunk, k + 1, noPool);
    const stepsDone = (k + 1) * envs * steps;
    for (let i = 0; i < chunk.episodeCount; i++) {
      const ret = chunk.episodesF32[i * EpisodeRecord.WORDS + EpisodeRecord.RETURN_F32]!;
      windowSum += ret;
      windowEpisodes++;
      if (stepsDone > finalFrom) {
        finalSum += ret;
        finalEpisodes++;
      }
    }
    batch.clear();
    batch.appendChunk(chunk, config.gamma, config.lambda);
    stats = await learner.update(batch);
    if ((k + 1) % pointEvery === 0 || k + 1 === updates) {
      const point: CurvePoint = {
        steps: stepsDone,
        seconds: (performance.now() - started) / 1000,
        meanReturn: windowEpisodes ? windowSum / windowEpisodes : null,
        episodes: windowEpisodes,
        approxKl: stats.approxKl,
        clipFraction: stats.clipFraction,
        gradNorm: stats.gradNorm,
        explainedVariance: stats.explainedVariance,
        entropy: stats.entropy,
      };
      curve.push(point);
      onProgress(point);
      windowSum = 0;
      windowEpisodes = 0;
      // Lets the page answer the driver between stretches of training.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  // Another seed than training's: unseen initial states.
  const evaluator = await Evaluator.create({ env: drill, network, episodes: config.evalEpisodes, seed: config.seed + 1_000_003 });
  const greedy = evaluator.runSolo(learner.params);
  return {
    config,
    final: finalEpisodes ? finalSum / finalEpisodes : NaN,
    finalEpisodes,
    greedy: greedy.meanReturn,
    greedySuccess: greedy.successRate,
    steps: updates * envs * steps,
    seconds,
    curve,
  };
}

const progress: CurvePoint[] = [];

(globalThis as unknown as { drillLearnClassic: unknown }).drillLearnClassic = {
  /** Curve points of the run in progress, for the driver to print as it goes. */
  progress,
  train(request: ClassicRequest): Promise<ClassicRun> {
    progress.length = 0;
    return train(configFor(request), (point) => progress.push(point));
  },
  randomReturn(drill: string, episodes: number, seed: number): number {
    const definition = DRILLS[drill];
    if (!definition) throw new Error(`no classic drill '${drill}'`);
    return randomReturn(definition, episodes, seed);
  },
};
