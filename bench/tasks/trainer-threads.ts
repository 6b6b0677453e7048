// Samples/s of one CPU PPO update with S trainer threads: the trainer's learner
// on this thread (the page: it spins where a worker would block in
// Atomics.wait) and S − 1 real gradient helper workers. Upper bounds on a shared
// machine; compare thread counts in the same run.
import { wrap } from 'comlink';
import { PROTOCOL_VERSION, type GradientWorkerApi } from '../../src/contract/worker-api.js';
import type { NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import { GradientTeamBuffer, type HelperWait, ParallelGradients } from '../../src/rl/parallel-gradients.js';
import { CpuPpoLearner, DEFAULT_ROWS_PER_PASS } from '../../src/rl/ppo-learner.js';
import { spawnWorker } from '../../src/runtime/worker-spawn.js';
import { Random } from '../../src/util/random.js';

const spin: HelperWait = (control, index, generation, timeoutMs) => {
  const deadline = performance.now() + timeoutMs;
  while (Atomics.load(control, index) !== generation) if (performance.now() > deadline) return false;
  return true;
};

export interface TrainerThreadsResult {
  readonly threads: number;
  readonly samplesPerSecond: number;
  readonly updateMs: number;
}

/** S threads on one update of `batch` samples (default 8,192; network 40 obs, 64-64 tanh, 9 actions; minibatch 512, 2 epochs), after one warm-up update. */
export async function trainerThreadsThroughput(threads: number, workerScript: string, options: { network?: NetworkDescriptor; batch?: number; updates?: number } = {}): Promise<TrainerThreadsResult> {
  if (threads > 1 && !globalThis.crossOriginIsolated) throw new Error('trainerThreadsThroughput: more than one thread needs a cross-origin-isolated page (SharedArrayBuffer)');
  const network = options.network ?? { obsSize: 40, hidden: [64, 64], activation: 'tanh', actionCount: 9 };
  const size = options.batch ?? 8192;
  const shape = { network, threads, rowsPerPass: DEFAULT_ROWS_PER_PASS };
  const helpers = [];
  let parallel: ParallelGradients | undefined;
  if (threads > 1) {
    const team = GradientTeamBuffer.create(shape);
    for (let t = 1; t < threads; t++) {
      const spawned = spawnWorker(new URL(workerScript, location.href), 'gradient', t);
      helpers.push(spawned);
      await wrap<GradientWorkerApi>(spawned.worker).init({ protocolVersion: PROTOCOL_VERSION, ...shape, thread: t, team });
    }
    parallel = await ParallelGradients.create({ buffer: team, shape, wait: spin });
  }
  try {
    const learner = await CpuPpoLearner.create({ network, seed: 1, hyper: { minibatch: 512, epochs: 2, targetKl: 0 }, ...(parallel ? { parallel } : {}) });
    const random = new Random(3);
    const batch = {
      size,
      obs: Float32Array.from({ length: size * network.obsSize }, () => random.normal()),
      mask: new Uint32Array(size).fill(2 ** network.actionCount - 1),
      act: Int32Array.from({ length: size }, () => random.int(network.actionCount)),
      logp: new Float32Array(size).fill(Math.log(1 / network.actionCount)),
      value: Float32Array.from({ length: size }, () => random.normal()),
      advantages: Float32Array.from({ length: size }, () => random.normal()),
      returns: Float32Array.from({ length: size }, () => random.normal()),
    };
    await learner.update(batch);
    const updates = options.updates ?? 3;
    let samples = 0;
    const started = performance.now();
    for (let k = 0; k < updates; k++) samples += (await learner.update(batch)).sampleGradients;
    const ms = performance.now() - started;
    return { threads: learner.threads, samplesPerSecond: (1000 * samples) / ms, updateMs: ms / updates };
  } finally {
    for (const helper of helpers) helper.terminate();
  }
}
