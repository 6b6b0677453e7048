// Bench worker: fills and commits chunks as fast as the lane lets it, for `seconds`.
import { type ChannelDescriptor, type LaneHandle, openLaneProducer, wallClockMs } from '../../src/channels/index.js';

self.onmessage = async (event: MessageEvent<{ handle: LaneHandle; descriptor: ChannelDescriptor; seconds: number }>) => {
  const { handle, descriptor, seconds } = event.data;
  const producer = openLaneProducer(handle, descriptor, 0, 'bench lane');
  const end = wallClockMs() + seconds * 1000;
  let k = 0;
  while (wallClockMs() < end) {
    const chunk = await producer.acquire();
    if (!chunk) break;
    // Write every payload byte, as a rollout worker does.
    chunk.obs.fill(k);
    chunk.mask.fill(k);
    chunk.act.fill(k);
    chunk.rew.fill(k);
    chunk.done.fill(k & 1);
    chunk.truncated.fill(0);
    chunk.finalValue.fill(k);
    chunk.logp.fill(k);
    chunk.value.fill(k);
    chunk.episodeId.fill(k);
    chunk.episodeStep.fill(k);
    chunk.bootstrapValue.fill(k);
    producer.commit(chunk);
    k++;
  }
  postMessage({ committed: k, fullWaits: producer.stats.fullWaits });
};
