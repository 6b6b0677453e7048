/**
 * The overlay, in CSS pixels: the scoreboard (names with the policy version
 * in play, score, time left), the mode and speed badges, the goal banner, the
 * new-policy toast and the sandbox hint. Sizes follow the canvas width so a
 * phone-sized arena stays readable and a wide one stays calm.
 */
import type { ShowMode } from '../runtime/protocol.js';
import { PALETTE } from './palette.js';
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

export function paintHud(ctx: Ctx, scene: Scene, width: number, height: number): void {
  const u = Math.max(9, Math.min(15, width / 52));
  const pad = Math.round(u * 0.7);
  paintScoreboard(ctx, scene, width, u);
  const badges: string[] = [];
  if (scene.paused) badges.push('❚❚ Paused');
  else if (scene.speed !== 1) badges.push(`${formatSpeed(scene.speed)}×`);
  if (badges.length) badge(ctx, badges.join(' · '), width - pad, height - pad, 'right', u);
  badge(ctx, MODE_LABEL[scene.mode], pad, height - pad, 'left', u);
  if (scene.mode === 'sandbox' && !scene.dragging && width >= 420) {
    caption(ctx, 'Drag the ball or a player · let go to throw', width / 2, height - pad - u * 0.6, u * 0.9);
  }
  if (scene.goalAge < GOAL_BANNER_S) paintGoalBanner(ctx, scene, width, height, u);
  else if (scene.swapAge < SWAP_TOAST_S) paintSwapToast(ctx, scene, width, height, u);
}

function paintScoreboard(ctx: Ctx, scene: Scene, width: number, u: number): void {
  const { score, timeLeft } = scene.bodies;
  const nameFont = `600 ${u}px ${FONT}`;
  const scoreFont = `800 ${Math.round(u * 1.45)}px ${FONT}`;
  const clockFont = `600 ${Math.round(u * 0.85)}px ${FONT}`;
  const gap = u * 0.7;
  const swatch = u * 0.7;
  const scoreText = `${score[0]} – ${score[1]}`;
  ctx.font = nameFont;
  const [left, right] = scene.labels;
  const nameWidth = Math.max(ctx.measureText(left).width, ctx.measureText(right).width);
  ctx.font = scoreFont;
  const scoreWidth = ctx.measureText(scoreText).width;
  const half = scoreWidth / 2 + gap + nameWidth + gap + swatch + gap;
  const top = u * 0.55;
  const h = u * 2.7;
  const cx = width / 2;
  ctx.fillStyle = PALETTE.hudBack;
  ctx.beginPath();
  ctx.roundRect(cx - half, top, 2 * half, h, h / 2);
  ctx.fill();

  const mid = top + h * 0.42;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = PALETTE.hudText;
  ctx.font = scoreFont;
  ctx.textAlign = 'center';
  ctx.fillText(scoreText, cx, mid);
  ctx.font = nameFont;
  ctx.textAlign = 'right';
  ctx.fillText(left, cx - scoreWidth / 2 - gap, mid);
  ctx.textAlign = 'left';
  ctx.fillText(right, cx + scoreWidth / 2 + gap, mid);
  for (const side of [0, 1] as const) {
    const team = PALETTE.teams[side];
    const x = side === 0 ? cx - half + gap + swatch / 2 : cx + half - gap - swatch / 2;
    ctx.fillStyle = team.fill;
    ctx.strokeStyle = team.light;
    ctx.lineWidth = Math.max(1, u / 10);
    ctx.beginPath();
    ctx.arc(x, mid, swatch / 2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.font = clockFont;
  ctx.textAlign = 'center';
  ctx.fillStyle = PALETTE.hudMuted;
  ctx.fillText(formatClock(timeLeft), cx, top + h * 0.82);
}

function paintGoalBanner(ctx: Ctx, scene: Scene, width: number, height: number, u: number): void {
  const t = scene.goalAge / GOAL_BANNER_S;
  const team = PALETTE.teams[scene.goalSide];
  const grow = Math.min(1, scene.goalAge / 0.18);
  const size = Math.round(u * 3.4 * (0.7 + 0.3 * grow));
  ctx.save();
  ctx.globalAlpha = t < 0.75 ? 1 : 1 - (t - 0.75) / 0.25;
  ctx.font = `900 italic ${size}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  ctx.lineWidth = size * 0.16;
  ctx.strokeStyle = team.dark;
  ctx.strokeText('GOAL!', width / 2, height / 2);
  ctx.fillStyle = team.light;
  ctx.fillText('GOAL!', width / 2, height / 2);
  ctx.restore();
}

function paintSwapToast(ctx: Ctx, scene: Scene, width: number, height: number, u: number): void {
  const t = scene.swapAge / SWAP_TOAST_S;
  ctx.save();
  ctx.globalAlpha = t < 0.7 ? 1 : 1 - (t - 0.7) / 0.3;
  badge(ctx, `New policy v${scene.swapVersion} in play`, width / 2, height * 0.72, 'center', u);
  ctx.restore();
}

function badge(ctx: Ctx, text: string, x: number, bottom: number, align: 'left' | 'right' | 'center', u: number): void {
  ctx.font = `600 ${Math.round(u * 0.9)}px ${FONT}`;
  const w = ctx.measureText(text).width + u * 1.2;
  const h = u * 1.7;
  const left = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
  ctx.fillStyle = PALETTE.hudBack;
  ctx.beginPath();
  ctx.roundRect(left, bottom - h, w, h, h / 2);
  ctx.fill();
  ctx.fillStyle = PALETTE.hudText;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, left + w / 2, bottom - h / 2);
}

function caption(ctx: Ctx, text: string, x: number, y: number, size: number): void {
  ctx.font = `500 ${Math.round(size)}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.35)';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
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
