/**
 * One <canvas> of an arena handed to its runtime's render worker: control
 * is transferred to an OffscreenCanvas once, then the canvas's CSS size and
 * devicePixelRatio follow it (so the worker keeps the backing store at
 * CSS size × dpr), and so do visibility and sandbox pointer events. Messages
 * that come before the worker has assigned the canvas an id wait for it.
 */
import type { DrillRuntime } from '../../src/runtime/index.js';
import type { CanvasSize, PointerPhase } from '../../src/contract/show.js';

export class CanvasLink {
  private id: number | null = null;
  private closed = false;
  private visible = true;
  private size: CanvasSize;
  private dprQuery: MediaQueryList | null = null;
  private readonly resizeObserver = new ResizeObserver(() => this.remeasure());
  private readonly onDprChange = (): void => {
    this.remeasure();
    if (!this.closed) this.watchDpr();
  };

  constructor(private readonly runtime: DrillRuntime, readonly canvas: HTMLCanvasElement) {
    this.size = this.measure();
    const offscreen = canvas.transferControlToOffscreen();
    void runtime.attachCanvas(offscreen, this.size).then((id) => {
      if (this.closed) {
        runtime.detachCanvas(id);
        return;
      }
      this.id = id;
      // Whatever changed while the worker was attaching.
      runtime.resizeCanvas(id, this.size);
      if (!this.visible) runtime.setCanvasVisible(id, false);
    });
    this.resizeObserver.observe(canvas);
    this.watchDpr();
  }

  /** The id the runtime gave the canvas (null until attached). */
  get canvasId(): number | null {
    return this.id;
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (this.id !== null) this.runtime.setCanvasVisible(this.id, visible);
  }

  /** Forwards a sandbox pointer event, in CSS pixels from the canvas's top-left corner. */
  pointer(phase: PointerPhase, event: PointerEvent): void {
    if (this.id === null) return;
    const box = this.canvas.getBoundingClientRect();
    this.runtime.pointer(this.id, phase, event.clientX - box.left, event.clientY - box.top);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.resizeObserver.disconnect();
    this.dprQuery?.removeEventListener('change', this.onDprChange);
    if (this.id !== null) this.runtime.detachCanvas(this.id);
  }

  private measure(): CanvasSize {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight, dpr: globalThis.devicePixelRatio || 1 };
  }

  private remeasure(): void {
    const size = this.measure();
    if (size.width === this.size.width && size.height === this.size.height && size.dpr === this.size.dpr) return;
    this.size = size;
    if (this.id !== null) this.runtime.resizeCanvas(this.id, size);
  }

  /** A media query matches only the current ratio, so it fires once when the ratio changes (zoom, another screen); then re-arm. */
  private watchDpr(): void {
    this.dprQuery?.removeEventListener('change', this.onDprChange);
    this.dprQuery = globalThis.matchMedia?.(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`) ?? null;
    this.dprQuery?.addEventListener('change', this.onDprChange);
  }
}
