/**
 * Calls `onFrame` at display rate inside a worker. requestAnimationFrame is
 * used where the worker has it (frames aligned with the display), but the
 * loop never depends on it alone:
 * - a frame that has not come a little over one display period after the
 *   last one runs from a timer instead (a background tab, or a test page not
 *   in front, gets no animation frames at all);
 * - when animation frames keep coming late — measured here on a 2-core
 *   machine while training saturates both cores and starves the compositor
 *   that delivers them (p50 47 ms) — the loop switches to a steady 60 Hz
 *   timer for a while, then tries animation frames again.
 * The display period is learnt from the animation frames themselves, so a
 * 50 Hz screen or a browser capping pages at 30 fps to save battery is
 * followed, not filled in with extra frames.
 */

export type RafScope = {
  requestAnimationFrame?: (callback: (now: number) => void) => number;
  cancelAnimationFrame?: (handle: number) => void;
};

/** A frame is late after the display period plus this margin… */
const LATE_MARGIN_MS = 2;
/** …but never before this (a 120 Hz screen may skip a beat)… */
const MIN_LATE_MS = 18;
/** …nor after this, which is also the bound before the period is known. */
const MAX_LATE_MS = 50;
/** How much the period estimate may rise per animation frame (it falls at once): it tracks the shortest recent interval. */
const PERIOD_RISE_MS = 0.5;
/** The timer-driven frame period (60 Hz). */
const TIMER_FRAME_MS = 1000 / 60;
/** Late animation frames in a row that switch the loop to the timer… */
const LATE_STREAK = 3;
/** …for this long, before animation frames are tried again. */
const TIMER_MODE_MS = 5000;

export class FrameScheduler {
  private running = false;
  private raf: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lateStreak = 0;
  private timerModeUntil = 0;
  private nextDeadline = 0;
  private lastFrame = 0;
  private lastAnimationFrame = 0;
  /** The display's frame period as animation frames show it; null until two have come. */
  private displayPeriod: number | null = null;
  /** `scope` supplies requestAnimationFrame; tests pass their own. */
  constructor(
    private readonly onFrame: (nowMs: number) => void,
    private readonly scope: RafScope = globalThis as RafScope,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.nextDeadline = this.lastFrame = performance.now();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.cancel();
  }

  private schedule(): void {
    if (!this.running) return;
    const now = performance.now();
    if (this.scope.requestAnimationFrame && now >= this.timerModeUntil) {
      this.raf = this.scope.requestAnimationFrame(() => this.tick(false));
      // Counted from the start of the last frame, so slow frame work does not make the fallback later.
      this.timer = setTimeout(() => this.tick(true), Math.max(0, this.lastFrame + this.lateAfterMs() - now));
    } else {
      // Phase-locked: aim at the ideal time of the next frame, so one late timer does not delay the ones after it.
      this.nextDeadline = Math.max(this.nextDeadline + TIMER_FRAME_MS, now - TIMER_FRAME_MS / 2);
      this.timer = setTimeout(() => this.tick(false), Math.max(0, this.nextDeadline - now));
    }
  }

  private lateAfterMs(): number {
    if (this.displayPeriod === null) return MAX_LATE_MS;
    return Math.min(MAX_LATE_MS, Math.max(MIN_LATE_MS, this.displayPeriod + LATE_MARGIN_MS));
  }

  private observeAnimationFrame(now: number): void {
    if (this.lastAnimationFrame > 0) {
      const interval = now - this.lastAnimationFrame;
      this.displayPeriod = this.displayPeriod === null ? interval : Math.min(interval, this.displayPeriod + PERIOD_RISE_MS);
    }
    this.lastAnimationFrame = now;
  }

  private cancel(): void {
    if (this.raf !== null) this.scope.cancelAnimationFrame?.(this.raf);
    if (this.timer !== null) clearTimeout(this.timer);
    this.raf = null;
    this.timer = null;
  }

  private tick(late: boolean): void {
    const inTimerMode = this.raf === null;
    this.cancel();
    if (!this.running) return;
    const now = performance.now();
    if (!inTimerMode && !late) this.observeAnimationFrame(now);
    if (!inTimerMode) {
      // After a spell on the timer, one late animation frame is enough to go back to it.
      this.lateStreak = late ? (this.timerModeUntil > 0 ? LATE_STREAK : this.lateStreak + 1) : 0;
      if (!late) this.timerModeUntil = 0;
      if (this.lateStreak >= LATE_STREAK) {
        this.lateStreak = 0;
        this.timerModeUntil = now + TIMER_MODE_MS;
      }
    }
    if (!inTimerMode) this.nextDeadline = now;
    this.lastFrame = now;
    this.onFrame(now);
    this.schedule();
  }
}
