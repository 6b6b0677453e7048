/**
 * Draws scenes on one canvas with Canvas2D — the renderer that always works.
 * The backing store is the CSS size × devicePixelRatio, so lines and text are
 * crisp on any screen; the static pitch is cached in a layer of the same size
 * and redrawn only on resize.
 */
import type { CanvasSize } from '../contract/show.js';
import { paintBall, paintPlayer } from './bodies.js';
import { paintHud } from './hud.js';
import { PALETTE } from './palette.js';
import { paintPitch } from './pitch-layer.js';
import { type PitchTransform, pitchTransform } from './pitch-transform.js';
import type { Scene } from './scene.js';

type Canvas = OffscreenCanvas | HTMLCanvasElement;
type Ctx = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** Backing stores are capped (a 4K-wide arena at dpr 3 would be 100+ MB). */
const MAX_BACKING_PIXELS = 4096 * 4096;

export class CanvasRenderer {
  private readonly ctx: Ctx;
  private layer: OffscreenCanvas | null = null;
  private size: CanvasSize = { width: 0, height: 0, dpr: 1 };
  private pixelRatio = 1;
  private view: PitchTransform = pitchTransform(0, 0);

  /** `cpuRaster` asks for a canvas rasterised on the CPU (see raster-mode.ts). */
  constructor(
    private readonly canvas: Canvas,
    private readonly cpuRaster = false,
  ) {
    const ctx = canvas.getContext('2d', { alpha: false, willReadFrequently: cpuRaster }) as Ctx | null;
    if (!ctx) throw new Error('drill: this canvas has no 2D context (was it already used for another kind of context?)');
    this.ctx = ctx;
  }

  /** The world ↔ CSS-pixel transform of the current size. */
  get transform(): PitchTransform {
    return this.view;
  }

  get cssSize(): CanvasSize {
    return this.size;
  }

  get canvasElement(): Canvas {
    return this.canvas;
  }

  resize(size: CanvasSize): void {
    const width = Math.max(0, size.width);
    const height = Math.max(0, size.height);
    const dpr = size.dpr > 0 && Number.isFinite(size.dpr) ? size.dpr : 1;
    let ratio = dpr;
    if (width * height * ratio * ratio > MAX_BACKING_PIXELS) ratio = Math.sqrt(MAX_BACKING_PIXELS / (width * height));
    this.size = { width, height, dpr };
    this.pixelRatio = ratio;
    this.canvas.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = Math.max(1, Math.round(height * ratio));
    this.view = pitchTransform(width, height);
    this.layer = null;
  }

  draw(scene: Scene): void {
    const { ctx } = this;
    const { width, height } = this.size;
    if (width <= 0 || height <= 0) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.staticLayer(), 0, 0);

    this.toWorld(ctx);
    const { bodies } = scene;
    paintBall(ctx, bodies.ball, scene.dragging === 'ball');
    paintPlayer(ctx, bodies.players[0], PALETTE.teams[0], scene.dragging === 'left');
    paintPlayer(ctx, bodies.players[1], PALETTE.teams[1], scene.dragging === 'right');

    ctx.setTransform(this.pixelRatio, 0, 0, this.pixelRatio, 0, 0);
    paintHud(ctx, scene, width, height, this.view);
  }

  /** Maps world metres (y up) onto the backing store. */
  private toWorld(ctx: Ctx): void {
    const r = this.pixelRatio;
    const t = this.view;
    ctx.setTransform(r * t.scale, 0, 0, -r * t.scale, r * t.originX, r * t.originY);
  }

  private staticLayer(): OffscreenCanvas {
    if (this.layer) return this.layer;
    const layer = new OffscreenCanvas(this.canvas.width, this.canvas.height);
    const ctx = layer.getContext('2d', { willReadFrequently: this.cpuRaster })!;
    const gradient = ctx.createRadialGradient(layer.width / 2, layer.height / 2, 0, layer.width / 2, layer.height / 2, Math.hypot(layer.width, layer.height) / 2);
    gradient.addColorStop(0, PALETTE.surround);
    gradient.addColorStop(1, PALETTE.surroundEdge);
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, layer.width, layer.height);
    this.toWorld(ctx);
    paintPitch(ctx);
    this.layer = layer;
    return layer;
  }
}
