// Same seed + same actions → bit-identical states; a batch of N envs is
// bit-identical to N single envs reset with their indices; a decision is
// exactly four ticks.
import { expect } from '@open-wc/testing';
import { ChaserPolicy, OBS_SIZE, RandomPolicy, SoccerBatch } from '../../src/sim/index.js';
import { bits, envSlice, snapshot } from './helpers.js';

const AGENTS = 2;

function randomRun(envs: number, seed: number, decisions: number, onStep: (batch: SoccerBatch, step: number) => void): void {
  const batch = new SoccerBatch(envs);
  batch.reset(seed);
  const left = new RandomPolicy(envs, seed, 0);
  const right = new RandomPolicy(envs, seed, 1000);
  const actions = new Int32Array(envs * AGENTS);
  for (let step = 0; step < decisions; step++) {
    left.act(batch, 0, actions);
    right.act(batch, 1, actions);
    batch.step(actions);
    onStep(batch, step);
  }
}

describe('sim determinism', () => {
  it('replays 10,000 ticks bit for bit from the same seed', () => {
    const trace: string[] = [];
    randomRun(4, 11, 2500, (batch) => trace.push(JSON.stringify(snapshot(batch))));
    let step = 0;
    randomRun(4, 11, 2500, (batch, i) => {
      if (JSON.stringify(snapshot(batch)) !== trace[i]) throw new Error(`trajectories diverge at decision ${i}`);
      step = i + 1;
    });
    expect(step).to.equal(2500);
    // 10,000 ticks per env span several episodes, so resets are covered too.
    const episodes: number[] = [];
    randomRun(4, 11, 2500, (batch, i) => { if (i === 2499) episodes.push(...batch.episodeId); });
    expect(Math.max(...episodes)).to.be.greaterThan(1);
  });

  it('gives a different trajectory for a different seed', () => {
    const a: string[] = [];
    const b: string[] = [];
    randomRun(2, 1, 10, (batch) => a.push(bits(batch.world.ballX)));
    randomRun(2, 2, 10, (batch) => b.push(bits(batch.world.ballX)));
    expect(a).not.to.deep.equal(b);
  });

  it('runs a batch of N envs bit-identically to N single envs', () => {
    const envs = 6;
    const seed = 77;
    const decisions = 1200;
    const batch = new SoccerBatch(envs);
    batch.reset(seed, 0);
    const policies = [new RandomPolicy(envs, seed, 0), new RandomPolicy(envs, seed + 1, 0)];
    const singles = Array.from({ length: envs }, (_, i) => {
      const single = new SoccerBatch(1);
      single.reset(seed, i);
      return { single, policies: [new RandomPolicy(1, seed, i), new RandomPolicy(1, seed + 1, i)], actions: new Int32Array(AGENTS) };
    });
    const actions = new Int32Array(envs * AGENTS);
    let ended = 0;
    for (let step = 0; step < decisions; step++) {
      for (let agent = 0; agent < AGENTS; agent++) policies[agent]!.act(batch, agent, actions);
      batch.step(actions);
      singles.forEach(({ single, policies: own, actions: act }, i) => {
        for (let agent = 0; agent < AGENTS; agent++) own[agent]!.act(single, agent, act);
        single.step(act);
        const pairs: [string, string][] = [
          [bits(envSlice(batch.obs, i, AGENTS * OBS_SIZE)), bits(single.obs)],
          [bits(envSlice(batch.mask, i, AGENTS)), bits(single.mask)],
          [bits(envSlice(batch.reward, i, AGENTS)), bits(single.reward)],
          [bits(envSlice(batch.world.playerX, i, AGENTS)), bits(single.world.playerX)],
          [bits(envSlice(batch.world.playerCos, i, AGENTS)), bits(single.world.playerCos)],
          [bits(envSlice(batch.world.ballVY, i, 1)), bits(single.world.ballVY)],
          [`${batch.done[i]} ${batch.truncated[i]} ${batch.episodeId[i]} ${batch.episodeStep[i]}`, `${single.done[0]} ${single.truncated[0]} ${single.episodeId[0]} ${single.episodeStep[0]}`],
        ];
        for (const [fromBatch, fromSingle] of pairs) {
          if (fromBatch !== fromSingle) throw new Error(`env ${i} differs from its single env at decision ${step}`);
        }
        if (single.done[0]) {
          ended++;
          expect(bits(envSlice(batch.finalObs, i, AGENTS * OBS_SIZE))).to.equal(bits(single.finalObs));
          expect(bits(envSlice(batch.episodeReturn, i, AGENTS))).to.equal(bits(single.episodeReturn));
        }
      });
    }
    expect(ended).to.be.greaterThan(0);
  });

  it('makes one step the held ticks up to the next decision boundary', () => {
    const stepped = new SoccerBatch(1);
    const ticked = new SoccerBatch(1);
    stepped.reset(5);
    ticked.reset(5);
    const chaser = new ChaserPolicy(1);
    const random = new RandomPolicy(1, 9);
    const actions = new Int32Array(2);
    let goalsMidDecision = 0;
    for (let step = 0; step < 3000; step++) {
      chaser.act(stepped, 0, actions);
      random.act(stepped, 1, actions);
      stepped.step(actions);
      ticked.hold(actions);
      let ticks = 0;
      do {
        ticked.tick();
        ticks++;
      } while (!ticked.decisionDue(0));
      if (ticks < 4) goalsMidDecision++;
      else expect(ticks).to.equal(4);
      const a = snapshot(stepped);
      const b = snapshot(ticked);
      for (const key of Object.keys(a)) if (a[key] !== b[key]) throw new Error(`${key} differs at decision ${step}`);
    }
    expect(goalsMidDecision).to.be.greaterThan(0);
  });
});
