// The analytic gradient (SIMD float32 backward of the PPO loss) against
// central finite differences of an independent float64 reference, for every
// parameter tensor (decision 19 in docs/architecture.md).
import { expect } from '@open-wc/testing';
import { maskWordsFor } from '../../src/nn/categorical.js';
import { type NetworkDescriptor, paramLayout } from '../../src/nn/network-descriptor.js';
import { PolicyNetwork } from '../../src/nn/policy-network.js';
import { PpoLoss, PpoTotals } from '../../src/rl/ppo-loss.js';
import { Random } from '../../src/util/random.js';
import { referenceForward, referenceLogSoftmax, referencePpoLoss, type ReferenceSample } from './reference.js';

const COEFS = { clipEpsilon: 0.2, valueCoef: 0.5, entropyCoef: 0.05, valueClip: 0 };
/** Ratios π/π_old the samples are built at: inside the clip range and clearly outside on both sides. */
const RATIOS = [1, 0.5, 1.6, 1.1, 0.9, 1.4, 0.6, 1];

async function gradientCheck(desc: NetworkDescriptor, coordinatesPerTensor: number, coefs: typeof COEFS = COEFS): Promise<void> {
  const rows = RATIOS.length;
  const net = await PolicyNetwork.create(desc, { maxRows: rows, training: true });
  const random = new Random(11);
  // Random parameters rather than the init: a 0.01 policy head would make the policy part of the check trivial.
  for (let i = 0; i < net.params.length; i++) net.params[i] = (random.next() * 2 - 1) * 0.5;
  const params = Float64Array.from(net.params);

  const maskWords = maskWordsFor(desc.actionCount);
  const samples: ReferenceSample[] = RATIOS.map((ratio, r) => {
    const obs = Array.from({ length: desc.obsSize }, () => random.normal());
    // Mask out a couple of actions (never all), different per sample.
    const allowed = Array.from({ length: desc.actionCount }, (_, a) => (a + r) % 4 !== 0 || a === r % desc.actionCount);
    const choices = allowed.flatMap((ok, a) => (ok ? [a] : []));
    const act = choices[random.int(choices.length)]!;
    const out = referenceForward(desc, params, obs);
    const logp = referenceLogSoftmax(out.slice(0, desc.actionCount), allowed)[act]!;
    const ret = random.normal();
    // Old values a little and far off the current one on both sides, so a clipped value loss sees every case.
    const oldValue = out[desc.actionCount]! + [0.05, -0.05, 0.6, -0.6][r % 4]! * (1 + Math.abs(ret));
    return { obs, allowed, act, oldLogp: logp - Math.log(ratio), advantage: (r % 2 ? -1 : 1) * (0.5 + random.next()), ret, oldValue };
  });

  const mask = new Uint32Array(rows * maskWords);
  samples.forEach((s, r) => {
    net.input.set(s.obs, r * desc.obsSize);
    s.allowed.forEach((ok, a) => { if (ok) mask[r * maskWords + (a >> 5)]! |= 1 << (a & 31); });
  });
  const loss = new PpoLoss(desc.actionCount);
  const totals = new PpoTotals();
  net.zeroGrads();
  net.forward(rows);
  loss.accumulate({
    output: net.output, outputStride: net.outputStride, valueColumn: net.valueColumn, mask,
    act: Int32Array.from(samples, (s) => s.act),
    oldLogp: Float32Array.from(samples, (s) => s.oldLogp),
    advantages: Float32Array.from(samples, (s) => s.advantage),
    returns: Float32Array.from(samples, (s) => s.ret),
    oldValue: Float32Array.from(samples, (s) => s.oldValue!),
  }, rows, coefs, 1 / rows, net.dOutput, totals);
  net.backward(rows);

  const lossAt = (p: Float64Array): number => referencePpoLoss(desc, p, samples, coefs);
  const meanLoss = (totals.policyLoss + coefs.valueCoef * totals.valueLoss - coefs.entropyCoef * totals.entropy) / rows;
  expect(meanLoss, 'loss value').to.be.closeTo(lossAt(params), 1e-5);

  const h = 1e-4;
  for (const tensor of paramLayout(desc)) {
    const picks = tensor.size <= coordinatesPerTensor
      ? Array.from({ length: tensor.size }, (_, i) => i)
      // The tensor's last coordinate (for heads: the value column) and a spread of others.
      : [tensor.size - 1, ...Array.from({ length: coordinatesPerTensor - 1 }, () => random.int(tensor.size))];
    let norm = 0;
    for (const i of picks) {
      const at = tensor.offset + i;
      const saved = params[at]!;
      params[at] = saved + h;
      const up = lossAt(params);
      params[at] = saved - h;
      const down = lossAt(params);
      params[at] = saved;
      const numeric = (up - down) / (2 * h);
      const analytic = net.grads[at]!;
      norm += numeric * numeric;
      expect(Math.abs(analytic - numeric), `${tensor.name}[${Math.floor(i / tensor.cols)}][${i % tensor.cols}]: analytic ${analytic}, numeric ${numeric}`)
        .to.be.below(2e-5 + 2e-3 * Math.abs(numeric));
    }
    expect(Math.sqrt(norm), `${tensor.name} has a non-trivial gradient`).to.be.above(1e-4);
  }
}

describe('gradient check against float64 finite differences', () => {
  it('covers every parameter of a small network with odd widths (5→7→6→5+1)', async () => {
    await gradientCheck({ obsSize: 5, hidden: [7, 6], activation: 'tanh', actionCount: 5 }, Infinity);
  });

  it('covers every tensor of the default network (32→64→64→30+1), sampled coordinates', async function () {
    this.timeout(60_000);
    await gradientCheck({ obsSize: 32, hidden: [64, 64], activation: 'tanh', actionCount: 30 }, 24);
  });

  it('covers every parameter of separate actor and critic trunks (5→7→6→5 and 5→7→6→1)', async () => {
    await gradientCheck({ obsSize: 5, hidden: [7, 6], activation: 'tanh', actionCount: 5, trunk: 'separate' }, Infinity);
  });

  it('covers separate trunks of the classic-control shape (4→64→64→2 and →1), relu, sampled coordinates', async function () {
    this.timeout(60_000);
    await gradientCheck({ obsSize: 4, hidden: [64, 64], activation: 'relu', actionCount: 2, trunk: 'separate' }, 24);
  });

  it('covers the clipped value loss, on either trunk', async () => {
    const clipping = { ...COEFS, valueClip: 0.2 };
    await gradientCheck({ obsSize: 5, hidden: [7, 6], activation: 'tanh', actionCount: 5 }, Infinity, clipping);
    await gradientCheck({ obsSize: 5, hidden: [7, 6], activation: 'tanh', actionCount: 5, trunk: 'separate' }, Infinity, clipping);
  });
});
