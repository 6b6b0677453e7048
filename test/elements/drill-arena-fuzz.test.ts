// Seeded fuzz of <drill-arena>: random sequences of attributes, properties
// (valid, boundary and junk values of every type), removals and method calls,
// checked after each update against what the README promises. Most cases use
// lazy arenas out of view, whose runtime must not start; a shorter phase runs
// one arena on a live runtime, whose state must follow the element.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent } from '../helpers/use-source-workers.js';
import {
  checkSettings,
  choiceSetting,
  collectErrors,
  type FuzzRandom,
  fuzz,
  INVALID,
  junkValue,
  KEEP,
  numberSetting,
  type Outcome,
  randomSettingOp,
  set,
  setLater,
  type SettingSpec,
  SettingsModel,
  settled,
  shown,
  type CaseLog,
} from '../helpers/fuzz.js';
import { configureRuntime, getRuntime } from '../../src/runtime/registry.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import { OPPONENT_CHOICES, SHOW_MODES } from '../../src/contract/show.js';
import type { DrillArena } from '../../elements/drill-arena.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const SEED = 0xa7e4a;
const DEFAULTS = { mode: 'ai_vs_ai', speed: 1, seed: 7, paused: false, swapInterval: 1000, opponent: 'chaser', loading: 'eager', runtime: 'default' };
const SEED_MAX = 2 ** 32 - 1;

/** The seed of the match the arena's runtime plays now: removing `seed` (or reset() without one) goes on from it. */
let runtimeSeed: () => number = () => DEFAULTS.seed;
const seedSetting = numberSetting('seed', 'seed', { min: 0, max: SEED_MAX, integer: true }, () => setLater(runtimeSeed), [0, 1, 7, 2 ** 31]);
const nextSeed = (): number => (runtimeSeed() + 1) >>> 0;

/** The settings every phase fuzzes. */
const SHOW_SETTINGS: readonly SettingSpec[] = [
  choiceSetting('mode', 'mode', SHOW_MODES, DEFAULTS.mode),
  numberSetting('speed', 'speed', { min: 0.25, max: 4 }, () => set(DEFAULTS.speed), [1, 2]),
  seedSetting,
  {
    prop: 'paused',
    attr: 'paused',
    reflect: true,
    // A boolean property, like HTML's: any value counts as its truth.
    fromProperty: (value) => set(Boolean(value)),
    fromAttribute: (text) => set(text !== null),
    validValue: (random) => random.chance(0.5),
    validText: (random) => random.pick(['', 'paused', 'false']),
  },
  numberSetting('swapInterval', 'swap-interval', { min: 0, max: 600_000 }, () => set(DEFAULTS.swapInterval), [1000, 16]),
  choiceSetting('opponent', 'opponent', OPPONENT_CHOICES, DEFAULTS.opponent),
];

/** `loading`: only `lazy` and refused values, so that cold arenas stay cold. */
const LAZY_LOADING: SettingSpec = {
  ...choiceSetting('loading', 'loading', ['eager', 'lazy'], 'eager'),
  validValue: () => 'lazy',
  validText: () => 'lazy',
};

/** `runtime`: any text names a runtime ('' the default one); other types are refused. */
function runtimeSetting(names: () => readonly string[]): SettingSpec {
  const check = (value: unknown): Outcome => (typeof value === 'string' ? set(value) : INVALID);
  return {
    prop: 'runtime',
    attr: 'runtime',
    reflect: true,
    fromProperty: (value) => (value === null || value === undefined ? set('default') : check(value)),
    fromAttribute: (text) => (text === null ? set('default') : check(text)),
    validValue: (random) => random.pick(names()),
    validText: (random) => random.pick(names()),
  };
}

const runtimeName = (name: unknown): string => (name as string) || 'default';

/** Calls one of the arena's methods with random arguments and tells the model what it should do. */
function randomMethod(random: FuzzRandom, el: DrillArena, model: SettingsModel, log: CaseLog): void {
  const method = random.pick(['play', 'pause', 'step', 'reset', 'reset(seed)', 'reset(junk)'] as const);
  if (method === 'play' || method === 'pause' || method === 'step') {
    log.push(`el.${method}()`);
    el[method]();
    model.assign('paused', method !== 'play');
    return;
  }
  // A disconnected arena has no runtime, so no match to go on from: reset() without a seed does nothing.
  const connected = el.drillRuntime !== null;
  if (method === 'reset') {
    log.push('el.reset()');
    const next = nextSeed();
    el.reset();
    if (connected) model.assign('seed', next);
    return;
  }
  const seed = method === 'reset(seed)' ? seedSetting.validValue(random) : junkValue(random);
  log.push(`el.reset(${shown(seed)})`);
  const outcome = seed === undefined ? (connected ? set(nextSeed()) : KEEP) : seed === null ? INVALID : seedSetting.fromProperty(seed, model.current);
  let thrown: unknown = null;
  try {
    el.reset(seed as number);
  } catch (error) {
    thrown = error;
  }
  if (outcome.kind !== 'invalid') {
    if (thrown) throw new Error(`reset(${shown(seed)}) threw ${String(thrown)}`);
    if (outcome.kind === 'set') model.assign('seed', outcome.value);
  } else if (!(thrown instanceof RangeError) || !thrown.message.includes('seed')) {
    // An invalid seed is documented to throw a RangeError saying what a seed is, and to change nothing.
    throw new Error(`reset(${shown(seed)}) ${thrown ? `threw ${String(thrown)}` : 'did not throw'}; expected a RangeError about the seed`);
  }
}

/** The show settings in the runtime's state follow the element's. */
function expectRuntimeFollows(el: DrillArena): void {
  const show = el.drillRuntime!.state.show;
  const pairs: [string, unknown, unknown][] = [
    ['mode', el.mode, show.mode],
    ['speed', el.speed, show.speed],
    ['paused', el.paused, show.paused],
    ['opponent', el.opponent, show.opponent],
    ['swapInterval', el.swapInterval, show.swapIntervalMs],
    ['seed', el.seed, show.seed],
  ];
  for (const [name, mine, theirs] of pairs) {
    if (mine !== theirs) throw new Error(`the runtime's ${name} is ${shown(theirs)}; the element's ${shown(mine)}`);
  }
}

function expectRenders(el: DrillArena): void {
  const stage = el.shadowRoot?.querySelector('[part="stage"]');
  if (!stage || !stage.classList.contains(el.mode)) throw new Error(`the shadow DOM does not show mode ${el.mode}: ${el.shadowRoot?.innerHTML.slice(0, 200)}`);
  if (!el.shadowRoot!.querySelector('[part="canvas"]')) throw new Error('the arena has no canvas');
}

describe('<drill-arena> fuzz', () => {
  // Out of view, so no intersection observer starts a lazy arena's runtime.
  const stage = document.createElement('div');
  stage.style.cssText = 'position: fixed; inset-inline-start: -20000px; inset-block-start: 0; inline-size: 320px';
  before(() => document.body.append(stage));
  after(() => stage.remove());

  it('1000 cases on lazy arenas out of view: settings validated and reflected, the runtime never started', async () => {
    let names: () => readonly string[] = () => [];
    const specs = [...SHOW_SETTINGS, LAZY_LOADING, runtimeSetting(() => names())];
    // A lazy arena must stay lazy: `loading` only ever goes to lazy or a refused value.
    let el: DrillArena;
    const staysLazy = (spec: SettingSpec, outcome: Outcome) => spec.prop !== 'loading' || outcome.kind !== 'set' || outcome.value === 'lazy';
    // A runtime that still holds a match (one the arena left, not yet disposed) would rightly give the arena its
    // settings; the model knows only the arena's, so moves go to new runtimes (or stay).
    const freshRuntime = (spec: SettingSpec, outcome: Outcome) => {
      if (spec.prop !== 'runtime' || outcome.kind !== 'set') return true;
      const name = runtimeName(outcome.value);
      return name === el.drillRuntime?.name || !getRuntime(name);
    };
    const allowed = (spec: SettingSpec, outcome: Outcome) => staysLazy(spec, outcome) && freshRuntime(spec, outcome);
    await fuzz({
      seed: SEED,
      cases: 1000,
      run: async (random, log, index) => {
        // Names of this case only, so that each joins a new runtime ('' is the default one, left to be disposed below).
        const first = `arena-fuzz-${index}`;
        let moves = 0;
        names = () => [first, '', `ünïcødé 💥 ${index}-${++moves}`, `${'r'.repeat(1000)}${index}-${++moves}`, `${first}-${++moves}`];
        el = document.createElement('drill-arena') as DrillArena;
        runtimeSeed = () => el.drillRuntime?.state.show.seed ?? DEFAULTS.seed;
        const errors = collectErrors(el);
        const model = new SettingsModel(specs, DEFAULTS);
        el.setAttribute('loading', 'lazy');
        el.setAttribute('runtime', first);
        model.setAttribute('loading', 'lazy');
        model.setAttribute('runtime', first);
        log.push(`<drill-arena loading="lazy" runtime="${first}">`);
        // Before it connects: its first update validates all of these at once (a refused one
        // becomes the default, so these leave loading and runtime as they are).
        const preset = (spec: SettingSpec) => spec.prop !== 'loading' && spec.prop !== 'runtime';
        for (let i = random.int(4); i > 0; i--) randomSettingOp(random, el, model, log, preset);
        log.push('connect');
        stage.append(el);
        try {
          const cold = {
            after: () => {
              if (el.drillRuntime?.started || liveWorkerCount() !== 0) throw new Error(`a lazy arena out of view started its runtime (${liveWorkerCount()} workers)`);
            },
          };
          await checkSettings(el, model, errors, log, cold);
          for (let i = 1 + random.int(12); i > 0; i--) {
            if (random.chance(0.08)) {
              // Taken out of the page and put back (as a page moving it does), with changes while out.
              log.push('el.remove()');
              el.remove();
              for (let j = random.int(3); j > 0; j--) {
                if (random.chance(0.3)) randomMethod(random, el, model, log);
                else randomSettingOp(random, el, model, log, allowed);
                if (random.chance(0.3)) await checkSettings(el, model, errors, log, cold);
              }
              log.push('stage.append(el)');
              stage.append(el);
            } else if (random.chance(0.2)) {
              randomMethod(random, el, model, log);
            } else {
              randomSettingOp(random, el, model, log, allowed);
            }
            if (random.chance(0.5)) await checkSettings(el, model, errors, log, cold);
          }
          // Still usable: a valid value takes effect and reflects.
          const spec = random.pick(SHOW_SETTINGS);
          const value = spec.validValue(random);
          log.push(`el.${spec.prop} = ${shown(value)}`);
          model.setProperty(spec.prop, value);
          (el as unknown as Record<string, unknown>)[spec.prop] = value;
          await checkSettings(el, model, errors, log, cold);
          const joined = runtimeName(model.current.get('runtime'));
          if (el.drillRuntime !== getRuntime(joined) || el.drillRuntime?.name !== joined) throw new Error(`the arena is on runtime ${shown(el.drillRuntime?.name)}; expected ${shown(joined)}`);
          expectRuntimeFollows(el);
          expectRenders(el);
        } finally {
          el.remove();
        }
        // The default runtime goes a macrotask after its last member leaves; the next case must not find this one's.
        if (getRuntime('default')) await macrotasks(1);
      },
    });
    await macrotasks();
    expect(liveWorkerCount()).to.equal(0);
  });

  it('300 cases on one arena of a live runtime: the runtime takes every valid setting and the arena follows it', async () => {
    const RUNTIME = 'arena-fuzz-live';
    configureRuntime(RUNTIME, { ...CPU_COMPUTE, rolloutWorkers: 1, hyper: { envs: 16, steps: 8, hidden: [16] } });
    const el = document.createElement('drill-arena') as DrillArena;
    el.setAttribute('runtime', RUNTIME);
    const ready = nextEvent(el, 'drill-ready');
    stage.append(el);
    await ready;
    await settled(el);
    runtimeSeed = () => el.drillRuntime!.state.show.seed;
    const errors = collectErrors(el);
    // A match that ends goes on from the next seed: the model takes the seed the runtime moved to.
    let ended = 0;
    el.addEventListener('drill-episode-end', () => ended++);
    const live = {
      adopt: () => {
        if (ended === 0) return;
        ended = 0;
        model.current.set('seed', el.drillRuntime!.state.show.seed);
      },
    };
    const model = new SettingsModel(SHOW_SETTINGS, { mode: el.mode, speed: el.speed, seed: el.seed, paused: el.paused, swapInterval: el.swapInterval, opponent: el.opponent });
    try {
      await fuzz({
        seed: SEED + 1,
        cases: 300,
        run: async (random, log) => {
          for (let i = 1 + random.int(8); i > 0; i--) {
            if (random.chance(0.2)) randomMethod(random, el, model, log);
            else randomSettingOp(random, el, model, log);
            if (random.chance(0.5)) await checkSettings(el, model, errors, log, live);
          }
          await checkSettings(el, model, errors, log, live);
          expectRuntimeFollows(el);
          expectRenders(el);
        },
      });
    } finally {
      el.remove();
      await macrotasks();
    }
    expect(liveWorkerCount()).to.equal(0);
  });
});
