// Per-core compute figures, each measured in one worker running alone:
// env ticks (simulation only), env ticks with the rollout worker's real loop
// (batched inference, sampling, chunk writing), and the CPU trainer.
import { chunkLayout, ChunkView } from '../../src/channels/rollout-chunk.js';
import { measureThroughput, type ThroughputReport } from '../../src/rl/trainer-throughput.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { drawOpponents } from '../../src/rl/opponent-mix.js';
import { RolloutCollector } from '../../src/rl/rollout-collector.js';
import { measureEnvTicks, soccerEnv } from '../../src/sim/index.js';
import { Random } from '../../src/util/random.js';

export function envTicks(envs: number, seconds: number): { ticksPerSecond: number; envs: number } {
  return { ticksPerSecond: measureEnvTicks({ envs, seconds }), envs };
}

/**
 * The rollout worker's loop over the default run's share of envs: self-play
 * mix with a full pool (the most inference per decision), chunks of T steps.
 */
export async function rolloutTicks(seconds: number): Promise<{ ticksPerSecond: number; decisionsPerSecond: number; envs: number }> {
  const layout = runLayout(DEFAULT_HYPERPARAMETERS, soccerEnv.info, 1);
  const collector = await RolloutCollector.create({ env: soccerEnv, network: layout.network, envs: layout.envsPerWorker, seed: 1, producerId: 0, gamma: DEFAULT_HYPERPARAMETERS.gamma });
  const chunkBytes = chunkLayout(layout.channel);
  const chunk = new ChunkView(chunkBytes, new ArrayBuffer(chunkBytes.byteLength));
  const pool = Array.from({ length: layout.weights.slots - 1 }, () => collector.learner.params.slice());
  const slots = pool.map((_, i) => i + 1);
  const random = new Random(3);
  const run = (): void => {
    drawOpponents(random, collector.groups, slots);
    chunk.begin(0, 0);
    collector.collect(chunk, 1, (slot) => pool[slot - 1]!);
  };
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) run();
  const start = performance.now();
  const before = collector.steps;
  while (performance.now() - start < seconds * 1000) run();
  const decisionsPerSecond = (collector.steps - before) / ((performance.now() - start) / 1000);
  return { decisionsPerSecond, ticksPerSecond: decisionsPerSecond * soccerEnv.info.ticksPerDecision, envs: layout.envsPerWorker };
}

/** The CPU learner on the default network and minibatch (obs size of the real env). */
export async function trainer(): Promise<ThroughputReport> {
  const layout = runLayout(DEFAULT_HYPERPARAMETERS, soccerEnv.info, 1);
  return measureThroughput({ network: layout.network, minibatch: DEFAULT_HYPERPARAMETERS.minibatch, epochs: DEFAULT_HYPERPARAMETERS.epochs, batch: layout.channel.envs * layout.channel.steps, updates: 3 });
}
