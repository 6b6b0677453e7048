// The CPU PPO learner: determinism, minibatch/epoch accounting, KL early
// stop, hyperparameters, reset, and a small learning task it must solve.
import { expect } from '@open-wc/testing';
import { MaskedCategorical } from '../../src/nn/categorical.js';
import type { NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import { PolicyNetwork } from '../../src/nn/policy-network.js';
import { computeGae } from '../../src/rl/gae.js';
import type { PpoBatch } from '../../src/rl/learner.js';
import { CpuPpoLearner } from '../../src/rl/ppo-learner.js';
import { Random } from '../../src/util/random.js';
import { syntheticBatch as randomBatch } from '../helpers/synthetic-batch.js';

const NET: NetworkDescriptor = { obsSize: 12, hidden: [32, 32], activation: 'tanh', actionCount: 30 };

const syntheticBatch = (size: number, seed: number, desc = NET): PpoBatch => randomBatch(size, seed, desc);

/** The same experience, with the log-probs and values of the learner's own current policy (no lag). */
async function onPolicy(batch: PpoBatch, params: Float32Array): Promise<PpoBatch> {
  const net = await PolicyNetwork.create(NET, { maxRows: batch.size });
  net.params.set(params);
  net.input.set(batch.obs.subarray(0, batch.size * NET.obsSize));
  net.forward(batch.size);
  const categorical = new MaskedCategorical(NET.actionCount);
  const logp = new Float32Array(batch.size);
  const value = new Float32Array(batch.size);
  for (let i = 0; i < batch.size; i++) {
    categorical.evaluate(net.output, i * net.outputStride, batch.mask, i);
    logp[i] = categorical.logProbs[batch.act[i]!]!;
    value[i] = net.output[i * net.outputStride + net.valueColumn]!;
  }
  return { ...batch, logp, value };
}

const bits = (params: Float32Array): number[] => Array.from(new Uint32Array(params.buffer, params.byteOffset, params.length));

describe('CPU PPO learner', () => {
  it('is deterministic: same seed and batches → the same parameters bit for bit after 3 updates', async () => {
    const hyper = { minibatch: 128, epochs: 3, targetKl: 0 };
    const [a, b, c] = await Promise.all([
      CpuPpoLearner.create({ network: NET, seed: 9, hyper }),
      CpuPpoLearner.create({ network: NET, seed: 9, hyper }),
      CpuPpoLearner.create({ network: NET, seed: 10, hyper }),
    ]);
    for (let k = 0; k < 3; k++) {
      const batch = syntheticBatch(500, 100 + k);
      await a.update(batch);
      await b.update(batch);
      await c.update(batch);
    }
    expect(a.updates).to.equal(3);
    expect(bits(a.params)).to.deep.equal(bits(b.params));
    expect(bits(a.params)).not.to.deep.equal(bits(c.params));
  });

  it('runs epochs × round(B / minibatch) steps over every sample, with finite stats', async () => {
    const learner = await CpuPpoLearner.create({ network: NET, seed: 1, hyper: { minibatch: 256, epochs: 3, targetKl: 0 } });
    const stats = await learner.update(syntheticBatch(1000, 1));
    expect(stats.epochs).to.equal(3);
    expect(stats.minibatches).to.equal(12);
    expect(stats.samples).to.equal(1000);
    expect(stats.sampleGradients).to.equal(3000);
    expect(stats.stoppedEarly).to.equal(false);
    for (const key of ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction', 'gradNorm', 'computeMs', 'updateMs'] as const) {
      expect(Number.isFinite(stats[key]), key).to.equal(true);
    }
    expect(stats.entropy).to.be.within(0, Math.log(30));
    expect(stats.approxKl).to.be.at.least(0);
    expect(stats.explainedVariance).to.be.a('number');
    expect(stats.updateMs).to.be.at.least(stats.computeMs);
  });

  it('anneals lr over an explicit budget of trained samples, and never without one', async () => {
    const hyper = { minibatch: 128, epochs: 1, targetKl: 0, lr: 1e-3 };
    const annealed = await CpuPpoLearner.create({ network: NET, seed: 2, hyper, training: { lrAnnealSteps: 1024 } });
    const live = await CpuPpoLearner.create({ network: NET, seed: 2, hyper });
    const seen: number[][] = [];
    for (let k = 0; k < 3; k++) {
      seen.push([annealed.effectiveLr, live.effectiveLr]);
      const before = bits(annealed.params);
      const batch = syntheticBatch(512, 20 + k);
      await annealed.update(batch);
      await live.update(batch);
      // The budget is spent after two batches of 512: the third update steps with lr 0.
      if (k === 2) expect(bits(annealed.params)).to.deep.equal(before);
      else expect(bits(annealed.params)).not.to.deep.equal(before);
    }
    expect(seen).to.deep.equal([[1e-3, 1e-3], [5e-4, 1e-3], [0, 1e-3]]);
    annealed.reset();
    expect(annealed.effectiveLr).to.equal(1e-3);
  });

  it('normalises advantages per batch (default), per minibatch or not at all', async () => {
    const hyper = { minibatch: 128, epochs: 1, targetKl: 0 };
    const batch = syntheticBatch(512, 31);
    // Advantages far from mean 0 / std 1, so normalising matters.
    for (let i = 0; i < batch.size; i++) batch.advantages[i] = 3 + 5 * batch.advantages[i]!;
    const run = async (advantageNormalization?: 'batch' | 'minibatch' | 'off', size = batch.size): Promise<Float32Array> => {
      const learner = await CpuPpoLearner.create({ network: NET, seed: 3, hyper: { ...hyper, minibatch: Math.min(size, 128) }, training: advantageNormalization ? { advantageNormalization } : {} });
      await learner.update({ ...batch, size });
      return learner.params.slice();
    };
    const [byDefault, perBatch, perMinibatch, off] = await Promise.all([run(), run('batch'), run('minibatch'), run('off')]);
    expect(bits(byDefault)).to.deep.equal(bits(perBatch));
    expect(bits(perMinibatch)).not.to.deep.equal(bits(perBatch));
    expect(bits(off)).not.to.deep.equal(bits(perBatch));
    // With one minibatch per batch the two normalise the same samples: the same step up to summation order.
    const [whole, single] = await Promise.all([run('batch', 128), run('minibatch', 128)]);
    whole.forEach((p, i) => expect(p).to.be.closeTo(single[i]!, 1e-6));
  });

  it('clips the value loss only when asked, and refuses bad training options', async () => {
    const hyper = { minibatch: 128, epochs: 2, targetKl: 0 };
    const batch = syntheticBatch(256, 41);
    const [plain, clipped] = await Promise.all([
      CpuPpoLearner.create({ network: NET, seed: 5, hyper }),
      CpuPpoLearner.create({ network: NET, seed: 5, hyper, training: { valueClip: true } }),
    ]);
    expect(plain.training).to.deep.equal({ valueClip: false, advantageNormalization: 'batch', lrAnnealSteps: 0 });
    const a = await plain.update(batch);
    const b = await clipped.update(batch);
    // The batch's values are random, far from what the net predicts: clipping changes the value loss.
    expect(b.valueLoss).not.to.equal(a.valueLoss);
    expect(bits(clipped.params)).not.to.deep.equal(bits(plain.params));
    for (const bad of [{ lrAnnealSteps: -1 }, { lrAnnealSteps: 1.5 }, { advantageNormalization: 'episode' }, { valueClip: 'yes' }]) {
      let error: unknown;
      try {
        await CpuPpoLearner.create({ network: NET, seed: 5, training: bad as never });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(bad)).to.be.instanceOf(RangeError);
    }
  });

  it('a minibatch larger than one pass accumulates gradients over passes: the same step up to rounding', async () => {
    const hyper = { minibatch: 256, epochs: 1, targetKl: 0 };
    const onePass = await CpuPpoLearner.create({ network: NET, seed: 4, hyper });
    const fourPasses = await CpuPpoLearner.create({ network: NET, seed: 4, hyper, rowsPerPass: 64 });
    const batch = syntheticBatch(512, 8);
    const s1 = await onePass.update(batch);
    const s4 = await fourPasses.update(batch);
    expect(s4.minibatches).to.equal(s1.minibatches);
    expect(s4.policyLoss).to.be.closeTo(s1.policyLoss, 1e-5);
    onePass.params.forEach((p, i) => expect(p).to.be.closeTo(fourPasses.params[i]!, 1e-5));
  });

  it('stops after the first epoch whose mean approximate KL passes targetKl, and never with targetKl 0', async () => {
    const batch = syntheticBatch(1024, 3);
    const eager = await CpuPpoLearner.create({ network: NET, seed: 2, hyper: { lr: 1e-2, minibatch: 128, epochs: 8, targetKl: 1e-4 } });
    const stats = await eager.update(batch);
    expect(stats.stoppedEarly).to.equal(true);
    // The synthetic log-probs are not the learner's: the first epoch is already far off, and always runs in full.
    expect(stats.epochs).to.equal(1);
    expect(stats.minibatches).to.equal(8);
    const patient = await CpuPpoLearner.create({ network: NET, seed: 2, hyper: { lr: 1e-2, minibatch: 128, epochs: 8, targetKl: 0 } });
    const all = await patient.update(batch);
    expect(all.stoppedEarly).to.equal(false);
    expect(all.minibatches).to.equal(64);
    expect(all.approxKl).to.be.above(1e-4);
    // On-policy data starts at KL 0: some epochs run before the policy has moved too far.
    const fresh = await CpuPpoLearner.create({ network: NET, seed: 2, hyper: { lr: 1e-2, minibatch: 128, epochs: 16, targetKl: 0.02 } });
    const moved = await fresh.update(await onPolicy(batch, fresh.params));
    expect(moved.stoppedEarly).to.equal(true);
    expect(moved.epochs).to.be.within(2, 15);
    expect(moved.minibatches).to.equal(moved.epochs * 8);
  });

  it('yields between minibatches and ends the update when the pause callback says false', async () => {
    const learner = await CpuPpoLearner.create({ network: NET, seed: 2, hyper: { minibatch: 64, epochs: 2, targetKl: 0 } });
    let calls = 0;
    const stats = await learner.update(syntheticBatch(256, 5), async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 0));
      return calls < 3;
    });
    expect(calls).to.equal(3);
    expect(stats.minibatches).to.equal(3);
    expect(stats.aborted).to.equal(true);
  });

  it('refuses a second update while one runs, and reset during it', async () => {
    const learner = await CpuPpoLearner.create({ network: NET, seed: 2, hyper: { minibatch: 64, epochs: 1 } });
    let release: () => void = () => {};
    const running = learner.update(syntheticBatch(128, 1), () => new Promise<void>((resolve) => { release = resolve; }));
    await Promise.resolve();
    let refused = false;
    try {
      await learner.update(syntheticBatch(64, 2));
    } catch (error) {
      refused = /while an update is running/.test(String(error));
    }
    expect(refused).to.equal(true);
    expect(() => learner.reset()).to.throw(/while an update is running/);
    for (let i = 0; i < 4; i++) {
      release();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await running;
  });

  it('reset gives the fresh init of the seed; hyperparameters are validated and kept', async () => {
    const learner = await CpuPpoLearner.create({ network: NET, seed: 5, hyper: { minibatch: 64, epochs: 1 } });
    const fresh = Float32Array.from(learner.params);
    await learner.update(syntheticBatch(128, 1));
    expect(bits(learner.params)).not.to.deep.equal(bits(fresh));
    learner.reset();
    expect(bits(learner.params)).to.deep.equal(bits(fresh));
    expect(learner.updates).to.equal(0);
    const other = await PolicyNetwork.create(NET, { maxRows: 1 }, 6);
    learner.reset(6);
    expect(learner.seed).to.equal(6);
    expect(bits(learner.params)).to.deep.equal(bits(other.params));

    learner.setHyper({ lr: 1e-3, clipEpsilon: 0.1 });
    expect(learner.hyper.lr).to.equal(1e-3);
    expect(learner.hyper.clipEpsilon).to.equal(0.1);
    expect(learner.hyper.minibatch).to.equal(64);
    expect(() => learner.setHyper({ epochs: 0 })).to.throw(RangeError, /epochs/);
    expect(() => learner.setHyper({ lr: Number.NaN })).to.throw(RangeError, /lr/);
    expect(learner.hyper.epochs).to.equal(1);
  });

  it('loadParams adopts saved parameters', async () => {
    const a = await CpuPpoLearner.create({ network: NET, seed: 1 });
    const b = await CpuPpoLearner.create({ network: NET, seed: 2 });
    b.loadParams(a.params);
    expect(bits(b.params)).to.deep.equal(bits(a.params));
    expect(() => b.loadParams(new Float32Array(3))).to.throw(RangeError);
  });

  it('learns a contextual bandit: the right action is the argmax of the first five observations', async function () {
    this.timeout(60_000);
    const desc: NetworkDescriptor = { obsSize: 8, hidden: [32, 32], activation: 'tanh', actionCount: 6 };
    const rows = 1024;
    const learner = await CpuPpoLearner.create({ network: desc, seed: 3, hyper: { lr: 3e-3, minibatch: 256, epochs: 4, entropyCoef: 0.001, targetKl: 0 } });
    const actor = await PolicyNetwork.create(desc, { maxRows: rows });
    const categorical = new MaskedCategorical(desc.actionCount);
    const envRandom = new Random(12);
    const actRandom = new Random(13);
    const best = (obs: Float32Array, r: number): number => {
      let a = 0;
      for (let i = 1; i < 5; i++) if (obs[r * desc.obsSize + i]! > obs[r * desc.obsSize + a]!) a = i;
      return a;
    };
    const fill = (mask: Uint32Array): void => {
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < desc.obsSize; i++) actor.input[r * desc.obsSize + i] = envRandom.normal();
        // Action 5 is never right; it is masked out half the time, one wrong action another quarter.
        const right = best(actor.input, r);
        let bitsAllowed = envRandom.next() < 0.5 ? 0b011111 : 0b111111;
        const wrong = envRandom.int(5);
        if (envRandom.next() < 0.25 && wrong !== right) bitsAllowed &= ~(1 << wrong);
        mask[r] = bitsAllowed;
      }
    };
    const accuracy = (): number => {
      const mask = new Uint32Array(rows);
      fill(mask);
      actor.params.set(learner.params);
      actor.forward(rows);
      const act = new Int32Array(rows);
      categorical.greedy(rows, actor, mask, act);
      let right = 0;
      for (let r = 0; r < rows; r++) if (act[r] === best(actor.input, r)) right++;
      return right / rows;
    };

    const before = accuracy();
    const batch = {
      size: rows,
      obs: new Float32Array(rows * desc.obsSize),
      mask: new Uint32Array(rows),
      act: new Int32Array(rows),
      logp: new Float32Array(rows),
      value: new Float32Array(rows),
      advantages: new Float32Array(rows),
      returns: new Float32Array(rows),
    };
    const rew = new Float32Array(rows);
    const ones = new Uint8Array(rows).fill(1);
    const zeros = new Float32Array(rows);
    let updates = 0;
    let score = before;
    while (updates < 40 && score < 0.9) {
      fill(batch.mask);
      actor.params.set(learner.params);
      actor.forward(rows);
      categorical.sample(rows, actor, batch.mask, actRandom, batch);
      batch.obs.set(actor.input.subarray(0, rows * desc.obsSize));
      for (let r = 0; r < rows; r++) rew[r] = batch.act[r] === best(actor.input, r) ? 1 : 0;
      // One-step episodes ending in a terminal: advantage = r − V.
      computeGae({ steps: 1, envs: rows, rew, done: ones, truncated: new Uint8Array(rows), finalValue: zeros, value: batch.value, bootstrapValue: zeros }, 0.99, 0.95, batch.advantages, batch.returns);
      await learner.update(batch);
      updates++;
      if (updates % 5 === 0) score = accuracy();
    }
    console.log(`bandit: greedy accuracy ${before.toFixed(3)} → ${score.toFixed(3)} after ${updates} updates`);
    expect(before).to.be.below(0.5);
    expect(score).to.be.at.least(0.9);
  });
});
