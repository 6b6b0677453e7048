/**
 * Number formats for chart titles, axis ticks and readouts. The formatters
 * are built once: Intl.NumberFormat construction is the expensive part.
 * Locale is fixed to English because every label around the numbers is.
 */
export type ValueFormat = 'number' | 'percent' | 'compact' | 'integer' | 'ms' | 'scientific';

const LOCALE = 'en';
const significant = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 3 });
const compact = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumSignificantDigits: 3 });
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
// Two significant digits: 95%, 8.8%, 0.5% (a third would be noise for rates like these).
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumSignificantDigits: 2 });
const percentTick = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 });

/** Shown where a value has not been measured yet. */
export const NO_VALUE = '—';

function plain(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && magnitude < 1e-3) return scientific(value);
  return magnitude >= 1e4 ? compact.format(value) : significant.format(value);
}

function scientific(value: number): string {
  return value.toExponential(1);
}

/** U+2212, the minus sign: a hyphen is shorter and sits lower than the digits around it. */
function minus(text: string): string {
  return text.replaceAll('-', '\u2212');
}

/** A value as a reader would say it: `0.0421`, `12.3K`, `63%`, `45 ms`, `3.0e−4`; `—` when not measured. */
export function formatValue(value: number | null, format: ValueFormat): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  return minus(formatFinite(value, format));
}

function formatFinite(value: number, format: ValueFormat): string {
  switch (format) {
    case 'percent':
      return percent.format(value);
    case 'compact':
      return compact.format(value);
    case 'integer':
      return Math.abs(value) >= 1e5 ? compact.format(value) : integer.format(value);
    case 'ms':
      return `${value >= 100 ? integer.format(value) : significant.format(value)} ms`;
    case 'scientific':
      return scientific(value);
    case 'number':
      return plain(value);
  }
}

/** An axis tick: short, with no more precision than the tick step shows. */
export function formatTick(value: number, step: number, format: ValueFormat): string {
  // Snap away float noise such as 0.30000000000000004 (or −1e-17, which prints as "-0").
  const snapped = Math.round(value / step) * step;
  if (Math.abs(snapped) < step * 1e-6) return format === 'percent' ? percentTick.format(0) : '0';
  if (format === 'percent') return minus(percentTick.format(snapped));
  if (Math.abs(snapped) >= 1e4 || format === 'compact') return minus(compact.format(snapped));
  if (Math.abs(step) < 1e-3) return minus(scientific(snapped));
  return minus(significant.format(snapped));
}
