/**
 * The show loop's recent frames for benchmarks: the interval since the
 * previous frame and the work inside the frame, ms, in fixed rings of the
 * last {@link FRAME_STATS_CAPACITY} frames (no allocation per frame).
 */
import type { FrameStats } from '../contract/show.js';

export const FRAME_STATS_CAPACITY = 1024;

export class FrameStatsRing {
  private readonly intervals = new Float64Array(FRAME_STATS_CAPACITY);
  private readonly work = new Float64Array(FRAME_STATS_CAPACITY);
  private count = 0;
  private next = 0;

  /** `intervalMs` is null for the first frame after a (re)start: there is no previous frame to measure from. */
  record(intervalMs: number | null, workMs: number): void {
    if (intervalMs === null) return;
    this.intervals[this.next] = intervalMs;
    this.work[this.next] = workMs;
    this.next = (this.next + 1) % FRAME_STATS_CAPACITY;
    this.count = Math.min(this.count + 1, FRAME_STATS_CAPACITY);
  }

  /** Oldest first. */
  snapshot(): FrameStats {
    const start = (this.next - this.count + FRAME_STATS_CAPACITY) % FRAME_STATS_CAPACITY;
    const intervals: number[] = [];
    const work: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const k = (start + i) % FRAME_STATS_CAPACITY;
      intervals.push(this.intervals[k]!);
      work.push(this.work[k]!);
    }
    return { intervals, work };
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }
}
