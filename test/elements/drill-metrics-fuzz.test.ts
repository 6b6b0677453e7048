// Seeded fuzz of <drill-metrics>: random sequences of attributes, properties
// (valid, boundary and junk values of every type) and removals, each case on
// a fresh element (so its first update is fuzzed too) joined to one of two
// live runtimes started once, checked against what the README promises.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent } from '../helpers/use-source-workers.js';
import {
  checkSettings,
  collectErrors,
  type FuzzRandom,
  fuzz,
  INVALID,
  junkText,
  numberSetting,
  type Outcome,
  randomSettingOp,
  set,
  type SettingSpec,
  SettingsModel,
  shown,
} from '../helpers/fuzz.js';
import { configureRuntime, getRuntime } from '../../src/runtime/registry.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import type { DrillMetrics } from '../../elements/drill-metrics.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const SEED = 0x3e761c5;
const RUNTIMES = ['metrics-fuzz-a', 'metrics-fuzz-b'] as const;

/** The README's chart ids and groups. */
const CHART_IDS = [
  'reward', 'win-rate', 'evaluation', 'episode-length', 'policy-loss', 'value-loss', 'entropy', 'kl', 'clip-fraction', 'explained-variance',
  'steps-per-second', 'updates-per-second', 'update-time', 'policy-lag', 'lane-occupancy', 'rollout-age',
];
const GROUPS: Record<string, readonly string[]> = {
  losses: ['policy-loss', 'value-loss', 'entropy'],
  throughput: ['steps-per-second', 'updates-per-second'],
  pipeline: ['lane-occupancy', 'rollout-age', 'policy-lag'],
};
const DEFAULT_METRICS = 'reward win-rate evaluation losses kl clip-fraction steps-per-second';
const NEAR_MISSES = ['rewards', 'Reward', 'winrate', 'loss', 'win_rate', 'kl,', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];

/** The charts a valid `metrics` value shows, in order, groups expanded, each once; null if it is not valid. */
function chartsOf(text: string): string[] | null {
  const ids: string[] = [];
  for (const name of text.split(/[\s,]+/).filter(Boolean)) {
    const expanded = Object.hasOwn(GROUPS, name) ? GROUPS[name]! : CHART_IDS.includes(name) ? [name] : null;
    if (!expanded) return null;
    for (const id of expanded) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function validMetrics(random: FuzzRandom): string {
  if (random.chance(0.1)) return random.pick(['', DEFAULT_METRICS, ' ']);
  const names = [...CHART_IDS, ...Object.keys(GROUPS)];
  const picked = Array.from({ length: 1 + random.int(6) }, () => random.pick(names));
  return picked.join(random.pick([' ', ',', '  ', ' , ', '\n']));
}

const metricsSetting: SettingSpec = {
  prop: 'metrics',
  attr: 'metrics',
  reflect: true,
  fromProperty: (value) => (value === null || value === undefined ? set(DEFAULT_METRICS) : typeof value === 'string' && chartsOf(value) ? set(value) : INVALID),
  fromAttribute: (text) => (text === null ? set(DEFAULT_METRICS) : chartsOf(text) ? set(text) : INVALID),
  validValue: validMetrics,
  validText: validMetrics,
};

/** `history`: whole numbers of samples; the attribute is read as a number, the property must be one. */
const historySetting: SettingSpec = (() => {
  const spec = numberSetting('history', 'history', { min: 10, max: 10_000, integer: true, acceptsText: false }, () => set(600), [600, 11, 9999]);
  return { ...spec, fromProperty: (value, current) => (value === undefined ? INVALID : spec.fromProperty(value, current)) };
})();

/** `runtime`: the two live runtimes; any other text would start a third. */
const runtimeSetting: SettingSpec = {
  prop: 'runtime',
  attr: 'runtime',
  reflect: true,
  fromProperty: (value) => (value === null || value === undefined ? set('default') : typeof value === 'string' ? set(value) : INVALID),
  fromAttribute: (text) => (text === null ? set('default') : set(text)),
  validValue: (random) => random.pick(RUNTIMES),
  validText: (random) => random.pick(RUNTIMES),
};
const staysOnLiveRuntimes = (spec: SettingSpec, outcome: Outcome) => spec.prop !== 'runtime' || outcome.kind !== 'set' || RUNTIMES.includes(outcome.value as (typeof RUNTIMES)[number]);

function expectRenders(el: DrillMetrics): void {
  const root = el.shadowRoot!;
  if (!root.querySelector('[part="status"] [part="state"]')) throw new Error('the status panel is missing');
  const expected = chartsOf(el.metrics)!;
  const shownCharts = [...root.querySelectorAll<HTMLElement>('[part="chart"]')].map((figure) => figure.dataset['chart']);
  if (shownCharts.join(' ') !== expected.join(' ')) throw new Error(`charts shown: ${shownCharts.join(' ') || 'none'}; metrics=${shown(el.metrics)} asks for ${expected.join(' ') || 'none'}`);
  if (root.querySelectorAll('[part="chart"] canvas').length !== expected.length) throw new Error('a chart has no canvas');
}

describe('<drill-metrics> fuzz', () => {
  const anchors: HTMLElement[] = [];
  // Not drawn: the fuzz is about attributes and properties, and 1000 elements' charts would take most of its time.
  const stage = document.createElement('div');
  stage.style.display = 'none';
  before(async () => {
    document.body.append(stage);
    for (const name of RUNTIMES) {
      configureRuntime(name, { ...CPU_COMPUTE, rolloutWorkers: 1, hyper: { envs: 16, steps: 8, hidden: [16] } });
      // Keeps the runtime (and its workers) alive between cases.
      const anchor = document.createElement('drill-metrics');
      anchor.setAttribute('runtime', name);
      anchor.setAttribute('metrics', '');
      const ready = nextEvent(anchor, 'drill-ready');
      document.body.append(anchor);
      anchors.push(anchor);
      await ready;
    }
  });
  after(async () => {
    stage.remove();
    for (const anchor of anchors.splice(0)) anchor.remove();
    await macrotasks();
  });

  it('1000 cases on fresh elements: metrics and history validated, reflected and drawn, runtime followed', async () => {
    const specs = [metricsSetting, historySetting, runtimeSetting];
    const workers = liveWorkerCount();
    await fuzz({
      seed: SEED,
      cases: 1000,
      run: async (random, log) => {
        const el = document.createElement('drill-metrics') as DrillMetrics;
        const errors = collectErrors(el);
        const model = new SettingsModel(specs, { metrics: DEFAULT_METRICS, history: 600, runtime: 'default' });
        const name = random.pick(RUNTIMES);
        el.setAttribute('runtime', name);
        model.setAttribute('runtime', name);
        log.push(`<drill-metrics runtime="${name}">`);
        // Before it connects: its first update validates these at once.
        for (let i = random.int(4); i > 0; i--) randomSettingOp(random, el, model, log, (spec) => spec.prop !== 'runtime');
        if (random.chance(0.2)) {
          const text = random.pick(NEAR_MISSES);
          log.push(`el.setAttribute("metrics", ${shown(text)})`);
          model.setAttribute('metrics', text);
          el.setAttribute('metrics', text);
        }
        log.push('connect');
        stage.append(el);
        try {
          await checkSettings(el, model, errors, log);
          for (let i = 1 + random.int(10); i > 0; i--) {
            if (random.chance(0.1)) {
              const text = random.chance(0.5) ? random.pick(NEAR_MISSES) : `${validMetrics(random)} ${junkText(random)}`;
              log.push(`el.metrics = ${shown(text)}`);
              model.setProperty('metrics', text);
              el.metrics = text;
            } else {
              randomSettingOp(random, el, model, log, staysOnLiveRuntimes);
            }
            if (random.chance(0.5)) await checkSettings(el, model, errors, log);
          }
          // Still usable: a valid value takes effect and reflects.
          const value = validMetrics(random);
          log.push(`el.metrics = ${shown(value)}`);
          model.setProperty('metrics', value);
          el.metrics = value;
          await checkSettings(el, model, errors, log);
          expectRenders(el);
          const joined = model.current.get('runtime') as string;
          if (el.drillRuntime !== getRuntime(joined)) throw new Error(`the element is on runtime ${shown(el.drillRuntime?.name)}; expected ${joined}`);
          if (liveWorkerCount() !== workers) throw new Error(`${liveWorkerCount()} workers run; the two runtimes had ${workers}`);
        } finally {
          el.remove();
        }
      },
    });
    expect(liveWorkerCount()).to.equal(workers);
  });
});
