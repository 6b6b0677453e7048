// The rollout collector on one-agent drills: the learner alone in every env
// (no opponent groups, no baselines), its rows are the env's own, episode
// records say success or not, time limits bootstrap from the final state.
import { expect } from '@open-wc/testing';
import { chunkLayout, ChunkView, EpisodeRecord, OpponentCode } from '../../src/channels/rollout-chunk.js';
import { acrobotEnv } from '../../src/drills/acrobot/index.js';
import { cartpoleEnv } from '../../src/drills/cartpole/index.js';
import { type NetworkDescriptor, paramCount } from '../../src/nn/network-descriptor.js';
import { RolloutCollector } from '../../src/rl/rollout-collector.js';
import type { EnvDefinition } from '../../src/sim/env.js';

function chunkFor(env: EnvDefinition, network: NetworkDescriptor, envs: number, steps: number): ChunkView {
  const layout = chunkLayout({ obsSize: env.info.obsSize, actionCount: env.info.actionCount, steps, envs, episodeRecords: envs * steps, paramCount: paramCount(network) });
  const chunk = new ChunkView(layout, new ArrayBuffer(layout.byteLength));
  chunk.begin(0, 0);
  return chunk;
}

describe('rollout collector, one-agent drills', () => {
  it('cartpole: records every env\'s own transitions, with the same trajectory as the env stepped alone', async () => {
    const network: NetworkDescriptor = { obsSize: 4, hidden: [16], activation: 'tanh', actionCount: 2, trunk: 'separate' };
    const envs = 4;
    const steps = 64;
    const collector = await RolloutCollector.create({ env: cartpoleEnv, network, envs, seed: 3, producerId: 1, gamma: 0.99 });
    expect(collector.groups).to.deep.equal([]);
    const chunk = chunkFor(cartpoleEnv, network, envs, steps);
    collector.collect(chunk, 1, () => { throw new Error('a one-agent drill has no pool'); });

    // Replaying the chunk's actions in a batch reset like the collector's (producer 1 owns envs 4…7) gives its observations.
    const replay = cartpoleEnv.createBatch(envs);
    replay.reset(3, envs);
    let episodes = 0;
    for (let t = 0; t < steps; t++) {
      const cells = chunk.obs.subarray(t * envs * 4, (t + 1) * envs * 4);
      expect(Array.from(cells), `obs at step ${t}`).to.deep.equal(Array.from(replay.obs));
      replay.step(chunk.act.subarray(t * envs, (t + 1) * envs));
      for (let e = 0; e < envs; e++) {
        const cell = t * envs + e;
        expect(chunk.rew[cell]).to.equal(1);
        expect(chunk.done[cell]).to.equal(replay.done[e]);
        expect(chunk.truncated[cell]).to.equal(0);
        expect(Number.isFinite(chunk.value[cell]) && Number.isFinite(chunk.logp[cell])).to.equal(true);
        if (replay.done[e]) episodes++;
      }
    }
    expect(episodes, 'a fresh policy drops the pole within 64 steps').to.be.above(0);
    expect(chunk.episodeCount).to.equal(episodes);
    for (let i = 0; i < chunk.episodeCount; i++) {
      const base = i * EpisodeRecord.WORDS;
      expect(chunk.episodes[base + EpisodeRecord.OPPONENT]).to.equal(OpponentCode.NONE);
      expect(chunk.episodes[base + EpisodeRecord.SIDE]).to.equal(0);
      // Dropped before the 500-step limit: not a success; the return is the length (+1 per step).
      expect(chunk.episodes[base + EpisodeRecord.OUTCOME]).to.equal(0);
      expect(chunk.episodesF32[base + EpisodeRecord.RETURN_F32]).to.equal(chunk.episodes[base + EpisodeRecord.LENGTH]);
    }
    expect(Array.from(chunk.bootstrapValue).every(Number.isFinite)).to.equal(true);
    expect(collector.steps).to.equal(envs * steps);
  });

  it('acrobot: a time-limit end is truncated and stores V(s_final); a success has outcome 1', async () => {
    const network: NetworkDescriptor = { obsSize: 6, hidden: [8], activation: 'tanh', actionCount: 3 };
    const envs = 2;
    const collector = await RolloutCollector.create({ env: acrobotEnv, network, envs, seed: 1, producerId: 0, gamma: 0.99 });
    // A random policy on Acrobot nearly always reaches the 500-step limit.
    const chunk = chunkFor(acrobotEnv, network, envs, 256);
    const noPool = (): Float32Array => { throw new Error('no pool'); };
    collector.collect(chunk, 1, noPool);
    collector.collect(chunk, 2, noPool);
    let truncations = 0;
    for (let cell = 0; cell < 256 * envs; cell++) {
      if (chunk.truncated[cell]) {
        truncations++;
        expect(chunk.done[cell]).to.equal(1);
        expect(chunk.finalValue[cell]).not.to.equal(0);
      } else {
        expect(chunk.finalValue[cell]).to.equal(0);
      }
      expect(chunk.rew[cell]).to.be.oneOf([-1, 0]);
    }
    expect(truncations).to.be.above(0);
    for (let i = 0; i < chunk.episodeCount; i++) {
      const base = i * EpisodeRecord.WORDS;
      const length = chunk.episodes[base + EpisodeRecord.LENGTH]!;
      const success = chunk.episodes[base + EpisodeRecord.OUTCOME]!;
      expect(success).to.equal(length < 500 ? 1 : 0);
    }
  });

  it('refuses a drill with neither one nor two agents', async () => {
    const threeAgents = { ...cartpoleEnv, info: { ...cartpoleEnv.info, agents: 3 } };
    let error: unknown;
    try {
      await RolloutCollector.create({ env: threeAgents, network: { obsSize: 4, hidden: [4], activation: 'tanh', actionCount: 2 }, envs: 2, seed: 1, producerId: 0, gamma: 0.99 });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/1 or 2 agents, 'cartpole' has 3/);
  });
});
