// The scripted baselines: random respects the mask and is uniform; the chaser beats it.
import { expect } from '@open-wc/testing';
import { ChaserPolicy, NO_DASH_MASK, playMatchup, RandomPolicy, SoccerBatch, soccerEnv } from '../../src/sim/index.js';

describe('sim baselines', () => {
  it('random draws only allowed actions, about uniformly', () => {
    const envs = 2000;
    const batch = new SoccerBatch(envs);
    batch.mask.fill(NO_DASH_MASK);
    const policy = new RandomPolicy(envs, 6);
    const actions = new Int32Array(2 * envs);
    const counts = new Array<number>(30).fill(0);
    for (let round = 0; round < 3; round++) {
      policy.act(batch, 0, actions);
      for (let e = 0; e < envs; e++) counts[actions[2 * e]!]++;
    }
    for (let a = 0; a < 30; a++) {
      if (a % 2 === 1) expect(counts[a], `dash action ${a}`).to.equal(0);
      else expect(counts[a]).to.be.within(300, 500);
    }
    expect(() => soccerEnv.createBaseline('keeper', 1, 0)).to.throw(RangeError);
  });

  it('chaser beats random on a seeded sample, from both sides', () => {
    const result = playMatchup(soccerEnv, 'chaser', 'random', { episodes: 120, seed: 99 });
    expect(result.episodes).to.equal(120);
    expect(result.wins + result.losses + result.draws).to.equal(120);
    expect(result.winRate).to.be.greaterThan(0.75);
    expect(result.winsBySide[0] + result.winsBySide[1]).to.equal(result.wins);
    expect(Math.min(...result.winsBySide), 'wins on the weaker side').to.be.greaterThan(40);
    expect(result.losses).to.be.at.most(6);
    const reverse = playMatchup(soccerEnv, 'random', 'chaser', { episodes: 40, seed: 99 });
    expect(reverse.winRate).to.be.lessThan(0.1);
  });

  it('chaser dashes, and only when the mask allows it', () => {
    const envs = 16;
    const batch = new SoccerBatch(envs);
    batch.reset(12);
    const chaser = new ChaserPolicy(envs);
    const actions = new Int32Array(2 * envs);
    let dashes = 0;
    for (let step = 0; step < 300; step++) {
      chaser.act(batch, 0, actions);
      chaser.act(batch, 1, actions);
      for (let k = 0; k < 2 * envs; k++) {
        if (actions[k]! % 2 === 0) continue;
        dashes++;
        expect((batch.mask[k]! >>> actions[k]!) & 1, 'dash chosen while masked').to.equal(1);
      }
      batch.step(actions);
    }
    expect(dashes).to.be.greaterThan(10);
  });
});
