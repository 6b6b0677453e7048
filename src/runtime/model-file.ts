/**
 * The model file: a trained policy as one self-describing binary, for
 * export/import and the OPFS autosave. Layout (little-endian) in
 * docs/layouts.md §Model file:
 *
 *   magic "DRLM" u32 · format version u32 · shape hash u32 · header bytes u32
 *   header: UTF-8 JSON (ModelHeader), zero-padded to a multiple of 4
 *   params: f32 × paramCount(header.network)
 *   checksum u32: FNV-1a over everything before it
 *
 * Decoding checks every one of these, so a truncated, edited or foreign file
 * is refused with a message that says what is wrong, never half-loaded.
 * Before any byte is read, the size is checked against {@link MAX_MODEL_BYTES}:
 * a file larger than the largest model drill could have written is refused
 * by its size alone.
 */
import { HYPERPARAMETERS } from '../contract/hyperparameters.js';
import { type NetworkDescriptor, paramCount, shapeHash, validateNetworkDescriptor } from '../nn/network-descriptor.js';
import { NETWORK_ACTIVATION } from './run-layout.js';

export const MODEL_MAGIC = 0x4d4c5244; // "DRLM"
export const MODEL_FORMAT_VERSION = 1;
/** The extension the export suggests and the import picker offers. */
export const MODEL_FILE_EXTENSION = '.drillmodel';

const PREFIX_BYTES = 16;
const MAX_HEADER_BYTES = 64 * 1024;

/** Generous bounds on any drill's observation and action sizes (soccer has 30 and 30), for the size cap. */
export const MAX_MODEL_OBS_SIZE = 4096;
export const MAX_MODEL_ACTION_COUNT = 1024;

/** The largest network a model file can hold: the hyperparameter ranges' widest and deepest trunk on the largest drill. */
export const LARGEST_MODEL_NETWORK: NetworkDescriptor = Object.freeze({
  obsSize: MAX_MODEL_OBS_SIZE,
  hidden: new Array<number>(8).fill(HYPERPARAMETERS.hidden.max),
  activation: NETWORK_ACTIVATION,
  actionCount: MAX_MODEL_ACTION_COUNT,
});

/** The largest model file: prefix, the longest header, the largest network's parameters, checksum (docs/layouts.md §Model file). */
export const MAX_MODEL_BYTES = PREFIX_BYTES + MAX_HEADER_BYTES + 4 * paramCount(LARGEST_MODEL_NETWORK) + 4;

/** What a model file may be given as: its bytes (any view), or a Blob or File to be read. */
export type ModelInput = ArrayBuffer | Uint8Array | Blob;

export interface ModelHeader {
  /** The drill it was trained on, and that drill's version (EnvInfo). */
  readonly env: { readonly id: string; readonly version: number };
  readonly network: NetworkDescriptor;
  readonly policyVersion: number;
  /** Wall-clock time of the save, ISO 8601. */
  readonly savedAt: string;
}

export interface Model {
  readonly header: ModelHeader;
  readonly params: Float32Array;
}

/** A file that is not a drill model, or a damaged one. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

function fnv1a32Bytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function encodeModel(model: Model): ArrayBuffer {
  const { header, params } = model;
  const expected = paramCount(header.network);
  if (params.length !== expected) throw new RangeError(`model: ${params.length} parameters for a network of ${expected}`);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const paramsAt = PREFIX_BYTES + headerBytes;
  const checksumAt = paramsAt + params.byteLength;
  const buffer = new ArrayBuffer(checksumAt + 4);
  const view = new DataView(buffer);
  view.setUint32(0, MODEL_MAGIC, true);
  view.setUint32(4, MODEL_FORMAT_VERSION, true);
  view.setUint32(8, shapeHash(header.network), true);
  view.setUint32(12, headerBytes, true);
  new Uint8Array(buffer, PREFIX_BYTES, json.length).set(json);
  for (let i = 0; i < params.length; i++) view.setFloat32(paramsAt + 4 * i, params[i]!, true);
  view.setUint32(checksumAt, fnv1a32Bytes(new Uint8Array(buffer, 0, checksumAt)), true);
  return buffer;
}

const fail = (why: string): never => {
  throw new ModelFileError(`not a usable drill model file: ${why}`);
};

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function checkSize(bytes: number): void {
  if (bytes > MAX_MODEL_BYTES) {
    const { hidden, obsSize, actionCount } = LARGEST_MODEL_NETWORK;
    fail(`it is ${megabytes(bytes)}, larger than any drill model can be (${megabytes(MAX_MODEL_BYTES)}: ${hidden.length} hidden layers of ${hidden[0]}, ${obsSize} observations, ${actionCount} actions)`);
  }
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (typeof input !== 'object') return typeof input;
  return Object.getPrototypeOf(input)?.constructor?.name ?? 'an object';
}

/**
 * The bytes of a model file given as an ArrayBuffer, a Uint8Array (any
 * offset and length), a Blob or a File. The size cap is checked first: an
 * oversized Blob is refused by its `size`, unread. Anything else is a
 * ModelFileError.
 */
export async function readModelInput(input: unknown): Promise<Uint8Array> {
  if (input instanceof Uint8Array) {
    checkSize(input.byteLength);
    return input;
  }
  if (input instanceof ArrayBuffer) {
    checkSize(input.byteLength);
    return new Uint8Array(input);
  }
  if (input instanceof Blob) {
    checkSize(input.size);
    return new Uint8Array(await input.arrayBuffer());
  }
  return fail(`expected a File, Blob, ArrayBuffer or Uint8Array, got ${describe(input)}`);
}

/** Decodes a model file's bytes (an ArrayBuffer or any Uint8Array view); a file that is not a usable model is a ModelFileError. */
export function decodeModel(input: ArrayBuffer | Uint8Array): Model {
  const bytes = input instanceof Uint8Array ? input : input instanceof ArrayBuffer ? new Uint8Array(input) : fail(`expected an ArrayBuffer or Uint8Array, got ${describe(input)}`);
  checkSize(bytes.byteLength);
  if (bytes.byteLength < PREFIX_BYTES + 4) fail(`${bytes.byteLength} bytes is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MODEL_MAGIC) fail('it does not start with the drill model signature');
  const version = view.getUint32(4, true);
  if (version !== MODEL_FORMAT_VERSION) fail(`format version ${version}; this drill reads version ${MODEL_FORMAT_VERSION}`);
  const headerBytes = view.getUint32(12, true);
  if (headerBytes % 4 !== 0 || headerBytes > MAX_HEADER_BYTES || PREFIX_BYTES + headerBytes + 4 > bytes.byteLength) fail('the header length is out of range (a truncated or damaged file)');
  const checksumAt = bytes.byteLength - 4;
  if (view.getUint32(checksumAt, true) !== fnv1a32Bytes(bytes.subarray(0, checksumAt))) fail('the checksum does not match (a truncated or damaged file)');

  let header: ModelHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.slice(PREFIX_BYTES, PREFIX_BYTES + headerBytes)).replace(/\0+$/, '')) as ModelHeader;
    validateNetworkDescriptor(header.network);
  } catch (error) {
    return fail(`the header is invalid (${(error as Error).message})`);
  }
  if (typeof header.env?.id !== 'string' || !Number.isInteger(header.env.version)) fail('the header does not name the drill it was trained on');
  // Versions travel as u32 in the weights channel and chunk headers; 2^31 leaves room to count on.
  if (!Number.isInteger(header.policyVersion) || header.policyVersion < 0 || header.policyVersion > 2 ** 31) fail('the header has no valid policy version');
  if (typeof header.savedAt !== 'string') fail('the header has no save time');
  if (view.getUint32(8, true) !== shapeHash(header.network)) fail('the shape hash does not match the network in the header');

  const paramsAt = PREFIX_BYTES + headerBytes;
  const count = paramCount(header.network);
  if (checksumAt - paramsAt !== count * 4) fail(`${(checksumAt - paramsAt) / 4} parameters for a network of ${count}`);
  const params = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const value = view.getFloat32(paramsAt + 4 * i, true);
    if (!Number.isFinite(value)) fail(`parameter ${i} is ${value}`);
    params[i] = value;
  }
  return { header, params };
}
