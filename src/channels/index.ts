/**
 * The channels module's public face: create a structure on the runtime side,
 * open an end of it inside a worker. Which transport is used is decided once
 * per runtime by {@link chooseTransport}; everything above this module is
 * transport-agnostic.
 */
import type { Transport } from '../contract/descriptors.js';
import { type ChannelDescriptor, isPowerOfTwo } from './channel-descriptor.js';
import type { LaneConsumer, LaneHandle, LaneProducer, LaneSpec } from './rollout-lane.js';
import { createSharedLane, openSharedConsumer, openSharedProducer, sharedLaneByteLength } from './shared-lane.js';
import { createSharedWeights, openSharedPublisher, openSharedSource, sharedWeightsByteLength } from './shared-weights.js';
import { openTransferConsumer, openTransferProducer, transferLaneByteLength } from './transfer-lane.js';
import { openTransferPublisher, openTransferSource, transferWeightsByteLength } from './transfer-weights.js';
import {
  validateWeightsSpec,
  type WeightsPublisher,
  type WeightsPublisherHandle,
  type WeightsReaderHandle,
  type WeightsSource,
  type WeightsSourceOptions,
  type WeightsSpec,
} from './weights-channel.js';

export * from './channel-descriptor.js';
export * from './rollout-chunk.js';
export * from './rollout-lane.js';
export * from './weights-channel.js';
export { MAX_WAIT_MS, sleep, wallClockMs } from './wait.js';

export type { Transport };

export function sharedMemoryAvailable(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/** `preferred` may force `transfer` (for tests and comparisons); shared memory is only used where it works. */
export function chooseTransport(preferred: Transport | 'auto' = 'auto'): Transport {
  if (preferred === 'transfer') return 'transfer';
  if (sharedMemoryAvailable()) return 'shared-memory';
  if (preferred === 'shared-memory') {
    throw new Error('shared-memory transport needs a cross-origin-isolated page (Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp); use transport "auto" to fall back to transfer');
  }
  return 'transfer';
}

/** Creates a lane and returns the handle for each end. */
export function createLane(spec: LaneSpec, transport: Transport): { producer: LaneHandle; consumer: LaneHandle } {
  if (!isPowerOfTwo(spec.capacity)) throw new RangeError(`rollout lane: capacity must be a power of two, got ${spec.capacity}`);
  if (transport === 'shared-memory') {
    const buffer = createSharedLane(spec);
    return { producer: { transport, buffer }, consumer: { transport, buffer } };
  }
  const channel = new MessageChannel();
  return {
    producer: { transport, port: channel.port1, spec },
    consumer: { transport, port: channel.port2, spec },
  };
}

/** Bytes a lane of `spec` holds at most over `transport` (for sizing a run before building it). */
export function laneByteLength(spec: LaneSpec, transport: Transport): number {
  return transport === 'shared-memory' ? sharedLaneByteLength(spec) : transferLaneByteLength(spec);
}

export function openLaneProducer(handle: LaneHandle, expected: ChannelDescriptor, producerId: number, what = 'rollout lane'): LaneProducer {
  return handle.transport === 'shared-memory'
    ? openSharedProducer(handle.buffer, expected, producerId, what)
    : openTransferProducer(handle.port, handle.spec, expected, producerId, what);
}

export function openLaneConsumer(handle: LaneHandle, expected: ChannelDescriptor, what = 'rollout lane'): LaneConsumer {
  return handle.transport === 'shared-memory'
    ? openSharedConsumer(handle.buffer, expected, what)
    : openTransferConsumer(handle.port, handle.spec, expected, what);
}

/** The objects that must be listed as transferables when posting `handle`. */
export function laneTransferables(handle: LaneHandle): Transferable[] {
  return handle.transport === 'transfer' ? [handle.port] : [];
}

/** Creates the channel: one publisher handle and `readers` reader handles. */
export function createWeightsChannel(spec: WeightsSpec, transport: Transport, readers: number): {
  publisher: WeightsPublisherHandle;
  readers: WeightsReaderHandle[];
} {
  validateWeightsSpec(spec);
  if (transport === 'shared-memory') {
    const buffer = createSharedWeights(spec);
    return { publisher: { transport, buffer }, readers: Array.from({ length: readers }, () => ({ transport, buffer })) };
  }
  const channels = Array.from({ length: readers }, () => new MessageChannel());
  return {
    publisher: { transport, spec, ports: channels.map((c) => c.port1) },
    readers: channels.map((c) => ({ transport, spec, port: c.port2 })),
  };
}

/** Bytes a weights channel of `spec` with `readers` readers holds at most over `transport`, the readers' copies included. */
export function weightsByteLength(spec: WeightsSpec, transport: Transport, readers: number): number {
  return transport === 'shared-memory' ? sharedWeightsByteLength(spec, readers) : transferWeightsByteLength(spec, readers);
}

export function openWeightsPublisher(handle: WeightsPublisherHandle, expected: WeightsSpec): WeightsPublisher {
  return handle.transport === 'shared-memory' ? openSharedPublisher(handle.buffer, expected) : openTransferPublisher(handle.ports, handle.spec, expected);
}

export function openWeightsSource(handle: WeightsReaderHandle, expected: WeightsSpec, options: WeightsSourceOptions = {}): WeightsSource {
  return handle.transport === 'shared-memory' ? openSharedSource(handle.buffer, expected, options) : openTransferSource(handle.port, handle.spec, expected, options);
}

export function weightsTransferables(handle: WeightsPublisherHandle | WeightsReaderHandle): Transferable[] {
  if (handle.transport === 'shared-memory') return [];
  return 'ports' in handle ? [...handle.ports] : [handle.port];
}

