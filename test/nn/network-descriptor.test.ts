// The network descriptor's trunk option: layouts, shape hashes (today's
// shared-trunk hashes must not move, so saved models and autosaves still
// load), and a model file written before the option existed.
import { expect } from '@open-wc/testing';
import { initializeParams } from '../../src/nn/init.js';
import { type NetworkDescriptor, paramCount, paramLayout, shapeHash } from '../../src/nn/network-descriptor.js';
import { PolicyNetwork } from '../../src/nn/policy-network.js';
import { decodeModel } from '../../src/runtime/model-file.js';

const SOCCER: NetworkDescriptor = { obsSize: 30, hidden: [64, 64], activation: 'tanh', actionCount: 30 };

describe('network descriptor: shared or separate trunks', () => {
  it('keeps the shape hashes of shared-trunk networks from before the option (explicit or absent)', () => {
    // Pinned from the code before the trunk option existed.
    expect(shapeHash(SOCCER).toString(16)).to.equal('8075b547');
    expect(shapeHash({ obsSize: 4, hidden: [64, 64], activation: 'tanh', actionCount: 2 }).toString(16)).to.equal('8154be21');
    expect(shapeHash({ ...SOCCER, trunk: 'shared' })).to.equal(shapeHash(SOCCER));
    expect(paramLayout({ ...SOCCER, trunk: 'shared' })).to.deep.equal(paramLayout(SOCCER));
  });

  it('gives separate trunks their own layout and hash: actor tower, then critic tower', () => {
    const separate: NetworkDescriptor = { obsSize: 4, hidden: [8, 6], activation: 'tanh', actionCount: 3, trunk: 'separate' };
    const layout = paramLayout(separate);
    expect(layout.map((t) => `${t.name} ${t.rows}x${t.cols}`)).to.deep.equal([
      'actor.0.weight 4x8', 'actor.0.bias 1x8', 'actor.1.weight 8x6', 'actor.1.bias 1x6', 'actor.head.weight 6x3', 'actor.head.bias 1x3',
      'critic.0.weight 4x8', 'critic.0.bias 1x8', 'critic.1.weight 8x6', 'critic.1.bias 1x6', 'critic.head.weight 6x1', 'critic.head.bias 1x1',
    ]);
    layout.forEach((t, i) => expect(t.offset).to.equal(i === 0 ? 0 : layout[i - 1]!.offset + layout[i - 1]!.size));
    expect(paramCount(separate)).to.equal(2 * (4 * 8 + 8 + 8 * 6 + 6) + 6 * 3 + 3 + 6 + 1);
    const shared = { ...separate, trunk: undefined };
    expect(shapeHash(separate)).not.to.equal(shapeHash(shared));
    expect(() => shapeHash({ ...separate, trunk: 'split' as never })).to.throw(RangeError, /trunk must be 'shared' or 'separate'/);
  });

  it('a separate critic does not move the policy: changing critic weights leaves the logits bit-identical', async () => {
    const desc: NetworkDescriptor = { obsSize: 4, hidden: [16, 16], activation: 'tanh', actionCount: 2, trunk: 'separate' };
    const net = await PolicyNetwork.create(desc, { maxRows: 8 }, 5);
    net.input.set(Float32Array.from({ length: 32 }, (_, i) => Math.sin(i)));
    net.forward(8);
    const before = net.output.slice(0, 8 * net.outputStride);
    const critic = paramLayout(desc).filter((t) => t.name.startsWith('critic.'));
    for (const t of critic) net.params.fill(0.3, t.offset, t.offset + t.size);
    net.forward(8);
    for (let r = 0; r < 8; r++) {
      for (let a = 0; a < 2; a++) expect(net.output[r * net.outputStride + a]).to.equal(before[r * net.outputStride + a]);
      expect(net.output[r * net.outputStride + net.valueColumn]).not.to.equal(before[r * net.outputStride + net.valueColumn]);
    }
  });

  it('reads a model file written before the option: shared trunk, same parameters', async () => {
    const response = await fetch(new URL('./fixtures/shared-trunk-model.bin', import.meta.url));
    const model = decodeModel(await response.arrayBuffer());
    expect(model.header.network).to.deep.equal({ obsSize: 4, hidden: [8, 8], activation: 'tanh', actionCount: 2 });
    const expected = new Float32Array(paramCount(model.header.network));
    initializeParams(model.header.network, expected, 3);
    expect(Array.from(model.params)).to.deep.equal(Array.from(expected));
  });
});
