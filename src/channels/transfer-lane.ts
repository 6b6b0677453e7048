/**
 * The rollout lane for pages without cross-origin isolation: chunks travel
 * as standalone ArrayBuffers over a MessageChannel, moved by transfer.
 *
 * Flow control is credit-based (decision 14 in docs/architecture.md). The consumer opens with a
 * `hello` granting `capacity` credits; each chunk sent spends one; releasing
 * a chunk sends its buffer back, which returns the credit and lets the
 * producer reuse the memory. A producer with no credit waits. The producer
 * only ever touches buffers it currently owns, so no detached buffer is read.
 *
 * Messages (consumer → producer): `{type:'hello', version, descriptor, capacity}`,
 * `{type:'credit', buffer}`. (producer → consumer): `{type:'chunk', buffer}`,
 * `{type:'refused', reason}`. Either side: `{type:'close'}`.
 */
import { assertSameDescriptor, type ChannelDescriptor, LayoutMismatchError } from './channel-descriptor.js';
import { CHUNK_LAYOUT_VERSION, chunkLayout, type ChunkLayout, ChunkView } from './rollout-chunk.js';
import type { ConsumerStats, LaneConsumer, LaneProducer, LaneSpec, ProducerStats } from './rollout-lane.js';
import { MAX_WAIT_MS } from './wait.js';

type LaneMessage =
  | { type: 'hello'; version: number; descriptor: ChannelDescriptor; capacity: number }
  | { type: 'credit'; buffer: ArrayBuffer }
  | { type: 'chunk'; buffer: ArrayBuffer }
  | { type: 'refused'; reason: string }
  | { type: 'close' };

/** A promise-based doorbell: wake() resolves every pending ring(). */
class Doorbell {
  private waiters: (() => void)[] = [];
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.min(timeoutMs, MAX_WAIT_MS));
      const waiters = this.waiters;
      function done(): void {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
    });
  }
  wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

function checkSpec(spec: LaneSpec, expected: ChannelDescriptor, what: string): ChunkLayout {
  assertSameDescriptor(spec.descriptor, expected, what);
  return chunkLayout(expected);
}

class TransferLaneProducer implements LaneProducer {
  readonly layout: ChunkLayout;
  private credits = 0;
  private readonly free: ArrayBuffer[] = [];
  private pending: ChunkView | null = null;
  private seq = 0;
  private committed = 0;
  private fullWaits = 0;
  private closed = false;
  private readonly bell = new Doorbell();
  /** Set when the consumer's hello did not match; acquire() then throws it. */
  private failure: Error | null = null;

  constructor(private readonly port: MessagePort, spec: LaneSpec, expected: ChannelDescriptor, readonly producerId: number, private readonly what: string) {
    this.layout = checkSpec(spec, expected, what);
    port.onmessage = (event: MessageEvent<LaneMessage>) => this.onMessage(event.data);
  }

  private onMessage(msg: LaneMessage): void {
    switch (msg.type) {
      case 'hello':
        try {
          if (msg.version !== CHUNK_LAYOUT_VERSION) throw new LayoutMismatchError(`${this.what}: consumer speaks chunk layout ${msg.version}, producer ${CHUNK_LAYOUT_VERSION}. Reload the page so every worker runs the same build.`);
          assertSameDescriptor(msg.descriptor, this.layout.descriptor, this.what);
          this.credits += msg.capacity;
        } catch (error) {
          this.failure = error as Error;
          this.port.postMessage({ type: 'refused', reason: (error as Error).message } satisfies LaneMessage);
        }
        break;
      case 'credit':
        if (msg.buffer.byteLength === this.layout.byteLength) this.free.push(msg.buffer);
        this.credits++;
        break;
      case 'close':
        this.closed = true;
        break;
      default:
        return;
    }
    this.bell.wake();
  }

  tryAcquire(): ChunkView | null {
    if (this.failure) throw this.failure;
    if (this.pending) return this.pending;
    if (this.closed || this.credits === 0) return null;
    const buffer = this.free.pop() ?? new ArrayBuffer(this.layout.byteLength);
    const chunk = new ChunkView(this.layout, buffer);
    chunk.begin(this.producerId, this.seq);
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
      }
      await this.bell.wait(MAX_WAIT_MS);
    }
  }

  commit(chunk: ChunkView): void {
    if (chunk !== this.pending) throw new Error(`${this.what}: commit() of a chunk that was not acquired`);
    this.pending = null;
    chunk.stampCommit();
    this.credits--;
    this.seq = (this.seq + 1) >>> 0;
    this.committed++;
    const buffer = chunk.buffer as ArrayBuffer;
    this.port.postMessage({ type: 'chunk', buffer } satisfies LaneMessage, [buffer]);
  }

  get stats(): ProducerStats {
    return { committed: this.committed, fullWaits: this.fullWaits };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.postMessage({ type: 'close' } satisfies LaneMessage);
    this.port.close();
    this.bell.wake();
  }
}

class TransferLaneConsumer implements LaneConsumer {
  readonly layout: ChunkLayout;
  private readonly inbox: ArrayBuffer[] = [];
  private current: ChunkView | null = null;
  private expectedSeq = 0;
  private received = 0;
  private dropped = 0;
  private closed = false;
  private readonly bell = new Doorbell();
  private failure: Error | null = null;

  constructor(private readonly port: MessagePort, spec: LaneSpec, expected: ChannelDescriptor, private readonly what: string) {
    this.layout = checkSpec(spec, expected, what);
    port.onmessage = (event: MessageEvent<LaneMessage>) => this.onMessage(event.data);
    port.postMessage({ type: 'hello', version: CHUNK_LAYOUT_VERSION, descriptor: expected, capacity: spec.capacity } satisfies LaneMessage);
  }

  private onMessage(msg: LaneMessage): void {
    if (msg.type === 'chunk') this.inbox.push(msg.buffer);
    else if (msg.type === 'refused') this.failure = new LayoutMismatchError(msg.reason);
    else if (msg.type === 'close') this.closed = true;
    this.bell.wake();
  }

  poll(): ChunkView | null {
    if (this.failure) throw this.failure;
    if (this.current) return this.current;
    const buffer = this.inbox[0];
    if (!buffer) return null;
    const chunk = new ChunkView(this.layout, buffer);
    chunk.check(this.what);
    if (chunk.seq !== this.expectedSeq) throw new Error(`${this.what}: received chunk ${chunk.seq} where chunk ${this.expectedSeq} was expected`);
    this.current = chunk;
    this.received++;
    return chunk;
  }

  release(): void {
    if (!this.current) throw new Error(`${this.what}: release() without a polled chunk`);
    const buffer = this.inbox.shift()!;
    this.current = null;
    this.expectedSeq = (this.expectedSeq + 1) >>> 0;
    if (!this.closed) this.port.postMessage({ type: 'credit', buffer } satisfies LaneMessage, [buffer]);
  }

  async waitForChunk(timeoutMs: number): Promise<void> {
    if (this.current || this.inbox.length > 0 || this.closed) return;
    await this.bell.wait(timeoutMs);
  }

  recordDropped(count = 1): void {
    this.dropped += count;
  }

  get stats(): ConsumerStats {
    return { received: this.received, dropped: this.dropped, occupancy: this.inbox.length };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.postMessage({ type: 'close' } satisfies LaneMessage);
    this.port.close();
    this.bell.wake();
  }
}

/** Bytes of chunk buffers a lane has in circulation at most: one per credit, `capacity` in all. */
export function transferLaneByteLength(spec: LaneSpec): number {
  return spec.capacity * chunkLayout(spec.descriptor).byteLength;
}

export function openTransferProducer(port: MessagePort, spec: LaneSpec, expected: ChannelDescriptor, producerId: number, what: string): LaneProducer {
  return new TransferLaneProducer(port, spec, expected, producerId, what);
}

export function openTransferConsumer(port: MessagePort, spec: LaneSpec, expected: ChannelDescriptor, what: string): LaneConsumer {
  return new TransferLaneConsumer(port, spec, expected, what);
}
