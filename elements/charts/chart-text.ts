/**
 * The words for a chart: its latest value(s) for the title and the
 * accessible label that stands in for the canvas (the newest value, where
 * the window started, and how many samples it spans).
 */
import { type ChartSpec, columnIndex, type SeriesSpec } from './chart-specs.js';
import { formatValue } from './format.js';
import type { SeriesRing } from './series.js';

/** The newest measured value of a series in the window, or null. */
export function latestValue(ring: SeriesRing, series: SeriesSpec): number | null {
  const column = columnIndex(series.column);
  const i = ring.lastFiniteIndex(column);
  return i < 0 ? null : ring.get(column, i);
}

function withUnit(spec: ChartSpec, value: number | null): string {
  const text = formatValue(value, spec.format);
  return value === null || !spec.unit ? text : `${text} ${spec.unit}`;
}

/** The chart's accessible label, e.g. "Episode return: latest 0.42; 0.1 at the start of the last 120 samples." */
export function describeChart(spec: ChartSpec, ring: SeriesRing): string {
  const samples = `${ring.length} sample${ring.length === 1 ? '' : 's'}`;
  if (spec.series.length > 1) {
    const parts = spec.series.map((s) => {
      const value = latestValue(ring, s);
      return `${s.label} ${value === null ? 'not measured yet' : withUnit(spec, value)}`;
    });
    return `${spec.title}: latest ${parts.join(', ')}; over the last ${samples}.`;
  }
  const series = spec.series[0]!;
  const column = columnIndex(series.column);
  const last = ring.lastFiniteIndex(column);
  if (last < 0) return `${spec.title}: no data yet.`;
  const first = ring.firstFiniteIndex(column);
  const latest = `${spec.title}: latest ${withUnit(spec, ring.get(column, last))}`;
  return first === last ? `${latest}.` : `${latest}; ${withUnit(spec, ring.get(column, first))} at the start of the last ${samples}.`;
}
