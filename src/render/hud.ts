/**
 * The overlay, in CSS pixels: the scoreboard (names with the policy version
 * in play, score, time left), the mode and speed badges, the goal banner, the
 * new-policy toast and the sandbox hint. Sizes follow the canvas width so a
 * phone-sized arena stays readable and a wide one stays calm.
 */
import type { ShowMode } from '../contract/show.js';
import { PITCH_HALF_WIDTH } from '../sim/constants.js';
import { PALETTE } from './palette.js';
import type { PitchTransform } from './pitch-transform.js';
import type { Scene } from './scene.js';

type Ctx = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const GOAL_BANNER_S = 1.6;
const SWAP_TOAST_S = 2.2;

const MODE_LABEL: Record<ShowMode, string> = { ai_vs_ai: 'AI vs AI', human_vs_ai: 'You vs AI', sandbox: 'Sandbox' };

/** Whether the overlay is animating (the loop keeps drawing while paused). */
export function hudAnimating(scene: Scene): boolean {
  return scene.goalAge < GOAL_BANNER_S || scene.swapAge < SWAP_TOAST_S;
}

export function paintHud(ctx: Ctx, scene: Scene, width: number, height: number, view: PitchTransform): void {
  const u = Math.max(9, Math.min(15, width / 52));
  const pad = Math.round(u * 0.5);
  const board = paintScoreboard(ctx, scene, width, u);
  // The badges share the band above the pitch with the scoreboard, where they fit.
  const state = scene.paused ? '❚❚ Paused' : scene.speed !== 1 ? `${formatSpeed(scene.speed)}×` : '';
  if (state) badge(ctx, state, width - pad, pad, 'right', u, board.left + board.width + pad);
  badge(ctx, MODE_LABEL[scene.mode], pad, pad, 'left', u, board.left - pad);
  if (scene.mode === 'sandbox' && !scene.dragging) {
    // Under the pitch, where there is room for it.
    const pitchBottom = view.originY + PITCH_HALF_WIDTH * view.scale;
    const size = Math.min(u * 0.9, (height - pitchBottom) * 0.75);
    if (size >= 9) caption(ctx, 'Drag the ball or a player · let go to throw', width / 2, (pitchBottom + height) / 2, size);
  }
  if (scene.goalAge < GOAL_BANNER_S) paintGoalBanner(ctx, scene, width, height, u);
  else if (scene.swapAge < SWAP_TOAST_S) paintSwapToast(ctx, scene, width, height, u);
}

/** One pill: ● name  score  name ● │ clock. */
function paintScoreboard(ctx: Ctx, scene: Scene, width: number, u: number): { left: number; width: number } {
  const { score, timeLeft } = scene.bodies;
  const nameFont = `600 ${Math.round(u)}px ${FONT}`;
  const scoreFont = `800 ${Math.round(u * 1.3)}px ${FONT}`;
  const clockFont = `600 ${Math.round(u * 0.95)}px ${FONT}`;
  const gap = u * 0.65;
  const swatch = u * 0.75;
  const scoreText = `${score[0]} – ${score[1]}`;
  const clockText = formatClock(timeLeft);
  const [left, right] = scene.labels;
  ctx.font = nameFont;
  const leftWidth = ctx.measureText(left).width;
  const rightWidth = ctx.measureText(right).width;
  ctx.font = scoreFont;
  const scoreWidth = ctx.measureText(scoreText).width + 2.4 * gap;
  ctx.font = clockFont;
  const clockWidth = ctx.measureText(clockText).width + 2 * gap;
  const teamsWidth = gap + swatch + gap + leftWidth + gap + scoreWidth + gap + rightWidth + gap + swatch + gap;
  const total = teamsWidth + clockWidth;
  const h = Math.round(u * 2.1);
  const top = Math.round(u * 0.5);
  const x0 = Math.round(width / 2 - total / 2);
  const mid = top + h / 2;

  ctx.fillStyle = PALETTE.hudBack;
  ctx.beginPath();
  ctx.roundRect(x0, top, total, h, h / 2);
  ctx.fill();
  // The score sits on a lighter plate, the clock on a darker one.
  const scoreX = x0 + gap + swatch + gap + leftWidth + gap;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.12)';
  ctx.fillRect(scoreX, top, scoreWidth, h);
  ctx.fillStyle = 'rgba(0, 0, 0, 0.35)';
  ctx.beginPath();
  ctx.roundRect(x0 + teamsWidth, top, clockWidth, h, [0, h / 2, h / 2, 0]);
  ctx.fill();

  ctx.textBaseline = 'middle';
  ctx.fillStyle = PALETTE.hudText;
  ctx.font = nameFont;
  ctx.textAlign = 'left';
  ctx.fillText(left, x0 + gap + swatch + gap, mid);
  ctx.fillText(right, scoreX + scoreWidth + gap, mid);
  ctx.font = scoreFont;
  ctx.textAlign = 'center';
  ctx.fillText(scoreText, scoreX + scoreWidth / 2, mid + u * 0.05);
  ctx.font = clockFont;
  ctx.fillStyle = PALETTE.hudMuted;
  ctx.fillText(clockText, x0 + teamsWidth + clockWidth / 2, mid);

  for (const side of [0, 1] as const) {
    const team = PALETTE.teams[side];
    const x = side === 0 ? x0 + gap + swatch / 2 : x0 + teamsWidth - gap - swatch / 2;
    ctx.fillStyle = team.fill;
    ctx.strokeStyle = team.light;
    ctx.lineWidth = Math.max(1, u / 9);
    ctx.beginPath();
    ctx.arc(x, mid, swatch / 2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  return { left: x0, width: total };
}

/** A band across the middle in the scorer's colour, fading in and out, with GOAL! on it. */
function paintGoalBanner(ctx: Ctx, scene: Scene, width: number, height: number, u: number): void {
  const t = scene.goalAge / GOAL_BANNER_S;
  const team = PALETTE.teams[scene.goalSide];
  const grow = Math.min(1, scene.goalAge / 0.15);
  const size = Math.round(u * 3 * (0.75 + 0.25 * grow));
  const band = size * 1.55;
  const y = height / 2;
  ctx.save();
  ctx.globalAlpha = t < 0.75 ? 1 : 1 - (t - 0.75) / 0.25;
  const gradient = ctx.createLinearGradient(0, 0, width, 0);
  gradient.addColorStop(0, 'rgba(0, 0, 0, 0)');
  gradient.addColorStop(0.2, team.dark);
  gradient.addColorStop(0.8, team.dark);
  gradient.addColorStop(1, 'rgba(0, 0, 0, 0)');
  ctx.globalAlpha *= 0.85;
  ctx.fillStyle = gradient;
  ctx.fillRect(0, y - (band / 2) * grow, width, band * grow);
  ctx.globalAlpha /= 0.85;
  ctx.font = `900 italic ${size}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#ffffff';
  ctx.fillText('GOAL!', width / 2, y);
  ctx.fillStyle = team.light;
  ctx.fillRect(width * 0.3, y + band / 2 - Math.max(2, u * 0.2), width * 0.4 * grow, Math.max(2, u * 0.2));
  ctx.restore();
}

function paintSwapToast(ctx: Ctx, scene: Scene, width: number, height: number, u: number): void {
  const t = scene.swapAge / SWAP_TOAST_S;
  ctx.save();
  ctx.globalAlpha = t < 0.7 ? 1 : 1 - (t - 0.7) / 0.3;
  badge(ctx, `New policy v${scene.swapVersion} in play`, width / 2, height * 0.72, 'center', u);
  ctx.restore();
}

/**
 * A small pill with its top edge at `top`, anchored at `x` by `align`. With
 * `limit`, it is left out if it would cross that x (left-aligned: its right
 * edge; right-aligned: its left edge).
 */
function badge(ctx: Ctx, text: string, x: number, top: number, align: 'left' | 'right' | 'center', u: number, limit?: number): void {
  ctx.font = `600 ${Math.round(u * 0.85)}px ${FONT}`;
  const w = ctx.measureText(text).width + u * 1.2;
  const h = Math.round(u * 1.7);
  const left = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
  if (limit !== undefined && (align === 'left' ? left + w > limit : left < limit)) return;
  ctx.fillStyle = PALETTE.hudBack;
  ctx.beginPath();
  ctx.roundRect(left, top, w, h, h / 2);
  ctx.fill();
  ctx.fillStyle = PALETTE.hudText;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, left + w / 2, top + h / 2);
}

function caption(ctx: Ctx, text: string, x: number, y: number, size: number): void {
  ctx.font = `500 ${Math.round(size)}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = PALETTE.hudMuted;
  ctx.fillText(text, x, y);
}

/** Seconds as m:ss, rounded up so the clock reads 0:00 only when time is up. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds - 1e-9));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function formatSpeed(speed: number): string {
  return String(Math.round(speed * 100) / 100);
}
