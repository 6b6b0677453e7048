// CartPole against Gymnasium's CartPole-v1 (trajectories recorded by
// scripts/gym-fixtures.py), its episode rules, and its batch determinism.
import { expect } from '@open-wc/testing';
import { CARTPOLE_INFO, cartpoleEnv, INITIAL_STATE_BOUND, THETA_THRESHOLD, X_THRESHOLD } from '../../src/drills/cartpole/index.js';
import { Winner } from '../../src/sim/env.js';
import { checkBatchMatchesSingles, checkSingleSteps, loadFixture, replayEpisodes } from './reference-replay.js';

describe('cartpole drill', () => {
  it('replays Gymnasium CartPole-v1 step by step: observations, rewards and flags bit-identical', async () => {
    const fixture = await loadFixture('cartpole');
    expect(fixture.max_episode_steps).to.equal(CARTPOLE_INFO.maxEpisodeSteps);
    expect(fixture.episodes.some((e) => e.steps.at(-1)!.truncated), 'the fixture reaches the time limit').to.equal(true);
    // Same formulas in the same order, and Euler steps with only sin/cos from libm: exact.
    replayEpisodes(cartpoleEnv, fixture, 0);
  });

  it('takes every single step from a reference state to exactly the reference next state (float64)', async () => {
    checkSingleSteps(cartpoleEnv, await loadFixture('cartpole'), 0);
  });

  it('ends an episode at |x| > 2.4 or |θ| > 12° (terminal, reward 1 included), or at 500 steps (truncated)', () => {
    const batch = cartpoleEnv.createBatch(1);
    batch.reset(3);
    const push = new Int32Array([1]);
    batch.setState(0, [X_THRESHOLD - 0.001, 1, 0, 0]);
    batch.step(push);
    expect([batch.done[0], batch.truncated[0], batch.reward[0], batch.episodeLength[0], batch.winner[0]]).to.deep.equal([1, 0, 1, 1, Winner.DRAW]);
    batch.setState(0, [0, 0, -THETA_THRESHOLD + 0.001, -1]);
    batch.step(push);
    expect([batch.done[0], batch.truncated[0]]).to.deep.equal([1, 0]);
    expect(batch.finalObs[2]).to.be.below(-THETA_THRESHOLD);

    // Pushing toward where the pole falls survives 500 steps.
    batch.setState(0, [0, 0, 0, 0]);
    for (let t = 0; t < 499; t++) {
      push[0] = batch.state[2]! + 0.5 * batch.state[3]! > 0 ? 1 : 0;
      batch.step(push);
      expect(batch.done[0], `step ${t + 1}`).to.equal(0);
    }
    const episode = batch.episodeId[0];
    push[0] = 1;
    batch.step(push);
    expect([batch.done[0], batch.truncated[0], batch.episodeLength[0], batch.episodeReturn[0], batch.winner[0]]).to.deep.equal([1, 1, 500, 500, Winner.LEFT]);
    expect(batch.episodeId[0]).to.equal(episode + 1);
    expect(batch.episodeStep[0]).to.equal(0);
  });

  it('starts every episode with each state variable uniform in ±0.05', () => {
    const batch = cartpoleEnv.createBatch(2000);
    batch.reset(9);
    const sums = [0, 0, 0, 0];
    for (let e = 0; e < 2000; e++) {
      for (let i = 0; i < 4; i++) {
        const v = batch.state[e * 4 + i]!;
        expect(Math.abs(v)).to.be.below(INITIAL_STATE_BOUND);
        expect(batch.obs[e * 4 + i]).to.equal(Math.fround(v));
        sums[i] += v;
      }
    }
    // Mean of 2000 draws of U(±0.05): standard error 0.00065.
    for (const sum of sums) expect(Math.abs(sum / 2000)).to.be.below(0.003);
  });

  it('a batch of 16 is bit-identical to 16 single envs over 3000 steps and their auto-resets', () => {
    const { episodes } = checkBatchMatchesSingles(cartpoleEnv, 16, 3000);
    expect(episodes).to.be.above(100);
  });

  it('refuses an action outside {0, 1} and a malformed state', () => {
    const batch = cartpoleEnv.createBatch(2);
    batch.reset(1);
    expect(() => batch.step(new Int32Array([0, 2]))).to.throw(RangeError, /action 2 of env 1/);
    expect(() => batch.setState(0, [0, 0, 0])).to.throw(RangeError, /4 floats/);
    expect(() => batch.setState(2, [0, 0, 0, 0])).to.throw(RangeError, /env index 2/);
    expect(() => batch.setState(0, [0, NaN, 0, 0])).to.throw(RangeError, /finite/);
    expect(() => cartpoleEnv.createBaseline('chaser', 2, 1)).to.throw(RangeError, /no baseline named "chaser"/);
  });
});
