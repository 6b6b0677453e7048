import { expect } from '@open-wc/testing';
import { createLane, createWeightsChannel, laneByteLength, type Transport, weightsByteLength } from '../../src/channels/index.js';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../src/contract/hyperparameters.js';
import { PolicyNetwork } from '../../src/nn/policy-network.js';
import { Workspace } from '../../src/nn/workspace.js';
import { PpoBatchBuffer } from '../../src/rl/ppo-batch.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { checkRunSize, RUN_SIZE_LIMIT, runSize } from '../../src/runtime/run-size.js';
import { soccerEnv } from '../../src/sim/index.js';

const layout = (changes: Partial<Hyperparameters> = {}, workers = 2) => runLayout({ ...DEFAULT_HYPERPARAMETERS, ...changes }, soccerEnv.info, workers);
const transports: Transport[] = ['shared-memory', 'transfer'];
const MiB = 2 ** 20;

describe('run size', () => {
  it('counts what the channels, the batch and the workspaces really allocate', async () => {
    const run = layout({ envs: 64, steps: 16, hidden: [32, 16] });
    const spec = { descriptor: run.channel, capacity: run.laneCapacity };
    const lane = createLane(spec, 'shared-memory').producer as { buffer: SharedArrayBuffer };
    expect(laneByteLength(spec, 'shared-memory')).to.equal(lane.buffer.byteLength);
    const weights = createWeightsChannel(run.weights, 'shared-memory', 3).publisher as { buffer: SharedArrayBuffer };
    // With no reader, only the shared buffer; each reader adds its own copies.
    expect(weightsByteLength(run.weights, 'shared-memory', 0)).to.equal(weights.buffer.byteLength);
    expect(weightsByteLength(run.weights, 'shared-memory', 3)).to.be.greaterThan(weights.buffer.byteLength);
    const batch = new PpoBatchBuffer(run.network.obsSize, run.network.actionCount, 1000);
    const arrays = [batch.obs, batch.mask, batch.act, batch.logp, batch.value, batch.advantages, batch.returns];
    expect(PpoBatchBuffer.byteLength(run.network.obsSize, run.network.actionCount, 1000)).to.equal(arrays.reduce((sum, a) => sum + a.byteLength, 0));
    const regions = PolicyNetwork.regions(run.network, { maxRows: 300, training: true });
    expect(Workspace.byteLength(regions)).to.equal((await Workspace.create(regions)).memory.buffer.byteLength);
  });

  it(`the default run fits well within the ${RUN_SIZE_LIMIT / MiB} MiB limit, over either transport`, () => {
    for (const transport of transports) {
      const size = checkRunSize(layout(), transport);
      expect(size.total).to.equal(size.lanes + size.batch + size.weights + size.networks);
      expect(size.total, transport).to.be.below(RUN_SIZE_LIMIT / 8);
      for (const part of ['lanes', 'batch', 'weights', 'networks'] as const) expect(size[part], part).to.be.greaterThan(0);
    }
  });

  it('grows with envs × steps in the lanes and the batch, and with hidden in the weights and networks', () => {
    const base = runSize(layout({ envs: 256, steps: 32 }), 'shared-memory');
    const doubled = runSize(layout({ envs: 512, steps: 32 }), 'shared-memory');
    expect(doubled.lanes / base.lanes).to.be.closeTo(2, 0.01);
    expect(doubled.batch / base.batch).to.be.closeTo(2, 0.01);
    expect(doubled.weights).to.equal(base.weights);
    const wider = runSize(layout({ hidden: [256, 256] }), 'shared-memory');
    expect(wider.weights).to.be.greaterThan(10 * base.weights);
    expect(wider.lanes).to.equal(base.lanes);
  });

  it('refuses the largest experience the ranges allow, naming the size, the limit and envs or steps', () => {
    for (const transport of transports) {
      expect(() => checkRunSize(layout({ envs: 16384, steps: 1024 }), transport)).to.throw(RangeError, /would need \d+\.\d\d GiB of memory \(rollout lanes .*\), more than the 512\.0 MiB a run may use\. Lower envs \(now 8192 per rollout worker × 2\) or steps \(now 1024\)/);
    }
  });

  it('refuses the largest network the ranges allow, naming hidden', () => {
    const hidden = new Array(8).fill(1024);
    expect(() => checkRunSize(layout({ hidden, envs: 64, steps: 16 }), 'shared-memory')).to.throw(RangeError, /Lower hidden \(now 1024,1024,1024,1024,1024,1024,1024,1024\): the network has \d+ parameters/);
  });

  it('takes another limit', () => {
    const size = runSize(layout(), 'transfer').total;
    expect(() => checkRunSize(layout(), 'transfer', size - 1)).to.throw(RangeError, /more than the/);
    expect(checkRunSize(layout(), 'transfer', size).total).to.equal(size);
  });
});
