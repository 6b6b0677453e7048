/**
 * One 120 Hz tick of one match: controls, semi-implicit Euler integration,
 * then collisions, then the goal test. The training batch and the show both
 * advance matches only through {@link tick}, so they share one code path.
 *
 * Collision order matters for determinism and is fixed: player–player,
 * ball–left player, ball–right player, players–walls, ball–walls, then
 * players out of a ball the walls pinned against them. Every body ends
 * every tick inside its walls. Players rotate kinematically (contacts never
 * spin them), so a contact only exchanges linear momentum.
 */
import { TARGET_FORWARD, TARGET_LEFT, TARGET_TURN, WANTS_DASH } from './actions.js';
import {
  BALL_DAMPING_PER_TICK,
  BALL_MASS,
  BALL_MAX_SPEED,
  BALL_PLAYER_RESTITUTION,
  BALL_RADIUS,
  BALL_WALL_FRICTION,
  BALL_WALL_RESTITUTION,
  DASH_COOLDOWN_TICKS,
  DASH_SPEED,
  DT,
  GOAL_DEPTH,
  GOAL_HALF_WIDTH,
  PITCH_HALF_LENGTH,
  PITCH_HALF_WIDTH,
  PLAYER_BOUNDING_RADIUS,
  PLAYER_DV_PER_TICK,
  PLAYER_DW_PER_TICK,
  PLAYER_HALF_DEPTH,
  PLAYER_HALF_WIDTH,
  PLAYER_MASS,
  PLAYER_MAX_SPEED,
  PLAYER_PLAYER_RESTITUTION,
} from './constants.js';
import { SIDE, type SoccerWorld } from './world.js';

/** {@link tick}'s result when nobody scored; otherwise it returns the scorer (0 left, 1 right). */
export const NO_GOAL = -1;

const BALL_INV_MASS = 1 / BALL_MASS;
const PLAYER_INV_MASS = 1 / PLAYER_MASS;
const BALL_PLAYER_INV_MASS = BALL_INV_MASS + PLAYER_INV_MASS;
const BALL_REACH = BALL_RADIUS + PLAYER_BOUNDING_RADIUS;
const PLAYER_REACH = 2 * PLAYER_BOUNDING_RADIUS;
/** Limits of the ball's centre: each wall moved in by a radius. */
const BALL_MAX_Y = PITCH_HALF_WIDTH - BALL_RADIUS;
const BALL_MAX_X = PITCH_HALF_LENGTH - BALL_RADIUS;
const GOAL_BALL_MAX_Y = GOAL_HALF_WIDTH - BALL_RADIUS;
const GOAL_BALL_MAX_X = PITCH_HALF_LENGTH + GOAL_DEPTH - BALL_RADIUS;
const WALL_KEEP = 1 - BALL_WALL_FRICTION;

/** Advances match `e` by one tick with the players' held actions; returns the scorer or {@link NO_GOAL}. */
export function tick(w: SoccerWorld, e: number): number {
  const left = e * 2;
  const right = left + 1;
  drivePlayer(w, left, SIDE[0]);
  drivePlayer(w, right, SIDE[1]);
  moveBall(w, e);
  collidePlayers(w, left, right);
  collideBallWithPlayer(w, e, left, SIDE[0]);
  collideBallWithPlayer(w, e, right, SIDE[1]);
  keepPlayerOnPitch(w, left);
  keepPlayerOnPitch(w, right);
  collideBallWithWalls(w, e);
  unpinBall(w, e, left, SIDE[0]);
  unpinBall(w, e, right, SIDE[1]);
  return scorer(w, e);
}

/**
 * Steers the velocity and the spin toward the held action's targets within
 * the acceleration limits, fires a requested dash when it is ready, then
 * integrates position and heading with the new velocities.
 */
function drivePlayer(w: SoccerWorld, i: number, side: number): void {
  const action = w.heldAction[i]!;
  const c = w.playerCos[i]!;
  const s = w.playerSin[i]!;
  const forward = TARGET_FORWARD[action]!;
  const leftward = TARGET_LEFT[action]!;
  let vx = w.playerVX[i]!;
  let vy = w.playerVY[i]!;
  // Body frame → own attacking frame → world (x mirrored for the right player).
  let dvx = side * (c * forward - s * leftward) - vx;
  let dvy = s * forward + c * leftward - vy;
  const dv2 = dvx * dvx + dvy * dvy;
  if (dv2 > PLAYER_DV_PER_TICK * PLAYER_DV_PER_TICK) {
    const k = PLAYER_DV_PER_TICK / Math.sqrt(dv2);
    dvx *= k;
    dvy *= k;
  }
  vx += dvx;
  vy += dvy;

  let cooldown = w.dashCooldown[i]!;
  if (cooldown === 0 && WANTS_DASH[action] === 1) {
    vx += side * c * DASH_SPEED;
    vy += s * DASH_SPEED;
    cooldown = DASH_COOLDOWN_TICKS;
  }
  // Counted down in the same tick, so 0 at a decision means "a dash fires on the next tick".
  if (cooldown > 0) w.dashCooldown[i] = cooldown - 1;

  const v2 = vx * vx + vy * vy;
  if (v2 > PLAYER_MAX_SPEED * PLAYER_MAX_SPEED) {
    const k = PLAYER_MAX_SPEED / Math.sqrt(v2);
    vx *= k;
    vy *= k;
  }
  w.playerVX[i] = vx;
  w.playerVY[i] = vy;
  w.playerX[i] = w.playerX[i]! + vx * DT;
  w.playerY[i] = w.playerY[i]! + vy * DT;

  let spin = w.playerSpin[i]!;
  const dw = TARGET_TURN[action]! - spin;
  spin += dw > PLAYER_DW_PER_TICK ? PLAYER_DW_PER_TICK : dw < -PLAYER_DW_PER_TICK ? -PLAYER_DW_PER_TICK : dw;
  w.playerSpin[i] = spin;
  if (spin !== 0) rotateHeading(w, i, spin * DT);
}

/**
 * Rotates the cached heading by a small angle (|a| ≤ 0.04 rad) with a
 * Taylor series instead of cos/sin, then pulls it back to unit length so
 * rounding cannot accumulate over a long episode.
 */
function rotateHeading(w: SoccerWorld, i: number, a: number): void {
  const a2 = a * a;
  const cosA = 1 - a2 * (0.5 - a2 / 24);
  const sinA = a * (1 - a2 * (1 / 6 - a2 / 120));
  const c = w.playerCos[i]!;
  const s = w.playerSin[i]!;
  const nc = c * cosA - s * sinA;
  const ns = s * cosA + c * sinA;
  const k = 1.5 - 0.5 * (nc * nc + ns * ns);
  w.playerCos[i] = nc * k;
  w.playerSin[i] = ns * k;
}

function moveBall(w: SoccerWorld, e: number): void {
  let vx = w.ballVX[e]! * BALL_DAMPING_PER_TICK;
  let vy = w.ballVY[e]! * BALL_DAMPING_PER_TICK;
  const v2 = vx * vx + vy * vy;
  if (v2 > BALL_MAX_SPEED * BALL_MAX_SPEED) {
    const k = BALL_MAX_SPEED / Math.sqrt(v2);
    vx *= k;
    vy *= k;
  }
  w.ballVX[e] = vx;
  w.ballVY[e] = vy;
  w.ballX[e] = w.ballX[e]! + vx * DT;
  w.ballY[e] = w.ballY[e]! + vy * DT;
}

/**
 * Box–box contact by the separating-axis test over the four box axes; the
 * axis of least overlap is the contact normal. Equal masses: each box moves
 * half the overlap, and the impulse is split evenly.
 */
function collidePlayers(w: SoccerWorld, a: number, b: number): void {
  const dx = w.playerX[b]! - w.playerX[a]!;
  const dy = w.playerY[b]! - w.playerY[a]!;
  if (dx * dx + dy * dy >= PLAYER_REACH * PLAYER_REACH) return;
  const afx = SIDE[0] * w.playerCos[a]!;
  const afy = w.playerSin[a]!;
  const bfx = SIDE[1] * w.playerCos[b]!;
  const bfy = w.playerSin[b]!;
  // |cos| and |sin| of the angle between the boxes give each one's extent along the other's axes.
  const along = Math.abs(afx * bfx + afy * bfy);
  const across = Math.abs(afx * bfy - afy * bfx);
  const depthOnOther = PLAYER_HALF_DEPTH * along + PLAYER_HALF_WIDTH * across;
  const widthOnOther = PLAYER_HALF_DEPTH * across + PLAYER_HALF_WIDTH * along;

  const onA = dx * afx + dy * afy;
  const acrossA = dy * afx - dx * afy;
  const onB = dx * bfx + dy * bfy;
  const acrossB = dy * bfx - dx * bfy;
  const overlapA = PLAYER_HALF_DEPTH + depthOnOther - Math.abs(onA);
  const overlapAcrossA = PLAYER_HALF_WIDTH + widthOnOther - Math.abs(acrossA);
  const overlapB = depthOnOther + PLAYER_HALF_DEPTH - Math.abs(onB);
  const overlapAcrossB = widthOnOther + PLAYER_HALF_WIDTH - Math.abs(acrossB);
  if (overlapA <= 0 || overlapAcrossA <= 0 || overlapB <= 0 || overlapAcrossB <= 0) return;

  // The normal points from a to b along the axis of least overlap.
  let best = overlapA;
  let nx = afx;
  let ny = afy;
  let d = onA;
  if (overlapAcrossA < best) {
    best = overlapAcrossA;
    nx = -afy;
    ny = afx;
    d = acrossA;
  }
  if (overlapB < best) {
    best = overlapB;
    nx = bfx;
    ny = bfy;
    d = onB;
  }
  if (overlapAcrossB < best) {
    best = overlapAcrossB;
    nx = -bfy;
    ny = bfx;
    d = acrossB;
  }
  if (d < 0) {
    nx = -nx;
    ny = -ny;
  }

  const push = best / 2;
  w.playerX[a] = w.playerX[a]! - nx * push;
  w.playerY[a] = w.playerY[a]! - ny * push;
  w.playerX[b] = w.playerX[b]! + nx * push;
  w.playerY[b] = w.playerY[b]! + ny * push;
  const vn = (w.playerVX[b]! - w.playerVX[a]!) * nx + (w.playerVY[b]! - w.playerVY[a]!) * ny;
  if (vn >= 0) return;
  const j = (-(1 + PLAYER_PLAYER_RESTITUTION) * vn) / 2;
  w.playerVX[a] = w.playerVX[a]! - j * nx;
  w.playerVY[a] = w.playerVY[a]! - j * ny;
  w.playerVX[b] = w.playerVX[b]! + j * nx;
  w.playerVY[b] = w.playerVY[b]! + j * ny;
}

/**
 * The ball–box contact of the last {@link findContact} call: unit normal
 * from the box to the ball (world), depth of overlap, and the contact point
 * relative to the box centre along its depth and width axes. Module-level
 * so the hot path allocates nothing.
 */
let contactNX = 0;
let contactNY = 0;
let contactDepth = 0;
let contactAlong = 0;
let contactAcross = 0;

/**
 * Whether the ball overlaps player i's box, by the closest point of the box
 * to the ball's centre in the box frame. A centre inside the box (a fast or
 * pinned ball) leaves through the nearest face.
 */
function findContact(w: SoccerWorld, e: number, i: number, side: number): boolean {
  const dx = w.ballX[e]! - w.playerX[i]!;
  const dy = w.ballY[e]! - w.playerY[i]!;
  if (dx * dx + dy * dy >= BALL_REACH * BALL_REACH) return false;
  const fx = side * w.playerCos[i]!;
  const fy = w.playerSin[i]!;
  const along = dx * fx + dy * fy;
  const across = dy * fx - dx * fy;
  let qa = along > PLAYER_HALF_DEPTH ? PLAYER_HALF_DEPTH : along < -PLAYER_HALF_DEPTH ? -PLAYER_HALF_DEPTH : along;
  let qc = across > PLAYER_HALF_WIDTH ? PLAYER_HALF_WIDTH : across < -PLAYER_HALF_WIDTH ? -PLAYER_HALF_WIDTH : across;
  const oa = along - qa;
  const oc = across - qc;
  const d2 = oa * oa + oc * oc;
  if (d2 >= BALL_RADIUS * BALL_RADIUS) return false;

  let na: number;
  let nc: number;
  if (d2 > 0) {
    const d = Math.sqrt(d2);
    na = oa / d;
    nc = oc / d;
    contactDepth = BALL_RADIUS - d;
  } else {
    const gapAlong = PLAYER_HALF_DEPTH - Math.abs(along);
    const gapAcross = PLAYER_HALF_WIDTH - Math.abs(across);
    if (gapAlong < gapAcross) {
      na = along < 0 ? -1 : 1;
      nc = 0;
      contactDepth = gapAlong + BALL_RADIUS;
      qa = na * PLAYER_HALF_DEPTH;
    } else {
      na = 0;
      nc = across < 0 ? -1 : 1;
      contactDepth = gapAcross + BALL_RADIUS;
      qc = nc * PLAYER_HALF_WIDTH;
    }
  }
  contactNX = na * fx - nc * fy;
  contactNY = na * fy + nc * fx;
  contactAlong = qa;
  contactAcross = qc;
  return true;
}

/**
 * Ball–player contact: the overlap is split by inverse mass, and the
 * impulse uses the velocity of the box at the contact point, spin
 * included, so a turning player can swat the ball.
 */
function collideBallWithPlayer(w: SoccerWorld, e: number, i: number, side: number): void {
  if (!findContact(w, e, i, side)) return;
  const nx = contactNX;
  const ny = contactNY;
  const ballPush = (contactDepth * BALL_INV_MASS) / BALL_PLAYER_INV_MASS;
  const playerPush = contactDepth - ballPush;
  w.ballX[e] = w.ballX[e]! + nx * ballPush;
  w.ballY[e] = w.ballY[e]! + ny * ballPush;
  w.playerX[i] = w.playerX[i]! - nx * playerPush;
  w.playerY[i] = w.playerY[i]! - ny * playerPush;

  const fx = side * w.playerCos[i]!;
  const fy = w.playerSin[i]!;
  const rx = contactAlong * fx - contactAcross * fy;
  const ry = contactAlong * fy + contactAcross * fx;
  const spin = side * w.playerSpin[i]!;
  const pvx = w.playerVX[i]!;
  const pvy = w.playerVY[i]!;
  const vn = (w.ballVX[e]! - (pvx - spin * ry)) * nx + (w.ballVY[e]! - (pvy + spin * rx)) * ny;
  if (vn >= 0) return;
  const j = (-(1 + BALL_PLAYER_RESTITUTION) * vn) / BALL_PLAYER_INV_MASS;
  w.ballVX[e] = w.ballVX[e]! + j * BALL_INV_MASS * nx;
  w.ballVY[e] = w.ballVY[e]! + j * BALL_INV_MASS * ny;
  w.playerVX[i] = pvx - j * PLAYER_INV_MASS * nx;
  w.playerVY[i] = pvy - j * PLAYER_INV_MASS * ny;
}

/**
 * A ball the walls pushed back into a player is pinned: the player yields
 * the whole overlap (a position fix only; the contact already exchanged
 * momentum), so a player driving the ball into a wall cannot sink into it.
 * The pitch still has the last word: squeezed into a corner too tight for
 * both, the player stays on the pitch and some overlap is left for the
 * next tick.
 */
function unpinBall(w: SoccerWorld, e: number, i: number, side: number): void {
  if (!findContact(w, e, i, side)) return;
  w.playerX[i] = w.playerX[i]! - contactNX * contactDepth;
  w.playerY[i] = w.playerY[i]! - contactNY * contactDepth;
  keepPlayerOnPitch(w, i);
}

/** Players stay on the pitch (goal mouths are closed to them): the box's extent along x and y is clamped. */
function keepPlayerOnPitch(w: SoccerWorld, i: number): void {
  const c = Math.abs(w.playerCos[i]!);
  const s = Math.abs(w.playerSin[i]!);
  const maxX = PITCH_HALF_LENGTH - (PLAYER_HALF_DEPTH * c + PLAYER_HALF_WIDTH * s);
  const maxY = PITCH_HALF_WIDTH - (PLAYER_HALF_DEPTH * s + PLAYER_HALF_WIDTH * c);
  const x = w.playerX[i]!;
  const y = w.playerY[i]!;
  if (x > maxX) {
    w.playerX[i] = maxX;
    if (w.playerVX[i]! > 0) w.playerVX[i] = 0;
  } else if (x < -maxX) {
    w.playerX[i] = -maxX;
    if (w.playerVX[i]! < 0) w.playerVX[i] = 0;
  }
  if (y > maxY) {
    w.playerY[i] = maxY;
    if (w.playerVY[i]! > 0) w.playerVY[i] = 0;
  } else if (y < -maxY) {
    w.playerY[i] = -maxY;
    if (w.playerVY[i]! < 0) w.playerVY[i] = 0;
  }
}

/**
 * The ball against the side lines, the end lines beside the goals, the
 * posts and the inside of the goal boxes. Worked in the quadrant of the
 * ball's centre (|x|, |y|), so one post and one goal cover all four.
 * A contact moves the centre back to a radius from the wall and reflects
 * the normal velocity with restitution, trimming the tangential part by the
 * wall friction; a ball already leaving the wall keeps its velocity.
 */
function collideBallWithWalls(w: SoccerWorld, e: number): void {
  let x = w.ballX[e]!;
  let y = w.ballY[e]!;
  let vx = w.ballVX[e]!;
  let vy = w.ballVY[e]!;
  const sy = y < 0 ? -1 : 1;
  let ay = y * sy;
  let avy = vy * sy;
  if (ay > BALL_MAX_Y) {
    ay = BALL_MAX_Y;
    if (avy > 0) {
      avy *= -BALL_WALL_RESTITUTION;
      vx *= WALL_KEEP;
    }
  }
  const sx = x < 0 ? -1 : 1;
  let ax = x * sx;
  let avx = vx * sx;
  if (ax > BALL_MAX_X) {
    if (ay >= GOAL_HALF_WIDTH) {
      // Beside the mouth, the end line is a wall.
      ax = BALL_MAX_X;
      if (avx > 0) {
        avx *= -BALL_WALL_RESTITUTION;
        avy *= WALL_KEEP;
      }
    } else if (ax <= PITCH_HALF_LENGTH) {
      // In front of the mouth only the post can touch the ball.
      const px = ax - PITCH_HALF_LENGTH;
      const py = ay - GOAL_HALF_WIDTH;
      const d2 = px * px + py * py;
      if (d2 < BALL_RADIUS * BALL_RADIUS) {
        const d = Math.sqrt(d2);
        const nx = px / d;
        const ny = py / d;
        ax += nx * (BALL_RADIUS - d);
        ay += ny * (BALL_RADIUS - d);
        const vn = avx * nx + avy * ny;
        if (vn < 0) {
          const tx = avx - vn * nx;
          const ty = avy - vn * ny;
          avx = WALL_KEEP * tx - BALL_WALL_RESTITUTION * vn * nx;
          avy = WALL_KEEP * ty - BALL_WALL_RESTITUTION * vn * ny;
        }
      }
    } else {
      // Over the line, inside the goal box.
      if (ay > GOAL_BALL_MAX_Y) {
        ay = GOAL_BALL_MAX_Y;
        if (avy > 0) {
          avy *= -BALL_WALL_RESTITUTION;
          avx *= WALL_KEEP;
        }
      }
      if (ax > GOAL_BALL_MAX_X) {
        ax = GOAL_BALL_MAX_X;
        if (avx > 0) {
          avx *= -BALL_WALL_RESTITUTION;
          avy *= WALL_KEEP;
        }
      }
    }
  }
  x = ax * sx;
  y = ay * sy;
  vx = avx * sx;
  vy = avy * sy;
  w.ballX[e] = x;
  w.ballY[e] = y;
  w.ballVX[e] = vx;
  w.ballVY[e] = vy;
}

/** A goal is the whole ball over the goal line, between the posts. */
function scorer(w: SoccerWorld, e: number): number {
  const x = w.ballX[e]!;
  if (x - BALL_RADIUS > PITCH_HALF_LENGTH) return 0;
  if (x + BALL_RADIUS < -PITCH_HALF_LENGTH) return 1;
  return NO_GOAL;
}
