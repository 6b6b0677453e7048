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
 */
import { type NetworkDescriptor, paramCount, shapeHash, validateNetworkDescriptor } from '../nn/network-descriptor.js';

export const MODEL_MAGIC = 0x4d4c5244; // "DRLM"
export const MODEL_FORMAT_VERSION = 1;
/** The extension the export suggests and the import picker offers. */
export const MODEL_FILE_EXTENSION = '.drillmodel';

const PREFIX_BYTES = 16;
const MAX_HEADER_BYTES = 64 * 1024;

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

export function decodeModel(buffer: ArrayBuffer): Model {
  const fail = (why: string): never => {
    throw new ModelFileError(`not a usable drill model file: ${why}`);
  };
  if (buffer.byteLength < PREFIX_BYTES + 4) fail(`${buffer.byteLength} bytes is too short`);
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MODEL_MAGIC) fail('it does not start with the drill model signature');
  const version = view.getUint32(4, true);
  if (version !== MODEL_FORMAT_VERSION) fail(`format version ${version}; this drill reads version ${MODEL_FORMAT_VERSION}`);
  const headerBytes = view.getUint32(12, true);
  if (headerBytes % 4 !== 0 || headerBytes > MAX_HEADER_BYTES || PREFIX_BYTES + headerBytes + 4 > buffer.byteLength) fail('the header length is out of range (a truncated or damaged file)');
  const checksumAt = buffer.byteLength - 4;
  if (view.getUint32(checksumAt, true) !== fnv1a32Bytes(new Uint8Array(buffer, 0, checksumAt))) fail('the checksum does not match (a truncated or damaged file)');

  let header: ModelHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, PREFIX_BYTES, headerBytes)).replace(/\0+$/, '')) as ModelHeader;
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
