// The training pipeline without workers: a rollout loop and the trainer loop
// in one page, connected by a real lane and weights channel.
import { expect } from '@open-wc/testing';
import type { Transport } from '../../src/channels/index.js';
import type { Hyperparameters } from '../../src/contract/hyperparameters.js';
import { trainPipeline } from '../helpers/training-pipeline.js';

const train = (transport: Transport, updates: number, hyper: Partial<Hyperparameters> = {}) => trainPipeline(updates, { transport, hyper });

describe('training pipeline (rollout loop → lane → trainer loop → weights)', () => {
  it('runs K updates in lockstep, publishing a version per update, with telemetry', async function () {
    this.timeout(60_000);
    const run = await train('shared-memory', 3);
    expect(run.errors).to.deep.equal([]);
    expect(run.trainer.policyVersion).to.equal(4);
    expect(run.stopped).to.equal('update-limit');
    const last = run.telemetry.at(-1)!;
    expect(last.updates).to.equal(3);
    expect(last.envSteps).to.equal(3 * 32 * 16);
    expect(last.training).to.equal(false);
    for (const key of ['lossPolicy', 'lossValue', 'entropy', 'approxKl', 'clipFraction'] as const) expect(Number.isFinite(last[key]), key).to.equal(true);
    expect(last.policyLag).to.equal(0);
    expect(Array.from(run.params).every(Number.isFinite)).to.equal(true);
  });

  it('deterministic mode: the same seed gives the same weights after K updates, over either transport', async function () {
    this.timeout(60_000);
    const a = await train('shared-memory', 3);
    const b = await train('transfer', 3);
    const c = await train('shared-memory', 3, { seed: 2 });
    expect(Array.from(a.params)).to.deep.equal(Array.from(b.params));
    expect(Array.from(a.params)).not.to.deep.equal(Array.from(c.params));
  });
});
