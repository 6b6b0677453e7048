// The training pipeline without workers, for tests: a rollout loop and the
// trainer loop in one page, connected by a real lane and weights channel.
import { createLane, createWeightsChannel, openLaneConsumer, openLaneProducer, openWeightsPublisher, openWeightsSource, type Transport } from '../../src/channels/index.js';
import type { DrillErrorDetail } from '../../src/contract/events.js';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../src/contract/hyperparameters.js';
import type { TrainerTelemetry } from '../../src/contract/telemetry.js';
import type { TrainerStopReason, TrainingOptions } from '../../src/contract/worker-api.js';
import type { Learner } from '../../src/rl/learner.js';
import { CpuPpoLearner } from '../../src/rl/ppo-learner.js';
import { RolloutCollector } from '../../src/rl/rollout-collector.js';
import { RolloutLoop } from '../../src/rl/rollout-loop.js';
import { TrainerLoop } from '../../src/rl/trainer-loop.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { soccerEnv } from '../../src/sim/index.js';

export interface PipelineRun {
  params: Float32Array;
  telemetry: TrainerTelemetry[];
  errors: DrillErrorDetail[];
  /** Every lr the trainer switched to by itself (onLrHalved), in order. */
  lrChanges: number[];
  /** Why training ended by itself, if it did (onStopped). */
  stopped: TrainerStopReason | null;
  trainer: TrainerLoop;
  learner: Learner;
  chunks: number;
}

export interface PipelineOptions {
  readonly transport?: Transport;
  readonly hyper?: Partial<Hyperparameters>;
  readonly run?: TrainingOptions;
  /** Wraps the real learner (e.g. to inject faults); the trainer drives what it returns. */
  readonly learner?: (learner: CpuPpoLearner) => Learner;
  /** Weights to load into the trainer before training (as an imported model would be). */
  readonly load?: (paramCount: number) => Float32Array;
}

/** Small defaults: 32 envs × 16 steps, a 32-32 network. */
export const PIPELINE_HYPER: Partial<Hyperparameters> = { envs: 32, steps: 16, hidden: [32, 32], minibatch: 128 };

/** Trains in lockstep (by default) until the trainer stops by itself; `updates` is the update limit. */
export async function trainPipeline(updates: number, options: PipelineOptions = {}): Promise<PipelineRun> {
  const transport = options.transport ?? 'shared-memory';
  const hyper: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...PIPELINE_HYPER, ...options.hyper };
  const layout = runLayout(hyper, soccerEnv.info, 1);
  const lane = createLane({ descriptor: layout.channel, capacity: layout.laneCapacity }, transport);
  const weights = createWeightsChannel(layout.weights, transport, 1);
  const cpu = await CpuPpoLearner.create({ network: layout.network, seed: hyper.seed, hyper: { minibatch: hyper.minibatch, lr: hyper.lr } });
  const learner = options.learner ? options.learner(cpu) : cpu;
  const telemetry: TrainerTelemetry[] = [];
  const errors: DrillErrorDetail[] = [];
  const lrChanges: number[] = [];
  let stopped: TrainerStopReason | null = null;
  const trainer = new TrainerLoop({
    learner,
    lanes: [openLaneConsumer(lane.consumer, layout.channel)],
    publisher: openWeightsPublisher(weights.publisher, layout.weights),
    hyper,
    transport,
    compute: () => ({ path: 'cpu', adapter: null }),
    kernels: 'wasm-simd',
    onTelemetry: (sample) => telemetry.push(sample),
    onError: (detail) => errors.push(detail),
    onLrHalved: (lr) => lrChanges.push(lr),
    onStopped: (reason) => {
      stopped = reason;
    },
  });
  trainer.publishCurrent();
  if (options.load) trainer.load(options.load(learner.params.length));
  const collector = await RolloutCollector.create({ env: soccerEnv, network: layout.network, envs: layout.envsPerWorker, seed: hyper.seed, producerId: 0, gamma: hyper.gamma });
  const run = options.run ?? { deterministic: true };
  const rollout = new RolloutLoop(collector, openLaneProducer(lane.producer, layout.channel, 0), openWeightsSource(weights.readers[0]!, layout.weights), { deterministic: run.deterministic, seed: hyper.seed, producerId: 0 }, (error) => errors.push({ code: 'internal', source: 'rollout', message: error.message, recovered: false }));
  trainer.start({ ...run, stopAfterUpdates: updates });
  rollout.start();
  while (trainer.training) await new Promise((r) => setTimeout(r, 10));
  await rollout.stop();
  return { params: trainer.published().params, telemetry, errors, lrChanges, stopped, trainer, learner, chunks: rollout.chunks };
}
