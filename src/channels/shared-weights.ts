/**
 * Shared-memory weights: per slot, a seqlock over two buffers.
 * Layout table: docs/layouts.md.
 *
 * Publish (one writer, the trainer): with `s = seq[slot]`, write the buffer
 * `(s + 1) & 1`, then `Atomics.add(seq[slot], 1)`. The add flips the active
 * buffer (always `seq & 1`) and bumps the version in one atomic step, so no
 * reader can pair a new index with an old version.
 *
 * Adopt (any reader): `s = Atomics.load(seq)`; copy buffer `s & 1` into
 * private memory; then close the copy with `Atomics.compareExchange(seq, s, s)`
 * — a read-modify-write, which (unlike a plain load) orders the copy before
 * the check (decision 13 in docs/architecture.md). If seq moved, the writer may have started on
 * the buffer being copied: discard and retry. Do not "optimise" this back to
 * a bare pointer flip: a reader slower than the publisher would read torn
 * weights.
 */
import { align, checkHeader, HEADER_WORDS, LayoutMismatchError, magic, writeHeader } from './channel-descriptor.js';
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

export const WEIGHTS_MAGIC = magic('DRWT');
export const WEIGHTS_LAYOUT_VERSION = 1;

/** Int32 word indices of the weights control block; seq words follow from SEQ_BASE. */
export const WeightsWord = {
  SHAPE_HASH: HEADER_WORDS + 0,
  SLOTS: HEADER_WORDS + 1,
  BUFFER_BYTES: HEADER_WORDS + 2,
  SEQ_BASE: HEADER_WORDS + 3,
} as const;

/** Byte offsets inside one buffer: meta, then the parameters. */
const META_POLICY_VERSION_U32 = 0;
const META_PUBLISHED_AT_F64 = 1; // Float64 index → byte 8
const PARAMS_BYTE_OFFSET = 16;

interface Geometry {
  controlBytes: number;
  bufferBytes: number;
  byteLength: number;
}

function geometry(spec: WeightsSpec): Geometry {
  const controlBytes = align((WeightsWord.SEQ_BASE + spec.slots) * 4);
  const bufferBytes = align(PARAMS_BYTE_OFFSET + spec.descriptor.paramCount * 4);
  return { controlBytes, bufferBytes, byteLength: controlBytes + 2 * spec.slots * bufferBytes };
}

/**
 * Bytes the channel holds with `readers` readers: the SharedArrayBuffer (two
 * buffers per slot) and each reader's adopted and scratch copy of every slot.
 */
export function sharedWeightsByteLength(spec: WeightsSpec, readers: number): number {
  return geometry(spec).byteLength + readers * spec.slots * 2 * spec.descriptor.paramCount * 4;
}

export function createSharedWeights(spec: WeightsSpec): SharedArrayBuffer {
  validateWeightsSpec(spec);
  const g = geometry(spec);
  const buffer = new SharedArrayBuffer(g.byteLength);
  const ctrl = new Int32Array(buffer, 0, g.controlBytes / 4);
  writeHeader(ctrl, WEIGHTS_MAGIC, WEIGHTS_LAYOUT_VERSION, spec.descriptor);
  ctrl[WeightsWord.SHAPE_HASH] = spec.shapeHash;
  ctrl[WeightsWord.SLOTS] = spec.slots;
  ctrl[WeightsWord.BUFFER_BYTES] = g.bufferBytes;
  return buffer;
}

/** Checks the header against `expected` and maps the buffers. */
class SharedWeights {
  readonly ctrl: Int32Array;
  private readonly g: Geometry;

  constructor(readonly buffer: SharedArrayBuffer, readonly spec: WeightsSpec) {
    const what = 'weights channel';
    this.g = geometry(spec);
    if (buffer.byteLength < this.g.controlBytes) throw new LayoutMismatchError(`${what}: buffer of ${buffer.byteLength} bytes is smaller than its header`);
    this.ctrl = new Int32Array(buffer, 0, this.g.controlBytes / 4);
    checkHeader(this.ctrl, what, WEIGHTS_MAGIC, WEIGHTS_LAYOUT_VERSION, spec.descriptor);
    const foundHash = this.ctrl[WeightsWord.SHAPE_HASH]! >>> 0;
    if (foundHash !== spec.shapeHash >>> 0) {
      throw new LayoutMismatchError(`${what}: shape hash 0x${foundHash.toString(16)} does not match this network's 0x${(spec.shapeHash >>> 0).toString(16)} — the weights were made for another architecture. Reset the runtime so every worker uses the same network.`);
    }
    if (this.ctrl[WeightsWord.SLOTS] !== spec.slots || this.ctrl[WeightsWord.BUFFER_BYTES] !== this.g.bufferBytes || buffer.byteLength < this.g.byteLength) {
      throw new LayoutMismatchError(`${what}: ${this.ctrl[WeightsWord.SLOTS]} slots of ${this.ctrl[WeightsWord.BUFFER_BYTES]} bytes, expected ${spec.slots} of ${this.g.bufferBytes}`);
    }
  }

  seqIndex(slot: number): number {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.spec.slots) throw new RangeError(`weights channel: slot ${slot} is outside 0…${this.spec.slots - 1}`);
    return WeightsWord.SEQ_BASE + slot;
  }

  bufferOffset(slot: number, parity: number): number {
    return this.g.controlBytes + (2 * slot + parity) * this.g.bufferBytes;
  }

  views(slot: number, parity: number): { meta: Uint32Array; metaF64: Float64Array; params: Float32Array } {
    const at = this.bufferOffset(slot, parity);
    return {
      meta: new Uint32Array(this.buffer, at, 2),
      metaF64: new Float64Array(this.buffer, at, 2),
      params: new Float32Array(this.buffer, at + PARAMS_BYTE_OFFSET, this.spec.descriptor.paramCount),
    };
  }
}

class SharedWeightsPublisher implements WeightsPublisher {
  private readonly mem: SharedWeights;
  constructor(buffer: SharedArrayBuffer, readonly spec: WeightsSpec) {
    this.mem = new SharedWeights(buffer, spec);
  }

  publish(slot: number, params: Float32Array, policyVersion: number): void {
    checkPublishable(params, this.spec);
    const seqIndex = this.mem.seqIndex(slot);
    const seq = Atomics.load(this.mem.ctrl, seqIndex);
    const target = this.mem.views(slot, (seq + 1) & 1);
    target.meta[META_POLICY_VERSION_U32] = policyVersion;
    target.metaF64[META_PUBLISHED_AT_F64] = wallClockMs();
    target.params.set(params);
    Atomics.add(this.mem.ctrl, seqIndex, 1);
  }

  addReader(): void {}

  close(): void {}
}

class SharedSlotReader implements WeightsReader {
  params: Float32Array;
  policyVersion = 0;
  publishedAt = 0;
  rejected = 0;
  private scratch: Float32Array;
  private adoptedSeq = 0;
  private readonly seqIndex: number;
  private readonly buffers: ReturnType<SharedWeights['views']>[];

  constructor(private readonly mem: SharedWeights, readonly slot: number, private readonly options: WeightsSourceOptions) {
    this.seqIndex = mem.seqIndex(slot);
    this.buffers = [mem.views(slot, 0), mem.views(slot, 1)];
    this.params = new Float32Array(mem.spec.descriptor.paramCount);
    this.scratch = new Float32Array(mem.spec.descriptor.paramCount);
  }

  poll(): boolean {
    for (let attempt = 0; attempt < 4; attempt++) {
      const seq = Atomics.load(this.mem.ctrl, this.seqIndex);
      if (seq === this.adoptedSeq) return false;
      const source = this.buffers[seq & 1]!;
      this.scratch.set(source.params);
      const policyVersion = source.meta[META_POLICY_VERSION_U32]!;
      const publishedAt = source.metaF64[META_PUBLISHED_AT_F64]!;
      if (Atomics.compareExchange(this.mem.ctrl, this.seqIndex, seq, seq) !== seq) continue;
      this.adoptedSeq = seq;
      const bad = firstNonFinite(this.scratch);
      if (bad >= 0) {
        this.rejected++;
        this.options.onReject?.(`weights slot ${this.slot}: version ${policyVersion} has a non-finite value at parameter ${bad}; keeping version ${this.policyVersion}`);
        return false;
      }
      [this.params, this.scratch] = [this.scratch, this.params];
      this.policyVersion = policyVersion;
      this.publishedAt = publishedAt;
      return true;
    }
    return false;
  }
}

export function openSharedPublisher(buffer: SharedArrayBuffer, expected: WeightsSpec): WeightsPublisher {
  return new SharedWeightsPublisher(buffer, expected);
}

export function openSharedSource(buffer: SharedArrayBuffer, expected: WeightsSpec, options: WeightsSourceOptions): WeightsSource {
  const mem = new SharedWeights(buffer, expected);
  return { spec: expected, reader: (slot) => new SharedSlotReader(mem, slot, options), close: () => {} };
}
