// Model persistence on its own: a file of this drill round-trips; a file of
// another drill, another network shape or activation, a damaged file or one
// that is no model at all is refused with one `model-file-invalid` report
// that says why, and a ModelFileError — from any input kind.
import { expect } from '@open-wc/testing';
import type { NetworkDescriptor } from '../../src/contract/descriptors.js';
import { paramCount } from '../../src/nn/network-descriptor.js';
import { envDefinition } from '../../src/runtime/envs.js';
import { encodeModel, ModelFileError } from '../../src/runtime/model-file.js';
import { ModelPersistence } from '../../src/runtime/model-persistence.js';

const soccer = envDefinition('soccer').info;
const network: NetworkDescriptor = { obsSize: soccer.obsSize, hidden: [8], activation: 'tanh', actionCount: soccer.actionCount };

function persistence() {
  const reports: string[] = [];
  return { models: new ModelPersistence(() => soccer, (message) => reports.push(message)), reports };
}

function weights(n = paramCount(network)): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.cos(i) * 0.1);
}

async function refusedWith(file: Parameters<ModelPersistence['read']>[0], why: RegExp): Promise<void> {
  const { models, reports } = persistence();
  const error = await models.read(file).then(() => null, (e: unknown) => e);
  expect(error).to.be.instanceOf(ModelFileError);
  expect(reports).to.have.length(1);
  expect(reports[0]).to.match(why);
  expect(reports[0]).to.match(/The weights in use stay/);
}

describe('model persistence', () => {
  it('writes a file of this drill that reads back as the same weights, from a Blob, a File, an ArrayBuffer or a view', async () => {
    const { models, reports } = persistence();
    const params = weights();
    const blob = models.file({ params, policyVersion: 12 }, network);
    const buffer = await blob.arrayBuffer();
    for (const input of [blob, new File([blob], 'a.drillmodel'), buffer, new Uint8Array(buffer)]) {
      const model = await models.read(input);
      expect(model.header.policyVersion).to.equal(12);
      expect(model.header.env).to.deep.equal({ id: soccer.id, version: soccer.version });
      expect(Array.from(model.params)).to.deep.equal(Array.from(params));
    }
    expect(reports).to.deep.equal([]);
  });

  it('refuses another drill, another shape, another activation, damage and junk, saying which', async () => {
    const header = { env: { id: soccer.id, version: soccer.version }, network, policyVersion: 3, savedAt: '2026-12-02T00:00:00.000Z' };
    await refusedWith(encodeModel({ header: { ...header, env: { id: 'cue', version: 1 } }, params: weights() }), /trained on cue/);
    const wide = { ...network, obsSize: network.obsSize + 1 };
    await refusedWith(encodeModel({ header: { ...header, network: wide }, params: weights(paramCount(wide)) }), /observations/);
    const relu = { ...network, activation: 'relu' as const };
    await refusedWith(encodeModel({ header: { ...header, network: relu }, params: weights() }), /relu/);
    const damaged = encodeModel({ header, params: weights() });
    new Uint8Array(damaged)[40] ^= 0xff;
    await refusedWith(damaged, /checksum|damaged|could not be read|not a usable/);
    await refusedWith(new Blob(['not a model']), /not a usable|signature|too short/);
  });

  it('says a saved model was not loaded in words of its own', async () => {
    const { models, reports } = persistence();
    await models.read(new Blob(['junk']), 'autosave').catch(() => undefined);
    expect(reports[0]).to.match(/saved in this browser was not loaded/);
  });
});
