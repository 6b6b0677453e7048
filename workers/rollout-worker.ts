/** A rollout worker: steps a batch of headless envs with batched inference and fills its lane (src/rl/rollout-loop.ts). */
import { openLaneProducer, openWeightsSource, type LaneHandle, type LaneProducer, type WeightsReaderHandle, type WeightsSource } from '../src/channels/index.js';
import type { DrillDefinition } from '../src/contract/drill.js';
import { CpuGate } from '../src/channels/cpu-gate.js';
import { DrillInvalidError } from '../src/drills/drill-check.js';
import { loadDrill } from '../src/drills/load-drill.js';
import type { RolloutWorkerApi, TrainingOptions, WorkerEvents, WorkerInit, WorkerStatus } from '../src/contract/worker-api.js';
import { RolloutCollector } from '../src/rl/rollout-collector.js';
import { firstChunkBusyMs, RolloutLoop } from '../src/rl/rollout-loop.js';
import { checkInit } from './check-init.js';
import { fail } from './fault.js';

export function createRolloutWorker(): RolloutWorkerApi {
  let init: WorkerInit | null = null;
  let drill: DrillDefinition | null = null;
  let producer: LaneProducer | null = null;
  let weights: WeightsSource | null = null;
  let events: WorkerEvents | null = null;
  let loop: RolloutLoop | null = null;
  let gamma = 0.99;
  let loopSeed: number | null = null;

  const report = (error: Error): void => {
    if (error instanceof DrillInvalidError) {
      void events?.error({ code: 'drill-invalid', source: 'rollout', message: `${error.message}. Rollout worker ${init?.index ?? 0} stopped collecting; training stops, the weights learned so far stay. Fix the drill and reload.`, recovered: false });
      return;
    }
    void events?.error({ code: 'internal', source: 'rollout', message: `rollout worker ${init?.index ?? 0} stopped: ${error.message}. Training goes on with the other workers; reset training to restore it.`, recovered: true });
  };

  return {
    async init(workerInit: WorkerInit, lane: LaneHandle, weightsHandle: WeightsReaderHandle, workerEvents: WorkerEvents) {
      checkInit(workerInit, 'rollout');
      // The page checked this drill before starting any worker; this thread imports the same module.
      drill = await loadDrill(workerInit.drill);
      // Called again, it reconnects (a replacement trainer brings new channels): the old loop and ends go.
      await loop?.stop();
      loop = null;
      producer?.close();
      weights?.close();
      events = workerEvents;
      producer = openLaneProducer(lane, workerInit.channel, workerInit.index, `rollout lane ${workerInit.index}`);
      weights = openWeightsSource(weightsHandle, workerInit.weights, {
        onReject: (reason) => void workerEvents.error({ code: 'weights-rejected', source: 'rollout', message: `${reason}. Rollouts go on with the last good weights.`, recovered: true }),
      });
      gamma = workerInit.hyper.gamma;
      init = workerInit;
    },
    async start(options: TrainingOptions & { readonly seed: number }) {
      if (!init || !drill || !producer || !weights) throw new Error('drill rollout worker: init() has not finished');
      if (loop?.active) return;
      // A fresh collector per start: a deterministic run must not inherit env state, and a new seed means new streams.
      if (!loop || options.deterministic || options.seed !== loopSeed) {
        const collector = await RolloutCollector.create({
          env: drill,
          network: init.network,
          envs: init.channel.envs,
          seed: options.seed,
          producerId: init.index,
          gamma,
        });
        loop = new RolloutLoop(collector, producer, weights, { deterministic: options.deterministic, seed: options.seed, producerId: init.index, ...(init.cpuGate ? { gate: new CpuGate(init.cpuGate, 2 + init.index) } : {}) }, report);
        loopSeed = options.seed;
      }
      loop.start();
    },
    async stop() {
      await loop?.stop();
    },
    setGamma(value: number) {
      gamma = value;
      loop?.setGamma(value);
    },
    heartbeat: () => ({ busyMs: loop?.busyMs ?? (init ? firstChunkBusyMs(init.channel) : 0) }),
    fault: (kind) => fail(kind),
    status(): WorkerStatus {
      return { role: 'rollout', index: init?.index ?? 0, channelsOpen: (producer ? 1 : 0) + (weights ? 1 : 0), policyVersion: loop?.policyVersion ?? 0, chunks: loop?.chunks ?? 0 };
    },
  };
}
