/**
 * A y-axis that fits the data with "nice" round ticks (1, 2, 2.5, 5 × 10ⁿ),
 * so labels read 0.25 / 0.5 / 0.75 rather than 0.231 / 0.487. Mutable and
 * reused per chart so a redraw allocates nothing.
 */
export class NiceScale {
  lo = 0;
  hi = 1;
  step = 0.5;

  /**
   * Fits [min, max] (the data's extent) with about `ticks` ticks. `fixedMin`
   * / `fixedMax` pin an end (e.g. 0 and 1 for a rate); null leaves it to
   * the data.
   */
  fit(min: number, max: number, fixedMin: number | null, fixedMax: number | null, ticks: number): void {
    let lo = fixedMin ?? min;
    let hi = fixedMax ?? max;
    if (!(hi > lo)) {
      // A flat line: give it room above and below so it sits mid-chart.
      const pad = Math.abs(lo) * 0.1 || 1;
      if (fixedMin === null) lo -= pad;
      if (fixedMax === null) hi += pad;
      if (!(hi > lo)) hi = lo + pad;
    }
    const step = niceStep((hi - lo) / Math.max(1, ticks - 1));
    this.step = step;
    this.lo = fixedMin ?? Math.floor(lo / step) * step;
    this.hi = fixedMax ?? Math.ceil(hi / step) * step;
  }

  /** 0 at `lo`, 1 at `hi`. */
  unit(value: number): number {
    return (value - this.lo) / (this.hi - this.lo);
  }

  /** The first tick at or above `lo`. */
  firstTick(): number {
    return Math.ceil(this.lo / this.step - 1e-9) * this.step;
  }
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}
