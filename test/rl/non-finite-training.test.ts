// The non-finite policy (src/rl/non-finite-guard.ts) driven through the real
// trainer loop, lanes and weights channel: a learner whose next n updates
// blow up, then train normally (faulty-learner.ts), and a model of huge weights.
import { expect } from '@open-wc/testing';
import { DEFAULT_HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';
import { PolicyNetwork } from '../../src/nn/policy-network.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { soccerEnv } from '../../src/sim/index.js';
import { HALVE_LR_AFTER, STOP_AFTER } from '../../src/rl/non-finite-guard.js';
import { FaultyLearner } from '../helpers/faulty-learner.js';
import { PIPELINE_HYPER, type PipelineRun, trainPipeline } from '../helpers/training-pipeline.js';

const LR = DEFAULT_HYPERPARAMETERS.lr;

/** `bad` poisoned updates after `after` good ones; training stops by itself after `good` kept updates (or at M). */
async function faulty(bad: number, good: number, after = 0, transport: 'shared-memory' | 'transfer' = 'shared-memory'): Promise<PipelineRun & { faulty: FaultyLearner }> {
  let wrapped: FaultyLearner | null = null;
  const run = await trainPipeline(good, { transport, learner: (cpu) => (wrapped = new FaultyLearner(cpu).poison(bad, after)) });
  return { ...run, faulty: wrapped! };
}

/** Every poisoned update started from the weights the first one started from: each discard restored them. */
function expectRestored(learner: FaultyLearner): void {
  const first = Array.from(learner.before[0]!);
  expect(first.every(Number.isFinite)).to.equal(true);
  learner.before.forEach((before, i) => expect(Array.from(before), `weights before bad update ${i + 1}`).to.deep.equal(first));
}

describe('non-finite updates in training', () => {
  it(`fewer than K = ${HALVE_LR_AFTER} in a row: each discarded, the weights kept, the learning rate left alone`, async function () {
    this.timeout(60_000);
    const run = await faulty(HALVE_LR_AFTER - 1, 2);
    expect(run.faulty.faults).to.equal(HALVE_LR_AFTER - 1);
    expectRestored(run.faulty);
    expect(run.errors.map((e) => [e.code, e.recovered])).to.deep.equal(new Array(HALVE_LR_AFTER - 1).fill(['nan-in-training', true]));
    expect(run.errors[0]!.message).to.match(/non-finite weight.*discarded/);
    expect(run.lrChanges).to.deep.equal([]);
    expect(run.learner.hyper.lr).to.equal(LR);
    expect(run.telemetry.at(-1)!.lr).to.equal(LR);
    // Training went on past them: two kept updates, finite and different from the restored weights.
    expect(run.stopped).to.equal('update-limit');
    expect(run.telemetry.at(-1)!.updates).to.equal(2);
    expect(run.params.every(Number.isFinite)).to.equal(true);
    expect(Array.from(run.params)).not.to.deep.equal(Array.from(run.faulty.before[0]!));
  });

  it(`K ≤ n < M = ${STOP_AFTER}: the learning rate is halved once per K, visibly, and training recovers`, async function () {
    this.timeout(90_000);
    for (const bad of [HALVE_LR_AFTER, 2 * HALVE_LR_AFTER].filter((n) => n < STOP_AFTER)) {
      const run = await faulty(bad, 2);
      const halvings = Math.floor(bad / HALVE_LR_AFTER);
      const expected = Array.from({ length: halvings }, (_, i) => LR / 2 ** (i + 1));
      expectRestored(run.faulty);
      expect(run.lrChanges, `${bad} bad updates`).to.deep.equal(expected);
      expect(run.learner.hyper.lr).to.equal(expected.at(-1));
      expect(run.telemetry.at(-1)!.lr).to.equal(expected.at(-1));
      expect(run.errors).to.have.length(bad);
      expect(run.errors.every((e) => e.code === 'nan-in-training' && e.recovered)).to.equal(true);
      expect(run.errors[HALVE_LR_AFTER - 1]!.message).to.contain(`learning rate went from ${LR} to ${LR / 2}`);
      expect(run.stopped).to.equal('update-limit');
      expect(run.telemetry.at(-1)!.updates).to.equal(2);
      expect(run.params.every(Number.isFinite)).to.equal(true);
    }
  });

  it(`n ≥ M: training stops with a clear message and the last good weights stay published (transfer transport)`, async function () {
    this.timeout(60_000);
    const run = await faulty(STOP_AFTER + 5, 100, 1, 'transfer');
    expect(run.stopped).to.equal('non-finite');
    expect(run.trainer.training).to.equal(false);
    expect(run.faulty.faults).to.equal(STOP_AFTER);
    expectRestored(run.faulty);
    expect(run.errors).to.have.length(STOP_AFTER);
    const last = run.errors.at(-1)!;
    expect(last.code).to.equal('nan-in-training');
    expect(last.recovered).to.equal(true);
    expect(last.message).to.match(new RegExp(`Training stopped after ${STOP_AFTER} non-finite updates in a row`));
    // The weights of the one good update, bit for bit.
    expect(Array.from(run.params)).to.deep.equal(Array.from(run.faulty.before[0]!));
    expect(run.telemetry.at(-1)!.training).to.equal(false);
    expect(run.telemetry.at(-1)!.updates).to.equal(1);
  });

  /** ±size in a fixed pattern: finite weights of the given magnitude. */
  const huge = (size: number) => (n: number) => Float32Array.from({ length: n }, (_, i) => (Math.sin(i + 1) > 0 ? size : -size));

  /** Whether the network's forward pass with these weights gives a non-finite logit or value (observations all 1). */
  async function forwardNonFinite(params: Float32Array): Promise<boolean> {
    const network = await PolicyNetwork.create(runLayout({ ...DEFAULT_HYPERPARAMETERS, ...PIPELINE_HYPER }, soccerEnv.info, 1).network, { maxRows: 1 });
    network.params.set(params);
    network.input.fill(1);
    network.forward(1);
    return !network.output.subarray(0, network.outputStride).every(Number.isFinite);
  }

  for (const [size, forward] of [[1e30, 'finite'], [3e38, 'non-finite']] as const) {
    it(`a loaded model of huge finite weights (±${size}, forward pass ${forward}): every update is discarded, the loaded weights stay, training stops at M with a clear message`, async function () {
      this.timeout(60_000);
      const run = await trainPipeline(3, { load: huge(size) });
      const loaded = huge(size)(run.params.length);
      expect(await forwardNonFinite(loaded)).to.equal(forward === 'non-finite');
      expect(run.stopped).to.equal('non-finite');
      expect(run.errors).to.have.length(STOP_AFTER);
      expect(run.errors.every((e) => e.code === 'nan-in-training' && e.recovered)).to.equal(true);
      expect(run.errors[0]!.message).to.match(/non-finite (gradient in every step.*too large|loss)/);
      expect(run.errors.at(-1)!.message).to.match(/Training stopped.*reset training/);
      expect(Array.from(run.params)).to.deep.equal(Array.from(loaded));
      expect(Array.from(run.learner.params)).to.deep.equal(Array.from(loaded));
      expect(run.telemetry.at(-1)!.updates).to.equal(0);
      expect(run.errors.filter((e) => e.source === 'rollout')).to.deep.equal([]);
    });
  }
});
