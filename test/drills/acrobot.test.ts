// Acrobot against Gymnasium's Acrobot-v1 (trajectories recorded by
// scripts/gym-fixtures.py), its episode rules, and its batch determinism.
import { expect } from '@open-wc/testing';
import { ACROBOT_INFO, acrobotEnv, INITIAL_STATE_BOUND } from '../../src/drills/acrobot/index.js';
import { Winner } from '../../src/sim/env.js';
import { checkBatchMatchesSingles, checkSingleSteps, loadFixture, replayEpisodes } from './reference-replay.js';

describe('acrobot drill', () => {
  it('replays Gymnasium Acrobot-v1 step by step: observations within 1e-6, rewards and flags exact', async () => {
    const fixture = await loadFixture('acrobot');
    expect(fixture.max_episode_steps).to.equal(ACROBOT_INFO.maxEpisodeSteps);
    expect(fixture.episodes.some((e) => e.steps.at(-1)!.truncated), 'the fixture reaches the time limit').to.equal(true);
    expect(fixture.episodes.some((e) => e.steps.at(-1)!.terminated), 'the fixture reaches the goal').to.equal(true);
    // Measured: bit-identical float32 observations over all 500 steps; the
    // tolerance leaves room for a libm whose sin/cos differ in the last bit,
    // which RK4 on a chaotic double pendulum compounds.
    replayEpisodes(acrobotEnv, fixture, 1e-6);
  });

  it('takes every single step from a reference state to the reference next state within 1e-15 (relative: a few float64 ulps)', async () => {
    checkSingleSteps(acrobotEnv, await loadFixture('acrobot'), 1e-15);
  });

  it('ends an episode when the tip rises over the line (terminal, reward 0) or at 500 steps (truncated, reward −1)', () => {
    const batch = acrobotEnv.createBatch(1);
    batch.reset(3);
    const none = new Int32Array([1]);
    // Upright and still: the tip is 2 m over the pivot.
    batch.setState(0, [Math.PI, 0, 0, 0]);
    batch.step(none);
    expect([batch.done[0], batch.truncated[0], batch.reward[0], batch.winner[0], batch.episodeReturn[0]]).to.deep.equal([1, 0, 0, Winner.LEFT, 0]);

    // Hanging still with no torque never reaches it.
    batch.setState(0, [0, 0, 0, 0]);
    for (let t = 0; t < 499; t++) {
      batch.step(none);
      expect([batch.done[0], batch.reward[0]], `step ${t + 1}`).to.deep.equal([0, -1]);
    }
    batch.step(none);
    expect([batch.done[0], batch.truncated[0], batch.reward[0], batch.episodeLength[0], batch.episodeReturn[0], batch.winner[0]]).to.deep.equal([1, 1, -1, 500, -500, Winner.DRAW]);
  });

  it('wraps the angles into [−π, π] and bounds the velocities at 4π and 9π', () => {
    const batch = acrobotEnv.createBatch(1);
    batch.reset(3);
    batch.setState(0, [3, 3, 30, 60]);
    batch.step(new Int32Array([2]));
    const [theta1, theta2, dtheta1, dtheta2] = batch.state;
    expect(Math.abs(theta1!)).to.be.at.most(Math.PI);
    expect(Math.abs(theta2!)).to.be.at.most(Math.PI);
    expect(Math.abs(dtheta1!)).to.be.at.most(4 * Math.PI);
    expect(Math.abs(dtheta2!)).to.be.at.most(9 * Math.PI);
  });

  it('starts every episode with each state variable uniform in ±0.1, rounded to float32', () => {
    const batch = acrobotEnv.createBatch(2000);
    batch.reset(9);
    const sums = [0, 0, 0, 0];
    for (let e = 0; e < 2000; e++) {
      for (let i = 0; i < 4; i++) {
        const v = batch.state[e * 4 + i]!;
        expect(Math.abs(v)).to.be.at.most(INITIAL_STATE_BOUND);
        expect(Math.fround(v)).to.equal(v);
        sums[i] += v;
      }
    }
    for (const sum of sums) expect(Math.abs(sum / 2000)).to.be.below(0.006);
  });

  it('a batch of 8 is bit-identical to 8 single envs over 1200 steps and their auto-resets', () => {
    const { episodes } = checkBatchMatchesSingles(acrobotEnv, 8, 1200);
    expect(episodes).to.be.above(8);
  });

  it('refuses an action outside {0, 1, 2}', () => {
    const batch = acrobotEnv.createBatch(1);
    batch.reset(1);
    expect(() => batch.step(new Int32Array([3]))).to.throw(RangeError, /action 3/);
    expect(() => batch.step(new Int32Array([-1]))).to.throw(RangeError, /action -1/);
  });
});
