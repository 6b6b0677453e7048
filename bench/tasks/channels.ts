// Channel figures: lane throughput and publish→adopt latency, per transport.
import { createLane, createWeightsChannel, laneTransferables, type Transport, weightsTransferables } from '../../src/channels/index.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { quantile } from '../stats.js';
import { soccerEnv } from '../../src/sim/index.js';

function start(name: string): Worker {
  return new Worker(new URL(`./workers/${name}.js`, import.meta.url), { type: 'module' });
}

function reply<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => resolve(event.data as T);
    worker.onerror = (event) => reject(new Error(event.message));
  });
}

/** The default run's lane: one rollout worker's share of the default envs, T = default steps. */
function defaultLayout() {
  return runLayout(DEFAULT_HYPERPARAMETERS, soccerEnv.info, 1);
}

/** MB/s of chunks through one lane, producer and consumer in their own workers. */
export async function laneThroughput(transport: Transport, seconds: number): Promise<{ mbPerSecond: number; chunkBytes: number; chunks: number }> {
  const layout = defaultLayout();
  const lane = createLane({ descriptor: layout.channel, capacity: layout.laneCapacity }, transport);
  const producer = start('lane-producer');
  const consumer = start('lane-consumer');
  const got = reply<{ chunks: number; bytes: number; seconds: number }>(consumer);
  const made = reply<unknown>(producer);
  consumer.postMessage({ handle: lane.consumer, descriptor: layout.channel, seconds }, laneTransferables(lane.consumer));
  producer.postMessage({ handle: lane.producer, descriptor: layout.channel, seconds }, laneTransferables(lane.producer));
  const [result] = await Promise.all([got, made]);
  producer.terminate();
  consumer.terminate();
  return { mbPerSecond: result.bytes / 1e6 / result.seconds, chunkBytes: result.bytes / Math.max(1, result.chunks), chunks: result.chunks };
}

/** Publish→adopt latency (ms) of the default network's weights, reader polling continuously. */
export async function adoptLatency(transport: Transport, versions: number): Promise<{ p50: number; p95: number; samples: number }> {
  const layout = defaultLayout();
  const channel = createWeightsChannel(layout.weights, transport, 1);
  const publisher = start('weights-publisher');
  const adopter = start('weights-adopter');
  const adopted = reply<{ latencies: number[] }>(adopter);
  adopter.postMessage({ handle: channel.readers[0], spec: layout.weights, versions }, weightsTransferables(channel.readers[0]!));
  publisher.postMessage({ handle: channel.publisher, spec: layout.weights, versions, periodMs: 10 }, weightsTransferables(channel.publisher));
  const { latencies } = await adopted;
  publisher.terminate();
  adopter.terminate();
  return { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), samples: latencies.length };
}
