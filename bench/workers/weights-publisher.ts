// Bench worker: publishes a new weights version every `periodMs`.
import { openWeightsPublisher, sleep, type WeightsPublisherHandle, type WeightsSpec } from '../../src/channels/index.js';

self.onmessage = async (event: MessageEvent<{ handle: WeightsPublisherHandle; spec: WeightsSpec; versions: number; periodMs: number }>) => {
  const { handle, spec, versions, periodMs } = event.data;
  const publisher = openWeightsPublisher(handle, spec);
  const params = new Float32Array(spec.descriptor.paramCount);
  for (let v = 1; v <= versions; v++) {
    params.fill(v * 1e-3);
    publisher.publish(0, params, v);
    await sleep(periodMs);
  }
  postMessage({ published: versions });
};
