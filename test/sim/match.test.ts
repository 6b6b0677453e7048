// The show's API: one env a tick at a time on the training code path, a
// running score, render state and sandbox edits.
import { expect } from '@open-wc/testing';
import {
  ChaserPolicy,
  createRenderState,
  encodeAction,
  MatchEvent,
  Move,
  OBS_SIZE,
  PITCH_HALF_LENGTH,
  PITCH_HALF_WIDTH,
  BALL_RADIUS,
  RandomPolicy,
  SoccerBatch,
  SoccerMatch,
  TIME_LIMIT_TICKS,
  Turn,
} from '../../src/sim/index.js';
import { bits } from './helpers.js';

describe('sim show match', () => {
  it('plays the training code path: AI decisions every 4 ticks equal batch steps', () => {
    const match = new SoccerMatch(17);
    const batch = new SoccerBatch(1);
    batch.reset(17, 0);
    const chaser = new ChaserPolicy(1);
    const random = new RandomPolicy(1, 2);
    const actions = new Int32Array(2);
    let decisions = 0;
    for (let t = 0; t < 4000; t++) {
      if (match.decisionDue) {
        // The policies read the same observation through either API.
        expect(bits(match.observation(1))).to.equal(bits(batch.obs.subarray(OBS_SIZE)));
        chaser.act(batch, 0, actions);
        random.act(batch, 1, actions);
        batch.step(actions);
        match.setAction(0, actions[0]!);
        match.setAction(1, actions[1]!);
        decisions++;
      }
      match.tick();
      if (match.decisionDue && bits(match.batch.world.ballX) !== bits(batch.world.ballX)) throw new Error(`diverged at tick ${t}`);
    }
    expect(decisions).to.be.greaterThan(1000);
    expect(match.score[0]).to.be.greaterThan(0);
  });

  it('keeps the score across episodes and restarts at a kickoff after each goal', () => {
    const match = new SoccerMatch(5);
    match.placeBall(PITCH_HALF_LENGTH + 0.5, 0);
    expect(match.tick()).to.equal(MatchEvent.GOAL);
    expect(match.lastScorer).to.equal(0);
    expect(match.score).to.deep.equal([1, 0]);
    const state = createRenderState();
    match.readState(state);
    expect(Math.abs(state.ball.x)).to.be.at.most(1);
    expect(state.tick).to.equal(0);
    expect(state.timeLeft).to.equal(TIME_LIMIT_TICKS / 120);
    match.placeBall(-PITCH_HALF_LENGTH - 0.5, 0.2);
    expect(match.tick()).to.equal(MatchEvent.GOAL);
    expect(match.score).to.deep.equal([1, 1]);
    expect(match.episodes).to.equal(2);
    match.readState(state);
    expect(state.score).to.deep.equal([1, 1]);
    match.reset(5);
    expect(match.score).to.deep.equal([0, 0]);
  });

  it('reports the time limit as its own event', () => {
    const match = new SoccerMatch(9);
    let events = 0;
    let last: number = MatchEvent.NONE;
    for (let t = 0; t < TIME_LIMIT_TICKS; t++) {
      last = match.tick();
      if (last !== MatchEvent.NONE) events++;
    }
    expect(events).to.equal(1);
    expect(last).to.equal(MatchEvent.TIME_UP);
    expect(match.score).to.deep.equal([0, 0]);
  });

  it('applies a human action that changes on any tick, not only at decisions', () => {
    const match = new SoccerMatch(3);
    match.tick();
    expect(match.decisionDue).to.equal(false);
    const vx = match.batch.world.playerVX[0]!;
    match.setAction(0, encodeAction(Move.BACK, Turn.NONE, false));
    match.tick();
    expect(match.batch.world.playerVX[0]).not.to.equal(vx);
    expect(() => match.setAction(0, 30)).to.throw(RangeError);
    expect(() => match.setAction(2, 0)).to.throw(RangeError);
  });

  it('renders world poses and lets the sandbox move bodies, clamped to the pitch', () => {
    const match = new SoccerMatch(1);
    const state = createRenderState();
    match.placePlayer(1, 2, 1, Math.PI / 2, 1, 0);
    match.placeBall(50, -50, 100, 0);
    match.readState(state);
    expect(state.players[1].x).to.equal(2);
    expect(state.players[1].angle).to.be.closeTo(Math.PI / 2, 1e-12);
    expect(state.players[1].vx).to.equal(1);
    expect(state.ball.x).to.equal(PITCH_HALF_LENGTH - BALL_RADIUS);
    expect(state.ball.y).to.equal(-(PITCH_HALF_WIDTH - BALL_RADIUS));
    expect(state.ball.vx).to.be.at.most(14);
    expect(() => match.placeBall(Number.NaN, 0)).to.throw(RangeError);
    // Dropping the ball onto a player's centre pushes them apart without NaN.
    match.placePlayer(0, 0, 0, 0);
    match.placeBall(0, 0);
    for (let t = 0; t < 10; t++) match.tick();
    match.readState(state);
    expect(Math.hypot(state.ball.x - state.players[0].x, state.ball.y - state.players[0].y)).to.be.greaterThan(0.5);
    expect(Number.isFinite(state.ball.vx)).to.equal(true);
  });
});
