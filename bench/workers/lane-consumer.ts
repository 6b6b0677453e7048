// Bench worker: receives chunks, reads every observation (as the trainer copies them out), releases.
import { type ChannelDescriptor, type LaneHandle, openLaneConsumer, wallClockMs } from '../../src/channels/index.js';

self.onmessage = async (event: MessageEvent<{ handle: LaneHandle; descriptor: ChannelDescriptor; seconds: number }>) => {
  const { handle, descriptor, seconds } = event.data;
  const consumer = openLaneConsumer(handle, descriptor, 'bench lane');
  const scratch = new Float32Array(consumer.layout.descriptor.steps * consumer.layout.descriptor.envs * descriptor.obsSize);
  let bytes = 0;
  let chunks = 0;
  let first = 0;
  let last = 0;
  const end = wallClockMs() + seconds * 1000 + 500;
  while (wallClockMs() < end) {
    const chunk = consumer.poll();
    if (!chunk) {
      await consumer.waitForChunk(20);
      continue;
    }
    scratch.set(chunk.obs);
    if (chunks === 0) first = wallClockMs();
    last = wallClockMs();
    bytes += consumer.layout.byteLength;
    chunks++;
    consumer.release();
  }
  postMessage({ chunks, bytes, seconds: (last - first) / 1000 });
};
