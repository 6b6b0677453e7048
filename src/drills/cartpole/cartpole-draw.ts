/**
 * CartPole's picture, laid out like Gymnasium's renderer: the visible world
 * is the track between the two x limits plus a margin, the cart a
 * 0.4 m × 0.24 m box, the pole 1 m long. The cart turns to the danger colour
 * as it nears a limit, the pole as it nears the 12° limit.
 */
import type { DrillDraw } from '../drill-draw.js';
import { CartPoleState, POLE_HALF_LENGTH, THETA_THRESHOLD, X_THRESHOLD } from './cartpole-dynamics.js';

const WORLD_WIDTH = 2 * X_THRESHOLD * 1.1;
const CART_WIDTH = 0.4;
const CART_HEIGHT = 0.24;
const POLE_WIDTH = 0.08;
/** Share of the limit past which a part is drawn in the danger colour. */
const WARN_SHARE = 0.75;

export const drawCartPole: DrillDraw = (ctx, state, size, theme) => {
  const { width, height } = size;
  const scale = Math.min(width / WORLD_WIDTH, height / (2 * POLE_HALF_LENGTH * 2.2));
  const cx = width / 2;
  const trackY = height * 0.7;
  ctx.fillStyle = theme.surface;
  ctx.fillRect(0, 0, width, height);

  ctx.strokeStyle = theme.muted;
  ctx.lineWidth = Math.max(1, scale * 0.01);
  ctx.beginPath();
  ctx.moveTo(cx - X_THRESHOLD * scale, trackY);
  ctx.lineTo(cx + X_THRESHOLD * scale, trackY);
  for (const limit of [-X_THRESHOLD, X_THRESHOLD]) {
    ctx.moveTo(cx + limit * scale, trackY - CART_HEIGHT * scale);
    ctx.lineTo(cx + limit * scale, trackY + CART_HEIGHT * scale * 0.5);
  }
  ctx.stroke();

  const x = state[CartPoleState.X]!;
  const theta = state[CartPoleState.THETA]!;
  const cartX = cx + x * scale;
  ctx.fillStyle = Math.abs(x) > WARN_SHARE * X_THRESHOLD ? theme.danger : theme.text;
  ctx.fillRect(cartX - (CART_WIDTH / 2) * scale, trackY - (CART_HEIGHT / 2) * scale, CART_WIDTH * scale, CART_HEIGHT * scale);

  // θ > 0 leans toward +x (right); canvas y grows downward.
  const poleLength = 2 * POLE_HALF_LENGTH * scale;
  const axleY = trackY - (CART_HEIGHT / 4) * scale;
  ctx.strokeStyle = Math.abs(theta) > WARN_SHARE * THETA_THRESHOLD ? theme.danger : theme.accent;
  ctx.lineWidth = POLE_WIDTH * scale;
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(cartX, axleY);
  ctx.lineTo(cartX + Math.sin(theta) * poleLength, axleY - Math.cos(theta) * poleLength);
  ctx.stroke();
  ctx.fillStyle = theme.muted;
  ctx.beginPath();
  ctx.arc(cartX, axleY, (POLE_WIDTH / 2) * scale, 0, 2 * Math.PI);
  ctx.fill();
};
