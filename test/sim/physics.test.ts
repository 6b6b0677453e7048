// Passive contacts never add energy; the goal line, the posts and the
// corners behave; nothing explodes or leaves the pitch.
import { expect } from '@open-wc/testing';
import {
  BALL_MASS,
  BALL_RADIUS,
  ChaserPolicy,
  GOAL_DEPTH,
  GOAL_HALF_WIDTH,
  PITCH_HALF_LENGTH,
  PITCH_HALF_WIDTH,
  PLAYER_HALF_DEPTH,
  PLAYER_HALF_WIDTH,
  PLAYER_MASS,
  RandomPolicy,
  SoccerBatch,
  Winner,
} from '../../src/sim/index.js';
import { Random } from '../../src/util/random.js';
import { kineticEnergy } from './helpers.js';

interface Body { x: number; y: number; vx?: number; vy?: number }

/** A batch of one env whose players stand still (action 0: stop, no turn, no dash) wherever they are put. */
function scene(ball: Body, players: [Body & { angle?: number }, Body & { angle?: number }] = [{ x: -6, y: -4 }, { x: 6, y: -4 }]): SoccerBatch {
  const batch = new SoccerBatch(1);
  const w = batch.world;
  w.ballX[0] = ball.x;
  w.ballY[0] = ball.y;
  w.ballVX[0] = ball.vx ?? 0;
  w.ballVY[0] = ball.vy ?? 0;
  players.forEach((p, i) => {
    const side = i === 0 ? 1 : -1;
    const angle = p.angle ?? (i === 0 ? 0 : Math.PI);
    w.playerX[i] = p.x;
    w.playerY[i] = p.y;
    w.playerVX[i] = p.vx ?? 0;
    w.playerVY[i] = p.vy ?? 0;
    w.playerCos[i] = side * Math.cos(angle);
    w.playerSin[i] = Math.sin(angle);
    w.playerSpin[i] = 0;
  });
  batch.refresh(0);
  return batch;
}

/** Ticks until the episode ends or `ticks` pass; returns the tick's `done` and the winner. */
function run(batch: SoccerBatch, ticks: number, each?: () => void): { ended: boolean; winner: number } {
  for (let t = 0; t < ticks; t++) {
    batch.tick();
    if (batch.done[0]) return { ended: true, winner: batch.winner[0]! };
    each?.();
  }
  return { ended: false, winner: Winner.DRAW };
}

/**
 * Distance from a point on the open side to the nearest wall: the side
 * lines, the blocks behind the end lines beside the goals (their corners
 * are the posts), and the backs of the goal boxes.
 */
function wallClearance(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const toBlock = Math.hypot(Math.max(PITCH_HALF_LENGTH - ax, 0), Math.max(GOAL_HALF_WIDTH - ay, 0));
  return Math.min(PITCH_HALF_WIDTH - ay, toBlock, PITCH_HALF_LENGTH + GOAL_DEPTH - ax);
}

const energy = (batch: SoccerBatch): number => kineticEnergy(batch, 0, BALL_MASS, PLAYER_MASS);

describe('sim physics', () => {
  it('never gains energy in passive ball–wall and ball–player contacts', () => {
    const rng = new Random(3);
    let contacts = 0;
    for (let trial = 0; trial < 200; trial++) {
      const speed = 2 + 12 * rng.next();
      const direction = 2 * Math.PI * rng.next();
      const players: [Body & { angle: number }, Body & { angle: number }] = [
        { x: -7 + 6 * rng.next(), y: -4 + 8 * rng.next(), angle: 2 * Math.PI * rng.next() },
        { x: 1 + 6 * rng.next(), y: -4 + 8 * rng.next(), angle: 2 * Math.PI * rng.next() },
      ];
      const batch = scene({ x: -0.5 + rng.next(), y: -2 + 4 * rng.next(), vx: speed * Math.cos(direction), vy: speed * Math.sin(direction) }, players);
      let before = energy(batch);
      run(batch, 600, () => {
        const after = energy(batch);
        if (after > before * (1 + 1e-12) + 1e-15) throw new Error(`trial ${trial}: energy rose from ${before} to ${after}`);
        const hit = batch.world.playerVX[0] !== 0 || batch.world.playerVX[1] !== 0;
        if (hit) contacts++;
        before = after;
      });
    }
    expect(contacts, 'ticks with a player set moving by the ball').to.be.greaterThan(100);
  });

  it('bounces a ball shot into a player, through a corner and from inside the box, without energy gain', () => {
    const cases: [string, Body][] = [
      ['head-on', { x: -2, y: 0, vx: 12, vy: 0 }],
      ['box corner', { x: -2, y: 2 * PLAYER_HALF_WIDTH, vx: 12, vy: -6 }],
      ['centre inside the box', { x: 0.05, y: 0.1, vx: 1, vy: 0 }],
    ];
    for (const [name, ball] of cases) {
      const batch = scene(ball, [{ x: 0, y: 0, angle: 0.3 }, { x: 6, y: -4 }]);
      let before = energy(batch);
      run(batch, 120, () => {
        const after = energy(batch);
        if (after > before * (1 + 1e-12) + 1e-15) throw new Error(`${name}: energy rose from ${before} to ${after}`);
        before = after;
      });
      const w = batch.world;
      const dx = w.ballX[0]! - w.playerX[0]!;
      const dy = w.ballY[0]! - w.playerY[0]!;
      expect(Math.hypot(dx, dy), `${name}: ball separated from the player`).to.be.greaterThan(PLAYER_HALF_DEPTH + BALL_RADIUS - 1e-9);
    }
  });

  it('scores when the whole ball crosses the line between the posts, for the right side', () => {
    expect(run(scene({ x: 6, y: 0.5, vx: 8, vy: 0 }), 240)).to.deep.equal({ ended: true, winner: Winner.LEFT });
    expect(run(scene({ x: -6, y: -1, vx: -8, vy: 0 }), 240)).to.deep.equal({ ended: true, winner: Winner.RIGHT });
  });

  it('does not score a ball resting exactly on the line, nor one whose edge is exactly on it', () => {
    expect(run(scene({ x: PITCH_HALF_LENGTH, y: 0 }), 120).ended).to.equal(false);
    expect(run(scene({ x: PITCH_HALF_LENGTH + BALL_RADIUS, y: 0 }), 120).ended).to.equal(false);
    expect(run(scene({ x: -PITCH_HALF_LENGTH - BALL_RADIUS, y: 0.5 }), 120).ended).to.equal(false);
    expect(run(scene({ x: PITCH_HALF_LENGTH + BALL_RADIUS + 1e-9, y: 0 }), 1)).to.deep.equal({ ended: true, winner: Winner.LEFT });
  });

  it('bounces a ball off the post back into the pitch', () => {
    // Aimed straight at the post corner along the line through it.
    const batch = scene({ x: PITCH_HALF_LENGTH - 2, y: GOAL_HALF_WIDTH, vx: 10, vy: 0 });
    const result = run(batch, 30);
    expect(result.ended).to.equal(false);
    expect(batch.world.ballVX[0]).to.be.lessThan(0);
    expect(batch.world.ballX[0]).to.be.lessThan(PITCH_HALF_LENGTH - BALL_RADIUS + 1e-9);
    // Grazing the inside of the post deflects the ball into the goal.
    expect(run(scene({ x: PITCH_HALF_LENGTH - 2, y: GOAL_HALF_WIDTH - 0.22, vx: 10, vy: 0 }), 120)).to.deep.equal({ ended: true, winner: Winner.LEFT });
    // Clipping its outside sends it off the end wall.
    expect(run(scene({ x: PITCH_HALF_LENGTH - 2, y: GOAL_HALF_WIDTH + 0.15, vx: 10, vy: 0 }), 60).ended).to.equal(false);
  });

  it('bounces a ball out of a corner off both walls', () => {
    const batch = scene({ x: PITCH_HALF_LENGTH - 2, y: PITCH_HALF_WIDTH - 2, vx: 8, vy: 8 });
    expect(run(batch, 60).ended).to.equal(false);
    const w = batch.world;
    expect(w.ballVX[0]).to.be.lessThan(0);
    expect(w.ballVY[0]).to.be.lessThan(0);
    expect(w.ballX[0]).to.be.at.most(PITCH_HALF_LENGTH - BALL_RADIUS);
    expect(w.ballY[0]).to.be.at.most(PITCH_HALF_WIDTH - BALL_RADIUS);
  });

  it('keeps every body finite and inside its walls in rough play', () => {
    const envs = 64;
    const batch = new SoccerBatch(envs);
    batch.reset(21);
    const chaser = new ChaserPolicy(envs);
    const random = new RandomPolicy(envs, 21);
    const actions = new Int32Array(2 * envs);
    const w = batch.world;
    const eps = 1e-9;
    for (let step = 0; step < 1500; step++) {
      chaser.act(batch, 0, actions);
      (step % 3 === 0 ? random : chaser).act(batch, 1, actions);
      batch.step(actions);
      for (let e = 0; e < envs; e++) {
        if (wallClearance(w.ballX[e]!, w.ballY[e]!) < BALL_RADIUS - eps) {
          throw new Error(`ball out at (${w.ballX[e]}, ${w.ballY[e]})`);
        }
        for (const i of [2 * e, 2 * e + 1]) {
          const c = Math.abs(w.playerCos[i]!);
          const s = Math.abs(w.playerSin[i]!);
          const values = [w.playerX[i]!, w.playerY[i]!, w.playerVX[i]!, w.playerVY[i]!, w.playerSpin[i]!, w.ballVX[e]!, w.ballVY[e]!];
          if (!values.every(Number.isFinite)) throw new Error(`non-finite state in env ${e}`);
          if (Math.abs(c * c + s * s - 1) > 1e-12) throw new Error(`heading of player ${i} is not unit length`);
          if (Math.abs(w.playerX[i]!) + PLAYER_HALF_DEPTH * c + PLAYER_HALF_WIDTH * s > PITCH_HALF_LENGTH + eps
            || Math.abs(w.playerY[i]!) + PLAYER_HALF_DEPTH * s + PLAYER_HALF_WIDTH * c > PITCH_HALF_WIDTH + eps) {
            throw new Error(`player ${i} off the pitch at (${w.playerX[i]}, ${w.playerY[i]})`);
          }
        }
      }
      for (const value of batch.obs) if (!Number.isFinite(value)) throw new Error('non-finite observation');
    }
    expect(Math.max(...batch.episodeId)).to.be.greaterThan(0);
  });
});
