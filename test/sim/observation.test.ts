// Observations: mirrored exactly, so one policy plays either side; ego-centric; bounded.
import { expect } from '@open-wc/testing';
import { Obs, OBS_SIZE, RandomPolicy, SoccerBatch } from '../../src/sim/index.js';
import { bits } from './helpers.js';

/** Writes into `to` the world `from` mirrored in x, with the players' roles swapped. */
function mirrorInto(from: SoccerBatch, to: SoccerBatch): void {
  const a = from.world;
  const b = to.world;
  for (let e = 0; e < from.size; e++) {
    b.ballX[e] = -a.ballX[e]!;
    b.ballY[e] = a.ballY[e]!;
    b.ballVX[e] = -a.ballVX[e]!;
    b.ballVY[e] = a.ballVY[e]!;
    b.episodeTick[e] = a.episodeTick[e]!;
    for (let p = 0; p < 2; p++) {
      const i = 2 * e + p;
      const j = 2 * e + 1 - p;
      b.playerX[i] = -a.playerX[j]!;
      b.playerY[i] = a.playerY[j]!;
      b.playerVX[i] = -a.playerVX[j]!;
      b.playerVY[i] = a.playerVY[j]!;
      // Headings and spins live in each player's own attacking frame, which mirroring maps onto the other's.
      b.playerCos[i] = a.playerCos[j]!;
      b.playerSin[i] = a.playerSin[j]!;
      b.playerSpin[i] = a.playerSpin[j]!;
      b.dashCooldown[i] = a.dashCooldown[j]!;
    }
    to.refresh(e);
  }
}

const agentObs = (batch: SoccerBatch, e: number, agent: number): Float32Array => batch.obs.subarray((2 * e + agent) * OBS_SIZE, (2 * e + agent + 1) * OBS_SIZE);

describe('sim observations', () => {
  it('swap exactly between the agents when the world is mirrored', () => {
    const envs = 16;
    const world = new SoccerBatch(envs);
    const mirrored = new SoccerBatch(envs);
    world.reset(4);
    const policy = new RandomPolicy(envs, 4);
    const actions = new Int32Array(2 * envs);
    let compared = 0;
    for (let step = 0; step < 400; step++) {
      policy.act(world, 0, actions);
      policy.act(world, 1, actions);
      world.step(actions);
      if (step % 20 !== 19) continue;
      mirrorInto(world, mirrored);
      for (let e = 0; e < envs; e++) {
        for (const agent of [0, 1]) {
          expect(bits(agentObs(mirrored, e, agent))).to.equal(bits(agentObs(world, e, 1 - agent)));
          expect(mirrored.mask[2 * e + agent]).to.equal(world.mask[2 * e + 1 - agent]);
          expect(mirrored.potential[2 * e + agent]).to.equal(world.potential[2 * e + 1 - agent]);
        }
        // Not trivially so: the two agents of one world see different things.
        expect(bits(agentObs(world, e, 0))).not.to.equal(bits(agentObs(world, e, 1)));
        compared++;
      }
    }
    expect(compared).to.equal(envs * 20);
  });

  it('put a ball dead ahead straight in front, for either side', () => {
    const batch = new SoccerBatch(1);
    const w = batch.world;
    // Both players face their target goal (own-frame angle 0), the ball 2 m in front of the right one.
    for (const i of [0, 1]) {
      w.playerCos[i] = 1;
      w.playerSin[i] = 0;
    }
    w.playerX[0] = -5;
    w.playerY[0] = 1;
    w.playerX[1] = 3;
    w.playerY[1] = -1;
    w.ballX[0] = 1;
    w.ballY[0] = -1;
    batch.refresh(0);
    const right = agentObs(batch, 0, 1);
    expect(right[Obs.BALL_FORWARD]).to.be.closeTo(2 / 8, 1e-7);
    expect(right[Obs.BALL_LEFT]).to.equal(0);
    expect(right[Obs.TARGET_GOAL_FORWARD]).to.be.closeTo((8 + 3) / 8, 1e-7);
    expect(right[Obs.POSITION_X]).to.be.closeTo(-3 / 8, 1e-7);
    expect(right[Obs.HEADING_COS]).to.equal(1);
    const left = agentObs(batch, 0, 0);
    expect(left[Obs.BALL_FORWARD]).to.be.closeTo(6 / 8, 1e-7);
    expect(left[Obs.BALL_LEFT]).to.be.closeTo(-2 / 8, 1e-7);
    expect(left[Obs.OPPONENT_HEADING_COS]).to.equal(-1);
    expect(left[Obs.TIME_LEFT]).to.equal(1);
  });

  it('stay finite and within fixed bounds', () => {
    const envs = 32;
    const batch = new SoccerBatch(envs);
    batch.reset(8);
    const policy = new RandomPolicy(envs, 8);
    const actions = new Int32Array(2 * envs);
    expect(batch.obs.length).to.equal(envs * 2 * batch.info.obsSize);
    let largest = 0;
    for (let step = 0; step < 1000; step++) {
      policy.act(batch, 0, actions);
      policy.act(batch, 1, actions);
      batch.step(actions);
      for (const value of batch.obs) {
        if (!Number.isFinite(value)) throw new Error('non-finite observation');
        largest = Math.max(largest, Math.abs(value));
      }
    }
    expect(largest).to.be.lessThan(4);
    expect(largest).to.be.greaterThan(0.5);
  });
});
