/**
 * The show's fixed-timestep clock: how many 120 Hz ticks each rendered frame
 * must run, and how far between two ticks the frame is drawn.
 *
 * Frames arrive at display rate; real time × speed is accumulated and spent
 * in whole ticks. Two guards keep a slow frame from turning into a catch-up
 * spiral: the frame delta is clamped, and at most `maxTicksPerFrame` ticks
 * run per frame — beyond that the show degrades to slow motion.
 */

export interface ShowClockOptions {
  readonly tickHz: number;
  /** Longest real time one frame may account for, seconds. */
  readonly maxFrameDelta: number;
  readonly maxTicksPerFrame: number;
}

export const DEFAULT_SHOW_CLOCK: ShowClockOptions = {
  tickHz: 120,
  maxFrameDelta: 0.25,
  // 4× speed at 24 fps still runs in real time; slower frames slow the match down.
  maxTicksPerFrame: 20,
};

export class ShowClock {
  private accumulator = 0;
  private lastFrameMs: number | null = null;
  private fraction = 0;
  speed = 1;
  paused = false;

  constructor(private readonly options: ShowClockOptions = DEFAULT_SHOW_CLOCK) {}

  /** Fraction of a tick the latest frame lies past its last tick, for interpolation. */
  get alpha(): number {
    return this.fraction;
  }

  /** Forgets elapsed time (after a pause, a hidden page, a reset). */
  resync(): void {
    this.lastFrameMs = null;
    this.accumulator = 0;
    this.fraction = 0;
  }

  /** Called once per rendered frame with a monotonic clock; returns the ticks to run now. */
  frame(nowMs: number): number {
    const tickSeconds = 1 / this.options.tickHz;
    const delta = this.lastFrameMs === null ? 0 : Math.min(Math.max(0, (nowMs - this.lastFrameMs) / 1000), this.options.maxFrameDelta);
    this.lastFrameMs = nowMs;
    if (this.paused) {
      this.fraction = 0;
      return 0;
    }
    this.accumulator += delta * this.speed;
    const due = Math.floor(this.accumulator / tickSeconds + 1e-9);
    this.accumulator -= due * tickSeconds;
    // Ticks over the cap are dropped, not owed: the match slows down instead of spiralling.
    if (this.accumulator < 0) this.accumulator = 0;
    this.fraction = Math.min(1, this.accumulator / tickSeconds);
    return Math.min(due, this.options.maxTicksPerFrame);
  }
}
