/**
 * What <drill-metrics> can chart: the stored columns (each read from a
 * TrainerTelemetry sample), the chart ids a page lists in the `metrics`
 * attribute, the groups that expand to several charts, and the parser that
 * turns the attribute into charts or says what is wrong with it.
 */
import type { TrainerTelemetry } from '../../src/contract/telemetry.js';
import { quote } from '../../src/contract/quote.js';
import type { ValueFormat } from './format.js';

/** The latest periodic evaluation's greedy win rate against `baseline`. */
const evaluated = (t: TrainerTelemetry, baseline: string): number | null => t.evaluation?.vs.find((r) => r.baseline === baseline)?.winRate ?? null;

/** Every value the store keeps, in column order. `envSteps` is the x axis of every chart. */
export const COLUMNS = {
  envSteps: (t: TrainerTelemetry) => t.envSteps,
  updates: (t: TrainerTelemetry) => t.updates,
  episodeReturn: (t: TrainerTelemetry) => t.episodeReturn,
  winPool: (t: TrainerTelemetry) => t.winRate.pool,
  winRandom: (t: TrainerTelemetry) => t.winRate.random,
  winChaser: (t: TrainerTelemetry) => t.winRate.chaser,
  success: (t: TrainerTelemetry) => t.successRate,
  episodeLength: (t: TrainerTelemetry) => t.episodeLength,
  lossPolicy: (t: TrainerTelemetry) => t.lossPolicy,
  lossValue: (t: TrainerTelemetry) => t.lossValue,
  entropy: (t: TrainerTelemetry) => t.entropy,
  approxKl: (t: TrainerTelemetry) => t.approxKl,
  clipFraction: (t: TrainerTelemetry) => t.clipFraction,
  explainedVariance: (t: TrainerTelemetry) => t.explainedVariance,
  stepsPerSecond: (t: TrainerTelemetry) => t.stepsPerSecond,
  updatesPerSecond: (t: TrainerTelemetry) => t.updatesPerSecond,
  updateMs: (t: TrainerTelemetry) => t.updateMs,
  policyLag: (t: TrainerTelemetry) => t.policyLag,
  evalRandom: (t: TrainerTelemetry) => evaluated(t, 'random'),
  evalChaser: (t: TrainerTelemetry) => evaluated(t, 'chaser'),
  laneOccupancy: (t: TrainerTelemetry) => t.laneOccupancy,
  rolloutAge: (t: TrainerTelemetry) => t.rolloutAgeMs,
} satisfies Record<string, (t: TrainerTelemetry) => number | null>;

export type ColumnId = keyof typeof COLUMNS;
export const COLUMN_IDS = Object.keys(COLUMNS) as ColumnId[];
const COLUMN_INDEX = new Map(COLUMN_IDS.map((id, i) => [id, i]));

/** The store column of `id`. */
export function columnIndex(id: ColumnId): number {
  return COLUMN_INDEX.get(id)!;
}

/** The charts a page can list in `metrics`, in the order of the docs. */
export const CHART_IDS = [
  'reward',
  'win-rate',
  'success-rate',
  'evaluation',
  'episode-length',
  'policy-loss',
  'value-loss',
  'entropy',
  'kl',
  'clip-fraction',
  'explained-variance',
  'steps-per-second',
  'updates-per-second',
  'update-time',
  'policy-lag',
  'lane-occupancy',
  'rollout-age',
] as const;

export type ChartId = (typeof CHART_IDS)[number];

export interface SeriesSpec {
  readonly column: ColumnId;
  /** Legend label (charts with several series). */
  readonly label: string;
}

export interface ChartSpec {
  readonly id: ChartId;
  readonly title: string;
  /** Unit after the value in the accessible label, if the format does not say it. */
  readonly unit: string;
  /** What the chart shows, as a tooltip on its title. */
  readonly description: string;
  readonly format: ValueFormat;
  readonly series: readonly SeriesSpec[];
  /** Draw a moving average over the raw samples (noisy per-update statistics; win rates are averages already). */
  readonly smooth: boolean;
  /** Pinned axis ends (null: fitted to the data). */
  readonly min: number | null;
  readonly max: number | null;
}

const chart = (
  id: ChartId,
  title: string,
  format: ValueFormat,
  series: readonly SeriesSpec[],
  description: string,
  options: { unit?: string; min?: number; max?: number; smooth?: boolean } = {},
): ChartSpec =>
  Object.freeze({ id, title, unit: options.unit ?? '', description, format, series, smooth: options.smooth ?? true, min: options.min ?? null, max: options.max ?? null });

const one = (column: ColumnId): readonly SeriesSpec[] => [{ column, label: '' }];

/** Every chart, by id. */
export const CHARTS: Readonly<Record<ChartId, ChartSpec>> = Object.freeze({
  reward: chart('reward', 'Episode return', 'number', one('episodeReturn'), 'Mean return of the training episodes that ended recently.'),
  'win-rate': chart('win-rate', 'Training win rate', 'percent', [
    { column: 'winPool', label: 'pool' },
    { column: 'winRandom', label: 'random' },
    { column: 'winChaser', label: 'chaser' },
  ], 'Share of games won against each opponent (moving average; draws count as not won).', { min: 0, max: 1, smooth: false }),
  'success-rate': chart('success-rate', 'Success rate', 'percent', one('success'), 'Share of recent episodes that succeeded (a one-agent drill; moving average).', { min: 0, max: 1, smooth: false }),
  evaluation: chart('evaluation', 'Evaluation (greedy)', 'percent', [
    { column: 'evalRandom', label: 'random' },
    { column: 'evalChaser', label: 'chaser' },
  ], 'The trainer\'s own test every 25 updates: the current policy played greedily on a fixed set of seeded episodes against each baseline, both sides (draws count as not won).', { min: 0, max: 1, smooth: false }),
  'episode-length': chart('episode-length', 'Episode length', 'integer', one('episodeLength'), 'Mean length of recent episodes, in decisions.', { unit: 'decisions', min: 0 }),
  'policy-loss': chart('policy-loss', 'Policy loss', 'number', one('lossPolicy'), 'PPO clipped surrogate loss.'),
  'value-loss': chart('value-loss', 'Value loss', 'number', one('lossValue'), 'Squared error of the value head.'),
  entropy: chart('entropy', 'Entropy', 'number', one('entropy'), 'Mean policy entropy in nats; it falls as the policy grows confident.', { unit: 'nats' }),
  kl: chart('kl', 'Approx. KL', 'number', one('approxKl'), 'How far each update moved the policy (approximate KL divergence).', { unit: 'nats', min: 0 }),
  'clip-fraction': chart('clip-fraction', 'Clip fraction', 'percent', one('clipFraction'), 'Share of samples whose probability ratio was clipped.', { min: 0 }),
  'explained-variance': chart('explained-variance', 'Explained variance', 'number', one('explainedVariance'), 'How much of the return variance the value head predicts (1 is perfect).', { max: 1 }),
  'steps-per-second': chart('steps-per-second', 'Steps / s', 'compact', one('stepsPerSecond'), 'Decisions collected per second across all rollout workers.', { unit: 'steps per second', min: 0, smooth: false }),
  'updates-per-second': chart('updates-per-second', 'Updates / s', 'number', one('updatesPerSecond'), 'PPO updates per second.', { unit: 'updates per second', min: 0, smooth: false }),
  'update-time': chart('update-time', 'Update time', 'ms', one('updateMs'), 'Median time of one PPO update.', { min: 0, smooth: false }),
  'policy-lag': chart('policy-lag', 'Policy lag', 'number', one('policyLag'), 'Mean versions between the policy that collected a chunk and the one it trained.', { unit: 'versions', min: 0 }),
  'lane-occupancy': chart('lane-occupancy', 'Lane occupancy', 'number', one('laneOccupancy'), 'Rollout chunks waiting in the lanes for the trainer (queue depth), summed over lanes.', { unit: 'chunks', min: 0, smooth: false }),
  'rollout-age': chart('rollout-age', 'Rollout age', 'ms', one('rolloutAge'), 'Mean time from a chunk\'s production by a rollout worker to the update that trained on it.', { min: 0 }),
});

/** What a one-agent drill shows in place of a chart that needs opponents. */
export const ONE_AGENT_CHART: Readonly<Partial<Record<ChartId, ChartId>>> = Object.freeze({ 'win-rate': 'success-rate' });

/** Names that stand for several charts. */
export const CHART_GROUPS: Readonly<Record<string, readonly ChartId[]>> = Object.freeze({
  losses: ['policy-loss', 'value-loss', 'entropy'],
  throughput: ['steps-per-second', 'updates-per-second'],
  pipeline: ['lane-occupancy', 'rollout-age', 'policy-lag'],
});

/** Nine charts (a full 3 × 3 grid): training's win rate beside the evaluation's; updates/s is a readout in the status panel. */
export const DEFAULT_METRICS = 'reward win-rate evaluation losses kl clip-fraction steps-per-second';

/**
 * The charts a `metrics` value lists, in its order, each once (a chart
 * named twice, e.g. by a group, keeps its first place). An empty list shows
 * no charts. Throws a RangeError naming the unknown ids, with a suggestion.
 */
export function parseMetrics(value: string | null | undefined): readonly ChartSpec[] {
  // A property can be set to anything; say what it takes rather than fail on .split.
  if (value !== null && value !== undefined && typeof value !== 'string') throw new RangeError(`metrics must be text, chart ids and groups separated by spaces; got ${quote(value)}`);
  const names = (value ?? '').split(/[\s,]+/).filter(Boolean);
  // Own keys only: `in` would also find "toString", "constructor"… on Object.prototype.
  const unknown = names.filter((name) => !Object.hasOwn(CHARTS, name) && !Object.hasOwn(CHART_GROUPS, name));
  if (unknown.length > 0) {
    const hints = unknown.map((name) => {
      const near = closest(name, [...CHART_IDS, ...Object.keys(CHART_GROUPS)]);
      return near ? `"${name}" (did you mean "${near}"?)` : `"${name}"`;
    });
    throw new RangeError(
      `metrics: unknown chart ${hints.join(', ')}; charts are ${CHART_IDS.join(', ')}; groups are ${Object.entries(CHART_GROUPS).map(([g, ids]) => `${g} (${ids.join(' ')})`).join(', ')}`,
    );
  }
  const ids = new Set<ChartId>();
  for (const name of names) for (const id of Object.hasOwn(CHART_GROUPS, name) ? CHART_GROUPS[name]! : [name as ChartId]) ids.add(id);
  return [...ids].map((id) => CHARTS[id]);
}

/** The known name within edit distance 2 of `name` (typos like "rewards", "winrate"). */
function closest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
