/**
 * Weights for pages without cross-origin isolation: one MessageChannel per
 * reader. Per slot at most one vector is in flight to each reader; when the
 * reader adopts it, its previous buffer goes back as the acknowledgement, and
 * the publisher sends the newest version published meanwhile (older ones are
 * skipped, as a slow shared-memory reader would skip them). Steady state
 * allocates nothing: buffers circulate.
 *
 * Messages (reader → publisher): `{type:'hello', shapeHash, paramCount, slots}`,
 * `{type:'ack', slot, buffer?}`. (publisher → reader): `{type:'weights', slot,
 * policyVersion, publishedAt, shapeHash, buffer}`, `{type:'refused', reason}`.
 */
import { LayoutMismatchError } from './channel-descriptor.js';
import { wallClockMs } from './wait.js';
import {
  checkPublishable,
  firstNonFinite,
  validateWeightsSpec,
  type WeightsPublisher,
  type WeightsReader,
  type WeightsSource,
  type WeightsSourceOptions,
  type WeightsSpec,
} from './weights-channel.js';

type WeightsMessage =
  | { type: 'hello'; shapeHash: number; paramCount: number; slots: number }
  | { type: 'ack'; slot: number; buffer: ArrayBuffer | null }
  | { type: 'weights'; slot: number; policyVersion: number; publishedAt: number; shapeHash: number; buffer: ArrayBuffer }
  | { type: 'refused'; reason: string };

/**
 * Bytes the channel holds with `readers` readers, at most: the publisher's
 * newest vector per slot, and per reader and slot one vector in flight (or
 * spare) and the one it adopted.
 */
export function transferWeightsByteLength(spec: WeightsSpec, readers: number): number {
  return (1 + 2 * readers) * spec.slots * spec.descriptor.paramCount * 4;
}

function checkSpec(found: WeightsSpec, expected: WeightsSpec): void {
  validateWeightsSpec(found);
  if (found.shapeHash >>> 0 !== expected.shapeHash >>> 0 || found.descriptor.paramCount !== expected.descriptor.paramCount || found.slots !== expected.slots) {
    throw new LayoutMismatchError(`weights channel: made for shape 0x${(found.shapeHash >>> 0).toString(16)} (${found.descriptor.paramCount} parameters, ${found.slots} slots), expected 0x${(expected.shapeHash >>> 0).toString(16)} (${expected.descriptor.paramCount}, ${expected.slots}). Reset the runtime so every worker uses the same network.`);
  }
}

interface ReaderLink {
  port: MessagePort;
  accepted: boolean;
  inFlight: boolean[];
  sentVersion: number[];
  spare: ArrayBuffer[];
}

class TransferWeightsPublisher implements WeightsPublisher {
  private readonly links: ReaderLink[] = [];
  private readonly latest: Float32Array[];
  private readonly latestVersion: number[];
  private readonly latestAt: number[];

  constructor(ports: readonly MessagePort[], readonly spec: WeightsSpec) {
    this.latest = Array.from({ length: spec.slots }, () => new Float32Array(spec.descriptor.paramCount));
    this.latestVersion = new Array<number>(spec.slots).fill(0);
    this.latestAt = new Array<number>(spec.slots).fill(0);
    ports.forEach((port) => this.addReader(port));
  }

  addReader(port: MessagePort): void {
    const link: ReaderLink = {
      port,
      accepted: false,
      inFlight: new Array<boolean>(this.spec.slots).fill(false),
      sentVersion: new Array<number>(this.spec.slots).fill(0),
      spare: [],
    };
    this.links.push(link);
    port.onmessage = (event: MessageEvent<WeightsMessage>) => this.onMessage(link, event.data);
  }

  private onMessage(link: ReaderLink, msg: WeightsMessage): void {
    if (msg.type === 'hello') {
      if (msg.shapeHash >>> 0 !== this.spec.shapeHash >>> 0 || msg.paramCount !== this.spec.descriptor.paramCount || msg.slots !== this.spec.slots) {
        link.port.postMessage({ type: 'refused', reason: `weights channel: reader expects shape 0x${(msg.shapeHash >>> 0).toString(16)} with ${msg.paramCount} parameters, publisher has 0x${(this.spec.shapeHash >>> 0).toString(16)} with ${this.spec.descriptor.paramCount}. Reset the runtime so every worker uses the same network.` } satisfies WeightsMessage);
        return;
      }
      link.accepted = true;
      for (let slot = 0; slot < this.spec.slots; slot++) this.sendIfNewer(link, slot);
    } else if (msg.type === 'ack') {
      if (msg.buffer && msg.buffer.byteLength === this.spec.descriptor.paramCount * 4) link.spare.push(msg.buffer);
      link.inFlight[msg.slot] = false;
      this.sendIfNewer(link, msg.slot);
    }
  }

  private sendIfNewer(link: ReaderLink, slot: number): void {
    if (!link.accepted || link.inFlight[slot] || this.latestVersion[slot] === 0 || link.sentVersion[slot] === this.latestVersion[slot]) return;
    const buffer = link.spare.pop() ?? new ArrayBuffer(this.spec.descriptor.paramCount * 4);
    new Float32Array(buffer).set(this.latest[slot]!);
    link.inFlight[slot] = true;
    link.sentVersion[slot] = this.latestVersion[slot]!;
    link.port.postMessage({
      type: 'weights',
      slot,
      policyVersion: this.latestVersion[slot]!,
      publishedAt: this.latestAt[slot]!,
      shapeHash: this.spec.shapeHash,
      buffer,
    } satisfies WeightsMessage, [buffer]);
  }

  publish(slot: number, params: Float32Array, policyVersion: number): void {
    checkPublishable(params, this.spec);
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.spec.slots) throw new RangeError(`weights channel: slot ${slot} is outside 0…${this.spec.slots - 1}`);
    this.latest[slot]!.set(params);
    this.latestVersion[slot] = policyVersion;
    this.latestAt[slot] = wallClockMs();
    for (const link of this.links) this.sendIfNewer(link, slot);
  }

  close(): void {
    for (const link of this.links) link.port.close();
    this.links.length = 0;
  }
}

class TransferSlotReader implements WeightsReader {
  params: Float32Array;
  policyVersion = 0;
  publishedAt = 0;
  rejected = 0;
  /** The newest vector received and not yet adopted. */
  incoming: Extract<WeightsMessage, { type: 'weights' }> | null = null;

  constructor(private readonly source: TransferWeightsSource, readonly slot: number) {
    this.params = new Float32Array(source.spec.descriptor.paramCount);
  }

  poll(): boolean {
    this.source.throwIfRefused();
    const msg = this.incoming;
    if (!msg) return false;
    this.incoming = null;
    const params = new Float32Array(msg.buffer);
    const bad = msg.shapeHash >>> 0 !== this.source.spec.shapeHash >>> 0 ? -2 : firstNonFinite(params);
    if (bad !== -1) {
      this.rejected++;
      this.source.options.onReject?.(bad === -2
        ? `weights slot ${this.slot}: version ${msg.policyVersion} has a foreign shape hash; keeping version ${this.policyVersion}`
        : `weights slot ${this.slot}: version ${msg.policyVersion} has a non-finite value at parameter ${bad}; keeping version ${this.policyVersion}`);
      this.source.ack(this.slot, msg.buffer);
      return false;
    }
    const previous = this.params;
    this.params = params;
    this.policyVersion = msg.policyVersion;
    this.publishedAt = msg.publishedAt;
    this.source.ack(this.slot, previous.buffer as ArrayBuffer);
    return true;
  }
}

class TransferWeightsSource implements WeightsSource {
  private readonly readers = new Map<number, TransferSlotReader>();
  private refused: Error | null = null;

  constructor(private readonly port: MessagePort, readonly spec: WeightsSpec, readonly options: WeightsSourceOptions) {
    port.onmessage = (event: MessageEvent<WeightsMessage>) => this.onMessage(event.data);
    port.postMessage({ type: 'hello', shapeHash: spec.shapeHash, paramCount: spec.descriptor.paramCount, slots: spec.slots } satisfies WeightsMessage);
  }

  private onMessage(msg: WeightsMessage): void {
    if (msg.type === 'refused') {
      this.refused = new LayoutMismatchError(msg.reason);
    } else if (msg.type === 'weights') {
      // A slot nobody reads yet still gets acknowledged on first poll; keep the newest.
      const reader = this.reader(msg.slot);
      reader.incoming = msg;
      if (this.options.adoptOnArrival) reader.poll();
    }
  }

  throwIfRefused(): void {
    if (this.refused) throw this.refused;
  }

  ack(slot: number, buffer: ArrayBuffer | null): void {
    const transfer = buffer && buffer.byteLength === this.spec.descriptor.paramCount * 4 ? [buffer] : [];
    this.port.postMessage({ type: 'ack', slot, buffer: transfer.length ? buffer : null } satisfies WeightsMessage, transfer);
  }

  reader(slot: number): TransferSlotReader {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.spec.slots) throw new RangeError(`weights channel: slot ${slot} is outside 0…${this.spec.slots - 1}`);
    let reader = this.readers.get(slot);
    if (!reader) {
      reader = new TransferSlotReader(this, slot);
      this.readers.set(slot, reader);
    }
    return reader;
  }

  close(): void {
    this.port.close();
  }
}

export function openTransferPublisher(ports: readonly MessagePort[], spec: WeightsSpec, expected: WeightsSpec): WeightsPublisher {
  checkSpec(spec, expected);
  return new TransferWeightsPublisher(ports, expected);
}

export function openTransferSource(port: MessagePort, spec: WeightsSpec, expected: WeightsSpec, options: WeightsSourceOptions): WeightsSource {
  checkSpec(spec, expected);
  return new TransferWeightsSource(port, expected, options);
}
