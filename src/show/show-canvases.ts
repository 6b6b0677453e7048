/**
 * The canvases of one show and its frame loop, for every drill alike: each
 * canvas with its 2D context, its backing store (CSS size × devicePixelRatio,
 * capped) and its own painter (the drill's `painter()`, or its `draw`); the
 * loop runs only while the page is visible and a canvas is on screen; every
 * frame is timed into the frame stats. The show (drill-show.ts) decides what
 * a frame does; this draws it.
 */
import type { DrillDefinition, DrillFrame, DrillPainter, DrillPoint, DrillSize, DrillTheme } from '../contract/drill.js';
import type { VecEnv } from '../contract/env.js';
import type { CanvasSize, FrameStats } from '../contract/show.js';
import { preferCpuRaster } from '../render/raster-mode.js';
import { FrameScheduler } from './frame-scheduler.js';
import { type MutableDrillFrame } from './drill-frame.js';
import { FrameStatsRing } from './frame-stats.js';

/** Something that calls back once per display frame until stopped. */
export interface FrameSource {
  start(): void;
  stop(): void;
}

/** Display-rate frame callbacks; default a FrameScheduler (rAF in the worker, with a timer fallback). */
export type FrameSourceFactory = (onFrame: (nowMs: number) => void) => FrameSource;

/** What a show takes from its worker, or from a test that drives it on injected clocks. */
export interface ShowOptions {
  /** Monotonic clock, ms: steps, swap intervals, drag velocities, banners. */
  readonly now?: () => number;
  /** Wall clock, ms since the epoch, the clock weights are stamped with (swap latency). */
  readonly wallClock?: () => number;
  readonly frames?: FrameSourceFactory;
}

/** Backing stores are capped (a 4K-wide arena at dpr 3 would be 100+ MB). */
const MAX_BACKING_PIXELS = 4096 * 4096;

interface View<Batch extends VecEnv> {
  readonly canvas: OffscreenCanvas | HTMLCanvasElement;
  readonly ctx: OffscreenCanvasRenderingContext2D;
  readonly painter: DrillPainter<Batch>;
  /** CSS size as attached or resized. */
  size: CanvasSize;
  /** Canvas pixels per CSS pixel: the dpr, or less where the cap applies. */
  ratio: number;
  visible: boolean;
}

/** A canvas as the show's inspection reports it. */
export interface CanvasReport extends CanvasSize {
  readonly id: number;
  readonly visible: boolean;
  /** Backing store size, device pixels. */
  readonly backingWidth: number;
  readonly backingHeight: number;
}

/** The painter a drill draws with on one canvas: its own, or its `draw` alone. */
export function painterOf<Batch extends VecEnv>(drill: DrillDefinition<Batch>): DrillPainter<Batch> | null {
  if (drill.painter) return drill.painter();
  return drill.draw ? { draw: drill.draw } : null;
}

export class ShowCanvases<Batch extends VecEnv> {
  private readonly views = new Map<number, View<Batch>>();
  private readonly frames: FrameSource;
  private readonly stats = new FrameStatsRing();
  private readonly cpuRaster = preferCpuRaster();
  private pageVisible = true;
  private isRunning = false;
  private lastFrame: number | null = null;
  /** A change waits for the next frame to be drawn. */
  dirty = true;
  /** Frames drawn on any canvas. */
  framesDrawn = 0;

  /**
   * `onFrame` does one frame's work (its time is measured); `onRunning` hears
   * the loop start and stop; `onError` hears a frame that threw.
   */
  constructor(
    private readonly drill: DrillDefinition<Batch>,
    private readonly batch: Batch,
    private readonly now: () => number,
    frames: FrameSourceFactory | undefined,
    private readonly onFrame: (nowMs: number, sinceLast: number | null) => void,
    private readonly onRunning: (running: boolean) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.frames = (frames ?? ((callback) => new FrameScheduler(callback)))((now) => this.frame(now));
  }

  get running(): boolean {
    return this.isRunning;
  }

  attach(id: number, canvas: OffscreenCanvas | HTMLCanvasElement, size: CanvasSize): void {
    const ctx = canvas.getContext('2d', { alpha: false, willReadFrequently: this.cpuRaster }) as OffscreenCanvasRenderingContext2D | null;
    if (!ctx) throw new Error('drill: this canvas has no 2D context (was it already used for another kind of context?)');
    const painter = painterOf(this.drill) ?? { draw: () => {} };
    painter.cut?.(this.batch);
    this.views.set(id, { canvas, ctx, painter, size, ratio: 1, visible: true });
    this.resize(id, size);
    this.updateRunning();
  }

  resize(id: number, size: CanvasSize): void {
    const view = this.views.get(id);
    if (!view) return;
    const width = Math.max(0, size.width);
    const height = Math.max(0, size.height);
    const dpr = size.dpr > 0 && Number.isFinite(size.dpr) ? size.dpr : 1;
    let ratio = dpr;
    if (width * height * ratio * ratio > MAX_BACKING_PIXELS) ratio = Math.sqrt(MAX_BACKING_PIXELS / (width * height));
    view.size = { width, height, dpr };
    view.ratio = ratio;
    view.canvas.width = Math.max(1, Math.round(width * ratio));
    view.canvas.height = Math.max(1, Math.round(height * ratio));
    this.dirty = true;
  }

  detach(id: number): void {
    this.views.delete(id);
    this.updateRunning();
  }

  setCanvasVisible(id: number, visible: boolean): void {
    const view = this.views.get(id);
    if (!view) return;
    view.visible = visible;
    this.dirty = true;
    this.updateRunning();
  }

  /** A hidden page pauses the show: no ticks, no frames (training is not the show's to pause). */
  setPageVisible(visible: boolean): void {
    this.pageVisible = visible;
    this.updateRunning();
  }

  /** The next frame's interval is not measured (a resumed loop, a changed speed). */
  restartTiming(): void {
    this.lastFrame = null;
  }

  /** Canvas `id`'s point (x, y) in CSS pixels, in canvas pixels, with the canvas's size; null for an unknown canvas. */
  canvasPoint(id: number, x: number, y: number): { at: DrillPoint; size: DrillSize } | null {
    const view = this.views.get(id);
    if (!view) return null;
    return { at: { x: x * view.ratio, y: y * view.ratio }, size: { width: view.canvas.width, height: view.canvas.height } };
  }

  /** Every painter hears that the batch was stepped. */
  stepped(): void {
    for (const view of this.views.values()) view.painter.stepped?.(this.batch);
    this.dirty = true;
  }

  /** Every painter hears that the state jumped. */
  cut(): void {
    for (const view of this.views.values()) view.painter.cut?.(this.batch);
    this.dirty = true;
  }

  /** Whether a painter's picture still changes with the state unchanged. */
  animating(frame: DrillFrame): boolean {
    for (const view of this.views.values()) if (view.painter.animating?.(frame)) return true;
    return false;
  }

  /**
   * Draws the batch on every visible canvas (`frame.dpr` is set per canvas);
   * a painter that throws is reported to `onDrawError` and the others draw.
   */
  paint(frame: MutableDrillFrame, theme: DrillTheme, onDrawError: (error: Error) => void): void {
    let drawn = false;
    for (const view of this.views.values()) {
      if (!view.visible || view.size.width <= 0 || view.size.height <= 0) continue;
      frame.dpr = view.ratio;
      try {
        view.painter.draw(view.ctx, this.batch, { width: view.canvas.width, height: view.canvas.height }, theme, frame);
      } catch (error) {
        onDrawError(error as Error);
      }
      drawn = true;
    }
    if (drawn) this.framesDrawn++;
    this.dirty = false;
  }

  report(): CanvasReport[] {
    return [...this.views].map(([id, view]) => ({ id, ...view.size, visible: view.visible, backingWidth: view.canvas.width, backingHeight: view.canvas.height }));
  }

  frameStats(reset = false): FrameStats {
    const stats = this.stats.snapshot();
    if (reset) this.stats.clear();
    return stats;
  }

  /** One display frame at monotonic time `now` (ms), timed. */
  frame(now: number): void {
    const started = this.now();
    const sinceLast = this.lastFrame === null ? null : now - this.lastFrame;
    try {
      this.onFrame(now, sinceLast);
    } catch (error) {
      this.onError(error as Error);
    }
    this.stats.record(sinceLast, this.now() - started);
    this.lastFrame = now;
  }

  private updateRunning(): void {
    let canvasVisible = false;
    for (const view of this.views.values()) canvasVisible ||= view.visible;
    const run = this.pageVisible && canvasVisible;
    if (run === this.isRunning) return;
    this.isRunning = run;
    this.lastFrame = null;
    this.dirty = true;
    this.onRunning(run);
    if (run) this.frames.start();
    else this.frames.stop();
  }
}
