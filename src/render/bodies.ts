/**
 * The moving bodies, drawn in world units (the context maps metres, y up):
 * the players as oriented boxes in their team colours with a heading
 * chevron, a dash-cooldown ring and speed streaks while dashing; the ball
 * with a shadow and a motion streak.
 */
import {
  BALL_RADIUS,
  PLAYER_FORWARD_SPEED,
  PLAYER_HALF_DEPTH,
  PLAYER_HALF_WIDTH,
} from '../sim/constants.js';
import type { BallState, PlayerState } from '../sim/match.js';
import { PALETTE, type TeamColours } from './palette.js';

type Ctx = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** Shadows fall a little down and to the right, as if lit from the top left. */
const SHADOW_DX = 0.07;
const SHADOW_DY = -0.09;
const CORNER = 0.14;
const HEAD_RADIUS = 0.2;
const COOLDOWN_RING = Math.hypot(PLAYER_HALF_DEPTH, PLAYER_HALF_WIDTH) + 0.14;

export function paintPlayer(ctx: Ctx, player: PlayerState, team: TeamColours, highlighted: boolean): void {
  const speed = Math.hypot(player.vx, player.vy);
  ctx.save();
  ctx.translate(player.x, player.y);

  if (speed > PLAYER_FORWARD_SPEED + 0.3) paintStreaks(ctx, player.vx / speed, player.vy / speed, Math.min(1, (speed - PLAYER_FORWARD_SPEED) / 3), team.light);

  if (player.dashCooldown > 0) {
    // The ring fills back up as the dash recharges.
    ctx.lineWidth = 0.07;
    ctx.lineCap = 'round';
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.18)';
    ctx.beginPath();
    ctx.arc(0, 0, COOLDOWN_RING, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.strokeStyle = team.light;
    ctx.beginPath();
    ctx.arc(0, 0, COOLDOWN_RING, Math.PI / 2, Math.PI / 2 + 2 * Math.PI * (1 - player.dashCooldown));
    ctx.stroke();
  }

  ctx.rotate(player.angle);
  ctx.fillStyle = PALETTE.shadow;
  roundedBox(ctx, SHADOW_DX * Math.cos(player.angle) + SHADOW_DY * Math.sin(player.angle), SHADOW_DY * Math.cos(player.angle) - SHADOW_DX * Math.sin(player.angle));
  ctx.fill();

  if (highlighted) {
    ctx.strokeStyle = PALETTE.highlight;
    ctx.lineWidth = 0.09;
    roundedBox(ctx, 0, 0, 0.12);
    ctx.stroke();
  }
  // Seen from above: shoulders (the box), a head, and a chevron pointing where it faces.
  ctx.fillStyle = team.fill;
  ctx.strokeStyle = team.dark;
  ctx.lineWidth = 0.06;
  roundedBox(ctx, 0, 0);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = team.dark;
  ctx.beginPath();
  ctx.arc(-0.02, 0, HEAD_RADIUS, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = team.light;
  ctx.beginPath();
  ctx.arc(0.03, 0, HEAD_RADIUS * 0.55, 0, 2 * Math.PI);
  ctx.fill();

  ctx.fillStyle = '#ffffff';
  ctx.strokeStyle = team.dark;
  ctx.lineWidth = 0.035;
  ctx.beginPath();
  ctx.moveTo(PLAYER_HALF_DEPTH + 0.24, 0);
  ctx.lineTo(PLAYER_HALF_DEPTH - 0.06, 0.2);
  ctx.lineTo(PLAYER_HALF_DEPTH + 0.02, 0);
  ctx.lineTo(PLAYER_HALF_DEPTH - 0.06, -0.2);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}

export function paintBall(ctx: Ctx, ball: BallState, highlighted: boolean): void {
  const speed = Math.hypot(ball.vx, ball.vy);
  if (speed > 1.5) {
    // A streak of where the ball was a tenth of a second ago.
    const length = Math.min(speed * 0.1, 1.2);
    const ux = ball.vx / speed;
    const uy = ball.vy / speed;
    const gradient = ctx.createLinearGradient(ball.x, ball.y, ball.x - ux * length, ball.y - uy * length);
    gradient.addColorStop(0, 'rgba(255, 255, 255, 0.45)');
    gradient.addColorStop(1, 'rgba(255, 255, 255, 0)');
    ctx.strokeStyle = gradient;
    ctx.lineWidth = BALL_RADIUS * 1.4;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(ball.x, ball.y);
    ctx.lineTo(ball.x - ux * length, ball.y - uy * length);
    ctx.stroke();
  }
  ctx.fillStyle = PALETTE.shadow;
  ctx.beginPath();
  ctx.arc(ball.x + SHADOW_DX, ball.y + SHADOW_DY, BALL_RADIUS, 0, 2 * Math.PI);
  ctx.fill();
  if (highlighted) {
    ctx.strokeStyle = PALETTE.highlight;
    ctx.lineWidth = 0.08;
    ctx.beginPath();
    ctx.arc(ball.x, ball.y, BALL_RADIUS + 0.14, 0, 2 * Math.PI);
    ctx.stroke();
  }
  const shade = ctx.createRadialGradient(ball.x - 0.08, ball.y + 0.08, 0.02, ball.x, ball.y, BALL_RADIUS);
  shade.addColorStop(0, PALETTE.ball);
  shade.addColorStop(0.7, PALETTE.ball);
  shade.addColorStop(1, PALETTE.ballShade);
  ctx.fillStyle = shade;
  ctx.strokeStyle = PALETTE.ballOutline;
  ctx.lineWidth = 0.045;
  ctx.beginPath();
  ctx.arc(ball.x, ball.y, BALL_RADIUS, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
}

function roundedBox(ctx: Ctx, dx: number, dy: number, grow = 0): void {
  ctx.beginPath();
  ctx.roundRect(dx - PLAYER_HALF_DEPTH - grow, dy - PLAYER_HALF_WIDTH - grow, 2 * (PLAYER_HALF_DEPTH + grow), 2 * (PLAYER_HALF_WIDTH + grow), CORNER + grow);
}

function paintStreaks(ctx: Ctx, ux: number, uy: number, strength: number, colour: string): void {
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.globalAlpha = 0.55 * strength;
  ctx.lineWidth = 0.05;
  ctx.lineCap = 'round';
  ctx.beginPath();
  for (const offset of [-0.4, 0, 0.4]) {
    const sx = -uy * offset - ux * (PLAYER_HALF_DEPTH + 0.15);
    const sy = ux * offset - uy * (PLAYER_HALF_DEPTH + 0.15);
    const length = 0.5 + 0.4 * strength - Math.abs(offset) * 0.4;
    ctx.moveTo(sx, sy);
    ctx.lineTo(sx - ux * length, sy - uy * length);
  }
  ctx.stroke();
  ctx.restore();
}
