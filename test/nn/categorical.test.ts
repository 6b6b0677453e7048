// The masked categorical: hand-computed log-softmax and entropy, sampling
// that respects the mask and matches the probabilities, greedy play.
import { expect } from '@open-wc/testing';
import { isAllowed, MaskedCategorical, type PolicyRows } from '../../src/nn/categorical.js';
import { Random } from '../../src/util/random.js';

function rowsOf(logits: readonly number[][], withValue = true): PolicyRows {
  const actions = logits[0]!.length;
  const stride = actions + 3;
  const output = new Float32Array(logits.length * stride);
  logits.forEach((row, r) => {
    output.set(row, r * stride);
    if (withValue) output[r * stride + actions] = r + 0.5;
  });
  return { output, outputStride: stride, valueColumn: actions };
}

const maskOf = (allowed: readonly number[], words = 1): Uint32Array => {
  const mask = new Uint32Array(words);
  for (const a of allowed) mask[a >> 5]! |= 1 << (a & 31);
  return mask;
};

describe('masked categorical', () => {
  it('log-softmax and entropy over the allowed actions only (hand-computed)', () => {
    const cat = new MaskedCategorical(4);
    // Allowed {0, 2, 3}, logits 1, 3, 0.5: softmax over those three only.
    cat.evaluate(new Float32Array([1, 2, 3, 0.5]), 0, maskOf([0, 2, 3]), 0);
    const z = Math.exp(1) + Math.exp(3) + Math.exp(0.5);
    const p = [Math.exp(1) / z, 0, Math.exp(3) / z, Math.exp(0.5) / z];
    expect(cat.logProbs[1]).to.equal(-Infinity);
    expect(cat.probs[1]).to.equal(0);
    for (const a of [0, 2, 3]) {
      expect(cat.probs[a]).to.be.closeTo(p[a]!, 1e-12);
      expect(cat.logProbs[a]).to.be.closeTo(Math.log(p[a]!), 1e-12);
    }
    expect(cat.entropy).to.be.closeTo(-[0, 2, 3].reduce((h, a) => h + p[a]! * Math.log(p[a]!), 0), 1e-12);
    // One allowed action: certain, zero entropy.
    cat.evaluate(new Float32Array([5, -2, 9, 1]), 0, maskOf([1]), 0);
    expect(cat.logProbs[1]).to.equal(0);
    expect(cat.entropy).to.equal(0);
  });

  it('reads masks of more than 32 actions across words', () => {
    const cat = new MaskedCategorical(40);
    const mask = maskOf([3, 35], 2);
    expect(cat.maskWords).to.equal(2);
    expect(isAllowed(mask, 0, 35)).to.equal(true);
    expect(isAllowed(mask, 0, 34)).to.equal(false);
    const logits = new Float32Array(40).fill(100);
    logits[3] = 0;
    logits[35] = Math.log(3);
    cat.evaluate(logits, 0, mask, 0);
    expect(cat.probs[35]).to.be.closeTo(0.75, 1e-7); // log 3 rounded to f32
    expect(cat.probs[3]).to.be.closeTo(0.25, 1e-7);
  });

  it('samples only allowed actions, with the log-probability the masked softmax gives and the row\'s value', () => {
    const actions = 30;
    const rows = 500;
    const random = new Random(5);
    const logits = Array.from({ length: rows }, () => Array.from({ length: actions }, () => random.normal() * 2));
    const from = rowsOf(logits);
    const mask = new Uint32Array(rows);
    for (let r = 0; r < rows; r++) mask[r] = (random.nextUint32() & ((1 << actions) - 1)) | (1 << (r % actions));
    const out = { act: new Int32Array(rows), logp: new Float32Array(rows), value: new Float32Array(rows) };
    const cat = new MaskedCategorical(actions);
    cat.sample(rows, from, mask, new Random(1), out);
    for (let r = 0; r < rows; r++) {
      expect(isAllowed(mask, r, out.act[r]!), `row ${r}`).to.equal(true);
      cat.evaluate(from.output, r * from.outputStride, mask, r);
      expect(out.logp[r]).to.be.closeTo(cat.logProbs[out.act[r]!]!, 1e-5);
      expect(out.value[r]).to.equal(r + 0.5);
    }
    // Same seed, same draws.
    const again = { act: new Int32Array(rows), logp: new Float32Array(rows), value: new Float32Array(rows) };
    cat.sample(rows, from, mask, new Random(1), again);
    expect(Array.from(again.act)).to.deep.equal(Array.from(out.act));
  });

  it('draws actions with the masked probabilities (χ² over 40,000 draws)', () => {
    const logits = [0.2, 1.5, -0.7, 3, 0.9, 0];
    const allowedActions = [0, 1, 2, 4, 5];
    const draws = 40_000;
    const from = rowsOf(Array.from({ length: draws }, () => logits));
    const mask = new Uint32Array(draws).fill(maskOf(allowedActions)[0]!);
    const out = { act: new Int32Array(draws), logp: new Float32Array(draws), value: new Float32Array(draws) };
    const cat = new MaskedCategorical(logits.length);
    cat.sample(draws, from, mask, new Random(77), out);
    const counts = new Array<number>(logits.length).fill(0);
    for (const a of out.act) counts[a]!++;
    expect(counts[3]).to.equal(0);
    cat.evaluate(from.output, 0, mask, 0);
    const chi2 = allowedActions.reduce((s, a) => s + (counts[a]! - draws * cat.probs[a]!) ** 2 / (draws * cat.probs[a]!), 0);
    // 4 degrees of freedom: P(χ² > 18.47) = 0.001.
    expect(chi2).to.be.below(18.47);
  });

  it('greedy picks the most probable allowed action, skipping a larger masked logit', () => {
    const cat = new MaskedCategorical(5);
    const from = rowsOf([[0, 9, 2, 2, -1], [1, 1, 1, 1, 1], [-5, -4, -3, -2, -1]]);
    const mask = new Uint32Array([maskOf([0, 2, 3, 4])[0]!, maskOf([1, 2, 3])[0]!, maskOf([0, 1])[0]!]);
    const act = new Int32Array(3);
    cat.greedy(3, from, mask, act);
    expect(Array.from(act)).to.deep.equal([2, 1, 1]);
  });

  it('refuses a row with no allowed action', () => {
    const cat = new MaskedCategorical(3);
    const from = rowsOf([[0, 1, 2]]);
    const out = { act: new Int32Array(1), logp: new Float32Array(1), value: new Float32Array(1) };
    expect(() => cat.sample(1, from, new Uint32Array(1), new Random(1), out)).to.throw(RangeError, /no action/);
    expect(() => cat.greedy(1, from, new Uint32Array(1), out.act)).to.throw(RangeError, /no action/);
  });
});
