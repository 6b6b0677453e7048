// Episode ends: a goal is terminal (±1, Φ = 0), the time limit truncates;
// auto-reset keeps the last step's reward and flags, records the episode,
// keeps the final observation, and writes the new episode's observation.
import { expect } from '@open-wc/testing';
import {
  ChaserPolicy,
  MAX_EPISODE_STEPS,
  Obs,
  OBS_SIZE,
  PITCH_HALF_LENGTH,
  RandomPolicy,
  SoccerBatch,
  Winner,
} from '../../src/sim/index.js';

const STOP = Int32Array.of(0, 0);

describe('sim episodes', () => {
  it('ends at a goal with ±1, keeps the final observation and starts the next episode', () => {
    const gamma = 0.95;
    const batch = new SoccerBatch(1, { gamma });
    batch.reset(3);
    const w = batch.world;
    const returns = [0, 0];
    for (let i = 0; i < 5; i++) {
      batch.step(STOP);
      returns[0] += batch.reward[0]!;
      returns[1] += batch.reward[1]!;
    }
    // Roll the ball into the right goal: the left player scores.
    w.ballX[0] = PITCH_HALF_LENGTH - 0.5;
    w.ballY[0] = 0.3;
    w.ballVX[0] = 9;
    w.ballVY[0] = 0;
    batch.refresh(0);
    let before = [0, 0];
    let steps = 5;
    do {
      before = [batch.potential[0]!, batch.potential[1]!];
      batch.step(STOP);
      steps++;
      returns[0] += batch.reward[0]!;
      returns[1] += batch.reward[1]!;
    } while (!batch.done[0]);
    expect(steps).to.be.lessThan(10);
    expect(batch.truncated[0]).to.equal(0);
    expect(batch.winner[0]).to.equal(Winner.LEFT);
    expect(batch.episodeLength[0]).to.equal(steps);
    // The terminal step's reward is ±1 − Φ(s): the terminal state's potential counts as 0.
    expect(batch.reward[0]).to.be.closeTo(1 - before[0]!, 1e-6);
    expect(batch.reward[1]).to.be.closeTo(-1 - before[1]!, 1e-6);
    expect(before[1]).to.be.lessThan(-0.1);
    expect(batch.episodeReturn[0]).to.be.closeTo(returns[0]!, 1e-5);
    expect(batch.episodeReturn[1]).to.be.closeTo(returns[1]!, 1e-5);
    // finalObs shows the ball over the line; obs is the new kickoff.
    expect(batch.finalObs[Obs.BALL_X]! * 8).to.be.greaterThan(PITCH_HALF_LENGTH);
    expect(batch.finalObs[OBS_SIZE + Obs.BALL_X]! * 8).to.be.lessThan(-PITCH_HALF_LENGTH);
    expect(Math.abs(batch.obs[Obs.BALL_X]!)).to.be.at.most(1 / 8);
    expect(batch.obs[Obs.TIME_LEFT]).to.equal(1);
    expect(batch.finalObs[Obs.TIME_LEFT]).to.be.lessThan(1);
    expect(batch.episodeId[0]).to.equal(1);
    expect(batch.episodeStep[0]).to.equal(0);
    expect(w.episodeTick[0]).to.equal(0);
    // The next step starts clean: shaping only, nothing of the goal's ±1.
    const phi = batch.potential[0]!;
    batch.step(STOP);
    expect(batch.done[0]).to.equal(0);
    expect(batch.reward[0]).to.be.closeTo(gamma * batch.potential[0]! - phi, 1e-6);
  });

  it('truncates at the time limit, shaping with the real final state', () => {
    const gamma = 0.9;
    const batch = new SoccerBatch(2, { gamma });
    batch.reset(12);
    const actions = new Int32Array(4);
    let last = [0, 0];
    for (let step = 1; step <= MAX_EPISODE_STEPS; step++) {
      last = [batch.potential[0]!, batch.potential[1]!];
      batch.step(actions);
      if (step < MAX_EPISODE_STEPS) {
        if (batch.done[0] || batch.done[1]) throw new Error(`episode ended early at step ${step}`);
      }
    }
    expect([...batch.done]).to.deep.equal([1, 1]);
    expect([...batch.truncated]).to.deep.equal([1, 1]);
    expect([...batch.winner]).to.deep.equal([Winner.DRAW, Winner.DRAW]);
    expect([...batch.episodeLength]).to.deep.equal([MAX_EPISODE_STEPS, MAX_EPISODE_STEPS]);
    expect(batch.finalObs[Obs.TIME_LEFT]).to.equal(0);
    expect(batch.finalMask[0]).to.equal(batch.mask[0]);
    // Everything is at rest by now, so Φ(s_final) = Φ(s) and the reward is (γ − 1)Φ, not the terminal −Φ.
    expect(Math.abs(gamma * last[0]!)).to.be.greaterThan(1e-4);
    expect(batch.reward[0]).to.be.closeTo((gamma - 1) * last[0]!, 1e-6);
    expect(batch.reward[1]).to.be.closeTo((gamma - 1) * last[1]!, 1e-6);
  });

  it('shapes potential-based: discounted shaping over an episode telescopes to −Φ(s0)', () => {
    const envs = 48;
    const batch = new SoccerBatch(envs);
    batch.reset(30);
    const gamma = 0.97;
    batch.setGamma(gamma);
    const chaser = new ChaserPolicy(envs);
    const random = new RandomPolicy(envs, 30);
    const actions = new Int32Array(2 * envs);
    const start = Float64Array.from(batch.potential);
    const discounted = new Float64Array(2 * envs);
    const discount = new Float64Array(envs).fill(1);
    let checked = 0;
    for (let step = 0; step < MAX_EPISODE_STEPS && checked < envs; step++) {
      chaser.act(batch, 0, actions);
      random.act(batch, 1, actions);
      batch.step(actions);
      for (let e = 0; e < envs; e++) {
        if (discount[e] === 0) continue;
        for (const agent of [0, 1]) discounted[2 * e + agent] += discount[e]! * batch.reward[2 * e + agent]!;
        if (!batch.done[e]) {
          discount[e] *= gamma;
          continue;
        }
        if (!batch.truncated[e]) {
          // Σ γ^t r_t = γ^(T−1)·(±1) + Σ γ^t (γΦ(s_t+1) − Φ(s_t)) = γ^(T−1)·(±1) − Φ(s0).
          for (const agent of [0, 1]) {
            const terminal = batch.winner[e] === agent ? 1 : -1;
            expect(discounted[2 * e + agent]).to.be.closeTo(discount[e]! * terminal - start[2 * e + agent]!, 1e-5);
          }
          checked++;
        }
        discount[e] = 0;
      }
    }
    expect(checked).to.be.greaterThan(envs / 2);
  });

  it('sums undiscounted shaping to −Φ(s0) when γ = 1, and scales with the shaping scale', () => {
    const run = (shapingScale: number): { phi0: number; total: number; winner: number } => {
      const batch = new SoccerBatch(1, { gamma: 1, shapingScale });
      batch.reset(41);
      const chaser = new ChaserPolicy(1);
      const actions = new Int32Array(2);
      const phi0 = batch.potential[0]!;
      do {
        chaser.act(batch, 0, actions);
        batch.step(actions);
      } while (!batch.done[0]);
      return { phi0, total: batch.episodeReturn[0]!, winner: batch.winner[0]! };
    };
    const shaped = run(0.2);
    const plain = run(0);
    expect(shaped.winner).to.equal(Winner.LEFT);
    expect(shaped.total).to.be.closeTo(1 - shaped.phi0, 1e-6);
    expect(plain.total).to.equal(1);
    expect(plain.phi0).to.equal(0);
    expect(shaped.phi0).to.not.equal(0);
  });
});
