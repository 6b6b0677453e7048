/**
 * A model in 8 bits, for the agents drill ships inside its bundle (a quarter
 * of a model file's size). Layout (little-endian):
 *
 *   magic "DRQ8" u32 · header bytes u32
 *   header: UTF-8 JSON (ModelHeader), zero-padded to a multiple of 4
 *   scales: f32 × ceil(paramCount / BLOCK)
 *   values: i8 × paramCount; parameter i is values[i] × scales[i / BLOCK]
 *
 * Each block of BLOCK parameters has its own scale (its largest magnitude /
 * 127), so a layer's small biases are not rounded to the scale of its
 * largest weights. The agent's published figures are measured on the
 * dequantised weights, which are what it plays.
 */
import { paramCount, validateNetworkDescriptor } from '../nn/network-descriptor.js';
import { type Model, ModelFileError, type ModelHeader } from './model-file.js';

export const QUANTISED_MAGIC = 0x38515244; // "DRQ8"
/** Parameters per scale. */
export const BLOCK = 64;

/** The model's parameters rounded to 8 bits per block, with its header. */
export function quantiseModel(model: Model): Uint8Array {
  const { header, params } = model;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const blocks = Math.ceil(params.length / BLOCK);
  const scalesAt = 8 + headerBytes;
  const valuesAt = scalesAt + 4 * blocks;
  const bytes = new Uint8Array(valuesAt + params.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, QUANTISED_MAGIC, true);
  view.setUint32(4, headerBytes, true);
  bytes.set(json, 8);
  const values = new Int8Array(bytes.buffer, valuesAt, params.length);
  for (let b = 0; b < blocks; b++) {
    const end = Math.min(params.length, (b + 1) * BLOCK);
    let largest = 0;
    for (let i = b * BLOCK; i < end; i++) largest = Math.max(largest, Math.abs(params[i]!));
    const scale = largest / 127;
    view.setFloat32(scalesAt + 4 * b, scale, true);
    for (let i = b * BLOCK; i < end; i++) values[i] = scale === 0 ? 0 : Math.round(params[i]! / scale);
  }
  return bytes;
}

/** The model a quantised file holds, its parameters back in float32; a damaged file is a ModelFileError. */
export function dequantiseModel(bytes: Uint8Array): Model {
  const fail = (why: string): never => {
    throw new ModelFileError(`not a usable quantised drill model: ${why}`);
  };
  if (bytes.byteLength < 8) fail(`${bytes.byteLength} bytes is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== QUANTISED_MAGIC) fail('it does not start with the quantised model signature');
  const headerBytes = view.getUint32(4, true);
  if (headerBytes % 4 !== 0 || 8 + headerBytes > bytes.byteLength) fail('the header length is out of range');
  let header: ModelHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerBytes)).replace(/\0+$/, '')) as ModelHeader;
    validateNetworkDescriptor(header.network);
  } catch (error) {
    return fail(`the header is invalid (${(error as Error).message})`);
  }
  const count = paramCount(header.network);
  const blocks = Math.ceil(count / BLOCK);
  const scalesAt = 8 + headerBytes;
  const valuesAt = scalesAt + 4 * blocks;
  if (valuesAt + count !== bytes.byteLength) fail(`${bytes.byteLength} bytes for a network of ${count} parameters`);
  const values = new Int8Array(bytes.buffer, bytes.byteOffset + valuesAt, count);
  const params = new Float32Array(count);
  for (let i = 0; i < count; i++) params[i] = values[i]! * view.getFloat32(scalesAt + 4 * Math.floor(i / BLOCK), true);
  return { header, params };
}
