/**
 * Sizes of one training run, derived in one place from the hyperparameters,
 * the environment and the worker count: every channel and network takes its
 * sizes from here (decision 2 in docs/architecture.md), so a reset with new sizes builds new
 * structures instead of reinterpreting old ones.
 */
import type { ChannelDescriptor } from '../channels/channel-descriptor.js';
import type { WeightsSpec } from '../channels/weights-channel.js';
import { type Activation, type NetworkDescriptor, paramCount, shapeHash } from '../nn/network-descriptor.js';
import type { Hyperparameters } from '../contract/hyperparameters.js';

/** What the runtime needs to know about an environment to size everything. */
export interface EnvShape {
  readonly obsSize: number;
  readonly actionCount: number;
}

export interface RunLayout {
  readonly network: NetworkDescriptor;
  /** Descriptor of every rollout lane and chunk (N = envs per rollout worker). */
  readonly channel: ChannelDescriptor;
  readonly weights: WeightsSpec;
  readonly laneCapacity: number;
  readonly rolloutWorkers: number;
  readonly envsPerWorker: number;
}

/** The hidden layers' activation of every network drill builds (and of every model file it loads). */
export const NETWORK_ACTIVATION: Activation = 'tanh';

/** Chunks a lane holds: enough to keep a producer busy while the trainer updates. */
export const LANE_CAPACITY = 4;
/** Self-play pool snapshots (weights slots 1…K). */
export const POOL_SLOTS = 8;

export function runLayout(hyper: Pick<Hyperparameters, 'envs' | 'steps' | 'hidden'>, env: EnvShape, rolloutWorkers: number): RunLayout {
  const network: NetworkDescriptor = { obsSize: env.obsSize, hidden: [...hyper.hidden], activation: NETWORK_ACTIVATION, actionCount: env.actionCount };
  const envsPerWorker = Math.ceil(hyper.envs / rolloutWorkers);
  const channel: ChannelDescriptor = {
    obsSize: env.obsSize,
    actionCount: env.actionCount,
    steps: hyper.steps,
    envs: envsPerWorker,
    // An env rarely finishes more than one episode per 16 decisions; beyond that, records overflow and are counted.
    episodeRecords: envsPerWorker * Math.max(1, Math.ceil(hyper.steps / 16)),
    paramCount: paramCount(network),
  };
  return {
    network,
    channel,
    weights: { descriptor: channel, shapeHash: shapeHash(network), slots: 1 + POOL_SLOTS },
    laneCapacity: LANE_CAPACITY,
    rolloutWorkers,
    envsPerWorker,
  };
}
