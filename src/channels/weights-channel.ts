/**
 * The weights channel: the trainer publishes parameter vectors into slots;
 * the show and every rollout worker adopt them. Slot 0 holds the latest
 * policy; slots 1…K hold the self-play opponent pool (docs/architecture.md).
 *
 * Two transports behind one interface:
 * - `shared-memory` (./shared-weights.ts): per slot, a seqlock over a double
 *   buffer in one SharedArrayBuffer; readers copy on adopt.
 * - `transfer` (./transfer-weights.ts): a MessageChannel per reader; the
 *   newest vector per slot is sent when the reader has acknowledged the last.
 *
 * Readers never adopt a vector with NaN/Inf or a foreign shape hash; they
 * keep their last good weights and report the rejection.
 */
import type { WeightsPublisherHandle, WeightsReaderHandle, WeightsSpec } from '../contract/descriptors.js';
import { LayoutMismatchError, validateChannelDescriptor } from './channel-descriptor.js';

export type { WeightsPublisherHandle, WeightsReaderHandle, WeightsSpec };

export const LATEST_SLOT = 0;

export interface WeightsPublisher {
  readonly spec: WeightsSpec;
  /**
   * Publishes a copy of `params` as `policyVersion` into `slot`. Throws on a
   * wrong length or a non-finite value: bad weights are never published.
   */
  publish(slot: number, params: Float32Array, policyVersion: number): void;
  /** Transfer transport: serve one more reader. Shared memory: no-op. */
  addReader(port: MessagePort): void;
  close(): void;
}

export interface WeightsReader {
  readonly slot: number;
  /** The adopted vector; replaced (not mutated) on adopt — re-read it after poll(). */
  readonly params: Float32Array;
  /** 0 until something has been adopted. */
  readonly policyVersion: number;
  /** Publish time of the adopted vector, ms since the epoch. */
  readonly publishedAt: number;
  /** Adopts the newest published vector if it is newer; true when it did. */
  poll(): boolean;
  /** Vectors refused for NaN/Inf. */
  readonly rejected: number;
}

export interface WeightsSource {
  readonly spec: WeightsSpec;
  reader(slot: number): WeightsReader;
  close(): void;
}

export interface WeightsSourceOptions {
  /** Called when a published vector is refused; the last good weights stay. */
  onReject?: (reason: string) => void;
  /**
   * Adopt each vector as it arrives instead of at the next poll (transfer
   * transport; shared memory always reads the newest). The runtime's own
   * reader uses it to stay one message behind the trainer at most.
   */
  adoptOnArrival?: boolean;
}

export function validateWeightsSpec(spec: WeightsSpec): void {
  validateChannelDescriptor(spec.descriptor);
  if (!Number.isInteger(spec.slots) || spec.slots < 1 || spec.slots > 256) throw new RangeError(`weights channel: slots must be 1–256, got ${spec.slots}`);
}

/** Index of the first non-finite value, or −1. */
export function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) return i;
  }
  return -1;
}

/** Throws on a wrong length or a non-finite value: bad weights are never published. */
export function checkPublishable(params: Float32Array, spec: WeightsSpec): void {
  if (params.length !== spec.descriptor.paramCount) {
    throw new LayoutMismatchError(`weights channel: publishing ${params.length} parameters into a channel of ${spec.descriptor.paramCount}`);
  }
  const bad = firstNonFinite(params);
  if (bad >= 0) throw new RangeError(`weights channel: parameter ${bad} is ${params[bad]}; non-finite weights are never published`);
}
