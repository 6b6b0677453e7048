// The SIMD float32 network against the float64 reference, its
// initialisation, and its buffers.
import { expect } from '@open-wc/testing';
import { type NetworkDescriptor, paramLayout } from '../../src/nn/network-descriptor.js';
import { POLICY_HEAD_GAIN, TRUNK_GAIN, VALUE_HEAD_GAIN } from '../../src/nn/init.js';
import { PolicyNetwork } from '../../src/nn/policy-network.js';
import { Random } from '../../src/util/random.js';
import { referenceForward } from './reference.js';

const DEFAULT_NET: NetworkDescriptor = { obsSize: 32, hidden: [64, 64], activation: 'tanh', actionCount: 30 };
const ODD_NET: NetworkDescriptor = { obsSize: 5, hidden: [7, 6], activation: 'tanh', actionCount: 5 };
const RELU_NET: NetworkDescriptor = { obsSize: 9, hidden: [13], activation: 'relu', actionCount: 3 };

function randomize(values: Float32Array, random: Random, scale: number): void {
  for (let i = 0; i < values.length; i++) values[i] = (random.next() * 2 - 1) * scale;
}

describe('policy network', () => {
  for (const [name, desc, rowCounts] of [['default 32→64→64→30+1', DEFAULT_NET, [1, 7, 1024]], ['odd 5→7→6→5+1', ODD_NET, [1, 3, 13]], ['relu 9→13→3+1', RELU_NET, [2, 5]]] as const) {
    it(`forward matches the float64 reference (${name})`, async () => {
      const maxRows = Math.max(...rowCounts);
      const net = await PolicyNetwork.create(desc, { maxRows });
      const random = new Random(7);
      randomize(net.params, random, 0.4);
      randomize(net.input, random, 2);
      for (const rows of rowCounts) {
        net.forward(rows);
        let worst = 0;
        for (let r = 0; r < rows; r++) {
          const expected = referenceForward(desc, net.params, net.input.subarray(r * desc.obsSize));
          for (let j = 0; j <= desc.actionCount; j++) worst = Math.max(worst, Math.abs(net.output[r * net.outputStride + j]! - expected[j]!) / (1 + Math.abs(expected[j]!)));
        }
        expect(worst, `${rows} rows`).to.be.below(2e-6);
      }
    });
  }

  it('initialises orthogonally with the stated gains and zero biases, reproducibly from the seed', async () => {
    const net = await PolicyNetwork.create(DEFAULT_NET, { maxRows: 1 }, 42);
    const again = await PolicyNetwork.create(DEFAULT_NET, { maxRows: 1 }, 42);
    const other = await PolicyNetwork.create(DEFAULT_NET, { maxRows: 1 }, 43);
    expect(Array.from(again.params)).to.deep.equal(Array.from(net.params));
    expect(Array.from(other.params)).not.to.deep.equal(Array.from(net.params));
    // Gram matrix of the columns (rows ≥ cols) or rows, which must be gain²·I.
    const gram = (offset: number, rows: number, stride: number, cols: readonly number[], byColumn: boolean): number[][] => {
      const vec = (c: number): number[] => byColumn ? Array.from({ length: rows }, (_, i) => net.params[offset + i * stride + c]!) : Array.from(cols, (j) => net.params[offset + c * stride + j]!);
      const count = byColumn ? cols.length : rows;
      const vs = Array.from({ length: count }, (_, c) => vec(byColumn ? cols[c]! : c));
      return vs.map((a) => vs.map((b) => a.reduce((s, x, i) => s + x * b[i]!, 0)));
    };
    const expectScaledIdentity = (g: number[][], gain: number): void => {
      g.forEach((row, i) => row.forEach((v, j) => expect(v, `${i},${j}`).to.be.closeTo(i === j ? gain * gain : 0, 1e-5 * Math.max(1, gain * gain))));
    };
    for (const t of paramLayout(DEFAULT_NET)) {
      const values = net.params.subarray(t.offset, t.offset + t.size);
      if (t.name.endsWith('.bias')) {
        expect(values.every((v) => v === 0), t.name).to.equal(true);
      } else if (t.name === 'heads.weight') {
        const policyColumns = Array.from({ length: DEFAULT_NET.actionCount }, (_, j) => j);
        expectScaledIdentity(gram(t.offset, t.rows, t.cols, policyColumns, true), POLICY_HEAD_GAIN);
        expectScaledIdentity(gram(t.offset, t.rows, t.cols, [DEFAULT_NET.actionCount], true), VALUE_HEAD_GAIN);
      } else {
        const cols = Array.from({ length: t.cols }, (_, j) => j);
        expectScaledIdentity(gram(t.offset, t.rows, t.cols, cols, t.rows >= t.cols), TRUNK_GAIN);
      }
    }
  });

  it('a network that adopts another one\'s params computes the same outputs bit for bit', async () => {
    const trainer = await PolicyNetwork.create(DEFAULT_NET, { maxRows: 64, training: true }, 3);
    const worker = await PolicyNetwork.create(DEFAULT_NET, { maxRows: 256 }, 4);
    randomize(trainer.input, new Random(1), 1);
    worker.input.set(trainer.input.subarray(0, 64 * DEFAULT_NET.obsSize));
    worker.params.set(trainer.params);
    trainer.forward(64);
    worker.forward(64);
    expect(Array.from(worker.output.subarray(0, 64 * worker.outputStride))).to.deep.equal(Array.from(trainer.output.subarray(0, 64 * trainer.outputStride)));
  });

  it('backward accumulates: two passes of half the rows give the gradient of one pass', async () => {
    const net = await PolicyNetwork.create(ODD_NET, { maxRows: 8, training: true }, 5);
    const random = new Random(2);
    const obs = new Float32Array(8 * ODD_NET.obsSize);
    const dOut = new Float32Array(8 * net.outputStride);
    randomize(obs, random, 1);
    randomize(dOut, random, 1);
    net.zeroGrads();
    net.input.set(obs);
    net.dOutput.set(dOut);
    net.forward(8);
    net.backward(8);
    const whole = Float32Array.from(net.grads);
    net.zeroGrads();
    for (const half of [0, 1]) {
      net.input.set(obs.subarray(half * 4 * ODD_NET.obsSize, (half + 1) * 4 * ODD_NET.obsSize));
      net.dOutput.set(dOut.subarray(half * 4 * net.outputStride, (half + 1) * 4 * net.outputStride));
      net.forward(4);
      net.backward(4);
    }
    net.grads.forEach((g, i) => expect(g).to.be.closeTo(whole[i]!, 1e-5));
    expect(whole.some((g) => g !== 0)).to.equal(true);
  });

  it('refuses more rows than it was sized for, and backward without training buffers', async () => {
    const net = await PolicyNetwork.create(ODD_NET, { maxRows: 4 });
    expect(() => net.forward(5)).to.throw(RangeError, /rows/);
    expect(() => net.forward(0)).to.throw(RangeError, /rows/);
    expect(() => net.backward(1)).to.throw(/training/);
    expect(net.grads.length).to.equal(0);
  });
});
