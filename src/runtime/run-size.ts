/**
 * How much memory a run layout takes, checked before anything is built: a
 * run of 16384 envs × 1024 steps would ask for gigabytes, which a phone tab
 * (or any tab) does not have, and would fail halfway through building the
 * crew with an allocation error instead of a message. Sizes come from the
 * modules that allocate (channels, batch, learner, collector), so they stay
 * true when a layout changes. docs/layouts.md §Run size states the limit.
 */
import { laneByteLength, weightsByteLength } from '../channels/index.js';
import type { Transport } from '../contract/descriptors.js';
import { PpoBatchBuffer } from '../rl/ppo-batch.js';
import { CpuPpoLearner } from '../rl/ppo-learner.js';
import { RolloutCollector } from '../rl/rollout-collector.js';
import type { RunLayout } from './run-layout.js';

/**
 * The most memory one run may take: 512 MiB. A phone's browser tab gets
 * about 1–2 GiB in all; the page, the show and the WebAssembly code need
 * their share.
 */
export const RUN_SIZE_LIMIT = 512 * 2 ** 20;

/** Bytes of one run, by part. */
export interface RunSize {
  /** The rollout lanes: every chunk slot (or chunk buffer in circulation). */
  readonly lanes: number;
  /** The trainer's batch: one chunk's samples from every rollout worker. */
  readonly batch: number;
  /** The weights channel with its pool slots, every reader's copies included. */
  readonly weights: number;
  /** The networks: the trainer's learner (with its optimiser) and every rollout worker's. */
  readonly networks: number;
  readonly total: number;
}

/** The memory a run of `layout` takes over `transport`. */
export function runSize(layout: RunLayout, transport: Transport): RunSize {
  const { channel, network, rolloutWorkers, envsPerWorker } = layout;
  const cells = rolloutWorkers * channel.steps * envsPerWorker;
  const lanes = rolloutWorkers * laneByteLength({ descriptor: channel, capacity: layout.laneCapacity }, transport);
  const batch = PpoBatchBuffer.byteLength(network.obsSize, network.actionCount, cells);
  // Readers: the show and every rollout worker.
  const weights = weightsByteLength(layout.weights, transport, 1 + rolloutWorkers);
  const networks = CpuPpoLearner.byteLength(network, cells) + rolloutWorkers * RolloutCollector.byteLength(network, envsPerWorker);
  return { lanes, batch, weights, networks, total: lanes + batch + weights + networks };
}

const size = (bytes: number): string => bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * The run's size, or a RangeError before anything is built when it is over
 * `limit`: the message gives the size by part, the limit, and which
 * hyperparameter to lower (envs or steps when experience dominates, hidden
 * when the network does).
 */
export function checkRunSize(layout: RunLayout, transport: Transport, limit = RUN_SIZE_LIMIT): RunSize {
  const run = runSize(layout, transport);
  if (run.total <= limit) return run;
  const parts = `rollout lanes ${size(run.lanes)}, trainer batch ${size(run.batch)}, weights ${size(run.weights)}, networks ${size(run.networks)}`;
  const { channel, network, envsPerWorker, rolloutWorkers } = layout;
  const lower = run.lanes + run.batch >= run.weights + run.networks
    ? `Lower envs (now ${envsPerWorker} per rollout worker × ${rolloutWorkers}) or steps (now ${channel.steps}): every chunk holds envs × steps decisions.`
    : `Lower hidden (now ${network.hidden.join(',')}): the network has ${channel.paramCount} parameters, and the weights channel keeps ${layout.weights.slots} copies of them for each of its readers.`;
  throw new RangeError(`This run would need ${size(run.total)} of memory (${parts}), more than the ${size(limit)} a run may use. ${lower}`);
}
