// Blending on hot-swap: over the swap-blend window the show's action
// distribution moves from the old policy's to the new one's step by step,
// the sampled actions follow it, and with the window at 0 nothing changes.
import { expect } from '@open-wc/testing';
import { paramCount } from '../../src/nn/network-descriptor.js';
import { PolicyBrain } from '../../src/show/policy-brain.js';
import { SwapBlend } from '../../src/show/swap-blend.js';
import { Random } from '../../src/util/random.js';

const network = { obsSize: 6, hidden: [8], activation: 'tanh' as const, actionCount: 5 };
const ALL = 0b11111;
const weights = (phase: number) => Float32Array.from({ length: paramCount(network) }, (_, i) => 1.5 * Math.sin(i * 1.7 + phase));
const observation = Float32Array.from([0.3, -0.2, 0.9, 0.1, -0.5, 0.4]);
const distance = (a: Float64Array, b: Float64Array) => a.reduce((sum, x, i) => sum + Math.abs(x - b[i]!), 0);

async function swapped(windowMs: number) {
  const brain = await PolicyBrain.create(network);
  brain.load(weights(0), 1, 0);
  const old = brain.probabilities(observation, ALL, new Float64Array(5));
  const blend = await SwapBlend.create(network);
  blend.begin(brain, 1000, windowMs);
  brain.load(weights(2), 2, 0);
  const fresh = brain.probabilities(observation, ALL, new Float64Array(5));
  return { brain, blend, old, fresh };
}

describe('swap blend', () => {
  it('moves the action distribution from the old policy to the new one gradually over the window', async () => {
    const { brain, blend, old, fresh } = await swapped(1000);
    expect(distance(old, fresh), 'the two policies differ').to.be.greaterThan(0.3);
    let previous = Infinity;
    for (const t of [0, 250, 500, 750, 1000, 1500]) {
      const p = Float64Array.from(blend.mixture(brain, observation, ALL, 1000 + t));
      const w = Math.min(1, t / 1000);
      expect(blend.weight(1000 + t)).to.be.closeTo(w, 1e-12);
      for (let a = 0; a < 5; a++) expect(p[a], `action ${a} at ${t} ms`).to.be.closeTo((1 - w) * old[a]! + w * fresh[a]!, 1e-9);
      expect(p.reduce((s, x) => s + x, 0)).to.be.closeTo(1, 1e-9);
      const toNew = distance(p, fresh);
      expect(toNew, `at ${t} ms it is closer to the new policy than before`).to.be.at.most(previous);
      previous = toNew;
    }
    expect(distance(Float64Array.from(blend.mixture(brain, observation, ALL, 1000)), old)).to.be.below(1e-9);
  });

  it('samples from the mixture: action frequencies move over the window too', async () => {
    const { brain, blend, old, fresh } = await swapped(1000);
    // The action whose probability changes most between the two policies.
    let a = 0;
    for (let i = 1; i < 5; i++) if (Math.abs(fresh[i]! - old[i]!) > Math.abs(fresh[a]! - old[a]!)) a = i;
    const frequency = (t: number) => {
      const random = new Random(99);
      let hits = 0;
      for (let n = 0; n < 4000; n++) if (blend.act(brain, observation, ALL, random, 1000 + t) === a) hits++;
      return hits / 4000;
    };
    const [start, middle, end] = [frequency(0), frequency(500), frequency(1000)];
    expect(start).to.be.closeTo(old[a]!, 0.03);
    expect(middle).to.be.closeTo((old[a]! + fresh[a]!) / 2, 0.03);
    expect(end).to.be.closeTo(fresh[a]!, 0.03);
  });

  it('is off at 0 ms: the new policy plays from the first decision, with the same draws as without a blend', async () => {
    const { brain, blend } = await swapped(0);
    expect(blend.weight(1000)).to.equal(1);
    const a = new Random(5);
    const b = new Random(5);
    for (let n = 0; n < 50; n++) expect(blend.act(brain, observation, ALL, a, 1000)).to.equal(brain.act(observation, ALL, b));
  });
});
