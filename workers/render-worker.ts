/** The render worker: the show match (one env), drawn on an OffscreenCanvas. */
import { LATEST_SLOT, openWeightsSource, type WeightsReader, type WeightsReaderHandle } from '../src/channels/index.js';
import type { RenderWorkerApi, WorkerInit, WorkerStatus } from '../src/runtime/protocol.js';
import { checkInit } from './check-init.js';

export function createRenderWorker(): RenderWorkerApi {
  let init: WorkerInit | null = null;
  let latest: WeightsReader | null = null;
  return {
    init(workerInit: WorkerInit, weights: WeightsReaderHandle) {
      checkInit(workerInit, 'render');
      latest = openWeightsSource(weights, workerInit.weights).reader(LATEST_SLOT);
      init = workerInit;
    },
    status(): WorkerStatus {
      return { role: 'render', index: init?.index ?? 0, channelsOpen: latest ? 1 : 0, policyVersion: latest?.policyVersion ?? 0 };
    },
  };
}
