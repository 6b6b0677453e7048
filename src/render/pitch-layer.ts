/**
 * The static part of the picture — surround, striped pitch, markings, goal
 * boxes with their nets — drawn in world units. It changes only when the
 * canvas is resized, so the renderer caches it in a layer and copies that
 * layer at the start of every frame.
 */
import { GOAL_DEPTH, GOAL_HALF_WIDTH, PITCH_HALF_LENGTH, PITCH_HALF_WIDTH } from '../sim/constants.js';
import { PALETTE } from './palette.js';

const STRIPES = 10;
const LINE = 0.08;
const CENTRE_CIRCLE = 1.5;
const GOAL_AREA = { depth: 0.8, halfWidth: 2.4 };
const PENALTY_AREA = { depth: 2.2, halfWidth: 3.4, spot: 1.6, arc: 1.1 };
const CORNER_ARC = 0.4;
const NET_MESH = 0.22;

type Ctx = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** Paints the static pitch; `ctx` must already map world metres (y up) to the canvas. */
export function paintPitch(ctx: Ctx): void {
  const L = PITCH_HALF_LENGTH;
  const W = PITCH_HALF_WIDTH;

  // A soft shadow lifts the pitch off the surround.
  ctx.save();
  ctx.shadowColor = 'rgba(0, 0, 0, 0.45)';
  ctx.shadowBlur = 18;
  ctx.fillStyle = PALETTE.stripeA;
  ctx.fillRect(-L, -W, 2 * L, 2 * W);
  ctx.restore();

  const stripe = (2 * L) / STRIPES;
  ctx.fillStyle = PALETTE.stripeB;
  for (let i = 1; i < STRIPES; i += 2) ctx.fillRect(-L + i * stripe, -W, stripe, 2 * W);

  for (const side of [-1, 1]) paintGoalBox(ctx, side);

  ctx.strokeStyle = PALETTE.line;
  ctx.fillStyle = PALETTE.line;
  ctx.lineWidth = LINE;
  ctx.lineJoin = 'miter';
  ctx.strokeRect(-L, -W, 2 * L, 2 * W);
  line(ctx, 0, -W, 0, W);
  circle(ctx, 0, 0, CENTRE_CIRCLE);
  ctx.stroke();
  circle(ctx, 0, 0, 0.1);
  ctx.fill();

  for (const side of [-1, 1]) {
    const end = side * L;
    const inward = -side;
    ctx.strokeRect(Math.min(end, end + inward * PENALTY_AREA.depth), -PENALTY_AREA.halfWidth, PENALTY_AREA.depth, 2 * PENALTY_AREA.halfWidth);
    ctx.strokeRect(Math.min(end, end + inward * GOAL_AREA.depth), -GOAL_AREA.halfWidth, GOAL_AREA.depth, 2 * GOAL_AREA.halfWidth);
    const spotX = end + inward * PENALTY_AREA.spot;
    circle(ctx, spotX, 0, 0.08);
    ctx.fill();
    // The arc is the part of the spot's circle outside the penalty area.
    const boxEdge = end + inward * PENALTY_AREA.depth;
    const reach = Math.acos(Math.min(1, Math.abs(boxEdge - spotX) / PENALTY_AREA.arc));
    const facing = side > 0 ? Math.PI : 0;
    ctx.beginPath();
    ctx.arc(spotX, 0, PENALTY_AREA.arc, facing - reach, facing + reach);
    ctx.stroke();
    for (const corner of [-1, 1]) {
      ctx.beginPath();
      const start = side > 0 ? (corner > 0 ? Math.PI : Math.PI / 2) : corner > 0 ? -Math.PI / 2 : 0;
      ctx.arc(end, corner * W, CORNER_ARC, start, start + Math.PI / 2);
      ctx.stroke();
    }
  }
}

/** The box behind a goal mouth: dark backing, a net mesh, a white frame. */
function paintGoalBox(ctx: Ctx, side: number): void {
  const x0 = side * PITCH_HALF_LENGTH;
  const x1 = side * (PITCH_HALF_LENGTH + GOAL_DEPTH);
  const left = Math.min(x0, x1);
  ctx.fillStyle = PALETTE.netBack;
  ctx.fillRect(left, -GOAL_HALF_WIDTH, GOAL_DEPTH, 2 * GOAL_HALF_WIDTH);
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, -GOAL_HALF_WIDTH, GOAL_DEPTH, 2 * GOAL_HALF_WIDTH);
  ctx.clip();
  ctx.strokeStyle = PALETTE.net;
  ctx.lineWidth = 0.025;
  ctx.beginPath();
  const span = GOAL_DEPTH + 2 * GOAL_HALF_WIDTH;
  for (let d = -span; d <= span; d += NET_MESH) {
    ctx.moveTo(left + d, -GOAL_HALF_WIDTH);
    ctx.lineTo(left + d + span, -GOAL_HALF_WIDTH + span);
    ctx.moveTo(left + d, GOAL_HALF_WIDTH);
    ctx.lineTo(left + d + span, GOAL_HALF_WIDTH - span);
  }
  ctx.stroke();
  ctx.restore();
  ctx.strokeStyle = PALETTE.post;
  ctx.lineWidth = 0.1;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(x0, -GOAL_HALF_WIDTH);
  ctx.lineTo(x1, -GOAL_HALF_WIDTH);
  ctx.lineTo(x1, GOAL_HALF_WIDTH);
  ctx.lineTo(x0, GOAL_HALF_WIDTH);
  ctx.stroke();
  ctx.fillStyle = PALETTE.post;
  for (const y of [-GOAL_HALF_WIDTH, GOAL_HALF_WIDTH]) {
    circle(ctx, x0, y, 0.09);
    ctx.fill();
  }
}

function line(ctx: Ctx, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

function circle(ctx: Ctx, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
}
