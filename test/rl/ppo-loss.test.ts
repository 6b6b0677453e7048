// The PPO loss and its gradient against hand-computed numbers: ratio inside
// and outside the clip range, both signs of the advantage, a masked action.
import { expect } from '@open-wc/testing';
import { PpoLoss, PpoTotals } from '../../src/rl/ppo-loss.js';

const COEFS = { clipEpsilon: 0.2, valueCoef: 0.5, entropyCoef: 0.1, valueClip: 0 };
/** Outputs: 3 logits, the value, one padding column. */
const STRIDE = 5;

// Two allowed actions with logits ln 2 and 0 (a third, masked, with a large logit): p = (2/3, 1/3),
// H = 0.636514…, the entropy part of ∂ℓ/∂z_j is c_e·p_j·(log p_j + H) = ±0.0154033. The action taken is 0.
// Each case: ratio r (via old log-prob), advantage Â → loss −min(r·Â, clip(r)·Â) and ∂ℓ/∂z for the two allowed actions.
const CASES = [
  { r: 1.1, adv: 2, loss: -2.2, dz: [-0.7179300626542237, 0.7179300626542235], clipped: false, flows: true, kl: 0.004689820195675154 },
  { r: 1.5, adv: 2, loss: -2.4, dz: [0.015403270679109888, -0.0154032706791099], clipped: true, flows: false, kl: 0.09453489189183562 },
  { r: 1.5, adv: -2, loss: 3.0, dz: [1.0154032706791098, -1.0154032706791098], clipped: true, flows: true, kl: 0.09453489189183562 },
  { r: 0.5, adv: -2, loss: 1.6, dz: [0.015403270679109888, -0.0154032706791099], clipped: true, flows: false, kl: 0.1931471805599453 },
  { r: 0.5, adv: 2, loss: -1.0, dz: [-0.31793006265422347, 0.3179300626542234], clipped: true, flows: true, kl: 0.1931471805599453 },
  { r: 0.9, adv: -2, loss: 1.8, dz: [0.6154032706791099, -0.6154032706791098], clipped: false, flows: true, kl: 0.005360515657826304 },
];
const ENTROPY = 0.6365141682948128;

function run(gradScale: number): { dOutput: Float32Array; totals: PpoTotals } {
  const rows = CASES.length;
  const output = new Float32Array(rows * STRIDE);
  const dOutput = new Float32Array(rows * STRIDE).fill(777);
  CASES.forEach((_, r) => output.set([Math.LN2, 50, 0, 0.3], r * STRIDE));
  const samples = {
    output,
    outputStride: STRIDE,
    valueColumn: 3,
    mask: new Uint32Array(rows).fill(0b101),
    act: new Int32Array(rows),
    oldLogp: Float32Array.from(CASES, (c) => Math.log(2 / 3) - Math.log(c.r)),
    advantages: Float32Array.from(CASES, (c) => c.adv),
    returns: new Float32Array(rows).fill(1),
    // Far from V = 0.3: would clip, were clipping on.
    oldValue: new Float32Array(rows).fill(-5),
  };
  const totals = new PpoTotals();
  new PpoLoss(3).accumulate(samples, rows, COEFS, gradScale, dOutput, totals);
  return { dOutput, totals };
}

describe('PPO loss', () => {
  CASES.forEach((c, r) => {
    it(`r = ${c.r}, Â = ${c.adv}: ${c.clipped ? 'clipped range' : 'inside the clip range'}, ${c.flows ? 'policy gradient flows' : 'no policy gradient (the clipped term is the min)'}`, () => {
      const { dOutput } = run(1);
      expect(dOutput[r * STRIDE + 0]).to.be.closeTo(c.dz[0]!, 2e-6);
      expect(dOutput[r * STRIDE + 2]).to.be.closeTo(c.dz[1]!, 2e-6);
      expect(dOutput[r * STRIDE + 1], 'masked action').to.equal(0);
      // ∂ℓ/∂V = c_v·(V − R) = 0.5·(0.3 − 1).
      expect(dOutput[r * STRIDE + 3]).to.be.closeTo(-0.35, 1e-6);
    });
  });

  it('sums losses, entropy, KL and clip counts over the rows', () => {
    const { totals } = run(1);
    expect(totals.samples).to.equal(CASES.length);
    expect(totals.policyLoss).to.be.closeTo(CASES.reduce((s, c) => s + c.loss, 0), 1e-5);
    expect(totals.valueLoss).to.be.closeTo(CASES.length * 0.5 * 0.7 * 0.7, 1e-6);
    expect(totals.entropy).to.be.closeTo(CASES.length * ENTROPY, 1e-6);
    expect(totals.approxKl).to.be.closeTo(CASES.reduce((s, c) => s + c.kl, 0), 1e-5);
    expect(totals.clipped).to.equal(CASES.filter((c) => c.clipped).length);
  });

  it('value clipping: the larger of the clipped and unclipped squares, no gradient where the clipped one wins at its bound', () => {
    // R = 1, δ = 0.2. Each case: V, V_old → value loss, ∂ℓ/∂V (c_v = 0.5).
    const cases = [
      // Inside the range, V_c = V: the plain loss.
      { v: 0.3, old: 0.25, loss: 0.245, dv: -0.35 },
      // V moved 0.6 toward R from −0.3: V_c = −0.1, (V_c − R)² > (V − R)², clamped: no gradient.
      { v: 0.3, old: -0.3, loss: 0.605, dv: 0 },
      // V moved 0.6 away from R: V_c = 1.9 is nearer R, the unclipped square wins.
      { v: 2.3, old: 1.7, loss: 0.845, dv: 0.65 },
    ];
    const rows = cases.length;
    const output = new Float32Array(rows * STRIDE);
    cases.forEach((c, r) => output.set([0, 0, 0, c.v], r * STRIDE));
    const dOutput = new Float32Array(rows * STRIDE);
    const totals = new PpoTotals();
    new PpoLoss(3).accumulate({
      output, outputStride: STRIDE, valueColumn: 3, mask: new Uint32Array(rows).fill(0b111), act: new Int32Array(rows),
      oldLogp: new Float32Array(rows).fill(-Math.log(3)), advantages: new Float32Array(rows), returns: new Float32Array(rows).fill(1),
      oldValue: Float32Array.from(cases, (c) => c.old),
    }, rows, { ...COEFS, valueClip: 0.2 }, 1, dOutput, totals);
    cases.forEach((c, r) => expect(dOutput[r * STRIDE + 3], `case ${r}`).to.be.closeTo(c.dv, 1e-6));
    expect(totals.valueLoss).to.be.closeTo(cases.reduce((sum, c) => sum + c.loss, 0), 1e-6);
  });

  it('scales the gradient by gradScale (1/minibatch) and leaves padding columns alone', () => {
    const { dOutput } = run(1 / 8);
    CASES.forEach((c, r) => {
      expect(dOutput[r * STRIDE]).to.be.closeTo(c.dz[0]! / 8, 1e-6);
      expect(dOutput[r * STRIDE + 3]).to.be.closeTo(-0.35 / 8, 1e-6);
      expect(dOutput[r * STRIDE + 4]).to.equal(777);
    });
  });
});
