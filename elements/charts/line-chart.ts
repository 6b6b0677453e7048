/**
 * One chart: a canvas drawn by hand from the series store. Lines break where
 * a value was not measured, the y axis fits the data with round ticks, the
 * x axis is training progress (env steps), and the newest point is marked.
 *
 * Why our own canvas code and not uPlot (≈23 KB gzip) or Chart.js (≈49 KB+):
 * at 1–2 Hz with a few hundred points per series any of them is fast
 * enough, so weight decides: this file with its scale and number formats is
 * about 2.3 KB gzipped (measured with esbuild --minify). It needs none of
 * their cursor/zoom/legend machinery (values and legends are HTML text, which
 * screen readers read anyway), it takes its colours from our theme tokens
 * without a second theming system, and it draws into our own preallocated
 * store where a library would want its own copy of the data.
 */
import { formatTick, formatValue } from './format.js';
import { type ChartSpec, columnIndex } from './chart-specs.js';
import { NiceScale } from './scale.js';
import type { SeriesRing } from './series.js';

/** Resolved colours and font for drawing (canvas cannot read CSS custom properties or light-dark()). */
export interface ChartPalette {
  text: string;
  grid: string;
  surface: string;
  font: string;
  series: string[];
}

const X_COLUMN = columnIndex('envSteps');
const PAD_TOP = 8;
const PAD_RIGHT = 8;
const X_LABELS = 16;
const TICK_FONT_PX = 10;
const LINE_WIDTH = 1.5;
const MARKER_RADIUS = 3.25;
const SMOOTHED_POINTS = 50;

export class LineChart {
  /** Set by the host's IntersectionObserver: charts off-screen keep their data and draw when they come back. */
  visible = true;
  private dirty = true;
  private drewData = false;
  private cssWidth = 0;
  private cssHeight = 0;
  private deviceWidth = 0;
  private deviceHeight = 0;
  private readonly columns: Int32Array;
  private readonly scale = new NiceScale();
  private readonly context: CanvasRenderingContext2D | null;

  constructor(readonly canvas: HTMLCanvasElement, readonly spec: ChartSpec) {
    this.columns = Int32Array.from(spec.series, (s) => columnIndex(s.column));
    this.context = canvas.getContext('2d');
  }

  get needsDraw(): boolean {
    return this.dirty && this.visible;
  }

  invalidate(): void {
    this.dirty = true;
  }

  /** New rows arrived: a chart that shows, or showed, data must redraw; an empty one stays as it is. */
  dataChanged(ring: SeriesRing): void {
    if (this.drewData) {
      this.dirty = true;
      return;
    }
    for (const column of this.columns) if (ring.finiteCount(column) > 0) this.dirty = true;
  }

  /** The canvas's size (from a ResizeObserver: CSS pixels, and device pixels where the browser reports them). */
  resize(cssWidth: number, cssHeight: number, deviceWidth = 0, deviceHeight = 0): void {
    const moved = cssWidth !== this.cssWidth || cssHeight !== this.cssHeight;
    this.cssWidth = cssWidth;
    this.cssHeight = cssHeight;
    this.deviceWidth = deviceWidth;
    this.deviceHeight = deviceHeight;
    if (moved || this.backingWidth() !== this.canvas.width || this.backingHeight() !== this.canvas.height) this.dirty = true;
  }

  /**
   * The backing store's size. The device-pixel box gives exact pixels at
   * fractional ratios; it is used only when it agrees with devicePixelRatio
   * (emulated ratios, as in screenshots, report 1×).
   */
  private backingWidth(): number {
    return this.exactDevicePixels() ? this.deviceWidth : Math.round(this.cssWidth * (globalThis.devicePixelRatio || 1));
  }

  private backingHeight(): number {
    return this.exactDevicePixels() ? this.deviceHeight : Math.round(this.cssHeight * (globalThis.devicePixelRatio || 1));
  }

  private exactDevicePixels(): boolean {
    return this.deviceWidth > 0 && Math.abs(this.deviceWidth - this.cssWidth * (globalThis.devicePixelRatio || 1)) <= 1;
  }

  draw(ring: SeriesRing, palette: ChartPalette): void {
    const ctx = this.context;
    this.dirty = false;
    if (!ctx) return;
    if (this.cssWidth === 0) {
      // No ResizeObserver report yet (it waits for a rendering frame, which hidden tabs never get).
      const rect = this.canvas.getBoundingClientRect();
      this.cssWidth = rect.width;
      this.cssHeight = rect.height;
    }
    const width = this.cssWidth;
    const height = this.cssHeight;
    const backingWidth = this.backingWidth();
    const backingHeight = this.backingHeight();
    if (this.canvas.width !== backingWidth) this.canvas.width = backingWidth;
    if (this.canvas.height !== backingHeight) this.canvas.height = backingHeight;
    const ratio = width > 0 ? backingWidth / width : 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (width < 40 || height < 30) return;

    let min = Infinity;
    let max = -Infinity;
    const n = ring.length;
    for (const column of this.columns) {
      for (let i = 0; i < n; i++) {
        const v = ring.get(column, i);
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    this.drewData = min <= max;
    ctx.font = `${TICK_FONT_PX}px ${palette.font}`;
    ctx.fillStyle = palette.text;
    if (!this.drewData) {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.font = `12px ${palette.font}`;
      ctx.fillText(n === 0 ? 'Waiting for training…' : 'Not measured yet', width / 2, height / 2);
      return;
    }

    const scale = this.scale;
    scale.fit(min, max, this.spec.min, this.spec.max, height >= 110 ? 4 : 3);
    let gutter = 0;
    for (let t = scale.firstTick(); t <= scale.hi + scale.step * 1e-6; t += scale.step) {
      gutter = Math.max(gutter, ctx.measureText(formatTick(t, scale.step, this.spec.format)).width);
    }
    const left = Math.ceil(gutter) + 8;
    const right = width - PAD_RIGHT;
    const top = PAD_TOP;
    const bottom = height - X_LABELS;
    const yOf = (v: number): number => bottom - scale.unit(v) * (bottom - top);
    // Hairlines on whole device pixels stay one pixel wide at any devicePixelRatio.
    const crisp = (y: number): number => (Math.round(y * ratio) + 0.5) / ratio;

    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.strokeStyle = palette.grid;
    ctx.lineWidth = 1 / ratio;
    ctx.beginPath();
    for (let t = scale.firstTick(); t <= scale.hi + scale.step * 1e-6; t += scale.step) {
      const y = crisp(yOf(t));
      ctx.moveTo(left, y);
      ctx.lineTo(right, y);
      ctx.fillText(formatTick(t, scale.step, this.spec.format), left - 6, y);
    }
    ctx.stroke();

    const x0 = ring.get(X_COLUMN, 0);
    const x1 = ring.last(X_COLUMN);
    const span = x1 - x0;
    const xOf = (i: number): number =>
      span > 0 ? left + ((ring.get(X_COLUMN, i) - x0) / span) * (right - left) : n > 1 ? left + (i / (n - 1)) * (right - left) : right;
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'left';
    ctx.fillText(formatValue(x0, 'compact'), left, height);
    ctx.textAlign = 'right';
    ctx.fillText(`${formatValue(x1, 'compact')} steps`, right, height);

    // Clip vertically only (a value beyond a pinned axis end), leaving room for the newest point's marker.
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, top - MARKER_RADIUS, width, bottom - top + 2 * MARKER_RADIUS);
    ctx.clip();
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    // A moving average spanning 1/SMOOTHED_POINTS of the window: none for a
    // handful of samples (it would only lag), stronger as the window fills.
    const samplesPerPoint = n / SMOOTHED_POINTS;
    const smoothing = this.spec.smooth && samplesPerPoint > 1 ? 1 - 1 / samplesPerPoint : 0;
    // The first series is drawn last, so it lies on top.
    for (let s = this.columns.length - 1; s >= 0; s--) {
      const column = this.columns[s]!;
      const colour = palette.series[s % palette.series.length]!;
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      if (this.columns.length === 1) {
        trace(ctx, ring, column, smoothing, xOf, yOf, bottom);
        ctx.globalAlpha = 0.1;
        ctx.fill();
        ctx.globalAlpha = 1;
      }
      ctx.lineWidth = LINE_WIDTH;
      if (smoothing > 0) {
        // Raw samples stay visible, faintly, under their moving average.
        trace(ctx, ring, column, 0, xOf, yOf, null);
        ctx.globalAlpha = 0.3;
        ctx.lineWidth = 1;
        ctx.stroke();
        ctx.globalAlpha = 1;
        ctx.lineWidth = LINE_WIDTH;
      }
      trace(ctx, ring, column, smoothing, xOf, yOf, null);
      ctx.stroke();
      // A point with gaps on both sides has no segment to stroke: show it as a dot.
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        const v = ring.get(column, i);
        if (v === v && !(i > 0 && ring.get(column, i - 1) === ring.get(column, i - 1)) && !(i + 1 < n && ring.get(column, i + 1) === ring.get(column, i + 1))) {
          ctx.moveTo(xOf(i) + LINE_WIDTH, yOf(v));
          ctx.arc(xOf(i), yOf(v), LINE_WIDTH, 0, 2 * Math.PI);
        }
      }
      ctx.fill();
      // The newest measured value (the one the title shows), ringed in the card's colour.
      const last = ring.lastFiniteIndex(column);
      if (last >= 0) {
        ctx.beginPath();
        ctx.arc(xOf(last), yOf(ring.get(column, last)), MARKER_RADIUS, 0, 2 * Math.PI);
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = palette.surface;
        ctx.fill();
        ctx.stroke();
      }
    }
    ctx.restore();
  }
}

/**
 * Builds the path of one series: a polyline broken at unmeasured values, or
 * (with `areaBottom`) the closed areas under it. `smoothing` > 0 traces a
 * debiased exponential moving average with that weight (as TensorBoard does),
 * so the first points are not pulled toward zero.
 */
function trace(
  ctx: CanvasRenderingContext2D,
  ring: SeriesRing,
  column: number,
  smoothing: number,
  xOf: (i: number) => number,
  yOf: (v: number) => number,
  areaBottom: number | null,
): void {
  ctx.beginPath();
  const n = ring.length;
  let average = 0;
  let weight = 0;
  let inRun = false;
  let lastX = 0;
  for (let i = 0; i <= n; i++) {
    const v = i < n ? ring.get(column, i) : Number.NaN;
    if (v === v) {
      average = smoothing * average + (1 - smoothing) * v;
      weight = smoothing * weight + (1 - smoothing);
      const x = xOf(i);
      const y = yOf(smoothing > 0 ? average / weight : v);
      if (inRun) ctx.lineTo(x, y);
      else if (areaBottom === null) ctx.moveTo(x, y);
      else {
        ctx.moveTo(x, areaBottom);
        ctx.lineTo(x, y);
      }
      inRun = true;
      lastX = x;
    } else if (inRun) {
      if (areaBottom !== null) {
        ctx.lineTo(lastX, areaBottom);
        ctx.closePath();
      }
      inRun = false;
    }
  }
}
