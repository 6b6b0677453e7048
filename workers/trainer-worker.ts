/** The trainer worker: consumes the rollout lanes, runs GAE + PPO, publishes weights. */
import { type LaneConsumer, type LaneHandle, openLaneConsumer, openWeightsPublisher, type WeightsPublisher, type WeightsPublisherHandle } from '../src/channels/index.js';
import type { TrainerWorkerApi, WorkerInit, WorkerStatus } from '../src/runtime/protocol.js';
import { checkInit } from './check-init.js';

export function createTrainerWorker(): TrainerWorkerApi {
  let init: WorkerInit | null = null;
  let lanes: LaneConsumer[] = [];
  let publisher: WeightsPublisher | null = null;
  return {
    init(workerInit: WorkerInit, laneHandles: LaneHandle[], weights: WeightsPublisherHandle) {
      checkInit(workerInit, 'trainer');
      lanes = laneHandles.map((handle, i) => openLaneConsumer(handle, workerInit.channel, `rollout lane ${i}`));
      publisher = openWeightsPublisher(weights, workerInit.weights);
      init = workerInit;
    },
    status(): WorkerStatus {
      return { role: 'trainer', index: init?.index ?? 0, channelsOpen: lanes.length + (publisher ? 1 : 0), policyVersion: 0 };
    },
  };
}
