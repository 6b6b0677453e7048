/**
 * The time-series store behind <drill-metrics>: a fixed-size ring of rows,
 * one preallocated Float64Array per column. Appending at 1–2 Hz for hours
 * writes into the same memory and never allocates; NaN marks a value that
 * was not measured, so charts can draw a gap instead of a zero.
 */
export class SeriesRing {
  readonly capacity: number;
  private readonly columns: Float64Array[];
  /** Finite values per column inside the window: lets a chart with no data skip its redraw. */
  private readonly finite: Uint32Array;
  private start = 0;
  private count = 0;

  constructor(columnCount: number, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.columns = Array.from({ length: columnCount }, () => new Float64Array(capacity).fill(Number.NaN));
    this.finite = new Uint32Array(columnCount);
  }

  /** Rows held now (at most `capacity`). */
  get length(): number {
    return this.count;
  }

  get columnCount(): number {
    return this.columns.length;
  }

  /** Appends one row (a value per column; null or NaN = not measured), dropping the oldest when full. */
  push(row: ArrayLike<number | null>): void {
    let slot: number;
    if (this.count === this.capacity) {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
    } else {
      slot = (this.start + this.count) % this.capacity;
      this.count++;
    }
    for (let c = 0; c < this.columns.length; c++) {
      const column = this.columns[c]!;
      if (Number.isFinite(column[slot]!)) this.finite[c]!--;
      const value = row[c] ?? Number.NaN;
      const stored = Number.isFinite(value) ? value : Number.NaN;
      column[slot] = stored;
      if (stored === stored) this.finite[c]!++;
    }
  }

  /** The value in `column` of row `i`, 0 being the oldest held (NaN when not measured). */
  get(column: number, i: number): number {
    return this.columns[column]![(this.start + i) % this.capacity]!;
  }

  /** The newest value of `column` (NaN if none). */
  last(column: number): number {
    return this.count === 0 ? Number.NaN : this.get(column, this.count - 1);
  }

  /** Index of the newest row whose `column` is measured, or -1. */
  lastFiniteIndex(column: number): number {
    if (this.finite[column] === 0) return -1;
    for (let i = this.count - 1; i >= 0; i--) if (this.get(column, i) === this.get(column, i)) return i;
    return -1;
  }

  /** Index of the oldest row whose `column` is measured, or -1. */
  firstFiniteIndex(column: number): number {
    if (this.finite[column] === 0) return -1;
    for (let i = 0; i < this.count; i++) if (this.get(column, i) === this.get(column, i)) return i;
    return -1;
  }

  /** How many rows in the window have a measured value in `column`. */
  finiteCount(column: number): number {
    return this.finite[column]!;
  }

  clear(): void {
    for (const column of this.columns) column.fill(Number.NaN);
    this.finite.fill(0);
    this.start = 0;
    this.count = 0;
  }

  /** A ring of another capacity holding the newest rows of this one (used when the window length changes). */
  withCapacity(capacity: number): SeriesRing {
    const next = new SeriesRing(this.columns.length, capacity);
    const row = new Float64Array(this.columns.length);
    for (let i = Math.max(0, this.count - capacity); i < this.count; i++) {
      for (let c = 0; c < row.length; c++) row[c] = this.get(c, i);
      next.push(row);
    }
    return next;
  }
}
