/**
 * The shared-memory rollout lane: a single-producer/single-consumer ring of
 * chunk slots in one SharedArrayBuffer. Layout table: docs/layouts.md.
 *
 * head and tail are monotonic u32 counters (they wrap at 2³²); the slot of
 * counter c is `c & (capacity − 1)`, and `head − tail` is the occupancy.
 * The producer writes a slot's payload with plain stores, then publishes it
 * with `Atomics.store(head)`; the consumer reads `head` with `Atomics.load`
 * before touching the payload, so it sees every byte of the chunk.
 */
import {
  align,
  type ChannelDescriptor,
  checkHeader,
  HEADER_WORDS,
  isPowerOfTwo,
  LayoutMismatchError,
  magic,
  writeHeader,
} from './channel-descriptor.js';
import { chunkLayout, type ChunkLayout, ChunkView } from './rollout-chunk.js';
import type { ConsumerStats, LaneConsumer, LaneProducer, LaneSpec, ProducerStats } from './rollout-lane.js';
import { MAX_WAIT_MS, waitWhileEqual } from './wait.js';

export const LANE_MAGIC = magic('DRLN');
export const LANE_LAYOUT_VERSION = 1;

/** Int32 word indices of the lane control block. */
export const LaneWord = {
  CAPACITY: HEADER_WORDS + 0,
  SLOT_BYTES: HEADER_WORDS + 1,
  HEAD: HEADER_WORDS + 2,
  TAIL: HEADER_WORDS + 3,
  DROPPED: HEADER_WORDS + 4,
  FULL_WAITS: HEADER_WORDS + 5,
  CLOSED: HEADER_WORDS + 6,
} as const;
const CONTROL_BYTES = align((LaneWord.CLOSED + 1) * 4);

/** Bytes of the lane's SharedArrayBuffer: the control block and `capacity` chunk slots. */
export function sharedLaneByteLength(spec: LaneSpec): number {
  return CONTROL_BYTES + spec.capacity * chunkLayout(spec.descriptor).byteLength;
}

export function createSharedLane(spec: LaneSpec): SharedArrayBuffer {
  const layout = chunkLayout(spec.descriptor);
  const buffer = new SharedArrayBuffer(sharedLaneByteLength(spec));
  const ctrl = new Int32Array(buffer, 0, CONTROL_BYTES / 4);
  writeHeader(ctrl, LANE_MAGIC, LANE_LAYOUT_VERSION, spec.descriptor);
  ctrl[LaneWord.CAPACITY] = spec.capacity;
  ctrl[LaneWord.SLOT_BYTES] = layout.byteLength;
  return buffer;
}

/** Validates the control block and builds one view per slot. */
class SharedLaneEnd {
  protected readonly ctrl: Int32Array;
  protected readonly slots: ChunkView[];
  protected readonly mask: number;
  readonly layout: ChunkLayout;

  constructor(buffer: SharedArrayBuffer, expected: ChannelDescriptor, protected readonly what: string) {
    if (buffer.byteLength < CONTROL_BYTES) throw new LayoutMismatchError(`${what}: buffer of ${buffer.byteLength} bytes is smaller than a lane header`);
    this.ctrl = new Int32Array(buffer, 0, CONTROL_BYTES / 4);
    checkHeader(this.ctrl, what, LANE_MAGIC, LANE_LAYOUT_VERSION, expected);
    this.layout = chunkLayout(expected);
    const capacity = this.ctrl[LaneWord.CAPACITY]!;
    if (!isPowerOfTwo(capacity) || this.ctrl[LaneWord.SLOT_BYTES] !== this.layout.byteLength
      || buffer.byteLength < CONTROL_BYTES + capacity * this.layout.byteLength) {
      throw new LayoutMismatchError(`${what}: capacity ${capacity} × slot ${this.ctrl[LaneWord.SLOT_BYTES]} bytes does not match a ${this.layout.byteLength}-byte chunk in a ${buffer.byteLength}-byte buffer`);
    }
    this.mask = capacity - 1;
    this.slots = Array.from({ length: capacity }, (_, i) => new ChunkView(this.layout, buffer, CONTROL_BYTES + i * this.layout.byteLength));
  }

  protected occupancy(): number {
    return (Atomics.load(this.ctrl, LaneWord.HEAD) - Atomics.load(this.ctrl, LaneWord.TAIL)) >>> 0;
  }

  get closed(): boolean {
    return Atomics.load(this.ctrl, LaneWord.CLOSED) !== 0;
  }

  close(): void {
    Atomics.store(this.ctrl, LaneWord.CLOSED, 1);
    Atomics.notify(this.ctrl, LaneWord.HEAD);
    Atomics.notify(this.ctrl, LaneWord.TAIL);
  }
}

class SharedLaneProducer extends SharedLaneEnd implements LaneProducer {
  private committed = 0;
  private fullWaits = 0;
  private pending: ChunkView | null = null;

  constructor(buffer: SharedArrayBuffer, expected: ChannelDescriptor, readonly producerId: number, what: string) {
    super(buffer, expected, what);
  }

  tryAcquire(): ChunkView | null {
    if (this.pending) return this.pending;
    if (this.closed || this.occupancy() > this.mask) return null;
    const head = Atomics.load(this.ctrl, LaneWord.HEAD) >>> 0;
    const chunk = this.slots[head & this.mask]!;
    chunk.begin(this.producerId, head);
    this.pending = chunk;
    return chunk;
  }

  async acquire(signal?: AbortSignal): Promise<ChunkView | null> {
    let counted = false;
    for (;;) {
      if (signal?.aborted || this.closed) return null;
      const chunk = this.tryAcquire();
      if (chunk) return chunk;
      if (!counted) {
        counted = true;
        this.fullWaits++;
        Atomics.add(this.ctrl, LaneWord.FULL_WAITS, 1);
      }
      await waitWhileEqual(this.ctrl, LaneWord.TAIL, Atomics.load(this.ctrl, LaneWord.TAIL), MAX_WAIT_MS);
    }
  }

  commit(chunk: ChunkView): void {
    if (chunk !== this.pending) throw new Error(`${this.what}: commit() of a chunk that was not acquired`);
    this.pending = null;
    chunk.stampCommit();
    Atomics.store(this.ctrl, LaneWord.HEAD, chunk.seq + 1);
    Atomics.notify(this.ctrl, LaneWord.HEAD);
    this.committed++;
  }

  get stats(): ProducerStats {
    return { committed: this.committed, fullWaits: this.fullWaits };
  }
}

class SharedLaneConsumer extends SharedLaneEnd implements LaneConsumer {
  private received = 0;
  private current: ChunkView | null = null;

  poll(): ChunkView | null {
    if (this.current) return this.current;
    const tail = Atomics.load(this.ctrl, LaneWord.TAIL) >>> 0;
    if ((Atomics.load(this.ctrl, LaneWord.HEAD) >>> 0) === tail) return null;
    const chunk = this.slots[tail & this.mask]!;
    chunk.check(this.what);
    if (chunk.seq !== tail) throw new Error(`${this.what}: slot holds chunk ${chunk.seq} where chunk ${tail} was expected — the lane has two producers or was written outside the protocol`);
    this.current = chunk;
    this.received++;
    return chunk;
  }

  release(): void {
    if (!this.current) throw new Error(`${this.what}: release() without a polled chunk`);
    Atomics.store(this.ctrl, LaneWord.TAIL, this.current.seq + 1);
    Atomics.notify(this.ctrl, LaneWord.TAIL);
    this.current = null;
  }

  async waitForChunk(timeoutMs: number): Promise<void> {
    if (this.current || this.closed) return;
    const tail = Atomics.load(this.ctrl, LaneWord.TAIL);
    await waitWhileEqual(this.ctrl, LaneWord.HEAD, tail, timeoutMs);
  }

  recordDropped(count = 1): void {
    Atomics.add(this.ctrl, LaneWord.DROPPED, count);
  }

  get stats(): ConsumerStats {
    return { received: this.received, dropped: Atomics.load(this.ctrl, LaneWord.DROPPED), occupancy: this.occupancy() };
  }
}

export function openSharedProducer(buffer: SharedArrayBuffer, expected: ChannelDescriptor, producerId: number, what: string): LaneProducer {
  return new SharedLaneProducer(buffer, expected, producerId, what);
}

export function openSharedConsumer(buffer: SharedArrayBuffer, expected: ChannelDescriptor, what: string): LaneConsumer {
  return new SharedLaneConsumer(buffer, expected, what);
}
