/**
 * Acrobot's picture, laid out like Gymnasium's renderer: the pivot at the
 * centre, 2.2 m of world each way, the goal line one link length above the
 * pivot, the links hanging down at θ = 0. The tip lights up in the good
 * colour once it is over the line.
 */
import type { DrillDraw } from '../drill-draw.js';
import { AcrobotState, GOAL_HEIGHT, LINK_LENGTH_1, LINK_LENGTH_2 } from './acrobot-dynamics.js';

const WORLD_HALF = LINK_LENGTH_1 + LINK_LENGTH_2 + 0.2;
const LINK_WIDTH = 0.1;

export const drawAcrobot: DrillDraw = (ctx, state, size, theme) => {
  const { width, height } = size;
  const scale = Math.min(width, height) / (2 * WORLD_HALF);
  const cx = width / 2;
  const cy = height / 2;
  // World (x right, y up) to canvas.
  const px = (x: number): number => cx + x * scale;
  const py = (y: number): number => cy - y * scale;
  ctx.fillStyle = theme.surface;
  ctx.fillRect(0, 0, width, height);

  ctx.strokeStyle = theme.muted;
  ctx.lineWidth = Math.max(1, scale * 0.01);
  ctx.setLineDash([scale * 0.08, scale * 0.06]);
  ctx.beginPath();
  ctx.moveTo(px(-WORLD_HALF), py(GOAL_HEIGHT));
  ctx.lineTo(px(WORLD_HALF), py(GOAL_HEIGHT));
  ctx.stroke();
  ctx.setLineDash([]);

  const theta1 = state[AcrobotState.THETA1]!;
  const theta2 = state[AcrobotState.THETA2]!;
  const x1 = LINK_LENGTH_1 * Math.sin(theta1);
  const y1 = -LINK_LENGTH_1 * Math.cos(theta1);
  const x2 = x1 + LINK_LENGTH_2 * Math.sin(theta1 + theta2);
  const y2 = y1 - LINK_LENGTH_2 * Math.cos(theta1 + theta2);

  ctx.lineCap = 'round';
  ctx.lineWidth = LINK_WIDTH * scale;
  ctx.strokeStyle = theme.text;
  ctx.beginPath();
  ctx.moveTo(px(0), py(0));
  ctx.lineTo(px(x1), py(y1));
  ctx.stroke();
  ctx.strokeStyle = theme.accent;
  ctx.beginPath();
  ctx.moveTo(px(x1), py(y1));
  ctx.lineTo(px(x2), py(y2));
  ctx.stroke();

  const joint = (x: number, yWorld: number, colour: string): void => {
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.arc(px(x), py(yWorld), LINK_WIDTH * 0.6 * scale, 0, 2 * Math.PI);
    ctx.fill();
  };
  joint(0, 0, theme.muted);
  joint(x1, y1, theme.muted);
  joint(x2, y2, y2 > GOAL_HEIGHT ? theme.good : theme.danger);
};
