// The action table, what each action does to a player, and the dash mask.
import { expect } from '@open-wc/testing';
import {
  ACTION_COUNT,
  ALL_ACTIONS_MASK,
  DASH_COOLDOWN_TICKS,
  DASH_SPEED,
  decodeAction,
  DT,
  encodeAction,
  mirrorAction,
  Move,
  NO_DASH_MASK,
  Obs,
  OBS_SIZE,
  PLAYER_ACCELERATION,
  PLAYER_FORWARD_SPEED,
  SoccerBatch,
  Turn,
  type MoveCode,
  type TurnCode,
} from '../../src/sim/index.js';

const STOP = encodeAction(Move.STOP, Turn.NONE, false);

/** One env; both players at rest facing their target goals, away from the ball and each other. */
function standing(): SoccerBatch {
  const batch = new SoccerBatch(1);
  const w = batch.world;
  w.ballX[0] = 0;
  w.ballY[0] = 4;
  w.ballVX[0] = 0;
  w.ballVY[0] = 0;
  for (const [i, x] of [[0, -4], [1, 4]] as const) {
    w.playerX[i] = x;
    w.playerY[i] = 0;
    w.playerVX[i] = 0;
    w.playerVY[i] = 0;
    w.playerCos[i] = 1;
    w.playerSin[i] = 0;
  }
  batch.refresh(0);
  return batch;
}

function steps(batch: SoccerBatch, left: number, right: number, count: number): void {
  const actions = Int32Array.of(left, right);
  for (let i = 0; i < count; i++) batch.step(actions);
}

describe('sim actions', () => {
  it('index 30 actions as move * 6 + turn * 2 + dash', () => {
    expect(ACTION_COUNT).to.equal(30);
    const seen = new Set<number>();
    for (let move = 0; move < 5; move++) {
      for (let turn = 0; turn < 3; turn++) {
        for (const dash of [false, true]) {
          const action = encodeAction(move as MoveCode, turn as TurnCode, dash);
          expect(action).to.equal(move * 6 + turn * 2 + (dash ? 1 : 0));
          expect(decodeAction(action)).to.deep.equal({ move, turn, dash });
          seen.add(action);
        }
      }
    }
    expect(seen.size).to.equal(30);
    expect(encodeAction(Move.STRAFE_RIGHT, Turn.RIGHT, true)).to.equal(29);
    expect(() => decodeAction(30)).to.throw(RangeError);
    expect(() => new SoccerBatch(1).step(Int32Array.of(0, 31))).to.throw(RangeError);
  });

  it('move the body relative to its heading, accelerating within limits', () => {
    const batch = standing();
    steps(batch, encodeAction(Move.FORWARD, Turn.NONE, false), encodeAction(Move.STRAFE_LEFT, Turn.NONE, false), 1);
    const w = batch.world;
    // One decision is 4 ticks of at most PLAYER_ACCELERATION · DT each: nothing jumps to full speed.
    expect(w.playerVX[0]).to.be.closeTo(4 * PLAYER_ACCELERATION * DT, 1e-12);
    expect(w.playerVY[0]).to.equal(0);
    expect(w.playerX[0]).to.be.closeTo(-4 + (1 + 2 + 3 + 4) * PLAYER_ACCELERATION * DT * DT, 1e-12);
    // The right player's own left is world +y (its frame is mirrored in x).
    expect(w.playerVY[1]).to.be.closeTo(4 * PLAYER_ACCELERATION * DT, 1e-12);
    steps(batch, encodeAction(Move.FORWARD, Turn.NONE, false), STOP, 30);
    expect(w.playerVX[0]).to.be.closeTo(PLAYER_FORWARD_SPEED, 1e-9);
    expect(Math.hypot(w.playerVX[1]!, w.playerVY[1]!)).to.be.below(1e-12);
  });

  it('turn left counter-clockwise for the left player and clockwise (mirrored) for the right one', () => {
    const batch = standing();
    const left = encodeAction(Move.STOP, Turn.LEFT, false);
    steps(batch, left, left, 10);
    const w = batch.world;
    expect(w.playerSin[0]).to.be.greaterThan(0.5);
    expect(batch.obs[Obs.HEADING_SIN]).to.be.greaterThan(0.5);
    expect(batch.obs[OBS_SIZE + Obs.HEADING_SIN]).to.be.greaterThan(0.5);
    // In the world the right player, facing −x, turned toward +y: clockwise.
    const rightAngle = Math.atan2(w.playerSin[1]!, -w.playerCos[1]!);
    expect(rightAngle).to.be.lessThan(Math.PI - 0.5).and.greaterThan(0);
    // mirrorAction gives the right player's human the screen's sense of left.
    steps(batch, STOP, mirrorAction(encodeAction(Move.STRAFE_LEFT, Turn.NONE, false)), 10);
    expect(w.playerVY[1]).to.be.lessThan(0);
    for (let a = 0; a < ACTION_COUNT; a++) expect(mirrorAction(mirrorAction(a))).to.equal(a);
    expect(mirrorAction(encodeAction(Move.FORWARD, Turn.LEFT, true))).to.equal(encodeAction(Move.FORWARD, Turn.RIGHT, true));
  });

  it('mask the dash while it cools down, and unmask it exactly when it is ready', () => {
    const batch = standing();
    expect(batch.mask[0]).to.equal(ALL_ACTIONS_MASK);
    const dash = encodeAction(Move.FORWARD, Turn.NONE, true);
    steps(batch, dash, STOP, 1);
    const w = batch.world;
    // The dash fired on the decision's first tick: a jump in speed beyond what acceleration allows.
    expect(w.playerVX[0]).to.be.greaterThan(DASH_SPEED);
    expect(batch.mask[0]).to.equal(NO_DASH_MASK);
    expect(batch.mask[1]).to.equal(ALL_ACTIONS_MASK);
    expect(batch.obs[Obs.DASH_COOLDOWN]).to.be.closeTo((DASH_COOLDOWN_TICKS - 4) / DASH_COOLDOWN_TICKS, 1e-7);
    for (let a = 0; a < ACTION_COUNT; a++) expect(((batch.mask[0]! >>> a) & 1) === 1).to.equal(!decodeAction(a).dash);
    const decisions = DASH_COOLDOWN_TICKS / 4;
    steps(batch, STOP, STOP, decisions - 2);
    expect(batch.mask[0], 'one decision before ready').to.equal(NO_DASH_MASK);
    steps(batch, STOP, STOP, 1);
    expect(batch.mask[0], 'ready').to.equal(ALL_ACTIONS_MASK);
    expect(batch.obs[Obs.DASH_COOLDOWN]).to.equal(0);
  });

  it('ignore a dash requested while it cools down', () => {
    const dashing = standing();
    const plain = standing();
    steps(dashing, encodeAction(Move.FORWARD, Turn.NONE, true), STOP, 1);
    steps(plain, encodeAction(Move.FORWARD, Turn.NONE, true), STOP, 1);
    steps(dashing, encodeAction(Move.FORWARD, Turn.NONE, true), STOP, 5);
    steps(plain, encodeAction(Move.FORWARD, Turn.NONE, false), STOP, 5);
    expect(dashing.world.playerVX[0]).to.equal(plain.world.playerVX[0]);
    expect(dashing.world.playerX[0]).to.equal(plain.world.playerX[0]);
  });
});
