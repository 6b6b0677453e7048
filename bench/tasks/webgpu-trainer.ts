// The WebGPU learner in the browser being measured (SwiftShader on a machine
// without a GPU), on the default network, minibatch and batch, and what
// `auto` chooses there.
import { chooseLearner } from '../../src/gpu/compute-choice.js';
import { WebGpuPpoLearner } from '../../src/gpu/webgpu-learner.js';
import type { PpoBatch } from '../../src/rl/learner.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { soccerEnv } from '../../src/sim/index.js';
import { Random } from '../../src/util/random.js';

export interface WebGpuTrainerReport {
  readonly available: boolean;
  /** Why not, when not available. */
  readonly reason: string | null;
  readonly adapter: string | null;
  /** Samples × epochs per second of the update's device work (submit to readback). */
  readonly samplesPerSecond: number | null;
  readonly updateMs: number | null;
  readonly autoPath: string;
  readonly autoReason: string;
}

export async function webgpuTrainer(updates: number): Promise<WebGpuTrainerReport> {
  const layout = runLayout(DEFAULT_HYPERPARAMETERS, soccerEnv.info, 1);
  const network = layout.network;
  const size = layout.channel.envs * layout.channel.steps;
  const hyper = { minibatch: DEFAULT_HYPERPARAMETERS.minibatch, epochs: DEFAULT_HYPERPARAMETERS.epochs, targetKl: 0 };
  const auto = await chooseLearner({ setting: 'auto', network, seed: 1, hyper, gpu: navigator.gpu, batchSize: size });
  let learner: WebGpuPpoLearner;
  try {
    learner = await WebGpuPpoLearner.create({ network, seed: 1, hyper, gpu: navigator.gpu });
  } catch (error) {
    return { available: false, reason: (error as Error).message, adapter: null, samplesPerSecond: null, updateMs: null, autoPath: auto.path, autoReason: auto.reason };
  }
  const random = new Random(5);
  const batch: PpoBatch = {
    size,
    obs: Float32Array.from({ length: size * network.obsSize }, () => random.normal()),
    mask: new Uint32Array(size).fill(0xffffffff),
    act: Int32Array.from({ length: size }, () => random.int(network.actionCount)),
    logp: new Float32Array(size).fill(-Math.log(network.actionCount)),
    value: Float32Array.from({ length: size }, () => random.normal()),
    advantages: Float32Array.from({ length: size }, () => random.normal()),
    returns: Float32Array.from({ length: size }, () => random.normal()),
  };
  await learner.update(batch);
  const rates: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < updates; i++) {
    const stats = await learner.update(batch);
    rates.push(stats.sampleGradients / ((stats.computeMs + stats.lossMs) / 1000));
    times.push(stats.updateMs);
  }
  learner.destroy();
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  return { available: true, reason: null, adapter: learner.adapter, samplesPerSecond: median(rates), updateMs: median(times), autoPath: auto.path, autoReason: auto.reason };
}
