/**
 * Calls `onFrame` at display rate inside a worker. requestAnimationFrame is
 * used where the worker has it (frames aligned with the display), but the
 * loop never depends on it alone:
 * - a frame that has not come LATE_FRAME_MS after the last one runs from a
 *   timer instead (a background tab, or a test page not in front, gets no
 *   animation frames at all);
 * - when animation frames keep coming late — measured here on a 2-core
 *   machine while training saturates both cores and starves the compositor
 *   that delivers them (p50 47 ms) — the loop switches to a steady 60 Hz
 *   timer for a while, then tries animation frames again.
 */

export type RafScope = {
  requestAnimationFrame?: (callback: (now: number) => void) => number;
  cancelAnimationFrame?: (handle: number) => void;
};

/** A frame later than this runs from the timer. */
const LATE_FRAME_MS = 18;
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
      this.timer = setTimeout(() => this.tick(true), Math.max(0, this.lastFrame + LATE_FRAME_MS - now));
    } else {
      // Phase-locked: aim at the ideal time of the next frame, so one late timer does not delay the ones after it.
      this.nextDeadline = Math.max(this.nextDeadline + TIMER_FRAME_MS, now - TIMER_FRAME_MS / 2);
      this.timer = setTimeout(() => this.tick(false), Math.max(0, this.nextDeadline - now));
    }
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
