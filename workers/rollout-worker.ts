/** A rollout worker: steps a batch of headless envs with batched inference and fills its lane. */
import { LATEST_SLOT, type LaneHandle, type LaneProducer, openLaneProducer, openWeightsSource, type WeightsReader, type WeightsReaderHandle } from '../src/channels/index.js';
import type { RolloutWorkerApi, WorkerInit, WorkerStatus } from '../src/runtime/protocol.js';
import { checkInit } from './check-init.js';

export function createRolloutWorker(): RolloutWorkerApi {
  let init: WorkerInit | null = null;
  let producer: LaneProducer | null = null;
  let latest: WeightsReader | null = null;
  return {
    init(workerInit: WorkerInit, lane: LaneHandle, weights: WeightsReaderHandle) {
      checkInit(workerInit, 'rollout');
      producer = openLaneProducer(lane, workerInit.channel, workerInit.index, `rollout lane ${workerInit.index}`);
      latest = openWeightsSource(weights, workerInit.weights).reader(LATEST_SLOT);
      init = workerInit;
    },
    status(): WorkerStatus {
      return { role: 'rollout', index: init?.index ?? 0, channelsOpen: (producer ? 1 : 0) + (latest ? 1 : 0), policyVersion: latest?.policyVersion ?? 0 };
    },
  };
}
