// The training pipeline without workers: a rollout loop and the trainer loop
// in one page, connected by a real lane and weights channel.
import { expect } from '@open-wc/testing';
import { createLane, createWeightsChannel, openLaneConsumer, openLaneProducer, openWeightsPublisher, openWeightsSource, type Transport } from '../../src/channels/index.js';
import { DEFAULT_HYPERPARAMETERS, type DrillErrorDetail, type Hyperparameters, type TrainerTelemetry } from '../../src/runtime/protocol.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { CpuPpoLearner } from '../../src/rl/ppo-learner.js';
import { RolloutCollector } from '../../src/rl/rollout-collector.js';
import { RolloutLoop } from '../../src/rl/rollout-loop.js';
import { TrainerLoop } from '../../src/rl/trainer-loop.js';
import { soccerEnv } from '../../src/sim/index.js';

interface Run {
  params: Float32Array;
  telemetry: TrainerTelemetry[];
  errors: DrillErrorDetail[];
  trainer: TrainerLoop;
  chunks: number;
}

async function train(transport: Transport, updates: number, hyperOverrides: Partial<Hyperparameters> = {}): Promise<Run> {
  const hyper: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, envs: 32, steps: 16, hidden: [32, 32], minibatch: 128, ...hyperOverrides };
  const layout = runLayout(hyper, soccerEnv.info, 1);
  const lane = createLane({ descriptor: layout.channel, capacity: layout.laneCapacity }, transport);
  const weights = createWeightsChannel(layout.weights, transport, 1);
  const learner = await CpuPpoLearner.create({ network: layout.network, seed: hyper.seed, hyper: { minibatch: hyper.minibatch } });
  const telemetry: TrainerTelemetry[] = [];
  const errors: DrillErrorDetail[] = [];
  const trainer = new TrainerLoop({
    learner,
    lanes: [openLaneConsumer(lane.consumer, layout.channel)],
    publisher: openWeightsPublisher(weights.publisher, layout.weights),
    hyper,
    transport,
    compute: () => ({ path: 'cpu', adapter: null }),
    onTelemetry: (sample) => telemetry.push(sample),
    onError: (detail) => errors.push(detail),
  });
  trainer.publishCurrent();
  const collector = await RolloutCollector.create({ env: soccerEnv, network: layout.network, envs: layout.envsPerWorker, seed: hyper.seed, producerId: 0, gamma: hyper.gamma });
  const rollout = new RolloutLoop(collector, openLaneProducer(lane.producer, layout.channel, 0), openWeightsSource(weights.readers[0]!, layout.weights), { deterministic: true, seed: hyper.seed, producerId: 0 }, (error) => errors.push({ code: 'internal', source: 'rollout', message: error.message, recovered: false }));
  trainer.start({ deterministic: true, stopAfterUpdates: updates });
  rollout.start();
  while (trainer.training) await new Promise((r) => setTimeout(r, 10));
  await rollout.stop();
  return { params: trainer.published().params, telemetry, errors, trainer, chunks: rollout.chunks };
}

describe('training pipeline (rollout loop → lane → trainer loop → weights)', () => {
  it('runs K updates in lockstep, publishing a version per update, with telemetry', async function () {
    this.timeout(60_000);
    const run = await train('shared-memory', 3);
    expect(run.errors).to.deep.equal([]);
    expect(run.trainer.policyVersion).to.equal(4);
    const last = run.telemetry.at(-1)!;
    expect(last.updates).to.equal(3);
    expect(last.envSteps).to.equal(3 * 32 * 16);
    expect(last.training).to.equal(false);
    for (const key of ['lossPolicy', 'lossValue', 'entropy', 'approxKl', 'clipFraction'] as const) expect(Number.isFinite(last[key]), key).to.equal(true);
    expect(last.policyLag).to.equal(0);
    expect(Array.from(run.params).every(Number.isFinite)).to.equal(true);
  });

  it('deterministic mode: the same seed gives the same weights after K updates, over either transport', async function () {
    this.timeout(60_000);
    const a = await train('shared-memory', 3);
    const b = await train('transfer', 3);
    const c = await train('shared-memory', 3, { seed: 2 });
    expect(Array.from(a.params)).to.deep.equal(Array.from(b.params));
    expect(Array.from(a.params)).not.to.deep.equal(Array.from(c.params));
  });
});
