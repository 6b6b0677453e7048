// Bench worker: polls for new weights continuously, recording publish→adopt latency of each version.
import { openWeightsSource, wallClockMs, type WeightsReaderHandle, type WeightsSpec } from '../../src/channels/index.js';

const turn = new MessageChannel();
/** A macrotask turn (so transfer messages arrive) without setTimeout's clamp. */
const yieldTurn = (): Promise<void> => new Promise((resolve) => {
  turn.port1.onmessage = () => resolve();
  turn.port2.postMessage(null);
});

self.onmessage = async (event: MessageEvent<{ handle: WeightsReaderHandle; spec: WeightsSpec; versions: number }>) => {
  const { handle, spec, versions } = event.data;
  const reader = openWeightsSource(handle, spec).reader(0);
  const latencies: number[] = [];
  const deadline = wallClockMs() + 60_000;
  while (reader.policyVersion < versions && wallClockMs() < deadline) {
    if (reader.poll()) latencies.push(wallClockMs() - reader.publishedAt);
    await yieldTurn();
  }
  postMessage({ latencies });
};
