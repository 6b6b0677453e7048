// A Node harness (not the browser pipeline): samples/s of one CPU PPO update
// with S trainer threads — this thread the trainer, S − 1 worker_threads as
// gradient helpers over the same DRGR buffer — for S in the list given
// (default 1 2 4 8), the thread counts interleaved over rounds so drift on a
// shared machine hits all alike. Build: `node scripts/bench-trainer-threads-node.mjs`;
// run: `node .tmp/trainer-threads/trainer-threads.mjs [S …]`.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { NetworkDescriptor } from '../src/nn/network-descriptor.js';
import { GradientShard, GradientTeamBuffer, ParallelGradients, runGradientHelper } from '../src/rl/parallel-gradients.js';
import { CpuPpoLearner, DEFAULT_ROWS_PER_PASS } from '../src/rl/ppo-learner.js';
import { Random } from '../src/util/random.js';

const NETWORK: NetworkDescriptor = { obsSize: 40, hidden: [64, 64], activation: 'tanh', actionCount: 9 };
const BATCH = 8192;
const UPDATES = 3;
const ROUNDS = 3;

interface HelperData {
  readonly team: SharedArrayBuffer;
  readonly threads: number;
  readonly thread: number;
}

async function helper(data: HelperData): Promise<void> {
  const shape = { network: NETWORK, threads: data.threads, rowsPerPass: DEFAULT_ROWS_PER_PASS };
  const shard = await GradientShard.create(NETWORK, DEFAULT_ROWS_PER_PASS);
  const loop = runGradientHelper(new GradientTeamBuffer(data.team, shape), data.thread, shard);
  // Node does not keep a thread alive for a pending Atomics.waitAsync: a listener does.
  parentPort!.on('message', () => undefined);
  parentPort!.postMessage('ready');
  await loop;
}

async function measure(threads: number): Promise<number> {
  const shape = { network: NETWORK, threads, rowsPerPass: DEFAULT_ROWS_PER_PASS };
  const workers: Worker[] = [];
  let parallel: ParallelGradients | undefined;
  let team: GradientTeamBuffer | undefined;
  if (threads > 1) {
    const buffer = GradientTeamBuffer.create(shape);
    for (let t = 1; t < threads; t++) {
      const worker = new Worker(new URL(import.meta.url), { workerData: { team: buffer, threads, thread: t } satisfies HelperData });
      worker.on('error', (error) => console.error(`helper ${t}:`, error));
      workers.push(worker);
    }
    // The trainer blocks in Atomics.wait: start measuring only once every helper is waiting.
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
    parallel = await ParallelGradients.create({ buffer, shape, helperTimeoutMs: 30_000 });
    team = parallel.team;
  }
  const learner = await CpuPpoLearner.create({ network: NETWORK, seed: 1, hyper: { minibatch: 512, epochs: 2, targetKl: 0 }, ...(parallel ? { parallel } : {}) });
  const random = new Random(3);
  const batch = {
    size: BATCH,
    obs: Float32Array.from({ length: BATCH * NETWORK.obsSize }, () => random.normal()),
    mask: new Uint32Array(BATCH).fill(2 ** NETWORK.actionCount - 1),
    act: Int32Array.from({ length: BATCH }, () => random.int(NETWORK.actionCount)),
    logp: new Float32Array(BATCH).fill(Math.log(1 / NETWORK.actionCount)),
    value: Float32Array.from({ length: BATCH }, () => random.normal()),
    advantages: Float32Array.from({ length: BATCH }, () => random.normal()),
    returns: Float32Array.from({ length: BATCH }, () => random.normal()),
  };
  await learner.update(batch);
  let samples = 0;
  const started = performance.now();
  for (let k = 0; k < UPDATES; k++) samples += (await learner.update(batch)).sampleGradients;
  const rate = (1000 * samples) / (performance.now() - started);
  if (learner.threads !== threads) throw new Error(`a helper was lost: ${learner.threads} of ${threads} threads`);
  team?.close();
  await Promise.all(workers.map((w) => w.terminate()));
  return rate;
}

async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number).filter((n) => n >= 1);
  const list = counts.length > 0 ? counts : [1, 2, 4, 8];
  const rates = new Map<number, number[]>(list.map((s) => [s, []]));
  for (let round = 0; round < ROUNDS; round++) for (const s of list) rates.get(s)!.push(await measure(s));
  const base = Math.max(...rates.get(list[0]!)!);
  console.log(`trainer threads (Node harness; ${BATCH} samples, ${NETWORK.obsSize}-${NETWORK.hidden.join('-')}-${NETWORK.actionCount}, minibatch 512, 2 epochs; best of ${ROUNDS} rounds of ${UPDATES} updates)`);
  for (const [s, r] of rates) console.log(`threads ${s}: ${Math.round(Math.max(...r))} samples/s (×${(Math.max(...r) / base).toFixed(2)}; rounds ${r.map(Math.round).join(', ')})`);
}

if (isMainThread) await main();
else await helper(workerData as HelperData);
