/**
 * <drill-metrics>: live charts of the trainer's telemetry and what the
 * runtime runs on. Thin on purpose: the store is elements/charts/series.ts,
 * drawing elements/charts/line-chart.ts, the chart catalogue
 * elements/charts/chart-specs.ts.
 */
import { ASLEEP_TEXT } from './asleep-text.js';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DrillRuntime, RuntimeEventDetails, RuntimeEventType } from '../src/runtime/index.js';
import type { DrillErrorDetail } from '../src/contract/events.js';
import type { KernelPath, TrainerTelemetry } from '../src/contract/telemetry.js';
import { CHARTS, type ChartSpec, COLUMN_IDS, COLUMNS, columnIndex, DEFAULT_METRICS, ONE_AGENT_CHART, parseMetrics } from './charts/chart-specs.js';
import { describeChart, latestValue } from './charts/chart-text.js';
import { formatValue, NO_VALUE } from './charts/format.js';
import { type ChartPalette, LineChart } from './charts/line-chart.js';
import { SeriesRing } from './charts/series.js';
import { quote } from '../src/contract/quote.js';
import { fire } from './events.js';
import { RuntimeMember } from './runtime-member.js';
import { themeStyles } from './theme.js';
import { recoveringText } from './recovering-text.js';

/** The kernel paths in the status panel's words. */
const KERNEL_NAMES: Record<KernelPath, string> = { 'wasm-relaxed-simd': 'WASM FMA', 'wasm-simd': 'WASM SIMD', js: 'TypeScript' };

const DEFAULT_HISTORY = 600;
const HISTORY_MIN = 10;
const HISTORY_MAX = 10_000;

const ENV_STEPS = columnIndex('envSteps');
const UPDATES = columnIndex('updates');

function validateHistory(value: number | null): number {
  if (value === null) return DEFAULT_HISTORY;
  if (!Number.isInteger(value) || value < HISTORY_MIN || value > HISTORY_MAX) {
    throw new RangeError(`history must be a whole number of samples in [${HISTORY_MIN}, ${HISTORY_MAX}], got ${quote(value)}`);
  }
  return value;
}

interface Readout {
  readonly label: string;
  readonly value: string;
  /** Longer explanation, shown as a tooltip. */
  readonly hint?: string;
  /** Spans two columns (long text such as an adapter name). */
  readonly wide?: boolean;
}

/**
 * Live training charts (losses, KL, clip fraction, return, win rates, episode
 * length, throughput) and a status panel: training state, transport, compute
 * path and adapter, policy version, learning rate, policy lag, dropped chunks.
 *
 * Charts keep the last `history` samples in preallocated ring buffers, plot
 * them against env steps, and redraw only when their data changed and they
 * are on screen in a visible tab. Values not measured yet show as gaps and "—".
 *
 * Chart ids for `metrics`: `reward`, `win-rate` (training games),
 * `evaluation` (the trainer's periodic greedy evaluation), `episode-length`,
 * `policy-loss`, `value-loss`, `entropy`, `kl`, `clip-fraction`,
 * `explained-variance`, `steps-per-second`, `updates-per-second`,
 * `update-time`, `policy-lag`, `lane-occupancy`, `rollout-age`; groups:
 * `losses` (policy-loss value-loss entropy), `throughput`
 * (steps-per-second updates-per-second), `pipeline` (lane-occupancy
 * rollout-age policy-lag).
 *
 * @tagname drill-metrics
 * @summary Live charts and status of a drill training run.
 *
 * @fires {CustomEvent<TrainerTelemetry>} drill-metrics - Each telemetry sample (1–2 Hz), for pages that draw their own display. Bubbles, composed.
 * @fires {CustomEvent<DrillReadyDetail>} drill-ready - The runtime started; `detail.capabilities` says what it runs on.
 * @fires {CustomEvent<DrillErrorDetail>} drill-error - An invalid attribute (the last valid value is kept), or a runtime problem this element reports.
 *
 * @csspart status - The status panel above the charts.
 * @csspart state - The training state line ("Starting…", "Training", "Not training", "Stopped"); a polite live region.
 * @csspart failure - Why training stopped, after an error the runtime could not recover from.
 * @csspart readouts - The list of readouts.
 * @csspart readout - One readout (label and value).
 * @csspart readout-label - A readout's label.
 * @csspart readout-value - A readout's value.
 * @csspart charts - The responsive grid of charts.
 * @csspart chart - One chart card (a figure).
 * @csspart chart-title - A chart's title.
 * @csspart chart-value - A single-series chart's latest value.
 * @csspart legend - A multi-series chart's legend, with each series' latest value.
 * @csspart canvas - A chart's canvas (role="img", labelled with its latest value).
 *
 * @cssprop --drill-surface - Panel background.
 * @cssprop --drill-surface-2 - Chart card background.
 * @cssprop --drill-text - Text colour.
 * @cssprop --drill-muted - Labels, axis ticks and secondary text.
 * @cssprop --drill-border - Borders and grid lines.
 * @cssprop --drill-accent - First series colour (unless --drill-series-1 is set).
 * @cssprop --drill-good - The "Training" indicator.
 * @cssprop --drill-danger - The "Stopped" indicator and its message.
 * @cssprop --drill-font - Font shorthand.
 * @cssprop --drill-radius - Corner radius.
 * @cssprop [--drill-series-1=var(--drill-accent)] - First series (e.g. win rate vs pool).
 * @cssprop --drill-series-2 - Second series (win rate vs random).
 * @cssprop --drill-series-3 - Third series (win rate vs chaser).
 * @cssprop [--drill-chart-height=112px] - Height of each chart's plot.
 * @cssprop [--drill-chart-min-width=220px] - Narrowest a chart column gets before the grid drops a column.
 */
export class DrillMetrics extends RuntimeMember {
  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        --_series-1: var(--drill-series-1, var(--_accent));
        --_series-2: var(--drill-series-2, light-dark(#b45309, #f6b26b));
        --_series-3: var(--drill-series-3, light-dark(#0f766e, #5fd4c4));
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 12px;
      }
      [part='status'] {
        display: grid;
        gap: 8px;
      }
      [part='state'] {
        display: flex;
        align-items: center;
        gap: 8px;
        margin: 0;
        font-weight: 600;
      }
      .dot {
        inline-size: 8px;
        block-size: 8px;
        border-radius: 50%;
        background: var(--_muted);
        flex: none;
      }
      .training .dot {
        background: var(--_good);
        box-shadow: 0 0 0 3px color-mix(in srgb, var(--_good) 22%, transparent);
      }
      .failed .dot {
        background: var(--_danger);
      }
      /* A lost worker being replaced: the accent, pulsing, until the replacement runs. */
      .recovering .dot {
        background: var(--_accent);
        animation: drill-recovering 1s ease-in-out infinite alternate;
      }
      @keyframes drill-recovering {
        to {
          opacity: 0.3;
        }
      }
      [part='failure'] {
        margin: 0;
        color: var(--_danger);
        font-size: 13px;
      }
      [part='readouts'] {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
        grid-auto-flow: row dense;
        gap: 6px;
        margin: 0;
      }
      [part='readout'] {
        min-inline-size: 0;
        padding: 4px 8px 5px;
        line-height: 1.3;
        border-radius: calc(var(--_radius) - 4px);
        background: var(--_surface-2);
      }
      [part='readout'].wide {
        grid-column: span 2;
      }
      .wide [part='readout-value'] {
        white-space: normal;
        overflow-wrap: anywhere;
      }
      [part='readout-label'] {
        font-size: 11px;
        color: var(--_muted);
        white-space: nowrap;
      }
      [part='readout-value'] {
        margin: 0;
        font-size: 13px;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      [part='charts'] {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--drill-chart-min-width, 220px)), 1fr));
        gap: 10px;
        margin-block-start: 12px;
      }
      [part='charts']:empty {
        display: none;
      }
      [part='chart'] {
        margin: 0;
        min-inline-size: 0;
        padding: 8px 10px 6px;
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) - 2px);
        background: var(--_surface-2);
      }
      figcaption {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        justify-content: space-between;
        gap: 2px 8px;
        min-block-size: 20px;
        margin-block-end: 4px;
      }
      [part='chart-title'] {
        font-size: 12px;
        font-weight: 600;
        color: var(--_muted);
      }
      [part='chart-value'] {
        font-size: 15px;
        line-height: 20px;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }
      [part='legend'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0 12px;
        margin: 2px 0 0;
        padding: 0;
        list-style: none;
        font-size: 12px;
        font-variant-numeric: tabular-nums;
      }
      [part='legend'] li {
        display: flex;
        gap: 4px;
        white-space: nowrap;
      }
      [part='legend'] .label {
        color: var(--_muted);
      }
      .series-0 {
        color: var(--_series-1);
      }
      .series-1 {
        color: var(--_series-2);
      }
      .series-2 {
        color: var(--_series-3);
      }
      canvas {
        display: block;
        inline-size: 100%;
        block-size: var(--drill-chart-height, 112px);
      }
      .palette {
        display: none;
      }
      .palette .text {
        color: var(--_muted);
      }
      .palette .grid {
        color: var(--_border);
      }
      .palette .surface {
        color: var(--_surface-2);
      }
    `,
  ];

  /**
   * Which charts appear, in order: chart ids and groups separated by spaces
   * (see the class docs for the list). An empty value shows only the status
   * panel. An unknown id fires drill-error and keeps the last valid value.
   * @attr metrics
   */
  @property({ reflect: true }) accessor metrics = DEFAULT_METRICS;

  /**
   * How many samples each chart keeps (10–10000; at 1–2 Hz, 600 is 5–10
   * minutes). Changing it keeps the newest samples. An invalid value fires
   * drill-error and keeps the last valid one.
   * @attr history
   */
  @property({ type: Number, reflect: true }) accessor history = DEFAULT_HISTORY;

  /** The newest telemetry sample (null before the first). */
  get latest(): TrainerTelemetry | null {
    return this.#latest;
  }

  #latest: TrainerTelemetry | null = null;
  /** The message of an error the runtime did not recover from (the status says training stopped, and why). */
  #failure: string | null = null;
  #specs: readonly ChartSpec[] = parseMetrics(DEFAULT_METRICS);
  #validMetrics = DEFAULT_METRICS;

  /** The charts listed, with a one-agent drill's stand-ins for charts of opponents (win rates → success rate). */
  get #shown(): readonly ChartSpec[] {
    if (this.drillRuntime?.drill?.info.agents !== 1) return this.#specs;
    const shown = this.#specs.map((spec) => CHARTS[ONE_AGENT_CHART[spec.id] ?? spec.id]);
    return shown.filter((spec, i) => shown.indexOf(spec) === i);
  }
  #validHistory = DEFAULT_HISTORY;
  #ring = new SeriesRing(COLUMN_IDS.length, DEFAULT_HISTORY);
  readonly #row = new Float64Array(COLUMN_IDS.length);
  #seenRuntime: DrillRuntime | null = null;
  readonly #charts = new Map<Element, LineChart>();
  #probes: HTMLCollection | null = null;
  readonly #palette: ChartPalette = { text: '', grid: '', surface: '', font: '', series: ['', '', ''] };

  readonly #resizeObserver = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const css = entry.contentBoxSize[0]!;
      const device = entry.devicePixelContentBoxSize?.[0];
      this.#charts.get(entry.target)?.resize(css.inlineSize, css.blockSize, device?.inlineSize, device?.blockSize);
    }
    this.#drawCharts();
  });

  readonly #intersectionObserver = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const chart = this.#charts.get(entry.target);
      if (chart) chart.visible = entry.isIntersecting;
    }
    this.#drawCharts();
  });

  readonly #darkQuery = globalThis.matchMedia?.('(prefers-color-scheme: dark)') ?? null;

  readonly #redrawAll = (): void => {
    for (const chart of this.#charts.values()) chart.invalidate();
    this.#drawCharts();
  };

  readonly #onVisibilityChange = (): void => this.#drawCharts();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    this.#darkQuery?.addEventListener('change', this.#redrawAll);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    this.#darkQuery?.removeEventListener('change', this.#redrawAll);
    this.#resizeObserver.disconnect();
    this.#intersectionObserver.disconnect();
    this.#charts.clear();
  }

  /**
   * Called by the runtime controller for every runtime event.
   * @internal
   */
  handleRuntimeEvent<K extends RuntimeEventType>(type: K, detail: RuntimeEventDetails[K]): void {
    if (type === 'error' && !(detail as DrillErrorDetail).recovered) this.#failure = (detail as DrillErrorDetail).message;
    if (type !== 'telemetry') return;
    const sample = detail as TrainerTelemetry;
    this.#ingest(sample);
    fire(this, 'drill-metrics', sample);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Removing an attribute sets its property to null: that means the default.
    // (The cast gives the rules a concrete `this`; TypeScript cannot check a mapped type over a polymorphic one.)
    (this as DrillMetrics).validateProperties(changed, {
      metrics: (value: string | null) => {
        this.#specs = parseMetrics(value ?? DEFAULT_METRICS);
        return (this.#validMetrics = value ?? DEFAULT_METRICS);
      },
      history: (value: number | null) => (this.#validHistory = validateHistory(value)),
    });
    // validateProperties restores the value from before this update; an
    // invalid attribute present at creation has none, so the default stays.
    if (this.metrics !== this.#validMetrics) this.metrics = this.#validMetrics;
    if (this.history !== this.#validHistory) this.history = this.#validHistory;
    if (this.#validHistory !== this.#ring.capacity) {
      this.#ring = this.#ring.withCapacity(this.#validHistory);
      for (const chart of this.#charts.values()) chart.invalidate();
    }
  }

  protected override update(changed: PropertyValues<this>): void {
    // Here rather than in willUpdate: a changed `runtime` attribute is followed
    // by the runtime controller's hostUpdate, which runs between the two.
    const runtime = this.drillRuntime;
    if (runtime && runtime !== this.#seenRuntime) {
      // Another runtime is another training run: start from its latest sample.
      this.#seenRuntime = runtime;
      this.#ring.clear();
      this.#latest = null;
      this.#failure = null;
      if (runtime.telemetry) this.#ingest(runtime.telemetry);
      for (const chart of this.#charts.values()) chart.invalidate();
    }
    super.update(changed);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('metrics') || this.#charts.size !== this.#shown.length) this.#syncCharts();
    this.#drawCharts();
  }

  override render() {
    return html`
      ${this.#renderStatus()}
      <div part="charts">${repeat(this.#shown, (spec) => spec.id, (spec) => this.#renderChart(spec))}</div>
      <div class="palette" aria-hidden="true">
        <span class="text"></span><span class="grid"></span><span class="surface"></span><span class="series-0"></span><span class="series-1"></span><span class="series-2"></span>
      </div>
    `;
  }

  #renderStatus() {
    const training = this.drillRuntime?.state.training ?? false;
    const recovering = recoveringText(this.drillRuntime?.state.recovering ?? []);
    const state = this.#failure ? 'Stopped' : recovering ?? (this.drillRuntime?.asleep ? ASLEEP_TEXT : !this.capabilities ? 'Starting…' : training ? 'Training' : 'Not training');
    return html`
      <section part="status" aria-label="Training status">
        <p part="state" role="status" class=${this.#failure ? 'failed' : recovering ? 'recovering' : training ? 'training' : ''}>
          <span class="dot" aria-hidden="true"></span>${state}
        </p>
        ${this.#failure ? html`<p part="failure">${this.#failure}</p>` : nothing}
        <dl part="readouts">
          ${this.#readouts().map(
            (r) => html`<div part="readout" class=${r.wide ? 'wide' : ''} title=${r.hint ?? nothing}><dt part="readout-label">${r.label}</dt><dd part="readout-value">${r.value}</dd></div>`,
          )}
        </dl>
      </section>
    `;
  }

  #readouts(): Readout[] {
    const t = this.#latest;
    const caps = this.capabilities;
    const transport = t?.transport ?? caps?.transport ?? null;
    const readouts: Readout[] = [
      {
        label: 'Transport',
        value: transport === 'shared-memory' ? 'Shared memory' : transport === 'transfer' ? 'Transfer' : NO_VALUE,
        hint:
          transport === 'transfer'
            ? 'This page is not cross-origin isolated, so rollouts and weights are copied between workers by transfer (slower).'
            : 'Rollouts and weights move between workers through SharedArrayBuffer.',
      },
      {
        label: 'Compute',
        value: !t ? NO_VALUE : t.computePath === 'webgpu' ? 'WebGPU' : 'CPU',
        hint: t?.computeReason ? `Where the trainer runs its PPO updates, and why: ${t.computeReason}.` : 'Where the trainer runs its PPO updates.',
      },
      {
        label: 'Kernels',
        value: !t ? NO_VALUE : KERNEL_NAMES[t.kernels],
        hint: t?.kernels === 'js'
          ? "This page's Content-Security-Policy refuses WebAssembly, so the CPU kernels run as TypeScript (much slower). Adding 'wasm-unsafe-eval' to script-src makes them fast."
          : 'The CPU kernels the trainer runs.',
      },
    ];
    if (t?.computePath === 'webgpu') {
      const software = caps?.webgpu?.isFallbackAdapter ? ' (software)' : '';
      readouts.push({ label: 'Adapter', value: `${t.adapter ?? 'unknown'}${software}`, hint: `${t.adapter ?? 'unknown'}${software}`, wide: true });
    }
    readouts.push(
      { label: 'Policy', value: t ? `v${t.policyVersion}` : NO_VALUE, hint: 'Version of the newest published weights.' },
      { label: 'Env steps', value: formatValue(t?.envSteps ?? null, 'compact'), hint: 'Decisions collected since the last reset.' },
      { label: 'Learning rate', value: formatValue(t?.lr ?? null, 'scientific') },
      { label: 'Policy lag', value: formatValue(t?.policyLag ?? null, 'number'), hint: 'Mean versions between the policy that collected a chunk and the one it trained.' },
      { label: 'Dropped chunks', value: formatValue(t?.droppedChunks ?? null, 'integer'), hint: 'Chunks discarded for being too stale.' },
      { label: 'Updates / s', value: formatValue(t?.updatesPerSecond ?? null, 'number') },
      { label: 'Update time', value: formatValue(t?.updateMs ?? null, 'ms'), hint: 'Median time of one PPO update.' },
      { label: 'Workers', value: formatValue(caps?.workerCount ?? null, 'integer'), hint: 'Render, trainer and rollout workers running now.' },
    );
    return readouts;
  }

  #renderChart(spec: ChartSpec) {
    const ring = this.#ring;
    const single = spec.series.length === 1;
    // A legend goes under the plot so that plots in one grid row stay level.
    return html`
      <figure part="chart" data-chart=${spec.id}>
        <figcaption>
          <span part="chart-title" title=${spec.description}>${spec.title}</span>
          ${single ? html`<span part="chart-value">${formatValue(latestValue(ring, spec.series[0]!), spec.format)}</span>` : nothing}
        </figcaption>
        <canvas part="canvas" role="img" data-chart=${spec.id} aria-label=${describeChart(spec, ring)}></canvas>
        ${single
          ? nothing
          : html`<ul part="legend">
              ${spec.series.map(
                (s, i) =>
                  html`<li class="series-${i}"><span class="label">${s.label}</span> <b>${formatValue(latestValue(ring, s), spec.format)}</b></li>`,
              )}
            </ul>`}
      </figure>
    `;
  }

  #ingest(sample: TrainerTelemetry): void {
    this.#latest = sample;
    const ring = this.#ring;
    if (ring.length > 0) {
      const steps = ring.last(ENV_STEPS);
      // Env steps going back means training was reset: a new run, new curves.
      if (sample.envSteps < steps) ring.clear();
      // A sample that adds no training progress adds no point (e.g. while stopped).
      else if (sample.envSteps === steps && sample.updates === ring.last(UPDATES)) return;
    }
    const row = this.#row;
    for (let c = 0; c < COLUMN_IDS.length; c++) row[c] = COLUMNS[COLUMN_IDS[c]!](sample) ?? Number.NaN;
    ring.push(row);
    for (const chart of this.#charts.values()) chart.dataChanged(ring);
  }

  /** Pairs each chart canvas with a LineChart (new canvases observed, removed ones forgotten). */
  #syncCharts(): void {
    const canvases = this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]');
    const present = new Set<Element>(canvases);
    for (const [canvas] of this.#charts) {
      if (present.has(canvas)) continue;
      this.#resizeObserver.unobserve(canvas);
      this.#intersectionObserver.unobserve(canvas);
      this.#charts.delete(canvas);
    }
    for (const canvas of canvases) {
      if (this.#charts.has(canvas)) continue;
      const spec = this.#shown.find((s) => s.id === canvas.dataset['chart'])!;
      this.#charts.set(canvas, new LineChart(canvas, spec));
      try {
        // Device-pixel sizes keep lines crisp at fractional ratios and report ratio changes (zoom, another screen).
        this.#resizeObserver.observe(canvas, { box: 'device-pixel-content-box' });
      } catch {
        this.#resizeObserver.observe(canvas);
      }
      this.#intersectionObserver.observe(canvas);
    }
  }

  #drawCharts(): void {
    if (document.visibilityState === 'hidden') return;
    let pending = false;
    for (const chart of this.#charts.values()) pending ||= chart.needsDraw;
    if (!pending) return;
    if (this.#refreshPalette()) for (const chart of this.#charts.values()) chart.invalidate();
    for (const chart of this.#charts.values()) if (chart.needsDraw) chart.draw(this.#ring, this.#palette);
  }

  /** Reads the theme's colours as canvas can use them; true when they changed (e.g. the page switched to dark). */
  #refreshPalette(): boolean {
    this.#probes ??= this.renderRoot.querySelector('.palette')!.children;
    const colour = (i: number): string => getComputedStyle(this.#probes![i]!).color;
    const p = this.#palette;
    const before = `${p.text}|${p.grid}|${p.surface}|${p.series.join('|')}|${p.font}`;
    p.text = colour(0);
    p.grid = colour(1);
    p.surface = colour(2);
    for (let i = 0; i < 3; i++) p.series[i] = colour(3 + i);
    p.font = getComputedStyle(this).fontFamily;
    return before !== `${p.text}|${p.grid}|${p.surface}|${p.series.join('|')}|${p.font}`;
  }
}
