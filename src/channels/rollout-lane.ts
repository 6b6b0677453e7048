/**
 * A rollout lane: one producer (a rollout worker) → one consumer (the
 * trainer), carrying rollout chunks in order. Two transports behind one
 * interface (decision 14 in docs/architecture.md):
 *
 * - `shared-memory`: a SharedArrayBuffer ring of chunk slots with monotonic
 *   head/tail counters (./shared-lane.ts);
 * - `transfer`: a MessageChannel moving standalone chunk buffers by transfer
 *   with credit-based flow control (./transfer-lane.ts), for pages that are
 *   not cross-origin isolated.
 *
 * Either way a full lane makes the producer wait; it never overwrites or
 * drops. Dropping stale chunks is the consumer's decision, and it counts them.
 */
import type { LaneHandle, LaneSpec } from '../contract/descriptors.js';
import type { ChunkLayout, ChunkView } from './rollout-chunk.js';

export type { LaneHandle, LaneSpec };

export interface LaneProducer {
  readonly layout: ChunkLayout;
  readonly producerId: number;
  /** A chunk to fill (header already stamped), or null while the lane is full. */
  tryAcquire(): ChunkView | null;
  /** Waits for room; null if the lane was closed or `signal` aborted. */
  acquire(signal?: AbortSignal): Promise<ChunkView | null>;
  /** Hands the filled chunk to the consumer; the view must not be touched afterwards. */
  commit(chunk: ChunkView): void;
  readonly stats: ProducerStats;
  close(): void;
}

export interface ProducerStats {
  readonly committed: number;
  /** Times the producer found the lane full and had to wait. */
  readonly fullWaits: number;
}

export interface LaneConsumer {
  readonly layout: ChunkLayout;
  /** The oldest committed chunk not yet released, or null when the lane is empty. */
  poll(): ChunkView | null;
  /** Frees the chunk returned by poll(); its view must not be touched afterwards. */
  release(): void;
  /** Resolves when a chunk may have arrived, or after `timeoutMs` (≤ 50 ms). */
  waitForChunk(timeoutMs: number): Promise<void>;
  /** Counts chunks the consumer decided to drop (e.g. too stale). */
  recordDropped(count?: number): void;
  readonly stats: ConsumerStats;
  close(): void;
}

export interface ConsumerStats {
  readonly received: number;
  readonly dropped: number;
  /** Committed chunks waiting in the lane right now. */
  readonly occupancy: number;
}
