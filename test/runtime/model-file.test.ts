import { expect } from '@open-wc/testing';
import { paramCount, type NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import { decodeModel, encodeModel, type Model, ModelFileError } from '../../src/runtime/model-file.js';

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
});
