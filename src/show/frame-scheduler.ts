/**
 * Calls `onFrame` at display rate inside a worker. requestAnimationFrame is
 * used where the worker has it, but the loop never depends on it alone: a
 * background tab (or a test page that is not in front) gets no animation
 * frames, so a timer takes over whenever a frame is late.
 */

type RafScope = {
  requestAnimationFrame?: (callback: (now: number) => void) => number;
  cancelAnimationFrame?: (handle: number) => void;
};

/** A frame later than this falls back to a timer frame. */
const LATE_FRAME_MS = 50;
const TIMER_FRAME_MS = 16;

export class FrameScheduler {
  private running = false;
  private raf: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly scope = globalThis as RafScope;

  constructor(private readonly onFrame: (nowMs: number) => void) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.cancel();
  }

  private schedule(): void {
    if (!this.running) return;
    if (this.scope.requestAnimationFrame) {
      this.raf = this.scope.requestAnimationFrame(() => this.tick());
      this.timer = setTimeout(() => this.tick(), LATE_FRAME_MS);
    } else {
      this.timer = setTimeout(() => this.tick(), TIMER_FRAME_MS);
    }
  }

  private cancel(): void {
    if (this.raf !== null) this.scope.cancelAnimationFrame?.(this.raf);
    if (this.timer !== null) clearTimeout(this.timer);
    this.raf = null;
    this.timer = null;
  }

  private tick(): void {
    this.cancel();
    if (!this.running) return;
    this.onFrame(performance.now());
    this.schedule();
  }
}
