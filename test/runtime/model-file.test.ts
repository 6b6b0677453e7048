import { expect } from '@open-wc/testing';
import { paramCount, type NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import { decodeModel, encodeModel, LARGEST_MODEL_NETWORK, MAX_MODEL_BYTES, type Model, ModelFileError, readModelInput } from '../../src/runtime/model-file.js';

const network: NetworkDescriptor = { obsSize: 12, hidden: [8, 6], activation: 'tanh', actionCount: 5 };

function model(): Model {
  const params = new Float32Array(paramCount(network));
  for (let i = 0; i < params.length; i++) params[i] = Math.sin(i) * 0.3;
  return { header: { env: { id: 'soccer', version: 2 }, network, policyVersion: 41, savedAt: '2026-12-01T00:00:00.000Z' }, params };
}

/** Re-stamps the checksum, so a test reaches the check after it. */
function restamp(buffer: ArrayBuffer): ArrayBuffer {
  const bytes = new Uint8Array(buffer, 0, buffer.byteLength - 4);
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193);
  new DataView(buffer).setUint32(buffer.byteLength - 4, hash >>> 0, true);
  return buffer;
}

const refused = (buffer: ArrayBuffer, why: RegExp) => expect(() => decodeModel(buffer)).to.throw(ModelFileError, why);

describe('model file', () => {
  it('round-trips the header and every parameter bit for bit', () => {
    const original = model();
    const decoded = decodeModel(encodeModel(original));
    expect(decoded.header).to.deep.equal(original.header);
    expect(Array.from(decoded.params)).to.deep.equal(Array.from(original.params));
  });

  it('starts with the signature and format version, and is 4-byte aligned', () => {
    const buffer = encodeModel(model());
    expect(new TextDecoder().decode(new Uint8Array(buffer, 0, 4))).to.equal('DRLM');
    expect(new DataView(buffer).getUint32(4, true)).to.equal(1);
    expect(buffer.byteLength % 4).to.equal(0);
  });

  it('refuses a file that is not a model, a truncated one and a damaged one, saying which', () => {
    refused(new TextEncoder().encode('{"weights": [1, 2, 3]} and more text').buffer, /signature/);
    refused(new ArrayBuffer(8), /too short/);
    const buffer = encodeModel(model());
    refused(buffer.slice(0, buffer.byteLength - 40), /checksum|parameters/);
    const flipped = buffer.slice(0);
    new Uint8Array(flipped)[200] ^= 0x10;
    refused(flipped, /checksum/);
  });

  it('refuses another format version, a shape hash that does not fit the header, and non-finite weights', () => {
    const newer = encodeModel(model());
    new DataView(newer).setUint32(4, 2, true);
    refused(restamp(newer), /format version 2/);

    const wrongHash = encodeModel(model());
    new DataView(wrongHash).setUint32(8, 12345, true);
    refused(restamp(wrongHash), /shape hash/);

    const nan = encodeModel(model());
    const at = nan.byteLength - 4 - 4 * 3;
    new DataView(nan).setFloat32(at, Number.NaN, true);
    refused(restamp(nan), /parameter \d+ is NaN/);
  });

  it('will not encode parameters that do not fit the network', () => {
    const bad = { ...model(), params: new Float32Array(3) };
    expect(() => encodeModel(bad)).to.throw(RangeError);
  });

  it('caps the size at the largest model the hyperparameter ranges allow (8 × 1024 hidden, 4096 observations, 1024 actions)', () => {
    expect(LARGEST_MODEL_NETWORK.hidden).to.deep.equal(new Array(8).fill(1024));
    const params = 4096 * 1024 + 1024 + 7 * (1024 * 1024 + 1024) + 1024 * 1025 + 1025;
    expect(MAX_MODEL_BYTES).to.equal(16 + 64 * 1024 + 4 * params + 4);
    expect(MAX_MODEL_BYTES).to.equal(50_438_168);
    // The largest network that validates still fits, with its longest possible header.
    const header = { env: { id: 'soccer', version: 2 }, network: LARGEST_MODEL_NETWORK, policyVersion: 2 ** 31, savedAt: '2026-12-01T00:00:00.000Z' };
    expect(16 + Math.ceil(JSON.stringify(header).length / 4) * 4 + 4 * paramCount(LARGEST_MODEL_NETWORK) + 4).to.be.at.most(MAX_MODEL_BYTES);
    refused(new ArrayBuffer(MAX_MODEL_BYTES + 4), /50\.4 MB, larger than any drill model can be \(50\.4 MB/);
  });

  it('reads an ArrayBuffer, a Uint8Array view at any offset and length, a Blob and a File', async () => {
    const original = model();
    const file = new Uint8Array(encodeModel(original));
    const padded = new Uint8Array(file.length + 13);
    padded.fill(0xee);
    padded.set(file, 5);
    const inputs: [string, unknown][] = [
      ['ArrayBuffer', file.slice().buffer],
      ['Uint8Array', file.slice()],
      ['Uint8Array view', padded.subarray(5, 5 + file.length)],
      ['Blob', new Blob([file])],
      ['File', new File([file], 'policy.drillmodel')],
    ];
    if (globalThis.crossOriginIsolated) {
      const shared = new Uint8Array(new SharedArrayBuffer(file.length + 8), 8);
      shared.set(file);
      inputs.push(['Uint8Array over shared memory', shared]);
    }
    for (const [what, input] of inputs) {
      const decoded = decodeModel(await readModelInput(input));
      expect(decoded.header, what).to.deep.equal(original.header);
      expect(Array.from(decoded.params), what).to.deep.equal(Array.from(original.params));
    }
    // A view is read within its bounds: one byte short is a damaged file.
    expect(() => decodeModel(padded.subarray(5, 4 + file.length))).to.throw(ModelFileError, /checksum|too short|parameters/);
  });

  it('refuses anything else, saying what it got', async () => {
    for (const input of ['DRLM', 42, null, undefined, {}, [1, 2], new DataView(new ArrayBuffer(64)), new Float32Array(16)]) {
      let error: unknown = null;
      await readModelInput(input).catch((e: unknown) => (error = e));
      expect(error, String(input)).to.be.instanceOf(ModelFileError);
      expect((error as Error).message).to.match(/expected a File, Blob, ArrayBuffer or Uint8Array, got (string|number|null|undefined|Object|Array|DataView|Float32Array)$/);
    }
    expect(() => decodeModel('DRLM' as unknown as ArrayBuffer)).to.throw(ModelFileError, /expected an ArrayBuffer or Uint8Array, got string/);
  });

  it('refuses an oversized Blob by its size, without reading it', async () => {
    const reads: string[] = [];
    // A real Blob one byte over the cap, whose every read is recorded.
    class WatchedBlob extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> {
        reads.push('arrayBuffer');
        return super.arrayBuffer();
      }
      override text(): Promise<string> {
        reads.push('text');
        return super.text();
      }
      override stream(): ReturnType<Blob['stream']> {
        reads.push('stream');
        return super.stream();
      }
      override slice(...args: Parameters<Blob['slice']>): Blob {
        reads.push('slice');
        return super.slice(...args);
      }
    }
    const blob = new WatchedBlob([new Uint8Array(MAX_MODEL_BYTES + 1)]);
    expect(blob.size).to.equal(MAX_MODEL_BYTES + 1);
    let error: unknown = null;
    await readModelInput(blob).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ModelFileError);
    expect((error as Error).message).to.match(/larger than any drill model can be/);
    expect(reads).to.deep.equal([]);
    // The same class under the cap is read (the watch works).
    await readModelInput(new WatchedBlob([new Uint8Array(encodeModel(model()))]));
    expect(reads).to.deep.equal(['arrayBuffer']);
  });
});
