// Data-parallel gradients, with the helpers' shards computed in this thread
// (no workers): the same update as one thread within float reordering,
// bit-exact between runs of one thread count, a lost helper's shard taken
// over with the same result, and the shared layout's header checked.
import { expect } from '@open-wc/testing';
import { LayoutMismatchError } from '../../src/channels/channel-descriptor.js';
import type { NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import { CpuPpoLearner } from '../../src/rl/ppo-learner.js';
import { GradientShard, GradientTeamBuffer, type GradientTeamShape, type HelperWait, ParallelGradients } from '../../src/rl/parallel-gradients.js';
import { syntheticBatch } from '../helpers/synthetic-batch.js';

const NET: NetworkDescriptor = { obsSize: 12, hidden: [32, 32], activation: 'tanh', actionCount: 30 };
const HYPER = { minibatch: 256, epochs: 2, targetKl: 0 };
/** Float sums in another order: parameters after 3 updates agree this closely (measured: ~1e-7). */
const TOLERANCE = 1e-5;

const bits = (params: Float32Array): number[] => Array.from(new Uint32Array(params.buffer, params.byteOffset, params.length));
/** Never blocks: this test runs on the page's main thread, where Atomics.wait is refused; the helpers here finish before the trainer looks. */
const look: HelperWait = (control, index, generation) => Atomics.load(control, index) === generation;

interface Team {
  learner: CpuPpoLearner;
  lost: string[];
}

/** A learner whose team's helpers (threads 1 … S−1) run in this thread right after each job is posted; `dead` ones never do. */
async function teamLearner(threads: number, rowsPerPass = 512, dead: number[] = []): Promise<Team> {
  const shape: GradientTeamShape = { network: NET, threads, rowsPerPass };
  const helpers = await Promise.all(Array.from({ length: threads - 1 }, () => GradientShard.create(NET, rowsPerPass)));
  const lost: string[] = [];
  const parallel = await ParallelGradients.create({
    buffer: GradientTeamBuffer.create(shape),
    shape,
    wait: look,
    helperTimeoutMs: 0,
    afterPost: (team) => {
      helpers.forEach((helper, i) => {
        const thread = i + 1;
        if (dead.includes(thread)) return;
        helper.run(team, team.slices[thread]!);
        Atomics.store(team.control, GradientTeamBuffer.doneIndex(thread), team.generation);
      });
    },
    onHelperLost: (_thread, message) => lost.push(message),
  });
  return { learner: await CpuPpoLearner.create({ network: NET, seed: 5, hyper: HYPER, parallel }), lost };
}

async function train(learner: CpuPpoLearner, updates = 3): Promise<void> {
  for (let k = 0; k < updates; k++) await learner.update(syntheticBatch(1000, 40 + k, NET));
}

describe('parallel gradients', () => {
  it('2 threads give the 1-thread update within float reordering, and the same loss statistics', async () => {
    const one = await CpuPpoLearner.create({ network: NET, seed: 5, hyper: HYPER });
    const { learner: two } = await teamLearner(2);
    expect(two.threads).to.equal(2);
    const batch = syntheticBatch(1000, 40, NET);
    const a = await one.update(batch);
    const b = await two.update(batch);
    expect(b.minibatches).to.equal(a.minibatches);
    expect(b.sampleGradients).to.equal(a.sampleGradients);
    expect(b.policyLoss).to.be.closeTo(a.policyLoss, 1e-6);
    expect(b.valueLoss).to.be.closeTo(a.valueLoss, 1e-6);
    await train(one, 2);
    await train(two, 2);
    let worst = 0;
    for (let i = 0; i < one.params.length; i++) worst = Math.max(worst, Math.abs(one.params[i]! - two.params[i]!));
    console.log(`parallel gradients: 2 vs 1 thread, max |Δparam| after 3 updates = ${worst.toExponential(2)}`);
    expect(worst).to.be.below(TOLERANCE);
  });

  it('two 2-thread runs are bit-exact, and so are 3-thread runs with several rounds per minibatch', async () => {
    const [a, b] = await Promise.all([teamLearner(2), teamLearner(2)]);
    await train(a.learner);
    await train(b.learner);
    expect(bits(a.learner.params)).to.deep.equal(bits(b.learner.params));
    // minibatch 256 over 3 threads of 32 rows: 3 rounds per minibatch.
    const [c, d] = await Promise.all([teamLearner(3, 32), teamLearner(3, 32)]);
    await train(c.learner);
    await train(d.learner);
    expect(bits(c.learner.params)).to.deep.equal(bits(d.learner.params));
    let worst = 0;
    for (let i = 0; i < a.learner.params.length; i++) worst = Math.max(worst, Math.abs(a.learner.params[i]! - c.learner.params[i]!));
    expect(worst).to.be.below(TOLERANCE);
  });

  it('a helper that never answers is retired once, reported, and its shard computed by the trainer: the same parameters bit for bit', async () => {
    const healthy = await teamLearner(3);
    const hurt = await teamLearner(3, 512, [2]);
    await train(healthy.learner);
    await train(hurt.learner);
    expect(bits(hurt.learner.params)).to.deep.equal(bits(healthy.learner.params));
    expect(hurt.lost).to.have.length(1);
    expect(hurt.lost[0]).to.match(/trainer thread 2 did not finish its shard .*\(2 of 3 threads/);
    expect(hurt.learner.threads).to.equal(2);
    expect(healthy.lost).to.deep.equal([]);
  });

  it('refuses a buffer of another layout with a LayoutMismatchError', () => {
    const shape: GradientTeamShape = { network: NET, threads: 2, rowsPerPass: 64 };
    const buffer = GradientTeamBuffer.create(shape);
    expect(() => new GradientTeamBuffer(buffer, { ...shape, threads: 3 })).to.throw(LayoutMismatchError, /threads 2 in the buffer, expected 3|needs/);
    expect(() => new GradientTeamBuffer(buffer, { ...shape, network: { ...NET, hidden: [16] } })).to.throw(LayoutMismatchError);
    new Int32Array(buffer)[0] = 0x41424344;
    expect(() => new GradientTeamBuffer(buffer, shape)).to.throw(LayoutMismatchError, /magic 'DCBA', expected 'DRGR'/);
    expect(() => GradientTeamBuffer.create({ ...shape, threads: 0 })).to.throw(RangeError, /threads must be/);
    expect(() => GradientTeamBuffer.create({ ...shape, threads: 17 })).to.throw(RangeError, /threads must be/);
  });

  it('refuses a team made for another network', async () => {
    const shape: GradientTeamShape = { network: { ...NET, hidden: [16] }, threads: 2, rowsPerPass: 64 };
    const parallel = await ParallelGradients.create({ buffer: GradientTeamBuffer.create(shape), shape });
    let error: unknown = null;
    await CpuPpoLearner.create({ network: NET, seed: 1, parallel }).catch((e: unknown) => { error = e; });
    expect(String(error)).to.match(/gradient team was made for \d+ parameters/);
  });
});
