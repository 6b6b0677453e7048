// The TensorFlow.js baseline of `npm run bench` does the same work as our
// trainer: on the same weights and minibatch its loss terms, gradient norm and
// parameters after each clipped Adam step match our CPU learner's (cpu
// backend, and wasm where it starts); and its throughput task reports the
// shape the bench script reads without leaking tensors.
//
// TF.js reaches the test browser through scripts/tfjs-dev-server-plugin.mjs
// (its modules import CommonJS).
import { expect } from '@open-wc/testing';
import * as tf from '@tensorflow/tfjs';
import * as bench from '../../bench/tasks/tfjs-ppo.js';
import type { TfjsBackend } from '../../bench/tasks/tfjs-ppo.js';
import { initializeParams } from '../../src/nn/init.js';
import { type NetworkDescriptor, paramCount } from '../../src/nn/network-descriptor.js';
import { CpuPpoLearner } from '../../src/rl/ppo-learner.js';
import { Random } from '../../src/util/random.js';

const DESC: NetworkDescriptor = bench.benchNetwork();
const ROWS = 256;
/** Large enough that three steps move the policy visibly. */
const LR = 1e-3;
/** Below these steps' gradient norms (≈ 0.3), so the clip acts on every step. */
const MAX_GRAD_NORM = 0.1;

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
const close = (actual: number, expected: number, what: string): void => {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).to.be.below(2e-5 + 1e-4 * Math.abs(expected));
};

/** Three updates of one minibatch each, ours and TF.js's (on its current backend) side by side. */
async function compareWithOurs(): Promise<void> {
  const params = new Float32Array(paramCount(DESC));
  initializeParams(DESC, params, 3);
  const onPolicy = await bench.syntheticBatch(DESC, params, ROWS, 5);
  // A lagged acting policy: ratios spread around 1, so both branches of the clip are exercised.
  const random = new Random(7);
  const batch = { ...onPolicy, logp: Float32Array.from(onPolicy.logp, (x) => x + 0.4 * random.normal()) };

  const ours = await CpuPpoLearner.create({ network: DESC, seed: 3, hyper: { minibatch: ROWS, epochs: 1, targetKl: 0, lr: LR, maxGradNorm: MAX_GRAD_NORM }, rowsPerPass: ROWS });
  ours.loadParams(params);
  const theirs = new bench.TfjsPpo(DESC, params, { ...bench.DEFAULT_COEFS, lr: LR, maxGradNorm: MAX_GRAD_NORM });
  const mb = new bench.Minibatch(DESC, ROWS);
  mb.gather(batch, Int32Array.from({ length: ROWS }, (_, i) => i), 0);
  try {
    for (let update = 0; update < 3; update++) {
      const loss = await theirs.loss(mb);
      const stats = await ours.update(batch);
      const step = theirs.step(mb);
      const [gradNorm] = await step.gradNorm.data();
      tf.dispose(step);
      if (update === 0) expect(stats.clipFraction, 'clip fraction').to.be.within(0.2, 0.9);
      expect(stats.gradNorm, 'gradient norm').to.be.above(MAX_GRAD_NORM);
      const { valueCoef, entropyCoef } = bench.DEFAULT_COEFS;
      close(loss.policyLoss, stats.policyLoss, `update ${update} policy loss`);
      close(loss.valueLoss, stats.valueLoss, `update ${update} value loss`);
      close(loss.entropy, stats.entropy, `update ${update} entropy`);
      close(loss.loss, stats.policyLoss + valueCoef * stats.valueLoss - entropyCoef * stats.entropy, `update ${update} loss`);
      close(gradNorm!, stats.gradNorm, `update ${update} gradient norm`);
      // Each step moves a parameter by up to lr; agreeing to 1 % of that is the same step.
      expect(maxAbsDiff(await theirs.params(), ours.params), `update ${update} parameters`).to.be.below(LR / 100);
    }
  } finally {
    theirs.dispose();
  }
}

describe('TF.js PPO baseline', () => {
  it('cpu backend: same loss terms, gradient norm and parameters as our learner over three clipped Adam steps', async () => {
    expect(await bench.useBackend('cpu')).to.equal(null);
    await compareWithOurs();
  });

  it('wasm backend: the same, when it starts', async function () {
    const reason = await bench.useBackend('wasm');
    if (reason !== null) {
      console.warn(`wasm backend unavailable: ${reason}`);
      this.skip();
    }
    await compareWithOurs();
  });

  it('throughput task: result shape, no leaked tensors', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await bench.useBackend(backend);
      const tensorsBefore = tf.memory().numTensors;
      const result = await bench.tfjsPpoThroughput({ backend, minibatch: 64, minibatches: 2, warmup: 1 });
      expect(tf.memory().numTensors, `${backend} tensors`).to.equal(tensorsBefore);
      if (!result.available && backend === 'wasm') continue; // as in the test above
      if (!result.available) throw new Error(`${backend} unavailable: ${result.reason}`);
      expect(result).to.include({ backend, available: true, minibatches: 2, minibatch: 64 });
      expect(result.hidden).to.deep.equal([64, 64]);
      expect(result.samplesPerSecond).to.be.greaterThan(0).and.to.be.finite;
      expect(result.msPerMinibatch).to.be.closeTo((64 * 1000) / result.samplesPerSecond, 1e-6);
      expect(result.note).to.be.a('string').and.not.equal('');
    }
  });

  it('throughput task: a backend that cannot start is reported unavailable with the reason', async () => {
    const result = await bench.tfjsPpoThroughput({ backend: 'no-such-backend' as TfjsBackend, minibatches: 2, warmup: 0 });
    expect(result.available).to.equal(false);
    expect(result.available === false && result.reason).to.match(/no-such-backend/);
  });
});
